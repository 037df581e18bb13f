#!/usr/bin/env python3
"""A large .xlsx questionnaire: how long `khaosat check` takes and how much memory it needs.

    python3 Benchmarks/xlsx_form.py [--mb 20] [--runs 5] [--data /tmp/khaosat-xlsx-form]

Writes (once, seeded) a copy of the shipped set whose dn-tc-cd form is an .xlsx workbook of about
--mb megabytes (the real form, 3 000 more questions, and a cascading list of villages in three
languages: what makes real forms big), builds KhaoSat in release mode, and prints the
hyperfine median of `khaosat check` on that set and of the same set with the CSV form (the
baseline: the rest of the set), and the peak RSS of one more run (/usr/bin/time).
Needs openpyxl and hyperfine.
"""
import argparse, json, os, random, shutil, subprocess, sys, tempfile
from openpyxl import Workbook

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SET = os.path.join(ROOT, "Questionnaires", "dak-lak-2025")
# Personal values are pseudonymised as they are read: the fixtures' key, unless one is given.
os.environ.setdefault("KHAOSAT_KEY_FILE", os.path.join(ROOT, "Fixtures", "keys", "demo.key"))
sys.path.insert(0, os.path.join(ROOT, "Fixtures", "tools"))
from xlsx_fixtures import sheets_of  # noqa: E402

WORDS = ("chất lượng phục vụ người dân doanh nghiệp thủ tục hành chính cán bộ công chức tiếp nhận "
         "giải quyết hồ sơ đúng hạn công khai minh bạch thái độ hướng dẫn tận tình").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "?"


def write_form(path, megabytes, rng):
    """What makes real forms big: a long choice list (every village of a region, filtered by
    commune in a cascading select) in three languages, and a few thousand extra questions."""
    sheets = sheets_of(os.path.join(SET, "forms", "dn-tc-cd.csv"))
    wb = Workbook(write_only=True)
    survey = wb.create_sheet("survey")
    header, *rows = sheets["survey"]
    extra = ["label::English (en)", "label::Français (fr)", "choice_filter"]
    survey.append(header + extra)
    for r in rows:
        survey.append(r + [""] * len(extra))
    width = len(header) + len(extra)

    def question(kind, name, label, filter_=""):
        row = [""] * width
        row[0], row[1], row[2] = kind, name, label
        row[width - 3], row[width - 2], row[width - 1] = label + " (en)", label + " (fr)", filter_
        survey.append(row)

    question("text", "ma_xa", "Mã xã nơi cư trú")
    question("select_one thon", "thon_xom", "Thôn, buôn, tổ dân phố nơi cư trú", "xa=${ma_xa}")
    for i in range(3000):
        question("text", f"them_{i}", sentence(rng, 25))
    choices = wb.create_sheet("choices")
    choices.append(sheets["choices"][0] + ["label::English (en)", "label::Français (fr)", "xa"])
    cwidth = len(sheets["choices"][0])
    for r in sheets["choices"][1:]:
        choices.append(r + [""] * 3)
    # about 60 bytes per village once compressed
    for i in range(megabytes * 25_000):
        row = [""] * cwidth
        row[0], row[1], row[2] = "thon", f"t{i}", f"Thôn {rng.choice(WORDS)} {rng.choice(WORDS)} {i}"
        choices.append(row + [f"Village {i}", f"Village {i} (fr)", str(22000 + i % 102)])
    settings = wb.create_sheet("settings")
    for r in sheets["settings"]:
        settings.append(r)
    wb.save(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=20)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", default="/tmp/khaosat-xlsx-form")
    a = ap.parse_args()
    big = os.path.join(a.data, "xlsx", "dak-lak-2025")
    csv_set = os.path.join(a.data, "csv", "dak-lak-2025")
    form = os.path.join(big, "forms", "dn-tc-cd.xlsx")
    if not os.path.exists(form):
        for d in (big, csv_set):
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(SET, d)
        os.remove(os.path.join(big, "forms", "dn-tc-cd.csv"))
        write_form(form, a.mb, random.Random(12))
    size = os.path.getsize(form) / 1e6
    subprocess.run(["swift", "build", "-c", "release", "--product", "khaosat"], cwd=ROOT, check=True,
                   capture_output=True)
    exe = os.path.join(ROOT, ".build", "release", "khaosat")
    results = {}
    for label, s in (("csv form (baseline)", csv_set), (f"xlsx form {size:.1f} MB", big)):
        cmd = f"{exe} check {s}"
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(f"hyperfine -N -i --warmup 1 --runs {a.runs} --export-json {out.name} {json.dumps(cmd)}",
                           shell=True, check=True, capture_output=True)
            median = json.load(open(out.name))["results"][0]["median"]
        r = subprocess.run(f"/usr/bin/time -f %M {cmd}", shell=True, text=True, capture_output=True)
        rss = int(r.stderr.strip().splitlines()[-1]) / 1024
        results[label] = (median, rss, r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr.splitlines()[0])
    print("| set | check median | peak RSS | last line of output |")
    print("|---|---|---|---|")
    for label, (median, rss, line) in results.items():
        print(f"| {label} | {median:.2f} s | {rss:.0f} MB | {line[:80]} |")


if __name__ == "__main__":
    main()
