"""The portal in a real browser: headless Chromium driven by Selenium.

A contractor logs in, uploads a fixture and reads the accounting; an officer logs in, accepts
the upload, converts and downloads content3.csv. Run by PortalBrowserTests (XCTest), which
starts the server, then compares the download with `khaosat convert` on the same file.

Then every page, as each role sees it, at 1366 and 390 px wide: a screenshot of each in
SCREENSHOTS (dir), and what does not fit: a page wider than the screen, a table wider than its
box without scrolling inside it, a control without a label.

Environment: PORTAL_URL, CONTRACTOR, OFFICER (name:password), FIXTURE (path), DOWNLOADS and SCREENSHOTS (dirs).
Prints one JSON line with what it saw; exits non-zero on any failure.
"""
import json
import traceback
import os
import re
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

url = os.environ["PORTAL_URL"]
downloads = os.environ["DOWNLOADS"]

options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=vi"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.implicitly_wait(10)  # a form post navigates; wait for the next page's elements
driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
seen = {}


def login(account):
    name, password = account.split(":", 1)
    driver.get(url + "/login")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    submit("dang-nhap")


def submit(button_id):
    """Clicks a form's button and waits for the page the post leads to."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, button_id).click()

    def gone(d):
        # Chromium may answer "Node ... does not belong to the document" instead of "stale"
        # while the old page is torn down: that is the new page arriving too.
        try:
            return expected_conditions.staleness_of(page)(d)
        except WebDriverException:
            return True

    WebDriverWait(driver, 20).until(gone)


def arrive(pattern):
    """Waits while a progress page reloads itself, until the page its job leads to."""
    WebDriverWait(driver, 120).until(lambda d: re.search(pattern, d.current_url))


LAYOUT_CHECK = """
const doc = document.documentElement, out = [];
if (doc.scrollWidth > doc.clientWidth + 1) out.push('trang rộng ' + doc.scrollWidth + ' > ' + doc.clientWidth);
for (const t of document.querySelectorAll('table')) {
  const box = t.parentElement;
  if (getComputedStyle(box).overflowX !== 'auto' && t.getBoundingClientRect().width > box.clientWidth + 1)
    out.push('bảng ' + (t.id || '?') + ' rộng hơn khung');
}
for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea'))
  if (c.labels.length === 0 && !c.getAttribute('aria-label')) out.push('ô không nhãn ' + (c.name || c.id));
return out;
"""


def look(role, path, width, load=True):
    """One page at one width: what does not fit, and a full-page screenshot."""
    metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    if load:
        driver.get(url + path)
    for problem in driver.execute_script(LAYOUT_CHECK):
        seen.setdefault("layout", []).append(f"{role} {path} {width}px: {problem}")
    height = min(driver.execute_script("return document.documentElement.scrollHeight"), 8000)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", dict(metrics, height=height))
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "goc"
    driver.save_screenshot(os.path.join(os.environ["SCREENSHOTS"], f"{role}-{name}-{width}.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def tour(role, paths):
    """Each page at desktop and phone width."""
    for width in (1366, 390):
        for path in paths:
            look(role, path, width)
    seen.setdefault("toured", []).extend(f"{role} {p}" for p in paths)


def text(element_id):
    return driver.find_element(By.ID, element_id).text


try:
    # Contractor: upload, see the accounting at once.
    login(os.environ["CONTRACTOR"])
    driver.find_element(By.ID, "tep").send_keys(os.environ["FIXTURE"])
    submit("tai-len")
    arrive(r"/uploads/\d+$")
    seen["accounting"] = [text("so-dong"), text("so-phieu"), text("chap-nhan"), text("loai-ra"), text("trung")]
    seen["first_problem"] = driver.find_element(By.CSS_SELECTOR, "#dong-bi-loai tbody tr").text
    upload_id = driver.current_url.rstrip("/").split("/")[-1]
    submit("dang-xuat")

    # Officer: accept, convert, download content3.csv.
    login(os.environ["OFFICER"])
    driver.find_element(By.ID, "chon-" + upload_id).click()
    driver.find_element(By.ID, "nhan-xet").send_keys("Đạt yêu cầu")
    submit("chap-nhan")
    seen["status"] = driver.find_element(By.CSS_SELECTOR, "#dong-" + upload_id + " td:last-child").text
    driver.get(url + "/runs")
    submit("quy-doi")
    arrive(r"/runs/\d+$")
    seen["run_page"] = driver.title
    run_path = driver.current_url[len(url):]
    driver.find_element(By.ID, "tai-content3.csv").click()
    target = os.path.join(downloads, "content3.csv")
    for _ in range(100):
        if os.path.exists(target) and not os.path.exists(target + ".crdownload"):
            break
        time.sleep(0.1)
    seen["downloaded"] = os.path.exists(target)
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    seen["console_errors"] = [e.get("message") for e in errors]

    tour("can-bo", ["/uploads", "/uploads?chon=tat-ca", "/uploads/" + upload_id, "/runs", run_path, run_path + "/explain?unit=CQ02",
                    "/audit", "/account", "/accounts", "/van-hanh", "/khong-co"])
    submit("dang-xuat")
    tour("khach", ["/login"])
    login(os.environ["CONTRACTOR"])
    tour("nha-thau", ["/uploads", "/uploads/" + upload_id, "/account", "/runs"])

    # The same file again: accepting it beside the first shows the overlap page (the answer to a post).
    driver.get(url + "/uploads")
    driver.find_element(By.ID, "tep").send_keys(os.environ["FIXTURE"])
    submit("tai-len")
    arrive(r"/uploads/\d+$")
    again_id = driver.current_url.rstrip("/").split("/")[-1]
    submit("dang-xuat")
    login(os.environ["OFFICER"])
    driver.find_element(By.ID, "chon-" + again_id).click()
    submit("chap-nhan")
    seen["overlap_page"] = driver.find_element(By.ID, "cac-cap-trung").text.split("\n")[-1]
    for width in (1366, 390):
        look("can-bo", "/batches-trung-ma", width, load=False)
    seen["toured"].append("can-bo /batches (trùng mã phiếu)")
except Exception as error:  # report what was seen so far, with the page
    seen["error"] = traceback.format_exc(limit=3)
    seen["url"] = driver.current_url
    seen["page"] = driver.find_element(By.TAG_NAME, "main").text[:1000]
    print(json.dumps(seen, ensure_ascii=False))
    sys.exit(1)
finally:
    driver.quit()

print(json.dumps(seen, ensure_ascii=False))
