#!/usr/bin/env python3
"""Makes Fixtures/quality/: a clean fieldwork file and the same with planted fabrication.

    python3 Fixtures/tools/quality_fixtures.py

Both are the citizens' form (dn-tc-cd) in the canonical layout, with the interview metadata
the quality checks read (start, end, deviceid, ma_dtv). Seeded: the files are the same on
every run.

clean.csv    240 interviews by 8 interviewers over 4 units, 12-45 minutes, 8:00-17:00 on
             working days of October 2025, varied answers: the checks must find nothing.
planted.csv  clean.csv plus
             - DTV09's desk batch: 12 "interviews" of 2 minutes          -> SPEEDING
             - one interview copied 20 times, one answer edited in each   -> NEAR_DUPLICATE
             - DTV10 doing 80 % of commune 24133 (40 of 50)               -> CONCENTRATION
             - 6 interviews at night (22:00-04:00)                        -> NIGHT
"""
import csv, os, random
from datetime import datetime, timedelta

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "quality")
HEADER = ["submission_id", "submitted_at", "start", "end", "deviceid", "ma_dtv", "tu_cach", "ma_nguoi_tl", "dong_y_lien_he",
          "gioi_tinh", "tuoi", "don_vi", "so_lan", "c321_1", "c321_2", "c322_1", "c322_2", "c323_1", "c323_2", "c323_3",
          "c324_1", "c324_2", "hl_chung", "y_kien"]
SCALE = ["rat_hl", "hl", "bt", "khl", "rat_khl"]
SCALE_WEIGHTS = [20, 40, 25, 10, 5]
UNITS = ["CQ02", "CQ07", "22015", "24133"]
INTERVIEWERS = [f"DTV{i:02d}" for i in range(1, 9)]
COMMENTS = ["", "", "", "", "Thủ tục nhanh", "Cán bộ nhiệt tình, chu đáo", "Cần công khai phí rõ hơn", "Phải đi lại hai lần"]
ISO = "%Y-%m-%dT%H:%M:%S"


def answers(rng):
    scale = [rng.choices(SCALE, SCALE_WEIGHTS)[0] for _ in range(7)]
    if len(set(scale)) == 1:  # a clean respondent who says the same seven times is left out by design
        scale[0] = "bt" if scale[0] != "bt" else "hl"
    ticked = " ".join(c for c in ["quy_trinh", "ho_so", "phi", "thoi_han", "duong_day_nong"] if rng.random() < 0.6)
    return {
        "tu_cach": rng.choice(["doanh_nghiep", "to_chuc", "cong_dan", "cong_dan"]),
        "ma_nguoi_tl": f"09{rng.randint(10000000, 99999999)}",
        "dong_y_lien_he": "co",  # every respondent agreed to a phúc tra call (not drawn: the other answers stay as they were)
        "gioi_tinh": rng.choice(["nam", "nu"]),
        "tuoi": str(rng.randint(20, 75)),
        "so_lan": str(rng.randint(1, 12)),
        "c321_1": scale[0], "c321_2": ticked or "quy_trinh",
        "c322_1": scale[1], "c322_2": rng.choice(["co", "co", "khong"]),
        "c323_1": scale[2], "c323_2": scale[3], "c323_3": rng.choice(["khong", "khong", "co"]),
        "c324_1": scale[4], "c324_2": scale[5], "hl_chung": scale[6],
        "y_kien": rng.choice(COMMENTS),
    }


def row(sid, start, minutes, interviewer, unit, a):
    end = start + timedelta(minutes=minutes)
    r = dict(a, submission_id=sid, submitted_at=(end + timedelta(minutes=5)).strftime(ISO), start=start.strftime(ISO),
             end=end.strftime(ISO), deviceid=f"android:{interviewer.lower()}", ma_dtv=interviewer, don_vi=unit)
    return [r[h] for h in HEADER]


def working_day(rng):
    while True:
        day = datetime(2025, 10, rng.randint(1, 31))
        if day.weekday() < 5:
            return day


def clean(rng):
    rows = []
    n = 0
    for unit in UNITS:
        for k in range(60):
            interviewer = INTERVIEWERS[(k + UNITS.index(unit)) % len(INTERVIEWERS)]
            start = working_day(rng) + timedelta(hours=rng.randint(8, 16), minutes=rng.randint(0, 59))
            n += 1
            rows.append(row(f"c{n:04d}", start, rng.randint(12, 45), interviewer, unit, answers(rng)))
    return rows


def planted(rng, base):
    rows = list(base)
    day = datetime(2025, 10, 14)
    for k in range(12):  # a desk batch: two minutes each, one after another
        rows.append(row(f"p-desk{k + 1:02d}", day + timedelta(hours=9, minutes=3 * k), 2, "DTV09", "CQ07", answers(rng)))
    original = answers(rng)
    rows.append(row("p-copy00", day + timedelta(hours=10), 25, "DTV08", "CQ02", original))
    editable = ["c321_1", "c322_1", "c323_1", "c323_2", "c324_1", "c324_2", "hl_chung", "so_lan", "tuoi", "gioi_tinh"]
    for k in range(20):  # the same interview again, one answer changed in each copy
        copy = dict(original)
        field = editable[k % len(editable)]
        if field == "so_lan":
            copy[field] = str(int(original[field]) % 12 + 1)
        elif field == "tuoi":
            copy[field] = str(int(original[field]) + 1)
        elif field == "gioi_tinh":
            copy[field] = "nu" if original[field] == "nam" else "nam"
        else:
            copy[field] = SCALE[(SCALE.index(original[field]) + 1) % 5]
        copy["ma_nguoi_tl"] = f"09{rng.randint(10000000, 99999999)}"
        rows.append(row(f"p-copy{k + 1:02d}", day + timedelta(hours=11, minutes=20 * k), rng.randint(15, 30), "DTV08", "CQ02", copy))
    # DTV10 makes 40 of commune 24133's responses; the clean file's 60 are cut to 10 first.
    commune = [r for r in rows if r[HEADER.index("don_vi")] == "24133"]
    for r in commune[10:]:
        rows.remove(r)
    for k in range(40):
        start = working_day(rng) + timedelta(hours=rng.randint(8, 16), minutes=rng.randint(0, 59))
        rows.append(row(f"p-conc{k + 1:02d}", start, rng.randint(12, 45), "DTV10", "24133", answers(rng)))
    for k, hour in enumerate([22, 23, 23, 0, 2, 3]):  # at night
        start = datetime(2025, 10, 20 + k) + timedelta(hours=hour, minutes=10)
        rows.append(row(f"p-night{k + 1}", start, rng.randint(15, 30), INTERVIEWERS[k], UNITS[k % 3], answers(rng)))
    return rows


def write(name, rows):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)


def main():
    os.makedirs(OUT, exist_ok=True)
    base = clean(random.Random(2025))
    write("clean.csv", base)
    write("planted.csv", planted(random.Random(17), base))


if __name__ == "__main__":
    main()
