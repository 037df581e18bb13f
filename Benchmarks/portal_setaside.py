#!/usr/bin/env python3
"""The portal with large uploads whose rows are all set aside (issue 14, item 7), on loopback.

    python3 Benchmarks/portal_setaside.py [--mb 20] [--uploads 2] [--data /tmp/khaosat-setaside]

Builds khaosat-portal (release), writes a response file of about --mb MB in which every row
names an unknown unit (so every row is set aside with its raw row), starts the server, and has
--uploads contractors upload it at once through the API while an officer logs in through the
login page every half second. Samples the server's RSS every 50 ms throughout. Then lists the
uploads (API) and restarts the server. Prints one table: server RSS idle, peak during the
uploads, peak while listing, peak at start-up; the stored report's size against the file's;
login latency (median, max) while the uploads validate.
"""
import argparse, http.client, os, re, shutil, socket, sqlite3, statistics, subprocess, sys, threading, time, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SET = os.path.join(ROOT, "Questionnaires", "dak-lak-2025")
# Personal values are pseudonymised as they are read: the fixtures' key, unless one is given.
os.environ.setdefault("KHAOSAT_KEY_FILE", os.path.join(ROOT, "Fixtures", "keys", "demo.key"))
BIN = os.path.join(ROOT, ".build", "release")
HEADER = ("submission_id;submitted_at;tu_cach;ma_nguoi_tl;tuoi;don_vi;so_lan;c321_1;c321_2;c322_1;c322_2;"
          "c323_1;c323_2;c323_3;c324_1;c324_2;hl_chung;y_kien")
PASSWORD = "mat-khau-can-bo-snv"


def run_portal(data, *args, stdin=None):
    return subprocess.run([os.path.join(BIN, "khaosat-portal"), *args, "--questionnaires", SET, "--data", data],
                          input=stdin, check=True, text=True, capture_output=True).stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


class Sampler(threading.Thread):
    """Peak RSS of a process between start() and stop()."""
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self):
        while self.running:
            try:
                self.peak = max(self.peak, rss_mb(self.pid))
            except (FileNotFoundError, ProcessLookupError):
                return
            time.sleep(0.05)

    def stop(self):
        self.running = False
        self.join()
        return self.peak


def serve(data, port):
    server = subprocess.Popen([os.path.join(BIN, "khaosat-portal"), "serve", "--questionnaires", SET, "--data", data,
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = Sampler(server.pid)
    sampler.start()
    for _ in range(400):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, sampler
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server did not start")


def login(port):
    """GET /login (its CSRF token and cookie), POST the form; seconds for the POST."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/login")
    r = conn.getresponse()
    page = r.read().decode()
    cookie = r.getheader("Set-Cookie").split(";")[0]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"name": "can.bo.snv", "password": PASSWORD, "csrf": csrf})
    began = time.monotonic()
    conn.request("POST", "/login", body=body, headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    r = conn.getresponse()
    r.read()
    took = time.monotonic() - began
    conn.close()
    if r.status != 303:
        raise SystemExit(f"login answered {r.status}")
    return took


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=20)
    ap.add_argument("--uploads", type=int, default=2)
    ap.add_argument("--data", default="/tmp/khaosat-setaside")
    a = ap.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "khaosat-portal"], cwd=ROOT, check=True, capture_output=True)
    shutil.rmtree(a.data, ignore_errors=True)
    os.makedirs(a.data)
    data = os.path.join(a.data, "portal")
    path = os.path.join(a.data, "set-aside.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\n")
        i = 0
        while f.tell() < a.mb * 1_000_000:
            f.write(f"x{i};2025-10-05T08:00:00;cong_dan;;40;Phường Không Có Thật {i % 97};1;hl;quy_trinh;hl;co;hl;hl;khong;hl;hl;hl;"
                    "ghi chú của người trả lời\n")
            i += 1
    size = os.path.getsize(path)
    tokens = []
    for c in range(a.uploads):
        run_portal(data, "users", "add", "--name", f"nha.thau.{c}", "--role", "contractor", stdin="mat-khau-nha-thau-dai\n")
        tokens.append(run_portal(data, "tokens", "add", "--name", f"nha.thau.{c}").strip())
    run_portal(data, "users", "add", "--name", "can.bo.snv", "--role", "officer", stdin=PASSWORD + "\n")

    port = free_port()
    server, sampler = serve(data, port)
    time.sleep(0.5)
    idle = rss_mb(server.pid)
    baseline = [login(port) for _ in range(3)]
    done = threading.Event()
    statuses = []

    def upload(token, c):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1200)
        with open(path, "rb") as body:
            conn.request("POST", f"/api/uploads?name=c{c}.csv", body=body,
                         headers={"Authorization": "Bearer " + token, "Content-Length": str(size)})
            r = conn.getresponse()
            r.read()
            statuses.append(r.status)

    threads = [threading.Thread(target=upload, args=(t, c)) for c, t in enumerate(tokens)]
    began = time.monotonic()
    for t in threads:
        t.start()
    during = []
    while any(t.is_alive() for t in threads):
        during.append(login(port))
        time.sleep(0.5)
    for t in threads:
        t.join()
    upload_wall = time.monotonic() - began
    upload_peak = sampler.stop()

    listing = Sampler(server.pid)
    listing.start()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/api/uploads", headers={"Authorization": "Bearer " + tokens[0]})
    conn.getresponse().read()
    list_peak = listing.stop()
    server.terminate()
    server.wait()

    db = sqlite3.connect(os.path.join(data, "portal.sqlite"))
    report = max(n for (n,) in db.execute("SELECT length(reportJSON) FROM upload"))
    server, sampler = serve(data, free_port())
    time.sleep(1)
    start_peak = sampler.stop()
    server.terminate()
    server.wait()

    print(f"file: {size / 1e6:.1f} MB, {i} rows, all set aside; uploads: {a.uploads} at once → {statuses}, {upload_wall:.1f} s")
    print("| server RSS idle | peak during uploads | peak listing | peak at start-up | stored report | login before (median) | login during uploads (median, max, n) |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {idle:.0f} MB | {upload_peak:.0f} MB | {list_peak:.0f} MB | {start_peak:.0f} MB | {report / 1e3:.0f} KB "
          f"({report / size * 100:.2f} % of the file) | {statistics.median(baseline):.2f} s | "
          f"{statistics.median(during) if during else 0:.2f} s, {max(during) if during else 0:.2f} s, {len(during)} |")


if __name__ == "__main__":
    main()
