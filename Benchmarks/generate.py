#!/usr/bin/env python3
"""Deterministic survey responses for the benchmark, from the shipped 2025 questionnaires.

    python3 Benchmarks/generate.py --rows 1000000 --seed 2025 --out /tmp/bench-1m

writes canonical/{dn-tc-cd,hdnd-tinh,hdnd-xa}.csv and kobo/{...}.csv: the same submissions in
the canonical layout and in KoBoToolbox's export (`;`, every field quoted, group paths, _uuid).
Rows: 80 % businesses and citizens, 10 % provincial delegates, 10 % commune delegates, across
all 128 units. Dirt, in fixed shares: 1 % unknown unit codes, 1 % exact duplicate rows (same
submission id), 2 % answered almost only "Không biết" (set aside as incomplete), 8 % of single
answers "Không biết", 5 % comments with commas, quotes and line breaks, Vietnamese text.
"""
import argparse, csv, os, random

import survey

SET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Questionnaires", "dak-lak-2025")
FORMS = [("dn-tc-cd", 0.80), ("hdnd-tinh", 0.10), ("hdnd-xa", 0.10)]
COMMENTS = ["Thủ tục nhanh, cán bộ nhiệt tình", 'Cần rút ngắn thời gian, "một cửa" còn chậm',
            "Đề nghị công khai rõ hơn\nvà trả lời đúng hạn", "Rất hài lòng với cách phục vụ của đơn vị",
            "Phải đi lại nhiều lần, tốn kém; đề nghị cải tiến"]


def read_form(name):
    form = survey.read_form(os.path.join(SET, "forms", name + ".csv"))
    return [(t, n, sub, path) for t, n, sub, _, path in form["questions"]], form["choices"]


def units():
    rows = list(csv.DictReader(open(os.path.join(SET, "units.csv"), encoding="utf-8")))
    return [r["code"] for r in rows], [r["code"] for r in rows if r["index"] == "03"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    all_units, communes = units()
    for layout in ("canonical", "kobo"):
        os.makedirs(os.path.join(a.out, layout), exist_ok=True)
    for f, (form, share) in enumerate(FORMS):
        questions, choices = read_form(form)
        n = round(a.rows * share) if f < len(FORMS) - 1 else a.rows - sum(round(a.rows * s) for _, s in FORMS[:-1])
        names = [q[1] for q in questions]
        canon = open(os.path.join(a.out, "canonical", form + ".csv"), "w", encoding="utf-8", newline="")
        kobo = open(os.path.join(a.out, "kobo", form + ".csv"), "w", encoding="utf-8", newline="")
        cw = csv.writer(canon, lineterminator="\n")
        kw = csv.writer(kobo, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        cw.writerow(["submission_id", "submitted_at"] + names)
        kw.writerow([(q[3] + "/" if q[3] else "") + q[1] for q in questions] + ["_id", "_uuid", "_submission_time", "_validation_status", "_index"])
        previous = None
        for i in range(n):
            if previous and rng.random() < 0.01:
                row = previous  # an exact duplicate: same submission id
            else:
                sid = f"{form}-{i:08d}"
                day, hour, minute = f"2025-{rng.randint(9, 11):02d}-{rng.randint(1, 28):02d}", rng.randint(7, 17), rng.randint(0, 59)
                ts = f"{day}T{hour:02d}:{minute:02d}:00"
                interviewer = rng.randint(1, 300)
                length = rng.randint(10, 40)  # interview metadata for the quality checks
                begin = hour * 60 + minute - length - 1
                incomplete = rng.random() < 0.02
                answers = []
                pool = communes if form == "hdnd-xa" else all_units
                unit = "CQ99" if rng.random() < 0.01 else rng.choice(pool)
                for t, name, sub, _ in questions:
                    kind, _, lst = t.partition(" ")
                    if name == "don_vi":
                        answers.append(unit)
                    elif name == "respondent_unit":
                        answers.append(unit)  # a commune delegate rates their own commune
                    elif name in ("ma_dai_bieu",):
                        answers.append(f"DB-{form}-{i}")
                    elif name == "ma_nguoi_tl":
                        answers.append("")
                    elif name == "start":
                        answers.append(f"{day}T{begin // 60:02d}:{begin % 60:02d}:00")
                    elif name == "end":
                        answers.append(f"{day}T{(begin + length) // 60:02d}:{(begin + length) % 60:02d}:00")
                    elif name == "deviceid":
                        answers.append(f"android:{interviewer:04d}")
                    elif name == "ma_dtv":
                        answers.append(f"DTV{interviewer:03d}")
                    elif name == "tuoi":
                        answers.append(str(rng.randint(18, 80)))
                    elif name == "so_lan":
                        answers.append(str(rng.randint(1, 12)))
                    elif name == "y_kien":
                        answers.append(rng.choice(COMMENTS) if rng.random() < 0.05 else "")
                    elif kind == "select_one":
                        opts = choices[lst]
                        unscored = [c for c, s in opts if s == ""]
                        if sub and unscored and (incomplete or rng.random() < 0.08):
                            answers.append(unscored[0])
                        else:
                            answers.append(rng.choice([c for c, s in opts if s != ""] or [c for c, _ in opts]))
                    elif kind == "select_multiple":
                        opts = [c for c, s in choices[lst] if s != ""]
                        if incomplete:
                            answers.append("")
                        else:
                            answers.append(" ".join(c for c in opts if rng.random() < 0.5))
                    else:
                        answers.append("")
                row = (sid, ts, answers)
                previous = row
            sid, ts, answers = row
            cw.writerow([sid, ts] + answers)
            kw.writerow(answers + [str(i), sid, ts, "validation_status_approved", str(i + 1)])
        canon.close()
        kobo.close()


if __name__ == "__main__":
    main()
