#!/usr/bin/env python3
"""Writes the export variants that platforms offer for the six responses of Fixtures/layouts (run from
the repository root; outputs committed). The same submissions in the canonical layout
(dn-canonical.csv) must give the same points, byte for byte (SameSubmissionsEveryFormatTests).

  dn-odk-split.csv          ODK Central with "split select multiples": the summary column and a 0/1
                            column per choice (`group-question/choice`). A select_multiple left
                            blank (a5) has 0 in every split column and an empty summary.
  dn-kobo-labels-single.csv KoBoToolbox "Labels", select_multiple as a single column: the chosen
                            labels joined by spaces (labels hold spaces and commas themselves).
  dn-kobo-sep-percent.csv   KoBoToolbox XML values and headers with "%" as the group separator:
                            `thong_tin%don_vi`, choice columns `nhom_321%c321_2%quy_trinh`.
  dn-kobo-sep-empty.csv     the same with an empty separator: `thong_tindon_vi`, choice columns
                            `nhom_321c321_2/quy_trinh` (KoBo falls back to "/" there).
  hdnd-xa-spss.sav          Fixtures/responses/hdnd-xa-canonical.csv as a survey firm's SPSS file: every
                            question with choices coded 1, 2, … with value labels, both unit columns
                            (respondent_unit, don_vi) coded with the unit's name as label, and
                            "Không biết/Không trả lời" coded 99, declared missing and labelled.
  dn-handmade.xlsx          the canonical layout as an officer keeps it in Excel: two title rows merged
                            across the table, a blank row, the header on row 4, and a "Tổng cộng" row
                            under the data.
  ../exports/kobo-repeat-main.csv KoBoToolbox's main table of a form whose scored questions sit in a repeat
                            (they went to another sheet): metadata and the unit, no scored question.
  ../exports/overlap/        two exports of one form a week apart that overlap: the first holds a1–a3 and
                            a row naming a unit that does not exist (x9), the second a2–a6 and x9 again.
  ../exports/former-names.csv the canonical rows naming their ward as people still do after the 2025
                            reorganisation: "Phường Tân Lợi" and "Tân Lợi" (merged into Phường Buôn Ma
                            Thuột), "Phường Tân Lập" (a ward today), "Phường Buôn Ma Thuột" itself.
"""
import csv

from platform_exports import form_labels, read


def write(path, header, rows, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter, quoting=csv.QUOTE_ALL if delimiter == ";" else csv.QUOTE_MINIMAL,
                       lineterminator="\r\n" if delimiter == ";" else "\n")
        w.writerow(header)
        w.writerows(rows)


def odk_split():
    header, *body = read("dn-odk.csv", ",")
    _, choices, lists = form_labels()
    out_header, rows = [], [[] for _ in body]
    for i, h in enumerate(header):
        out_header.append(h)
        for r, out in zip(body, rows):
            out.append(r[i])
        q = h.split("-")[-1]
        if lists.get(q) and h != q and q == "c321_2":
            for choice in choices[lists[q]]:
                out_header.append(f"{h}/{choice}")
                for r, out in zip(body, rows):
                    out.append("1" if choice in r[i].split() else "0")
    write("Fixtures/layouts/dn-odk-split.csv", out_header, rows)


def kobo_labels_single():
    header, *body = read("dn-kobo.csv", ";")
    questions, choices, lists = form_labels()
    keep = [i for i, h in enumerate(header)
            if not (len(h.split("/")) == 3 and h.split("/")[1] in lists)]  # no 0/1 columns
    out_header, rows = [], [[] for _ in body]
    for i in keep:
        parts = header[i].split("/")
        if parts[-1] in questions and parts[-1] not in ("start", "end"):
            label, groups = questions[parts[-1]]
            out_header.append("/".join(groups + [label]))
        else:
            out_header.append(header[i])
        for r, out in zip(body, rows):
            v = r[i]
            q = parts[-1]
            if q in lists and v:
                v = " ".join(choices[lists[q]][c] for c in v.split())
            elif header[i] == "_validation_status" and v:
                v = "Approved"
            out.append(v)
    write("Fixtures/layouts/dn-kobo-labels-single.csv", out_header, rows, ";")


def kobo_separator(separator, name):
    header, *body = read("dn-kobo.csv", ";")
    _, _, lists = form_labels()
    out_header = []
    for h in header:
        parts = h.split("/")
        if len(parts) == 3 and parts[1] in lists:  # group/question/choice
            out_header.append(separator.join(parts[:2]) + (separator or "/") + parts[2])
        else:
            out_header.append(separator.join(parts))
    write(f"Fixtures/layouts/{name}", out_header, body, ";")


