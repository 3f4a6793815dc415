#!/bin/bash
# Call 2: allocation traces of the runs the first changes moved (phi3, GPT-NeoX, Gemma-2, Qwen3, sliding window,
# fp32), one whole 1024-step decode without stacks, then held-out half B (sealed).
set -u
cd "$(dirname "$0")"; start=$(date +%s); res=/tmp/diag2; mkdir -p $res
export PYTHONUNBUFFERED=1
while read -r cfg case dt b i o l; do
  timeout 120 python3 trace.py configs/$cfg $case $dt $b $i $o $res $l > $res/$case.log 2>&1; echo "diag $case rc=$? $(tail -1 $res/$case.log) t=$(( $(date +%s) - start ))"
  tar -C /tmp -czf $OUT/diag2.tgz diag2
done < diag2.txt
while read -r cfg case dt b i o l; do
  NOSTACK=1 timeout 200 python3 trace.py configs/$cfg $case $dt $b $i $o $res $l > $res/$case.log 2>&1; echo "diag $case rc=$? $(tail -1 $res/$case.log) t=$(( $(date +%s) - start ))"
  tar -C /tmp -czf $OUT/diag2.tgz diag2
done < diag2long.txt
left=$(( 550 - ($(date +%s) - start) ))
NO_PROBE=1 RES=/tmp/heldb TAR=held_b CASES=held_b.txt BUDGET=$left ./record_all.sh | sed 's/rc=.*/(sealed)/'; echo "t=$(( $(date +%s) - start ))"
