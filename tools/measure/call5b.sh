#!/bin/bash
# Call 5b (fifth session): the fifth held-out set held_e.txt (committed before it was recorded; four configs new to
# MemLens: Qwen2.5-3B, Gemma-2-9B, Mistral-Nemo-12B, SmolLM2-1.7B). Only exit codes are printed: the figures stay in
# held_e.tgz, unopened until the estimator is frozen.
set -u
cd "$(dirname "$0")"; start=$(date +%s)
NO_PROBE=1 RES=/tmp/helde TAR=held_e CASES=held_e.txt BUDGET=${BUDGET:-540} ./record_all.sh | sed 's/ rc=\([0-9]*\).*/ rc=\1/'
echo "t=$(( $(date +%s) - start ))"