def hdnd_xa_spss():
    import pandas as pd
    import pyreadstat
    form = "Questionnaires/dak-lak-2025/forms/hdnd-xa.csv"
    types, lists, sheet = {}, {}, None
    with open(form, encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            if row[0]:
                sheet = row[0]
            elif sheet == "survey" and row[1].split(" ")[0] in ("select_one", "select_multiple"):
                types[row[2]] = row[1].split()
            elif sheet == "choices":
                lists.setdefault(row[1], []).append((row[2], row[3]))
    with open("Questionnaires/dak-lak-2025/units.csv", encoding="utf-8", newline="") as f:
        names = {r["code"]: r["name"] for r in csv.DictReader(f)}
    codes = {name: code for code, name in names.items()}
    with open("Fixtures/responses/hdnd-xa-canonical.csv", encoding="utf-8-sig", newline="") as f:
        header, *body = list(csv.reader(f))
    columns, labels, missing = {}, {}, {}
    for i, name in enumerate(header):
        values = [r[i] for r in body]
        if name in ("respondent_unit", "don_vi"):
            # A unit as the firm's codebook has it: its official name (a misspelt one stays as written).
            texts = sorted({names.get(v) or (v if v in codes else v) for v in values if v})
            number = {t: n + 1 for n, t in enumerate(texts)}
            columns[name] = [float(number[names.get(v) or v]) if v else None for v in values]
            labels[name] = {n: t for t, n in number.items()}
        elif name in types and types[name][0] == "select_one":
            choices = lists[types[name][1]]
            code = {c: (99 if c == "kb" else n + 1) for n, (c, _) in enumerate(choices)}
            columns[name] = [float(code[v]) if v else None for v in values]
            labels[name] = {code[c]: label for c, label in choices}
            if any(c == "kb" for c, _ in choices):
                missing[name] = [99]
        elif name == "submitted_at":
            import datetime
            columns[name] = [datetime.datetime.fromisoformat(v) for v in values]
        else:
            columns[name] = values
    pyreadstat.write_sav(pd.DataFrame(columns, columns=header), "Fixtures/layouts/hdnd-xa-spss.sav",
                         variable_value_labels=labels, missing_ranges=missing)


def handmade():
    from openpyxl import Workbook
    header, *body = read("dn-canonical.csv", ",")
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append(["BẢNG TỔNG HỢP PHIẾU KHẢO SÁT DOANH NGHIỆP, TỔ CHỨC VÀ NGƯỜI DÂN NĂM 2025"])
    ws.append(["Đơn vị thực hiện: Công ty khảo sát (ví dụ) – tháng 10/2025"])
    ws.append([])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(header))
    ws.append(header)
    for r in body:
        ws.append([int(v) if n in ("tuoi", "so_lan") and v else (v or None) for n, v in zip(header, r)])
    totals = ["Tổng cộng"] + [None] * (len(header) - 1)
    totals[header.index("so_lan")] = sum(int(r[header.index("so_lan")]) for r in body)
    ws.append(totals)
    wb.save("Fixtures/layouts/dn-handmade.xlsx")


def kobo_repeat_main():
    header = ["start", "end", "thong_tin/don_vi", "thong_tin/ma_dtv", "_id", "_uuid", "_submission_time",
              "_validation_status", "_index"]
    rows = [["2025-10-01T08:00:00", "2025-10-01T08:20:00", "CQ02", "DTV01", "1001", "r1", "2025-10-01T08:20:00", "", "1"]]
    write("Fixtures/exports/kobo-repeat-main.csv", header, rows, ";")


def overlap():
    import os
    header, *body = read("dn-canonical.csv", ",")
    bad = list(body[0])
    bad[0], bad[header.index("don_vi")] = "x9", "Sở Không Có"
    os.makedirs("Fixtures/exports/overlap", exist_ok=True)
    write("Fixtures/exports/overlap/week-1.csv", header, body[:3] + [bad])
    write("Fixtures/exports/overlap/week-2.csv", header, body[1:] + [bad])


def former_names():
    header, *body = read("dn-canonical.csv", ",")
    rows = [list(r) for r in body[:4]]
    for row, name in zip(rows, ["Phường Tân Lợi", "Tân Lợi", "Phường Tân Lập", "Phường Buôn Ma Thuột"]):
        row[header.index("don_vi")] = name
    write("Fixtures/exports/former-names.csv", header, rows)


odk_split()
former_names()
overlap()
handmade()
kobo_repeat_main()
hdnd_xa_spss()
kobo_labels_single()
kobo_separator("%", "dn-kobo-sep-percent.csv")
kobo_separator("", "dn-kobo-sep-empty.csv")
