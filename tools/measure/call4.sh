#!/bin/bash
# Call 4 (gemma3 session): allocation traces of the two Gemma-3 long-prompt misses (diag3.txt), then the fourth
# held-out set held_d.txt (committed before it was recorded). Only exit codes are printed; figures stay in tarballs.
set -u
cd "$(dirname "$0")"; start=$(date +%s); res=/tmp/diag3; mkdir -p $res; export PYTHONUNBUFFERED=1
while read -r cfg case dt b i o; do
  timeout 90 python3 trace.py configs/$cfg $case $dt $b $i $o $res > $res/$case.log 2>&1; echo "diag $case rc=$? t=$(( $(date +%s) - start ))"
  tar -C /tmp -czf $OUT/diag3.tgz diag3
done < diag3.txt
left=$(( ${BUDGET:-230} - ($(date +%s) - start) ))
NO_PROBE=1 RES=/tmp/heldd TAR=held_d CASES=held_d.txt BUDGET=$left ./record_all.sh | sed 's/ rc=\([0-9]*\).*/ rc=\1/'
echo "t=$(( $(date +%s) - start ))"
