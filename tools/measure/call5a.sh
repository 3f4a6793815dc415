#!/bin/bash
# Call 5a (fifth session): allocation traces of the runs the replay still misses: Gemma-2-2B's prefill at b2 8192
# (+286 MiB reserved) and b8 1024 (−146 MiB), Phi-3-mini's decode at batch 16 (a 4-layer model with stacks, and the
# whole 256-step decode without stacks). Figures go into diag5.tgz.
set -u
cd "$(dirname "$0")"; start=$(date +%s); res=/tmp/diag5; mkdir -p $res; export PYTHONUNBUFFERED=1
while read -r cfg case dt b i o l; do
  timeout 120 python3 trace.py configs/$cfg $case $dt $b $i $o $res ${l:-} > $res/$case.log 2>&1; echo "diag $case rc=$? $(tail -1 $res/$case.log) t=$(( $(date +%s) - start ))"
  tar -C /tmp -czf $OUT/diag5.tgz diag5
done < diag5.txt
while read -r cfg case dt b i o l; do
  NOSTACK=1 timeout 200 python3 trace.py configs/$cfg $case $dt $b $i $o $res ${l:-} > $res/$case.log 2>&1; echo "diag $case rc=$? $(tail -1 $res/$case.log) t=$(( $(date +%s) - start ))"
  tar -C /tmp -czf $OUT/diag5.tgz diag5
done < diag5long.txt
echo "t=$(( $(date +%s) - start ))"
