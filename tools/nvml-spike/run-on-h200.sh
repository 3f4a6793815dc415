#!/usr/bin/env bash
# Everything issue 14 (and the one-GPU part of issue 17) measures on a real NVIDIA GPU, in one go. Expects, beside it
# or under $BUNDLE: jre/ (a jlink'ed runtime), lib/*.jar (MemLens's classes with the bench, and its CLI
# dependencies), this directory's *.py; and python3 with torch. Writes log.txt and nvml-h200.tgz into $OUT.
set -u
BUNDLE=${BUNDLE:-$(cd "$(dirname "$0")/.." && pwd)}
OUT=${OUT:-/tmp/nvml-out}
T=$BUNDLE/tools
W=/tmp/nvml-work; rm -rf "$W"; mkdir -p "$W" "$OUT"
CP=$(ls "$BUNDLE"/lib/*.jar | tr '\n' ':')
J="$BUNDLE/jre/bin/java"
memlens() { "$J" -cp "$CP" dev.memlens.MemLens "$@"; }
exec > >(tee "$OUT/log.txt") 2>&1
echo "== machine"; date -u; nproc; grep -m1 'model name' /proc/cpuinfo; nvidia-smi -L
nvidia-smi --query-gpu=driver_version,memory.total,memory.used --format=csv
if ! ldconfig -p | grep -m2 'libnvidia-ml.so.1'; then
  lib=$(find /usr/local/nvidia /usr/lib /usr/lib64 /lib -name 'libnvidia-ml.so.1' 2>/dev/null | head -1)
  echo "libnvidia-ml.so.1 not in the ld cache; found: ${lib:-nothing}; LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
  [ -n "$lib" ] && export MEMLENS_NVML_LIBRARY=$lib
fi
"$J" -version 2>&1 | head -1
python3 -c 'import torch; print("torch", torch.__version__)'

echo "== bench (NvmlSamplerBench: JVM + tool CPU, medians)"
"$J" -cp "$CP" dev.memlens.bench.NvmlSamplerBench --rounds 3 --seconds 3 \
    --configs idle,nvml:1:50,nvml:1:10,nvml:1:1,nvidia-smi:1:50,nvidia-smi:1:10

echo "== memlens sample, 12 s run minus 2 s run (issue 17, one GPU): cpu_s samples wall_s"
for cfg in nvml:50 nvidia-smi:50 nvml:10 nvidia-smi:10; do
  src=${cfg%%:*}; ms=${cfg##*:}
  for d in 12 2; do
    printf '%s %s ms %s s: ' "$src" "$ms" "$d"
    python3 "$T/cli_cpu.py" "$W/cli-$src-$ms-$d.csv" "$J" -cp "$CP" dev.memlens.MemLens sample --source "$src" \
        --interval-ms "$ms" --duration "$d"
  done
done

echo "== transient spikes: 10 x 8 GiB held 20 ms; NVML at 1 ms and nvidia-smi at 100 ms at the same time"
rm -f "$W/ready" "$W/go"
python3 "$T/spike.py" "$W/ready" "$W/go" 8 20 10 400 > "$W/spikes.jsonl" &
SPIKE=$!
while [ ! -f "$W/ready" ]; do sleep 0.1; done
memlens sample --source nvml --interval-ms 1 --duration 9 --output "$W/spike-nvml-1ms.csv" 2> "$W/spike-nvml.err" &
A=$!
memlens sample --source nvidia-smi --interval-ms 100 --duration 9 --output "$W/spike-smi-100ms.csv" 2> "$W/spike-smi.err" &
B=$!
sleep 2; touch "$W/go"; wait $SPIKE; wait $A; wait $B
cat "$W/spike-nvml.err" "$W/spike-smi.err"; cat "$W/spikes.jsonl"
python3 "$T/analyze.py" "$W/spikes.jsonl" "$W/spike-nvml-1ms.csv" "$W/spike-smi-100ms.csv"

echo "== baseline and --gpus while another process holds 4 GiB on GPU 0"
python3 "$T/hold.py" 4 "$W/held" & HOLD=$!
while [ ! -f "$W/held" ]; do sleep 0.1; done
echo "holder pid $HOLD, torch allocated $(cat "$W/held") bytes"
nvidia-smi --query-gpu=index,memory.used,memory.reserved --format=csv,nounits
nvidia-smi --query-compute-apps=pid,used_memory --format=csv,nounits
for src in nvml nvidia-smi; do
  echo "-- $src --gpus 0"; memlens sample --source "$src" --gpus 0 --duration 1.5 --output "$W/held-$src.csv"
  echo "exit $?"; grep -m3 '^process' "$W/held-$src.csv"
done
echo "-- nvml --gpus 1 (no such GPU)"; memlens sample --source nvml --gpus 1 --duration 1 --output "$W/held-gpu1.csv"
echo "exit $?"
echo "-- auto with CUDA_VISIBLE_DEVICES=0"; CUDA_VISIBLE_DEVICES=0 memlens sample --duration 1 --output "$W/held-auto.csv"
echo "exit $?"
kill $HOLD; wait $HOLD 2>/dev/null
echo "-- after the holder ended"; memlens sample --source nvml --duration 1 --output "$W/after.csv"
tar czf "$OUT/nvml-h200.tgz" -C "$W" .
echo "== done"; date -u; sleep 1
