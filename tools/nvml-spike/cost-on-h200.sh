#!/usr/bin/env bash
# Second H200 pass: where an NVML sample's CPU goes (NvmlCallCostBench, per entry point), and the sampler bench again
# with utilization and power read every 100 ms, with and without per-process polls. Same bundle as run-on-h200.sh.
set -u
BUNDLE=${BUNDLE:-$(cd "$(dirname "$0")/.." && pwd)}
OUT=${OUT:-/tmp/nvml-out}; mkdir -p "$OUT"
CP=$(ls "$BUNDLE"/lib/*.jar | tr '\n' ':')
J="$BUNDLE/jre/bin/java"
exec > >(tee "$OUT/cost.txt") 2>&1
date -u; nvidia-smi -L
echo "== NVML call costs"
"$J" -cp "$CP" dev.memlens.core.gpu.nvml.NvmlCallCostBench 20000
echo "== sampler bench"
"$J" -cp "$CP" dev.memlens.bench.NvmlSamplerBench --rounds 3 --seconds 3 \
    --configs idle,nvml:1:50,nvml:1:50:0,nvml:1:10,nvml:1:1,nvml:1:1:0,nvidia-smi:1:50,nvidia-smi:1:10
date -u; sleep 1
