#!/usr/bin/env python3
"""What personal-data protection costs (issue 25): pseudonyms at ingest and sealed originals.

    python3 Benchmarks/privacy_overhead.py [--rows 100000] [--runs 5] [--data /tmp/khaosat-bench]

The same generated files (`generate.py`), two release builds: this tree (declared personal values
pseudonymised with the fixtures' key, originals sealed) and, in a temporary git worktree, the
commit before issue 25 (`--base`), each with its own shipped set. Times, with hyperfine, in one
run: `khaosat convert` (canonical) and `khaosat-portal demo` into a fresh data folder (every
file validated and stored). Prints medians and the ratios. The worktree's first build takes
several minutes; it is kept (`/tmp/khaosat-base-<commit>`) for the next run.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SET = os.path.join(ROOT, "Questionnaires", "dak-lak-2025")
KEY = os.path.join(ROOT, "Fixtures", "keys", "demo.key")


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, text=True, capture_output=True, **kw).stdout


def build(root):
    for product in ["khaosat", "khaosat-portal"]:  # one --product per build: SwiftPM keeps only the last
        sh(f"swift build -c release --product {product}", cwd=root)


def median(cmd, runs, prepare=None):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        p = f"--prepare {json.dumps(prepare)} " if prepare else ""
        sh(f"hyperfine -N --warmup 1 --runs {runs} {p}--export-json {out.name} {json.dumps(cmd)}")
        return json.load(open(out.name))["results"][0]["median"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", default="/tmp/khaosat-bench")
    ap.add_argument("--base", default="00e0d7a", help="the commit before issue 25")
    a = ap.parse_args()
    data = os.path.join(a.data, f"n{a.rows}")
    if not os.path.exists(os.path.join(data, "kobo", "hdnd-xa.csv")):
        print(f"generating {a.rows} submissions…", file=sys.stderr)
        sh(f"python3 {HERE}/generate.py --rows {a.rows} --seed 2025 --out {data}")
    inputs = " ".join(sorted(os.path.join(data, "canonical", f) for f in os.listdir(os.path.join(data, "canonical"))))
    mb = sum(os.path.getsize(os.path.join(data, "canonical", f)) for f in os.listdir(os.path.join(data, "canonical"))) / 1e6
    print("building…", file=sys.stderr)
    build(ROOT)
    work = tempfile.mkdtemp(prefix="khaosat-privacy-")
    tree = os.path.join(tempfile.gettempdir(), f"khaosat-base-{a.base}")
    try:
        if not os.path.exists(tree):
            sh(f"git worktree add --detach {tree} {a.base}", cwd=ROOT)
        print("building the base (several minutes)…", file=sys.stderr)
        build(tree)
        print("timing…", file=sys.stderr)
        rows = []
        for label, root, key in [(f"before ({a.base})", tree, ""), ("pseudonyms + sealed originals", ROOT, f"--key-file {KEY} ")]:
            release, qs = os.path.join(root, ".build", "release"), os.path.join(root, "Questionnaires", "dak-lak-2025")
            out = os.path.join(work, f"run-{len(rows)}")  # each its own: a run is not overwritten with another key
            convert = median(f"{release}/khaosat convert --questionnaires {qs} {key}--out {out} --quiet --reproducible {inputs}", a.runs)
            portal = os.path.join(work, "portal")
            upload = median(f"{release}/khaosat-portal demo --questionnaires {qs} {key}--data {portal} {inputs}", a.runs,
                            prepare=f"rm -rf {portal}")
            rows.append((label, convert, upload))
        print(f"| {a.rows:,} submissions, {mb:.0f} MB | convert median s | portal upload (demo) median s |")
        print("|---|---|---|")
        for label, convert, upload in rows:
            print(f"| {label} | {convert:.2f} | {upload:.2f} |")
        print(f"| ratio | {rows[1][1] / rows[0][1]:.3f} | {rows[1][2] / rows[0][2]:.3f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
