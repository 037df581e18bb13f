#!/usr/bin/env python3
"""The benchmark: one command, one table.

    python3 Benchmarks/run.py [--sizes 100000,1000000,5000000] [--runs 3] [--data /tmp/khaosat-bench]

Builds KhaoSat (release) and the libcsv counter, generates the seeded files (once per size),
then times on the same files, in this run: KhaoSat `convert` end to end (canonical and KoBo
layouts) and `validate`, the libcsv-only C counter (the ceiling) and the pandas script (which
must find KhaoSat's results, or the timing is void). Times are hyperfine medians; CPU is
hyperfine's mean user + system time; peak memory is `/usr/bin/time`'s maximum resident set
size of one more run. The ratios are to the libcsv counter of the same size.
"""
import argparse, glob, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SET = os.path.join(ROOT, "Questionnaires", "dak-lak-2025")
# Personal values are pseudonymised as they are read: the fixtures' key, unless one is given.
os.environ.setdefault("KHAOSAT_KEY_FILE", os.path.join(ROOT, "Fixtures", "keys", "demo.key"))


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, text=True, capture_output=True, **kw).stdout


def median_seconds(cmd, runs):
    """(median wall seconds, mean CPU seconds = user + system)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        # -i: `validate` exits 1 when it sets rows aside, as it should on generated dirt.
        sh(f"hyperfine -N -i --warmup 1 --runs {runs} --export-json {out.name} {json.dumps(cmd)}")
        r = json.load(open(out.name))["results"][0]
        return r["median"], r["user"] + r["system"]


def peak_rss_mb(cmd):
    r = subprocess.run(f"/usr/bin/time -f %M {cmd}", shell=True, text=True, capture_output=True)
    if r.returncode not in (0, 1):
        sys.exit(f"failed: {cmd}\n{r.stderr}")
    return int(r.stderr.strip().splitlines()[-1]) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000,5000000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", default="/tmp/khaosat-bench")
    a = ap.parse_args()
    print("building…", file=sys.stderr)
    sh("swift build -c release", cwd=ROOT)
    khaosat = os.path.join(ROOT, ".build", "release", "khaosat")
    count = os.path.join(a.data, "count")
    os.makedirs(a.data, exist_ok=True)
    sh(f"gcc -O2 -o {count} {HERE}/count.c -lcsv")
    rows_out = []
    for n in [int(x) for x in a.sizes.split(",")]:
        data = os.path.join(a.data, f"n{n}")
        if not os.path.exists(os.path.join(data, "kobo", "hdnd-xa.csv")):
            print(f"generating {n} submissions…", file=sys.stderr)
            sh(f"python3 {HERE}/generate.py --rows {n} --seed 2025 --out {data}")
        canonical = " ".join(sorted(glob.glob(f"{data}/canonical/*.csv")))
        kobo = " ".join(sorted(glob.glob(f"{data}/kobo/*.csv")))
        size = {layout: sum(os.path.getsize(f) for f in glob.glob(f"{data}/{layout}/*.csv")) / 1e6 for layout in ("canonical", "kobo")}
        out, out_kobo = os.path.join(data, "out"), os.path.join(data, "out-kobo")
        contenders = [
            ("khaosat convert", "canonical", f"{khaosat} convert --questionnaires {SET} --out {out} --reproducible {canonical}"),
            ("khaosat convert", "kobo", f"{khaosat} convert --questionnaires {SET} --out {out_kobo} --reproducible {kobo}"),
            ("khaosat validate", "canonical", f"{khaosat} validate --questionnaires {SET} {canonical}"),
            ("libcsv only (C)", "canonical", f"{count} {canonical}"),
            ("pandas (mean)", "canonical", f"python3 {HERE}/pandas_convert.py --questionnaires {SET} --check {out} {canonical}"),
        ]
        results = []
        for name, layout, cmd in contenders:
            print(f"{n}: {name} ({layout})…", file=sys.stderr)
            rss = peak_rss_mb(cmd)  # also writes KhaoSat's outputs before pandas checks them
            wall, cpu = median_seconds(cmd, a.runs)
            results.append((name, layout, wall, cpu, rss))
        for f in ("content3.csv", "content3-criteria.csv"):
            if open(os.path.join(out, f), "rb").read() != open(os.path.join(out_kobo, f), "rb").read():
                sys.exit(f"{f}: the canonical and KoBo layouts gave different results")
        counter = next(r for r in results if r[0].startswith("libcsv"))
        for name, layout, wall, cpu, rss in results:
            rows_out.append((f"{n:,}", name, layout, size[layout], wall, cpu, n / wall, rss, wall / counter[2], cpu / counter[3]))
    head = ("submissions", "contender", "layout", "MB", "median s", "CPU s", "rows/s", "peak RSS MB", "wall × counter", "CPU × counter")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows_out:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.0f} | {r[4]:.2f} | {r[5]:.2f} | {r[6]:,.0f} | {r[7]:.0f} | {r[8]:.2f} | {r[9]:.2f} |")


if __name__ == "__main__":
    main()
