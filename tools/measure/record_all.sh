#!/bin/bash
# One fresh python process per case; results tarred into $OUT after every case.
set -u
here="$(cd "$(dirname "$0")" && pwd)"; res=${RES:-/tmp/runs}; mkdir -p $res; start=$(date +%s); budget=${BUDGET:-520}
nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv > $res/gpu.txt
[ -n "${NO_PROBE:-}" ] || python3 "$here/probe.py" $res/probe.json 2>&1 | tail -2
while read -r set cfg case dt b i o; do
  [ -z "$cfg" ] && continue
  now=$(date +%s); if [ $((now - start)) -gt $budget ]; then echo "budget: skip $case"; continue; fi
  timeout 150 python3 "$here/record.py" "$here/configs/$cfg" "$case" "$dt" "$b" "$i" "$o" $res > $res/$case.log 2>&1; echo "$set $case rc=$? $(tail -1 $res/$case.log)"
  echo "$set $case" >> $res/sets.txt
  tar -C $(dirname $res) -czf $OUT/${TAR:-runs}.tgz $(basename $res)
done < "$here/${CASES:-cases.txt}"
