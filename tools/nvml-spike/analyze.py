#!/usr/bin/env python3
"""Which spikes of spike.py each `memlens sample` CSV caught, and the peak each saw.

usage: analyze.py SPIKES_JSONL CSV [CSV ...]
A spike counts as caught when a sample taken between its allocation start and its free (both inclusive, to the
millisecond) shows at least half the spike's bytes above the CSV's first sample.
"""
import csv
import json
import sys


def read_samples(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("sample,"):
                r = next(csv.reader([line]))
                rows.append((int(r[1]), int(r[7])))
    return rows


def main():
    spikes = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
    for path in sys.argv[2:]:
        samples = read_samples(path)
        if not samples:
            print(f"{path}: no samples")
            continue
        base = samples[0][1]
        caught = 0
        detail = []
        for s in spikes:
            inside = [u for t, u in samples if s["alloc_start_ms"] <= t <= s["freed_ms"]]
            hit = any(u - base >= s["bytes"] / 2 for u in inside)
            caught += hit
            detail.append(f"{s['spike']}:{'hit' if hit else 'miss'}({len(inside)} samples, max "
                          f"{(max(inside) if inside else base) / 2**20:.0f} MiB)")
        peak_t, peak = max(samples, key=lambda r: r[1])
        span = (samples[-1][0] - samples[0][0]) / 1000
        print(f"{path}: {len(samples)} samples over {span:.2f} s ({len(samples) / span if span else 0:.1f}/s); "
              f"first {base / 2**20:.0f} MiB; peak {peak / 2**20:.0f} MiB ({peak} bytes) at {peak_t}; "
              f"caught {caught} of {len(spikes)} spikes")
        print("  " + " ".join(detail))


if __name__ == "__main__":
    main()
