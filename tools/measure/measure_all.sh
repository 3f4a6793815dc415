#!/bin/bash
# Runs each case in its own python process (fresh CUDA context), results under $1 (default $OUT).
set -u
out="${1:-$OUT}"
here="$(cd "$(dirname "$0")" && pwd)"
python3 -c 'import torch, transformers; print(torch.__version__, transformers.__version__)'
while read -r cfg case b i o; do
  [ -z "$cfg" ] && continue
  echo "== $case"; timeout 120 python3 "$here/measure_generate.py" "$here/configs/$cfg" "$case" "$b" "$i" "$o" "$out" 2>&1 | tail -3
done <<'CASES'
llama3.2-1b llama3.2-1b-bf16-b32-512-128 32 512 128
qwen2.5-1.5b qwen2.5-1.5b-fp16-b16-1024-128 16 1024 128
llama3-8b llama3-8b-bf16-b4-2048-128 4 2048 128
phi3-mini phi3-mini-bf16-b8-1024-128 8 1024 128
qwen2.5-7b qwen2.5-7b-bf16-b8-1024-128 8 1024 128
llama3-8b llama3-8b-bf16-b1-4096-256 1 4096 256
CASES
