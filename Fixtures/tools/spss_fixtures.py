#!/usr/bin/env python3
"""Writes the six responses of Fixtures/layouts/dn-canonical.csv as SPSS files, the way survey firms
deliver them (run from the repository root; needs pyreadstat and pandas; outputs committed):

  dn-spss.sav    select_one questions as numeric codes 1, 2, 3 … with value labels that are the
                 form's choice labels; the unit as a numeric code labelled with the unit's name;
                 select_multiple as a string of choice names; the submission time as a DATETIME
                 variable; "so_lan" with 99 declared as a missing value (one case has it).
  dn-spss.zsav   the same data, compressed (.zsav).
"""
import csv
import datetime
import pandas as pd
import pyreadstat

FORM = "Questionnaires/dak-lak-2025/forms/dn-tc-cd.csv"
UNITS = "Questionnaires/dak-lak-2025/units.csv"

def form():
    types, lists, sheet = {}, {}, None
    with open(FORM, encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            if row[0]:
                sheet = row[0]
                header = row
                continue
            if sheet == "survey" and row[1].startswith("select_one "):
                types[row[2]] = row[1].split()[1]
            elif sheet == "choices":
                lists.setdefault(row[1], []).append((row[2], row[3]))
    return types, lists

def main():
    types, lists = form()
    with open("Fixtures/layouts/dn-canonical.csv", encoding="utf-8-sig", newline="") as f:
        header, *body = list(csv.reader(f))
    with open(UNITS, encoding="utf-8", newline="") as f:
        units = {r["code"]: r["name"] for r in csv.DictReader(f)}
    codes_of_units = {code: i + 1 for i, code in enumerate(sorted(units))}
    columns, labels = {}, {}
    for i, name in enumerate(header):
        values = [r[i] for r in body]
        if name in types:
            choices = lists[types[name]]
            code = {c: n + 1 for n, (c, _) in enumerate(choices)}
            columns[name] = [float(code[v]) if v else None for v in values]
            labels[name] = {n + 1: label for n, (_, label) in enumerate(choices)}
        elif name == "don_vi":
            columns[name] = [float(codes_of_units[v]) for v in values]
            labels[name] = {codes_of_units[v]: units[v] for v in values}
        elif name == "submitted_at":
            columns[name] = [datetime.datetime.fromisoformat(v) for v in values]
        elif name in ("tuoi", "so_lan"):
            columns[name] = [float(v) if v else None for v in values]
        else:
            columns[name] = values
    columns["so_lan"][3] = 99.0  # declared missing: "not answered"
    df = pd.DataFrame(columns, columns=header)
    for path, compress in (("Fixtures/layouts/dn-spss.sav", False), ("Fixtures/layouts/dn-spss.zsav", True)):
        pyreadstat.write_sav(df, path, variable_value_labels=labels, missing_ranges={"so_lan": [99]},
                             compress=compress)

main()
