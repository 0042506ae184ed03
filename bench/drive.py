"""Drives every target with wrk and prints one table, with each page's verdict against its target.

Usage: drive.py BASE_URL TARGETS_FILE SECONDS ROUNDS RESULTS_JSON

TARGETS_FILE lines: name<TAB>path<TAB>cookie header<TAB>kind, where kind is "floor" (a signed-in
view that renders no template), "reference" (the accessibility statement, signed in: the layout
and nothing else), "html" (a page), "redirect" (a page that sends you on) or "download" (a CSV
or .docx download). Targets:

- every HTML page at >= 50% of the reference page's throughput;
- every download at >= 25% of the reference page's throughput, or under 1 s at p95;
- the reference page itself at >= 40% of the floor's throughput.

Pages are interleaved with the reference page (driven again before every few pages), and each
page's share is worked out against the reference measured nearest to it, so a machine whose load
changes during the run moves both figures alike. With several rounds the table gives medians.
"""

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HTML_SHARE, DOWNLOAD_SHARE, DOWNLOAD_P95_MS, REFERENCE_SHARE = 0.50, 0.25, 1000, 0.40
REFERENCE_EVERY = 4

LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.3f %.3f %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def run_wrk(url, cookie, seconds, script):
    command = ["wrk", "-t2", "-c4", f"-d{seconds}s", "--timeout", "10s", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("RESULT"))
    requests, duration_us, p50, p95, errors = line.split()[1:]
    return int(requests) / (int(duration_us) / 1e6), float(p50), float(p95), int(errors)


def ratio(run, against):
    """One run's requests per second over another's (0 when the other served none)."""
    return run[0] / against[0] if against[0] else 0.0


def verdict(kind, share, p95_ms):
    if kind in ("html", "redirect"):
        return f">= {HTML_SHARE:.0%}: " + ("met" if share >= HTML_SHARE else "NOT MET")
    if kind == "download":
        met = share >= DOWNLOAD_SHARE or p95_ms < DOWNLOAD_P95_MS
        return f">= {DOWNLOAD_SHARE:.0%} or p95 < 1 s: " + ("met" if met else "NOT MET")
    if kind == "reference":
        met = share >= REFERENCE_SHARE
        return f">= {REFERENCE_SHARE:.0%} of the floor: " + ("met" if met else "NOT MET")
    return ""


def main():
    base, targets_file, seconds, rounds, results_file = sys.argv[1:6]
    seconds, rounds = int(seconds), int(rounds)
    targets = [line.split("\t") for line in Path(targets_file).read_text().splitlines() if line]
    floor = next(t for t in targets if t[3] == "floor")
    reference = next(t for t in targets if t[3] == "reference")
    pages = [t for t in targets if t[3] in ("html", "redirect", "download")]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(LUA)
    script = handle.name
    for _name, path, cookie, _kind in targets:
        run_wrk(base + path, cookie, 1, script)  # warm-up: caches, connections
    runs = {t[0]: [] for t in targets}
    shares = {t[0]: [] for t in targets}
    for n in range(rounds):
        print(f"round {n + 1} of {rounds}: {len(pages)} pages ...", file=sys.stderr)
        floor_run = run_wrk(base + floor[1], floor[2], seconds, script)
        ref_run = run_wrk(base + reference[1], reference[2], seconds, script)
        runs[floor[0]].append(floor_run)
        runs[reference[0]].append(ref_run)
        shares[reference[0]].append(ratio(ref_run, floor_run))
        for i, (name, path, cookie, _kind) in enumerate(pages):
            if i and i % REFERENCE_EVERY == 0:
                ref_run = run_wrk(base + reference[1], reference[2], seconds, script)
                runs[reference[0]].append(ref_run)
            result = run_wrk(base + path, cookie, seconds, script)
            runs[name].append(result)
            shares[name].append(ratio(result, ref_run))
    rows = []
    for name, path, _cookie, kind in [floor, reference, *pages]:
        rps, p50, p95 = (statistics.median(r[i] for r in runs[name]) for i in range(3))
        share = statistics.median(shares[name]) if shares[name] else 1.0
        errors = sum(r[3] for r in runs[name])
        rows.append(
            {
                "name": name,
                "path": path,
                "kind": kind,
                "rps": rps,
                "p50_ms": p50,
                "p95_ms": p95,
                "share": share,
                "errors": errors,
                "verdict": verdict(kind, share, p95),
            }
        )
    Path(results_file).parent.mkdir(parents=True, exist_ok=True)
    Path(results_file).write_text(json.dumps(rows, indent=1))
    width = max(len(r["name"]) for r in rows)
    print(
        f"\n{'page':<{width}} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'share':>6} "
        f"{'errors':>6}  target"
    )
    for r in rows:
        share = "" if r["kind"] == "floor" else f"{r['share']:.0%}"
        print(
            f"{r['name']:<{width}} {r['rps']:>8.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
            f"{share:>6} {r['errors']:>6}  {r['verdict']}"
        )
    missed = [r["name"] for r in rows if "NOT MET" in r["verdict"]]
    print(
        f"\n{rounds} round(s) of {seconds} s a page (wrk: 2 threads, 4 connections); share: the "
        "page's requests per second over the reference page's, measured next to it (the "
        "reference's over the floor's)."
        f"\nTargets met by {len(rows) - 1 - len(missed)} of {len(rows) - 1}; not met: "
        + (", ".join(missed) or "none")
    )


if __name__ == "__main__":
    main()
