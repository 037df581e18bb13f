#!/usr/bin/env python3
"""Memory for large workbooks and SPSS files: `khaosat validate` on a ~200 MB .xlsx and .sav.

    python3 Benchmarks/big_files.py [--rows 1500000] [--data /tmp/khaosat-big]

Generates (once, seeded, with Benchmarks/generate.py) the businesses' canonical CSV, writes the same
rows as an .xlsx (openpyxl, write-only) and as a .sav (pyreadstat), then prints file sizes and the
peak RSS (/usr/bin/time) and wall time of one release-mode `khaosat validate` of each, the CSV
being the baseline. Needs openpyxl, pyreadstat, pandas.
"""
import argparse, csv, os, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SET = os.path.join(ROOT, "Questionnaires", "dak-lak-2025")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_500_000)
    ap.add_argument("--data", default="/tmp/khaosat-big")
    a = ap.parse_args()
    csv_path = os.path.join(a.data, "canonical", "dn-tc-cd.csv")
    if not os.path.exists(csv_path):
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--rows", str(a.rows), "--out", a.data], check=True)
    xlsx_path = os.path.join(a.data, "dn-tc-cd.xlsx")
    sav_path = os.path.join(a.data, "dn-tc-cd.sav")
    if not os.path.exists(xlsx_path):
        from openpyxl import Workbook
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Kết quả")
        with open(csv_path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                ws.append(row)
        wb.save(xlsx_path)
    if not os.path.exists(sav_path):
        import pandas as pd, pyreadstat
        df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
        pyreadstat.write_sav(df, sav_path)
    subprocess.run(["swift", "build", "-c", "release", "--product", "khaosat"], cwd=ROOT, check=True, capture_output=True)
    exe = os.path.join(ROOT, ".build", "release", "khaosat")
    print("| file | MB | validate wall s | peak RSS MB |")
    print("|---|---|---|---|")
    for path in (csv_path, xlsx_path, sav_path):
        start = time.time()
        r = subprocess.run(f"/usr/bin/time -f %M {exe} validate --questionnaires {SET} {path}", shell=True,
                           text=True, capture_output=True)
        wall = time.time() - start
        rss = int(r.stderr.strip().splitlines()[-1]) / 1024
        print(f"| {os.path.basename(path)} | {os.path.getsize(path) / 1e6:.0f} | {wall:.1f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
