#!/usr/bin/env python3
"""Two builds of redline timed side by side, their runs interleaved
(A B, then B A, ...) so that a machine whose speed drifts within minutes
slows both alike. Prints the fastest, first quartile and median of each,
and B's median and fastest over A's.

usage: benches/ab.py RUNS BUILD_A BUILD_B -- ARGS...
e.g.   benches/ab.py 20 /tmp/redline-before target/release/redline -- -C ws lint

Each process's output is discarded; three rounds of warm-up are not counted.
"""
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 5 or sys.argv[4] != "--":
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    a, b = sys.argv[2], sys.argv[3]
    args = sys.argv[5:]
    times = {a: [], b: []}
    for i in range(runs + 3):
        for exe in (a, b) if i % 2 == 0 else (b, a):
            start = time.perf_counter()
            subprocess.run([exe] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if i >= 3:
                times[exe].append((time.perf_counter() - start) * 1000)
    for exe in (a, b):
        v = sorted(times[exe])
        print(f"{exe[-40:]:>40}: fastest {v[0]:7.2f}  p25 {v[len(v) // 4]:7.2f}  median {statistics.median(v):7.2f} ms")
    ratio = statistics.median(times[b]) / statistics.median(times[a])
    print(f"B/A: median {ratio:.3f}, fastest {min(times[b]) / min(times[a]):.3f}")


if __name__ == "__main__":
    main()
