"""Drives each target with wrk and prints a table.

Usage: drive.py BASE_URL TARGETS_FILE SECONDS [ROUNDS]

TARGETS_FILE lines: name<TAB>path<TAB>cookie header (may be empty)<TAB>kind, where kind is
"baseline" (the first line), "summary" (a summary page: the target is at least 35% of the
baseline's throughput), "docx" (a committee paper download: the target is a median under 2
seconds) or empty (shown for comparison).

Every target is driven for SECONDS in each of ROUNDS rounds (3 by default), the baseline first
in each round, and the table gives medians over the rounds. A page's share of the baseline is
worked out within each round, so a machine whose load changes during the run (other work on
it) moves both figures of a pair alike.
"""

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SUMMARY_SHARE = 0.35
DOCX_SECONDS = 2.0

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


def verdict(kind, share, p50_ms):
    if kind == "summary":
        met = share >= SUMMARY_SHARE
        return f">= {SUMMARY_SHARE:.0%} of baseline: " + ("met" if met else "not met")
    if kind == "docx":
        met = p50_ms < DOCX_SECONDS * 1000
        return f"< {DOCX_SECONDS:g} s: " + ("met" if met else "not met")
    return ""


def main():
    base, targets_file, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    targets = [line.split("\t") for line in Path(targets_file).read_text().splitlines() if line]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(LUA)
    for _name, path, cookie, _kind in targets:
        run_wrk(base + path, cookie, 2, handle.name)  # warm-up: caches, connections
    runs = {name: [] for name, *_ in targets}
    for n in range(rounds):
        print(f"round {n + 1} of {rounds} ...", file=sys.stderr)
        for name, path, cookie, _kind in targets:
            runs[name].append(run_wrk(base + path, cookie, seconds, handle.name))
    baseline = runs[targets[0][0]]
    print(
        f"\n{'page':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'of baseline':>12} "
        f"{'errors':>7}  target"
    )
    for name, _path, _cookie, kind in targets:
        rps, p50, p95 = (statistics.median(run[i] for run in runs[name]) for i in range(3))
        share = statistics.median(r[0] / b[0] for r, b in zip(runs[name], baseline, strict=True))
        errors = sum(run[3] for run in runs[name])
        print(
            f"{name:<30} {rps:>8.1f} {p50:>8.1f} {p95:>8.1f} {share:>12.0%} {errors:>7}  "
            f"{verdict(kind, share, p50)}"
        )
    print(
        f"\nMedians of {rounds} rounds of {seconds} s each (wrk: 2 threads, 4 connections)."
        "\nof baseline: the page's requests per second as a share of the baseline's."
        f"\nTargets: summary pages at >= {SUMMARY_SHARE:.0%} of the baseline's throughput; "
        f"committee .docx downloads in under {DOCX_SECONDS:g} s (median)."
    )


if __name__ == "__main__":
    main()
