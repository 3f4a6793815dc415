#!/usr/bin/env python3
"""Transient allocation spikes for MemLens's sampler comparison (docs/PERFORMANCE.md, "Transient peaks").

Initialises CUDA, writes READY_FILE, waits for GO_FILE, then ten times: allocates SIZE_GIB on the GPU, holds it
HOLD_MS, frees it back to the driver (empty_cache), waits GAP_MS. Prints one JSON line per spike with the epoch
milliseconds of the allocation (after it completed) and of the free (after it completed).

usage: spike.py READY_FILE GO_FILE [SIZE_GIB=8] [HOLD_MS=20] [COUNT=10] [GAP_MS=400]
"""
import json
import os
import sys
import time

import torch


def now_ms():
    return time.time_ns() // 1_000_000


def main():
    ready, go = sys.argv[1], sys.argv[2]
    size_gib = float(sys.argv[3]) if len(sys.argv) > 3 else 8
    hold_ms = float(sys.argv[4]) if len(sys.argv) > 4 else 20
    count = int(sys.argv[5]) if len(sys.argv) > 5 else 10
    gap_ms = float(sys.argv[6]) if len(sys.argv) > 6 else 400
    torch.cuda.init()
    torch.zeros(1, device="cuda")  # the CUDA context exists before the samplers start
    torch.cuda.synchronize()
    open(ready, "w").close()
    while not os.path.exists(go):
        time.sleep(0.01)
    time.sleep(0.5)
    nbytes = int(size_gib * (1 << 30))
    for i in range(count):
        t0 = now_ms()
        x = torch.empty(nbytes, dtype=torch.uint8, device="cuda")
        torch.cuda.synchronize()
        t1 = now_ms()
        time.sleep(hold_ms / 1000)
        del x
        torch.cuda.synchronize()
        torch.cuda.empty_cache()
        t2 = now_ms()
        print(json.dumps({"spike": i, "alloc_start_ms": t0, "allocated_ms": t1, "freed_ms": t2,
                          "bytes": nbytes, "held_ms": t2 - t1}), flush=True)
        time.sleep(gap_ms / 1000)


if __name__ == "__main__":
    main()
