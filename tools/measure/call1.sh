#!/bin/bash
# Call 1: allocation traces of the missed runs, a fresh re-record of the old qwen2.5-0.5b case, then held-out half A.
set -u
cd "$(dirname "$0")"; start=$(date +%s); res=/tmp/diag; mkdir -p $res
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv > $res/gpu.txt
while read -r cfg case dt b i o l; do
  timeout 150 python3 trace.py configs/$cfg $case $dt $b $i $o $res $l > $res/$case.log 2>&1; echo "diag $case rc=$? $(tail -1 $res/$case.log) t=$(( $(date +%s) - start ))"
  tar -C /tmp -czf $OUT/diag.tgz diag
done < diag.txt
NO_PROBE=1 RES=/tmp/rerun TAR=rerun CASES=rerun.txt BUDGET=400 ./record_all.sh; echo "t=$(( $(date +%s) - start ))"
left=$(( 545 - ($(date +%s) - start) ))
NO_PROBE=1 RES=/tmp/helda TAR=held_a CASES=held_a.txt BUDGET=$left ./record_all.sh | sed 's/rc=.*/(sealed)/'; echo "t=$(( $(date +%s) - start ))"
