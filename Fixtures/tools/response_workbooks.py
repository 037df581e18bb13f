#!/usr/bin/env python3
"""Writes the contractor files that come as Excel workbooks, from the CSV layouts of the same six
responses (Fixtures/layouts/*.csv). Run from the repository root (needs openpyxl); outputs committed.

  dn-canonical.xlsx      canonical layout as a person keeps it in Excel: numbers typed as numbers
                         (some as 34.0), submission times as real Excel date-times, phone numbers
                         and tax codes kept as text, a second sheet of notes.
  dn-kobo.xlsx           KoBoToolbox's .xlsx export: main sheet named after the form, every column
                         as in its CSV export, and a repeat group's sheet after it.
  dn-google-forms.xlsx   Google Forms' response sheet downloaded as .xlsx (timestamps as date-times).
  dn-unknown-unit.xlsx   two rows of the canonical layout, the second naming a unit that does not exist
                         (F3): its message must name the cell.
"""
import csv, datetime
from openpyxl import Workbook

def rows(name, delimiter=","):
    with open(f"Fixtures/layouts/{name}", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))

def canonical():
    header, *body = rows("dn-canonical.csv")
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả"
    ws.append(header)
    for r in body:
        out = []
        for name, value in zip(header, r):
            if name == "submitted_at":
                out.append(datetime.datetime.fromisoformat(value))
            elif name == "tuoi":
                out.append(float(value))  # typed 34.0: must read as 34
            elif name == "so_lan" and value:
                out.append(int(value))
            else:
                out.append(value or None)
        ws.append(out)
    for cell in ws["B"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    notes = wb.create_sheet("Ghi chú")
    notes.append(["Tệp do đơn vị khảo sát lập trên Excel."])
    wb.save("Fixtures/layouts/dn-canonical.xlsx")

def kobo():
    header, *body = rows("dn-kobo.csv", delimiter=";")
    wb = Workbook()
    ws = wb.active
    ws.title = "dn_tc_cd"
    ws.append(header)
    for r in body:
        ws.append([v if v != "" else None for v in r])
    repeat = wb.create_sheet("thanh_vien")
    repeat.append(["ten", "_index", "_parent_table_name", "_parent_index"])
    repeat.append(["Nguyễn Văn A", 1, "dn_tc_cd", 1])
    wb.save("Fixtures/layouts/dn-kobo.xlsx")

def google():
    header, *body = rows("dn-google-forms.csv")
    wb = Workbook()
    ws = wb.active
    ws.title = "Câu trả lời biểu mẫu 1"
    ws.append(header)
    for r in body:
        # "2025/10/01 8:00:00 AM GMT+7": Sheets keeps the time as a date-time cell.
        stamp = datetime.datetime.strptime(r[0].replace(" GMT+7", ""), "%Y/%m/%d %I:%M:%S %p")
        ws.append([stamp] + [int(v) if v.isdigit() and not v.startswith("0") else (v or None) for v in r[1:]])
    for cell in ws["A"][1:]:
        cell.number_format = "dd/mm/yyyy hh:mm:ss"
    wb.save("Fixtures/layouts/dn-google-forms.xlsx")

def unknown_unit():
    header, *body = rows("dn-canonical.csv")
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả"
    ws.append(header)
    ws.append(body[0])
    bad = list(body[1])
    bad[0], bad[header.index("don_vi")] = "x2", "Sở Không Có"
    ws.append(bad)
    wb.save("Fixtures/layouts/dn-unknown-unit.xlsx")

canonical()
kobo()
google()
unknown_unit()
