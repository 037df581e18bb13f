#!/usr/bin/env python3
"""The portal under load, on loopback only: a bounded test with figures.

    python3 Benchmarks/portal_load.py [--contractors 20] [--files 5] [--rows 30000] [--data /tmp/khaosat-load]

Builds khaosat-portal (release), creates the contractors' accounts and API tokens, writes
contractors x files distinct response files (several MB each: generate.py's seeded files with
every submission id prefixed per copy), starts the server, and has every contractor upload its
files at the same time (one thread each, the files one after another, streamed). Then checks:
  - every file is stored once, under its SHA-256, and the stored bytes hash to it;
  - every upload's accounting equals `khaosat validate --format json` on the same file;
  - the server's peak memory (VmHWM) stays under --max-rss-mb.
Prints one table (wall time, uploads per second, MB/s, latency median and max, peak RSS) and
exits non-zero when a check fails.
"""
import argparse, csv, hashlib, http.client, json, os, shutil, socket, statistics, subprocess, sys, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SET = os.path.join(ROOT, "Questionnaires", "dak-lak-2025")
# Personal values are pseudonymised as they are read: the fixtures' key, unless one is given.
os.environ.setdefault("KHAOSAT_KEY_FILE", os.path.join(ROOT, "Fixtures", "keys", "demo.key"))
BIN = os.path.join(ROOT, ".build", "release")


def sh(args, **kw):
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw).stdout


def portal(*args, stdin=None):
    return subprocess.run([os.path.join(BIN, "khaosat-portal"), *args, "--questionnaires", SET, "--data", DATA],
                          input=stdin, check=True, text=True, capture_output=True).stdout


def files(base_dir, contractors, per, rows):
    """contractors x per distinct files: base files from `per` seeds, ids prefixed per contractor."""
    out = []
    for f in range(per):
        base = os.path.join(base_dir, f"seed{f}")
        if not os.path.exists(base):
            sh([sys.executable, os.path.join(HERE, "generate.py"), "--rows", str(rows), "--seed", str(100 + f), "--out", base])
        source = os.path.join(base, "canonical", "dn-tc-cd.csv")
        with open(source, encoding="utf-8", newline="") as h:
            table = list(csv.reader(h))
        for c in range(contractors):
            path = os.path.join(base_dir, f"c{c:02d}-f{f}.csv")
            if not os.path.exists(path):
                with open(path, "w", encoding="utf-8", newline="") as h:
                    w = csv.writer(h, lineterminator="\n")
                    w.writerow(table[0])
                    for row in table[1:]:
                        w.writerow([f"c{c}-{row[0]}"] + row[1:])
            out.append((c, path))
    return out


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def rss_mb(pid, field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0


def main():
    global DATA
    ap = argparse.ArgumentParser()
    ap.add_argument("--contractors", type=int, default=20)
    ap.add_argument("--files", type=int, default=5)
    ap.add_argument("--rows", type=int, default=30000, help="rows per seed (80 %% go to the uploaded business/citizen file)")
    ap.add_argument("--data", default="/tmp/khaosat-load")
    ap.add_argument("--max-rss-mb", type=float, default=200)
    a = ap.parse_args()
    DATA = os.path.join(a.data, "portal")
    shutil.rmtree(DATA, ignore_errors=True)
    os.makedirs(a.data, exist_ok=True)
    sh(["swift", "build", "-c", "release", "--product", "khaosat-portal"], cwd=ROOT)
    sh(["swift", "build", "-c", "release", "--product", "khaosat"], cwd=ROOT)

    uploads = files(a.data, a.contractors, a.files, a.rows)
    tokens = []
    for c in range(a.contractors):
        portal("users", "add", "--name", f"nha.thau.{c:02d}", "--role", "contractor", stdin="mot-mat-khau-dai-cho-tai\n")
        tokens.append(portal("tokens", "add", "--name", f"nha.thau.{c:02d}").strip())

    port = free_port()
    server = subprocess.Popen([os.path.join(BIN, "khaosat-portal"), "serve", "--questionnaires", SET, "--data", DATA,
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    idle_mb = rss_mb(server.pid, "VmRSS")

    results, latencies, lock = {}, [], threading.Lock()

    def contractor(c):
        for owner, path in uploads:
            if owner != c:
                continue
            started = time.monotonic()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            with open(path, "rb") as body:
                conn.request("POST", "/api/uploads?name=" + os.path.basename(path), body=body,
                             headers={"Authorization": "Bearer " + tokens[c], "Content-Length": str(os.path.getsize(path))})
                r = conn.getresponse()
                answer = (r.status, json.loads(r.read() or b"{}"))
            conn.close()
            with lock:
                results[path] = answer
                latencies.append(time.monotonic() - started)

    threads = [threading.Thread(target=contractor, args=(c,)) for c in range(a.contractors)]
    start = time.monotonic()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        time.sleep(0.05)
    wall = time.monotonic() - start
    peak_mb = rss_mb(server.pid, "VmHWM")
    server.terminate()
    server.wait()

    # The checks.
    problems = []
    total_bytes = sum(os.path.getsize(p) for _, p in uploads)
    # One file at a time, as the portal validates them (several files would meet across files).
    def validate(path):
        # Exit 1 only says rows were set aside.
        r = subprocess.run([os.path.join(BIN, "khaosat"), "validate", "--questionnaires", SET, "--format", "json", path],
                           text=True, capture_output=True)
        if r.returncode not in (0, 1):
            raise SystemExit(r.stderr)
        return json.loads(r.stdout)["total"]
    blobs = []
    for root, _, names in os.walk(os.path.join(DATA, "blobs")):
        blobs += [os.path.join(root, n) for n in names if not root.endswith("tmp")]
    for _, path in uploads:
        status, upload = results.get(path, (0, {}))
        if status != 201:
            problems.append(f"{path}: HTTP {status}")
            continue
        digest = sha256(path)
        stored = os.path.join(DATA, "blobs", digest[:2], digest)
        if upload.get("sha256") != digest or not os.path.exists(stored) or sha256(stored) != digest:
            problems.append(f"{path}: not stored under its SHA-256")
        want = validate(path)
        got = {k: upload.get(k) for k in ("rows", "submissions", "accepted", "setAside", "duplicates")}
        if got != {k: want[k] for k in got}:
            problems.append(f"{path}: accounting {got} != validate {want}")
    if len(blobs) != len(uploads):
        problems.append(f"{len(blobs)} blobs for {len(uploads)} distinct files")
    if peak_mb > a.max_rss_mb:
        problems.append(f"peak RSS {peak_mb:.0f} MB > {a.max_rss_mb:.0f} MB")

    n = len(uploads)
    print(f"| contractors × files | data | wall | uploads/s | MB/s | latency median | latency max | server RSS idle → peak |")
    print(f"|---|---|---|---|---|---|---|---|")
    print(f"| {a.contractors} × {a.files} | {total_bytes / 1e6:.0f} MB ({total_bytes / n / 1e6:.1f} MB/file) | {wall:.1f} s | "
          f"{n / wall:.1f} | {total_bytes / 1e6 / wall:.1f} | {statistics.median(latencies):.1f} s | {max(latencies):.1f} s | "
          f"{idle_mb:.0f} → {peak_mb:.0f} MB |")
    print("checks: " + ("all passed (stored once by SHA-256, accounting = khaosat validate, memory bounded)" if not problems
                        else "FAILED\n  " + "\n  ".join(problems[:20])))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
