"""Prints each page's server time at the normal seed and at the tenfold seed, and the growth.

Usage: compare.py RESULTS_SCALE_1.json RESULTS_SCALE_10.json
Target: no page's p50 grows by more than 30% when the seed grows tenfold.
"""

import json
import sys
from pathlib import Path

GROWTH = 0.30


def main():
    small, large = ({r["name"]: r for r in json.loads(Path(f).read_text())} for f in sys.argv[1:3])
    width = max(len(n) for n in small)
    print(f"{'page':<{width}} {'p50 ms x1':>10} {'p50 ms x10':>11} {'growth':>7}  target")
    over = []
    for name, row in small.items():
        if name not in large:
            continue
        growth = large[name]["p50_ms"] / row["p50_ms"] - 1 if row["p50_ms"] else 0.0
        met = growth <= GROWTH
        if not met:
            over.append(name)
        print(
            f"{name:<{width}} {row['p50_ms']:>10.1f} {large[name]['p50_ms']:>11.1f} "
            f"{growth:>7.0%}  <= {GROWTH:.0%}: {'met' if met else 'NOT MET'}"
        )
    print(f"\nPages whose server time grows by more than {GROWTH:.0%}: {', '.join(over) or 'none'}")


if __name__ == "__main__":
    main()
