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
  odk-edits/         two exports of one form a week apart: a1 unchanged (a repeat), a2 edited on Central
                     in between (Edits 0 → 1, another answer), a3 only in the first.
  id-conflict/       two canonical files from two interviewers' tablets that both used the id a1 for
                     different interviews.
  kobo-labels.csv    KoBoToolbox's export with "Labels" (Vietnamese), groups in headers joined by "." and
                     select_multiple as both the summary (labels joined by spaces, which cannot be split
                     back: labels hold spaces and commas) and the 0/1 columns, which decide.
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

def odk_edits():
    header, *body = read("dn-odk.csv", ",")
    edits, answer = header.index("Edits"), header.index("nhom_321-c321_1")
    before = [list(r) for r in body[:3]]
    after = [list(r) for r in body[:2]]
    after[1][edits] = "1"
    after[1][answer] = "rat_hl" if after[1][answer] != "rat_hl" else "hl"
    for name, rows in (("1-before.csv", before), ("2-after.csv", after)):
        with open(f"Fixtures/exports/odk-edits/{name}", "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

def id_conflict():
    header, *body = read("dn-canonical.csv", ",")
    other = list(body[1])
    other[0] = "a1"
    for name, rows in (("tablet-1.csv", body[:1]), ("tablet-2.csv", [other])):
        with open(f"Fixtures/exports/id-conflict/{name}", "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

def form_labels():
    """name → (label, group labels); list → {choice name: label}; question → list."""
    questions, choices, lists, groups, sheet = {}, {}, {}, [], None
    with open("Questionnaires/dak-lak-2025/forms/dn-tc-cd.csv", encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            if row[0]:
                sheet = row[0]
                continue
            if sheet == "survey":
                kind = row[1]
                if kind == "begin_group":
                    groups.append(row[3])
                elif kind == "end_group":
                    groups.pop()
                elif row[2]:
                    questions[row[2]] = (row[3], list(groups))
                    if kind.split()[0] in ("select_one", "select_multiple"):
                        lists[row[2]] = kind.split()[1]
            elif sheet == "choices":
                choices.setdefault(row[1], {})[row[2]] = row[3]
    return questions, choices, lists

def kobo_labels():
    header, *body = read("dn-kobo.csv", ";")
    questions, choices, lists = form_labels()
    out_header, columns = [], []
    for i, h in enumerate(header):
        parts = h.split("/")
        if h.startswith("_") or parts[-1] in ("start", "end"):
            out_header.append(h); columns.append((i, None, None)); continue
        if parts[-1] in questions:
            label, groups = questions[parts[-1]]
            out_header.append(".".join(groups + [label])); columns.append((i, parts[-1], None)); continue
        q, choice = parts[-2], parts[-1]  # a 0/1 column
        label, groups = questions[q]
        out_header.append(".".join(groups + [label, choices[lists[q]][choice]])); columns.append((i, q, choice))
    rows = []
    for r in body:
        out = []
        for i, q, choice in columns:
            v = r[i]
            if q in lists and choice is None and v:
                v = " ".join(choices[lists[q]][c] for c in v.split())
            elif header[i] == "_validation_status" and v:
                v = "Approved"
            out.append(v)
        rows.append(out)
    with open("Fixtures/exports/kobo-labels.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(out_header)
        w.writerows(rows)

if __name__ == "__main__":
    import os
    os.makedirs("Fixtures/exports/odk-edits", exist_ok=True)
    os.makedirs("Fixtures/exports/id-conflict", exist_ok=True)
    kobo()
    odk()
    odk_zip()
    odk_edits()
    id_conflict()
    kobo_labels()
