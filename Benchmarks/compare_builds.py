#!/usr/bin/env python3
"""Two builds of KhaoSat on the same files, in one run: is the new one slower or larger?

    python3 Benchmarks/compare_builds.py --base /tmp/base/.build/release/khaosat \
        --new .build/release/khaosat --data /tmp/bench-1m [--runs 5]

`--data` is a folder `Benchmarks/generate.py` wrote (its `canonical/` files are read). For
`convert` and `validate`, the two binaries run in turn (base, new, base, new …, after one
warm-up each), so a busy moment of the machine costs both; each run is measured by
`/usr/bin/time` (wall, user + system, maximum resident set). Medians of wall and CPU, the
largest peak RSS. The outputs of `convert` must be byte-identical, or the timing is void.
Prints a Markdown table with the new build's ratios to the base.
"""
import argparse, filecmp, glob, os, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SET = os.path.join(ROOT, "Questionnaires", "dak-lak-2025")
os.environ.setdefault("KHAOSAT_KEY_FILE", os.path.join(ROOT, "Fixtures", "keys", "demo.key"))


def measured(cmd):
    """(wall s, CPU s, peak RSS MB) of one run."""
    r = subprocess.run(f"/usr/bin/time -f '%e %U %S %M' {cmd}", shell=True, text=True, capture_output=True)
    if r.returncode not in (0, 1):  # validate exits 1 when it sets rows aside, as it should on generated dirt
        sys.exit(f"failed: {cmd}\n{r.stderr}")
    wall, user, system, rss = r.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    files = " ".join(sorted(glob.glob(os.path.join(a.data, "canonical", "*.csv"))))
    if not files:
        sys.exit(f"{a.data}/canonical has no CSV files: run Benchmarks/generate.py first")
    builds = {"base": a.base, "new": a.new}
    outs = {name: tempfile.mkdtemp(prefix=f"khaosat-{name}-") for name in builds}
    jobs = {
        "convert": lambda b, name: f"{b} convert --questionnaires {SET} --out {outs[name]} --reproducible {files}",
        "validate": lambda b, name: f"{b} validate --questionnaires {SET} {files}",
    }
    rows = []
    for job, command in jobs.items():
        runs = {name: [] for name in builds}
        for round in range(a.runs + 1):  # round 0 warms up
            for name, b in builds.items():
                print(f"{job} {name} {round}/{a.runs}", file=sys.stderr)
                m = measured(command(b, name))
                if round > 0:
                    runs[name].append(m)
        for name, ms in runs.items():
            rows.append((job, name, statistics.median(m[0] for m in ms), statistics.median(m[1] for m in ms),
                         max(m[2] for m in ms)))
    names = sorted(os.listdir(outs["base"]))
    same = names == sorted(os.listdir(outs["new"])) and all(
        filecmp.cmp(os.path.join(outs["base"], f), os.path.join(outs["new"], f), shallow=False) for f in names)
    if not same:
        sys.exit(f"the outputs differ: {outs['base']} against {outs['new']}")
    print("| job | build | median s | CPU s | peak RSS MB | × base (wall, CPU, RSS) |")
    print("|---|---|---|---|---|---|")
    for job, name, wall, cpu, rss in rows:
        base = next(r for r in rows if r[0] == job and r[1] == "base")
        ratio = f"{wall / base[2]:.3f}, {cpu / base[3]:.3f}, {rss / base[4]:.3f}"
        print(f"| {job} | {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {ratio} |")
    print(f"\n{a.runs} runs each, in turn; convert's {len(names)} output files are byte-identical.")


if __name__ == "__main__":
    main()
