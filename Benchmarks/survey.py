"""The parts of a KhaoSat questionnaire set the benchmark scripts need (single-file XLSForm CSVs)."""
import csv, os


def read_form(path):
    """-> {id, group, questions: [(type, name, subcriterion, weight, group_path)], choices: {list: [(name, score)]}}"""
    rows = list(csv.reader(open(path, encoding="utf-8")))
    head, section = rows[0], "survey"
    form = {"questions": [], "choices": {}, "id": "", "group": ""}
    path_ = []
    for r in rows[1:]:
        if r and r[0] in ("choices", "settings"):
            section, head = r[0], r
            continue
        d = dict(zip(head, r))
        if section == "survey":
            t = d.get("type", "")
            if t.startswith("begin"):
                path_.append(d["name"])
            elif t.startswith("end_group") or t.startswith("end group"):
                path_.pop()
            elif d.get("name") and t != "note":
                form["questions"].append((t, d["name"], d.get("subcriterion", ""), float(d.get("weight") or 1), "/".join(path_)))
        elif section == "choices":
            form["choices"].setdefault(d["list_name"], []).append((d["name"], d.get("score", "")))
        else:
            form["id"], form["group"] = d["form_id"], d["respondent_group"]
    return form


def read_set(directory):
    forms = {name[:-4]: read_form(os.path.join(directory, "forms", name))
             for name in sorted(os.listdir(os.path.join(directory, "forms"))) if name.endswith(".csv")}
    units = {r["code"]: r["index"] for r in csv.DictReader(open(os.path.join(directory, "units.csv"), encoding="utf-8"))}
    blueprint = list(csv.DictReader(open(os.path.join(directory, "blueprint.csv"), encoding="utf-8")))
    na = {(r["unit_code"], r["subcriterion"]) for r in csv.DictReader(open(os.path.join(directory, "not-applicable.csv"), encoding="utf-8"))}
    return forms, units, blueprint, na
