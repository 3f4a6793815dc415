#!/bin/bash
# Call 5c (fifth session): the three cases of held_e.txt that call5b.sh's time budget skipped (held_e_rest.txt, the
# same lines, committed in f708332 before any was recorded), exit codes only; then Phi-3-mini b8 512+512's whole decode
# without stacks (the fifth set's one run whose large pool the replay misses, +264 MiB), kept for the next session.
set -u
cd "$(dirname "$0")"; start=$(date +%s); export PYTHONUNBUFFERED=1
NO_PROBE=1 RES=/tmp/helde2 TAR=held_e_rest CASES=held_e_rest.txt BUDGET=300 ./record_all.sh | sed 's/ rc=\([0-9]*\).*/ rc=\1/'
res=/tmp/diag5c; mkdir -p $res
while read -r cfg case dt b i o l; do
  NOSTACK=1 timeout 200 python3 trace.py configs/$cfg $case $dt $b $i $o $res ${l:-} > $res/$case.log 2>&1; echo "diag $case rc=$? t=$(( $(date +%s) - start ))"
  tar -C /tmp -czf $OUT/diag5c.tgz diag5c
done < diag5c.txt
echo "t=$(( $(date +%s) - start ))"
