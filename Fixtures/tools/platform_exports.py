#!/usr/bin/env python3
"""Writes exports as the platforms deliver them, from the six responses of Fixtures/layouts (run from
the repository root; outputs committed). Each row's expected verdict is in the test that reads it.

  kobo-default.csv   KoBoToolbox's default CSV: the row of HXL hashtags under the header (not a
                     submission), and every _validation_status: approved, not approved, on hold, the
                     legacy {} and none; one row from the legacy exporter with n/a for questions that were
                     not relevant.
  odk-encrypted.csv  ODK Central's CSV export with two rows it could not decrypt ("missing encrypted
                     form data", "not decrypted"): everything but the metadata is empty.
  odk-export.csv.zip ODK Central's "download all" (.csv.zip): the main table khaosat_dn_tc_cd_2025.csv
                     and a repeat group's table khaosat_dn_tc_cd_2025-thanh_vien.csv (PARENT_KEY, KEY).
"""
import csv, io, zipfile

def read(name, delimiter):
    with open(f"Fixtures/layouts/{name}", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))

def kobo():
    header, *body = read("dn-kobo.csv", ";")
    status = header.index("_validation_status")
    hashtags = ["#date+start", "#date+end"] + [""] * (len(header) - 2)
    hashtags[header.index("thong_tin/don_vi")] = "#org+name"
    hashtags[header.index("_uuid")] = "#meta+id"
    values = ["validation_status_approved", "validation_status_not_approved", "validation_status_on_hold", "{}", "",
              "validation_status_approved"]
    rows = []
    for r, v in zip(body, values):
        r = list(r)
        r[status] = v
        rows.append(r)
    # Row 6 (line 8) from the legacy KoboCAT exporter: the optional comment was not relevant.
    rows[5][header.index("y_kien")] = "n/a"
    with open("Fixtures/exports/kobo-default.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(header)
        w.writerow(hashtags)
        w.writerows(rows)

def odk():
    header, *body = read("dn-odk.csv", ",")
    meta = {"SubmissionDate", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
            "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"}
    rows = [list(r) for r in body[:4]]
    for r, status in ((rows[2], "missing encrypted form data"), (rows[3], "not decrypted")):
        for i, name in enumerate(header):
            if name not in meta:
                r[i] = ""
        r[header.index("Status")] = status
    with open("Fixtures/exports/odk-encrypted.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

def odk_zip():
    with open("Fixtures/layouts/dn-odk.csv", encoding="utf-8", newline="") as f:
        main = f.read()
    repeat = "ten,PARENT_KEY,KEY\nNguyễn Văn A,uuid:a1,uuid:a1/thanh_vien[1]\n"
    with zipfile.ZipFile("Fixtures/exports/odk-export.csv.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("khaosat_dn_tc_cd_2025-thanh_vien.csv", repeat)
        z.writestr("khaosat_dn_tc_cd_2025.csv", main)

kobo()
odk()
odk_zip()
