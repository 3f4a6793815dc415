#!/bin/bash
# Call 3 (fourth session): the third held-out set, held_c.txt, committed before it was recorded; the rule on main
# was frozen at that commit. Only each case's exit code is printed; the figures stay in the tarball.
set -u
cd "$(dirname "$0")"; start=$(date +%s); export PYTHONUNBUFFERED=1
NO_PROBE=1 RES=/tmp/heldc TAR=held_c CASES=${CASES:-held_c.txt} BUDGET=${BUDGET:-380} ./record_all.sh | sed 's/ rc=\([0-9]*\).*/ rc=\1/'
echo "t=$(( $(date +%s) - start ))"
