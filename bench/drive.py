"""Drives each target with wrk and prints a table. Usage: drive.py BASE_URL TARGETS_FILE SECONDS.

TARGETS_FILE lines: name<TAB>path<TAB>cookie-header (may be empty). The first line is the baseline.
A target whose name ends with "(reference)" is a second yardstick: every page's throughput is
also given as a ratio of it (e.g. the cheapest page a signed-in user can ask for).
"""

import subprocess
import sys
import tempfile
from pathlib import Path

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


def main():
    base, targets_file, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    targets = [line.split("\t") for line in Path(targets_file).read_text().splitlines() if line]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(LUA)
    rows, baseline, reference = [], None, None
    for name, path, cookie in targets:
        run_wrk(base + path, cookie, 2, handle.name)  # warm-up
        rps, p50, p95, errors = run_wrk(base + path, cookie, seconds, handle.name)
        baseline = baseline or rps
        if reference is None and name.endswith("(reference)"):
            reference = rps
        rows.append((name, path, rps, p50, p95, rps / baseline, errors))
    header = f"\n{'page':<40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs base':>8}"
    print(header + (f" {'vs ref':>7}" if reference else "") + f" {'errors':>7}")
    for name, _path, rps, p50, p95, ratio, errors in rows:
        line = f"{name:<40} {rps:>8.1f} {p50:>8.1f} {p95:>8.1f} {ratio:>7.0%}"
        if reference:
            line += f" {rps / reference:>6.0%}"
        print(f"{line} {errors:>7}")
    print("\nTargets: summary pages at >= 35% of the baseline's throughput; the .docx under 2 s.")
    if reference:
        print("vs ref: throughput as a share of the reference page's.")


if __name__ == "__main__":
    main()
