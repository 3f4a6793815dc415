#!/usr/bin/env python3
"""CPU of one `memlens sample` run, JVM and the tools it waited for included, from wait4's rusage.

usage: cli_cpu.py CSV_OUT COMMAND...   prints: cpu_s samples wall_s
"""
import os
import subprocess
import sys
import time

out, command = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
p = subprocess.Popen(command + ["--output", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(p.pid, 0)
wall = time.monotonic() - t0
err = p.stderr.read().decode().strip().splitlines()
rows = sum(1 for line in open(out) if line.startswith("sample,")) if os.path.exists(out) else 0
print(f"{usage.ru_utime + usage.ru_stime:.3f} {rows} {wall:.3f} exit={os.waitstatus_to_exitcode(status)} "
      f"| {err[-1] if err else ''}")
