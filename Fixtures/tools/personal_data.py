#!/usr/bin/env python3
"""Writes Fixtures/personal-data/: the citizens' form answered by six respondents whose phone
numbers, tax code and CCCD numbers are planted in `ma_nguoi_tl`, in the three formats a contractor
hands in (run from the repository root; outputs committed). PersonalDataTests converts them and
searches every byte of every output for the planted values.

  planted.csv   canonical layout, with the interviewer (ma_dtv), the interview's start and end and
                the consent question (dong_y_lien_he)
  planted.xlsx  the same submissions as KoBoToolbox's .xlsx export (group paths, _id, _uuid …)
  planted.sav   the same submissions as a survey firm's SPSS file (ma_nguoi_tl a string variable)

  p1  0912345678     phone, consents to a phúc tra call
  p2  8012345678     a household business's tax code, does not consent
  p3  079201001234   CCCD number, consent left blank
  p4  0912345678     p1 again on the same unit with other answers: the later one is kept
  p5  079201009999   CCCD number, a unit that does not exist: set aside with its raw row
  p6  0987654321     phone with a space after it, consents
"""
import csv
import os

import openpyxl
import pandas as pd
import pyreadstat

PLANTED = ["0912345678", "8012345678", "079201001234", "0912345678", "079201009999", "0987654321 "]
CONSENT = ["co", "khong", "", "co", "", "co"]
UNITS = ["CQ02", "CQ02", "CQ03", "CQ02", "Sở Không Có", "22015"]
GROUPS = {"tu_cach": "thong_tin", "ma_nguoi_tl": "thong_tin", "dong_y_lien_he": "thong_tin", "tuoi": "thong_tin",
          "don_vi": "thong_tin", "so_lan": "thong_tin"}


def rows():
    with open("Fixtures/layouts/dn-canonical.csv", encoding="utf-8", newline="") as f:
        header, *body = list(csv.reader(f))
    out_header = ["submission_id", "start", "end", "ma_dtv"] + header[2:4] + ["dong_y_lien_he"] + header[4:]
    out = []
    for i, row in enumerate(body):
        values = dict(zip(header, row))
        values["ma_nguoi_tl"], values["don_vi"] = PLANTED[i], UNITS[i]
        if i == 3:
            values["hl_chung"] = "khl"  # other answers than p1
        minute = 10 * i
        values.update(submission_id=f"p{i + 1}", start=f"2025-10-0{1 + i % 3}T08:{minute:02d}:00",
                      end=f"2025-10-0{1 + i % 3}T08:{minute + 9:02d}:00", ma_dtv=f"DTV0{1 + i % 2}", dong_y_lien_he=CONSENT[i])
        out.append([values[h] for h in out_header])
    return out_header, out


def main():
    os.makedirs("Fixtures/personal-data", exist_ok=True)
    header, body = rows()
    with open("Fixtures/personal-data/planted.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(body)

    def kobo_name(h):
        group = GROUPS.get(h) or ("nhom_" + h[1:4] if h.startswith("c3") else "")
        return f"{group}/{h}" if group else h
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "khaosat_dn_tc_cd_2025"
    kept = [h for h in header if h != "submission_id"]
    sheet.append([kobo_name(h) for h in kept] + ["_id", "_uuid", "_submission_time", "_validation_status", "_index"])
    for n, row in enumerate(body):
        values = dict(zip(header, row))
        sheet.append([values[h] for h in kept] + [str(2001 + n), "x" + values["submission_id"], values["end"],
                                                  "validation_status_approved", n + 1])
    book.save("Fixtures/personal-data/planted.xlsx")

    frame = pd.DataFrame([["s" + r[0][1:]] + r[1:] for r in body], columns=header)
    pyreadstat.write_sav(frame, "Fixtures/personal-data/planted.sav")


main()
