#!/usr/bin/env python3
"""The peer a data analyst would write: the `mean` conversion of Content 3 in pandas.

    python3 Benchmarks/pandas_convert.py --questionnaires SET [--check KHAOSAT_OUT] FILE...

Reads the canonical files, applies the rules the benchmark's dirt needs (unknown units,
completeness, duplicate submission ids, Không biết not counted), computes every `mean`
sub-criterion and, with --check, compares credits, points and respondents with
KhaoSat's content3-criteria.csv: any difference voids the timing (exit 1).
"""
import argparse, csv, os, sys
from decimal import Decimal, ROUND_HALF_UP

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import survey  # noqa: E402


def credits_of(series, kind, choices):
    """Per answer, its credit (NaN when not counted), computed once per distinct answer."""
    scores = {n: float(s) for n, s in choices if s != ""}
    total = sum(scores.values())

    def one(text):
        if text == "":
            return float("nan")
        if kind == "select_one":
            return scores.get(text, float("nan"))
        picked = text.split(" ")
        scored = [scores[p] for p in picked if p in scores]
        return sum(scored) / total if scored and total else float("nan")

    table = {u: one(u) for u in series.unique()}
    return series.map(table)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--questionnaires", required=True)
    ap.add_argument("--check")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    forms, units, blueprint, na = survey.read_set(a.questionnaires)
    frames = []
    for path in sorted(a.files, key=os.path.basename):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        form = next(f for f in forms.values() if {q[1] for q in f["questions"]} <= set(df.columns))
        df = df[df["don_vi"].isin(units.keys())]
        scored = [q for q in form["questions"] if q[2]]
        credit = pd.DataFrame({q[1]: credits_of(df[q[1]], q[0].split(" ")[0], form["choices"][q[0].split(" ")[1]])
                               for q in scored}, index=df.index)
        df = df[credit.notna().sum(axis=1) >= 0.5 * len(scored)]
        credit = credit.loc[df.index]
        out = pd.DataFrame({"submission_id": df["submission_id"], "unit": df["don_vi"], "group": form["group"]})
        for sub in sorted({q[2] for q in scored}):
            qs = [q for q in scored if q[2] == sub]
            w = pd.DataFrame({q[1]: credit[q[1]].notna() * q[3] for q in qs})
            num = sum(credit[q[1]].fillna(0) * q[3] for q in qs)
            out[sub] = num / w.sum(axis=1).where(w.sum(axis=1) > 0)
        frames.append(out)
    subs = pd.concat(frames, ignore_index=True).drop_duplicates("submission_id", keep="first")

    results = {}
    for b in blueprint:
        if b["method"] != "mean" or b["subcriterion"] not in subs.columns:
            continue
        weights = dict(g.split("=") if "=" in g else (g, "1") for g in b["groups"].split(" "))
        rows = subs[subs["group"].isin(weights.keys()) & subs["unit"].map(units).eq(b["index"])]
        stats = rows.groupby(["unit", "group"])[b["subcriterion"]].agg(["count", "mean"])
        for unit, index in units.items():
            if index != b["index"] or (unit, b["subcriterion"]) in na:
                continue
            per = {g: (int(stats.loc[(unit, g), "count"]), stats.loc[(unit, g), "mean"]) if (unit, g) in stats.index else (0, None)
                   for g in weights}
            used = [g for g, (n, _) in per.items() if n >= int(b["min_respondents"])] or [g for g, (n, _) in per.items() if n > 0]
            credit = float(sum(float(weights[g]) * per[g][1] for g in used) / sum(float(weights[g]) for g in used)) if used else None
            points = Decimal(0) if credit is None else Decimal(repr(round(float(b["max_points"]) * credit, 9))).quantize(Decimal("0.01"), ROUND_HALF_UP)
            # Settling to 9 decimals first: 0.75 × 13/30 is 0.325 exactly, a float says 0.32499…, which would round down.
            results[(unit, b["subcriterion"])] = (credit, points, {g: n for g, (n, _) in per.items()})
    print(f"{len(subs)} submissions, {len(results)} (unit, sub-criterion) results for the mean method")
    sys.stdout.flush()

    if a.check:
        mismatches = 0
        with open(os.path.join(a.check, "content3-criteria.csv"), encoding="utf-8-sig") as f:
            for r in csv.DictReader(f):
                key = (r["unit_code"], r["subcriterion"])
                if key not in results:
                    continue
                credit, points, counts = results.pop(key)
                same = (Decimal(r["points"]) == points
                        and (credit is None) == (r["credit"] == "")
                        and (credit is None or abs(Decimal(r["credit"]) - Decimal(repr(credit))) <= Decimal("0.00005001"))
                        and all(r[f"respondents_{g}"] == str(n) for g, n in counts.items()))
                if not same:
                    mismatches += 1
                    if mismatches <= 5:
                        print("differs:", key, r["points"], r["credit"], points, credit, counts, file=sys.stderr)
        if results:
            print(f"{len(results)} results missing from KhaoSat's output", file=sys.stderr)
        if mismatches or results:
            print(f"CHECK FAILED: {mismatches} differences", file=sys.stderr)
            sys.exit(1)
        print("check: every mean result equals KhaoSat's")


if __name__ == "__main__":
    main()
