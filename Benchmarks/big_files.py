#!/usr/bin/env python3
"""Memory for large workbooks and SPSS files.

    python3 Benchmarks/big_files.py [--rows 600000] [--data /tmp/khaosat-big]

Generates (once, seeded, with Benchmarks/generate.py) the businesses' canonical CSV, and writes the
same rows as an .xlsx with inline strings (openpyxl, write-only), as an .xlsx the way Excel saves it
(every text in the shared strings table, written by hand below), and as a .sav (pyreadstat). Then,
for each, one release-mode run of `khaosat inspect` (the reader alone) and of `khaosat validate`
(reader and validation), with wall time and peak RSS (/usr/bin/time); the CSV is the baseline.
Needs openpyxl, pyreadstat, pandas.
"""
import argparse, csv, os, subprocess, sys, time, zipfile
from xml.sax.saxutils import escape


def column(n):
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def shared_strings_xlsx(csv_path, out):
    """An .xlsx whose cells all point into xl/sharedStrings.xml, as Excel writes them."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    index = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet, \
                open(csv_path, encoding="utf-8", newline="") as f:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>'.encode())
            for r, row in enumerate(csv.reader(f), start=1):
                cells = []
                for c, value in enumerate(row):
                    if value == "":
                        continue  # Excel leaves empty cells out; the next cell's r says where it is
                    i = index.setdefault(value, len(index))
                    cells.append(f'<c r="{column(c + 1)}{r}" t="s"><v>{i}</v></c>')
                sheet.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as sst:
            sst.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} uniqueCount="{len(index)}">'.encode())
            for text in index:
                sst.write(f'<si><t xml:space="preserve">{escape(text)}</t></si>'.encode())
            sst.write(b"</sst>")
        z.writestr("xl/workbook.xml", f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="Kết quả" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    return len(index)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SET = os.path.join(ROOT, "Questionnaires", "dak-lak-2025")
# Personal values are pseudonymised as they are read: the fixtures' key, unless one is given.
os.environ.setdefault("KHAOSAT_KEY_FILE", os.path.join(ROOT, "Fixtures", "keys", "demo.key"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=600_000)
    ap.add_argument("--data", default="/tmp/khaosat-big")
    a = ap.parse_args()
    csv_path = os.path.join(a.data, "canonical", "dn-tc-cd.csv")
    if not os.path.exists(csv_path):
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--rows", str(a.rows), "--out", a.data], check=True)
    xlsx_path = os.path.join(a.data, "dn-tc-cd.xlsx")
    sav_path = os.path.join(a.data, "dn-tc-cd.sav")
    shared_path = os.path.join(a.data, "dn-tc-cd-shared.xlsx")
    if not os.path.exists(shared_path):
        print(f"{shared_strings_xlsx(csv_path, shared_path)} shared strings", file=sys.stderr)
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
    print("| file | MB | inspect s | inspect peak RSS MB | validate s | validate peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for path in (csv_path, xlsx_path, shared_path, sav_path):
        cells = [os.path.basename(path), f"{os.path.getsize(path) / 1e6:.0f}"]
        for command in (f"inspect {path}", f"validate --questionnaires {SET} {path}"):
            start = time.time()
            r = subprocess.run(f"/usr/bin/time -f %M {exe} {command}", shell=True, text=True, capture_output=True)
            cells += [f"{time.time() - start:.1f}", f"{int(r.stderr.strip().splitlines()[-1]) / 1024:.0f}"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
