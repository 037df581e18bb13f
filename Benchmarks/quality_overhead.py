#!/usr/bin/env python3
"""What the quality checks add to `khaosat convert` (issue 17 allows 15 % on the 1 M benchmark).

    python3 Benchmarks/quality_overhead.py [--rows 1000000] [--runs 5] [--data /tmp/khaosat-bench]

Builds KhaoSat twice in release mode: as it is (the main tree's build), and, in a temporary
git worktree of HEAD, with `ConversionRun` feeding a sink that keeps nothing where the quality
collector was (the checks then run on no records). Then times both on the same generated files
(`generate.py`, as `run.py` makes them) with hyperfine and prints medians, CPU time and peak RSS.
The worktree's first build takes several minutes; it is removed at the end.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SET = os.path.join(ROOT, "Questionnaires", "dak-lak-2025")
# Personal values are pseudonymised as they are read: the fixtures' key, unless one is given.
os.environ.setdefault("KHAOSAT_KEY_FILE", os.path.join(ROOT, "Fixtures", "keys", "demo.key"))

# The run with the collector replaced; the script stops if the code no longer reads this way.
WITHOUT_CHECKS = [
    ("BothSinks(Tally(set: set), QualityCollector(set: set))", "BothSinks(Tally(set: set), SubmissionDiscard())", 2),
    ("QualityChecks(set: set).run(sink.second)", "QualityChecks(set: set).run(QualityCollector(set: set))", 1),
    ("Self.exclude(quality, excluding, collector: sink.second, from: &tally, ingest: &ingest)", "0", 1),
]


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, text=True, capture_output=True, **kw).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", default="/tmp/khaosat-bench")
    a = ap.parse_args()
    data = os.path.join(a.data, f"n{a.rows}")
    if not os.path.exists(os.path.join(data, "kobo", "hdnd-xa.csv")):
        print(f"generating {a.rows} submissions…", file=sys.stderr)
        sh(f"python3 {HERE}/generate.py --rows {a.rows} --seed 2025 --out {data}")
    inputs = " ".join(sorted(os.path.join(data, "canonical", f) for f in os.listdir(os.path.join(data, "canonical"))))
    print("building…", file=sys.stderr)
    sh("swift build -c release --product khaosat", cwd=ROOT)
    tree = tempfile.mkdtemp(prefix="khaosat-nochecks-")
    try:
        sh(f"git worktree add --detach {tree} HEAD", cwd=ROOT)
        path = os.path.join(tree, "Sources", "KhaoSatPipeline", "ConversionRun.swift")
        text = open(path).read()
        for old, new, times in WITHOUT_CHECKS:
            if text.count(old) != times:
                sys.exit(f"ConversionRun.swift no longer reads as this script expects: {old}")
            text = text.replace(old, new)
        open(path, "w").write(text)
        print("building without the checks (several minutes)…", file=sys.stderr)
        sh("swift build -c release --product khaosat", cwd=tree)
        binaries = [("without checks", os.path.join(tree, ".build", "release", "khaosat")),
                    ("with checks", os.path.join(ROOT, ".build", "release", "khaosat"))]
        commands = [f"{b} convert --questionnaires {SET} --out {tempfile.gettempdir()}/quality-overhead-{i} --quiet --reproducible {inputs}"
                    for i, (_, b) in enumerate(binaries)]
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            sh(f"hyperfine -N --warmup 1 --runs {a.runs} --export-json {out.name} " + " ".join(json.dumps(c) for c in commands))
            results = json.load(open(out.name))["results"]
        rss = []
        for c in commands:
            r = subprocess.run(f"/usr/bin/time -f %M {c}", shell=True, text=True, capture_output=True, check=True)
            rss.append(int(r.stderr.strip().splitlines()[-1]) / 1024)
        print(f"| khaosat convert, {a.rows:,} submissions (canonical) | median s | CPU s | peak RSS MB |")
        print("|---|---|---|---|")
        for (name, _), r, m in zip(binaries, results, rss):
            print(f"| {name} | {r['median']:.2f} | {r['user'] + r['system']:.2f} | {m:.0f} |")
        base, full = results[0], results[1]
        print(f"\nthe checks add {100 * (full['median'] / base['median'] - 1):.0f} % wall time, "
              f"{100 * ((full['user'] + full['system']) / (base['user'] + base['system']) - 1):.0f} % CPU time")
    finally:
        subprocess.run(f"git worktree remove --force {tree}", shell=True, cwd=ROOT, capture_output=True)
        shutil.rmtree(tree, ignore_errors=True)


if __name__ == "__main__":
    main()
