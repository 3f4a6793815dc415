#!/usr/bin/env python3
"""Holds GIB GiB on GPU 0 until killed; writes READY_FILE once the memory is taken (for baseline checks)."""
import sys
import time

import torch

gib, ready = float(sys.argv[1]), sys.argv[2]
x = torch.empty(int(gib * (1 << 30)), dtype=torch.uint8, device="cuda")
torch.cuda.synchronize()
with open(ready, "w") as f:
    f.write(str(torch.cuda.memory_allocated()))
while True:
    time.sleep(1)
