#!/usr/bin/env python3
"""The benchmark: one command, one table.

    python3 Benchmarks/run.py [--sizes 100000,1000000,5000000] [--runs 3] [--data /tmp/khaosat-bench]

Builds KhaoSat (release) and the libcsv counter, generates the seeded files (once per size),
then times on the same files, in this run: KhaoSat `convert` end to end (canonical and KoBo
layouts), the libcsv-only C counter (the ceiling) and the pandas script (which must find
KhaoSat's results, or the timing is void). Times are hyperfine medians; peak memory is
`/usr/bin/time`'s maximum resident set size of one more run.
"""
import argparse, glob, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SET = os.path.join(ROOT, "Questionnaires", "dak-lak-2025")


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, text=True, capture_output=True, **kw).stdout


def median_seconds(cmd, runs):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        sh(f"hyperfine -N --warmup 1 --runs {runs} --export-json {out.name} {json.dumps(cmd)}")
        return json.load(open(out.name))["results"][0]["median"]


def peak_rss_mb(cmd):
    r = subprocess.run(f"/usr/bin/time -f %M {cmd}", shell=True, text=True, capture_output=True)
    if r.returncode != 0:
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
            ("libcsv only (C)", "canonical", f"{count} {canonical}"),
            ("pandas (mean)", "canonical", f"python3 {HERE}/pandas_convert.py --questionnaires {SET} --check {out} {canonical}"),
        ]
        results = []
        for name, layout, cmd in contenders:
            print(f"{n}: {name} ({layout})…", file=sys.stderr)
            rss = peak_rss_mb(cmd)  # also writes KhaoSat's outputs before pandas checks them
            results.append((name, layout, median_seconds(cmd, a.runs), rss))
        for f in ("content3.csv", "content3-criteria.csv"):
            if open(os.path.join(out, f), "rb").read() != open(os.path.join(out_kobo, f), "rb").read():
                sys.exit(f"{f}: the canonical and KoBo layouts gave different results")
        base = results[0][2]
        for name, layout, seconds, rss in results:
            rows_out.append((f"{n:,}", name, layout, size[layout], seconds, size[layout] / seconds, n / seconds, rss, seconds / base))
    head = ("submissions", "contender", "layout", "MB", "median s", "MB/s", "rows/s", "peak RSS MB", "× KhaoSat")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows_out:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.0f} | {r[4]:.2f} | {r[5]:.0f} | {r[6]:,.0f} | {r[7]:.0f} | {r[8]:.2f} |")


if __name__ == "__main__":
    main()
