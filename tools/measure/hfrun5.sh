#!/bin/bash
# Real memlens hf runs (sliding-window models) with main's CLI at 1aaf8e9: the measured account against the estimate.
# Ran from a copy at .device/est5/hfrun.sh with .device/est5 (thin jar of target/classes, measure/) and .device/nvml
# (jlink JRE and the CLI's dependency jars) carried; docs/VALIDATION.md has the result.
set -u
cd "$(dirname "$0")/../.."
J=.device/nvml/jre/bin/java
CP=.device/est5/memlens-thin.jar:$(ls .device/nvml/lib/*.jar | grep -v memlens-classes | tr '\n' ':')
M="$J -cp $CP dev.memlens.MemLens"
mkdir -p /tmp/res; export XDG_DATA_HOME=/tmp/res/data
nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv > /tmp/res/gpu.txt
$M --version > /tmp/res/version.txt 2>&1
run() { name=$1; shift; echo "== $name" ; timeout 240 $M hf "$@" -o /tmp/res/$name.json > /tmp/res/$name.out 2> /tmp/res/$name.err; echo "rc=$?" >> /tmp/res/$name.out; tail -30 /tmp/res/$name.out; tail -5 /tmp/res/$name.err; }
C=.device/est5/measure/configs
run gemma2-b2-8192 --model $C/gemma-2-2b --random-weights --dtype bfloat16 --batch-size 2 --input-len 8192 --max-tokens 64 --source nvml --interval-ms 20
run phi3-b2-3072 --model $C/phi3-mini --random-weights --dtype bfloat16 --batch-size 2 --input-len 3072 --max-tokens 128 --source nvidia-smi --interval-ms 50
tar -C /tmp -czf $OUT/res.tgz res
