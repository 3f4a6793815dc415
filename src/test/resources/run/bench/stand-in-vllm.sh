#!/usr/bin/env bash
# Stand-in for the `vllm` CLI in tests: replays a real v0.19 start-up log and real `bench latency` output.
# STANDIN_VLLM_MODE: normal | oom (replays a CUDA OOM during profiling, exits 1) | hang (after loading: an
#   "engine core" child and the parent wait forever) | stubborn (like hang, but both ignore SIGTERM)
# STANDIN_VLLM_DIR: folder with startup.log, oom.log, bench-stdout.txt, bench-output.json
# STANDIN_VLLM_ARGV: if set, the arguments are written there one per line
# STANDIN_VLLM_PIDS: if set, the pids of this script and its engine-core child are appended there
# STANDIN_VLLM_HOLD_SAMPLES=N with STANDIN_VLLM_JOURNALS=DIR: after the start-up log, hold the benchmark until the
#   run journal MemLens writes in DIR holds N samples of GPU 0, so the run is sampled while it runs however slow the
#   machine is (a condition, not a time; at most 120 s, then exit 3 saying so)
mode="${STANDIN_VLLM_MODE:-normal}"
dir="${STANDIN_VLLM_DIR:?STANDIN_VLLM_DIR not set}"
if [ -n "$STANDIN_VLLM_ARGV" ]; then printf '%s\n' "$@" > "$STANDIN_VLLM_ARGV"; fi
if [ "$1" = "--version" ]; then echo "INFO 11-27 20:00:00 [__init__.py:216] Automatically detected platform cuda."; echo "0.19.0"; exit 0; fi
if [ "$1" != "bench" ] || [ "$2" != "latency" ]; then echo "usage: vllm bench latency ..." >&2; exit 2; fi
out_json=""
while [ $# -gt 0 ]; do
  case "$1" in --output-json) out_json="$2"; shift ;; esac
  shift
done
if [ "$mode" = stubborn ]; then trap '' TERM; fi
# vLLM starts an engine-core process that holds the GPU memory
( if [ "$mode" = stubborn ]; then trap '' TERM; fi; while true; do sleep 0.2; done ) &
core=$!
if [ -n "$STANDIN_VLLM_PIDS" ]; then echo "$$" >> "$STANDIN_VLLM_PIDS"; echo "$core" >> "$STANDIN_VLLM_PIDS"; fi
if [ "$mode" = oom ]; then
  head -n 12 "$dir/startup.log" >&2
  cat "$dir/oom.log" >&2
  kill -9 $core
  exit 1
fi
while IFS= read -r line; do echo "$line" >&2; sleep 0.02; done < "$dir/startup.log"
if [ -n "$STANDIN_VLLM_HOLD_SAMPLES" ]; then
  polls=0
  until [ "$(cat "${STANDIN_VLLM_JOURNALS:?}"/*.jsonl 2>/dev/null | grep -c '^{"s":\["GPU-00000000-')" -ge "$STANDIN_VLLM_HOLD_SAMPLES" ]; do
    polls=$((polls + 1))
    if [ $polls -gt 2400 ]; then echo "stand-in vllm: the journal in $STANDIN_VLLM_JOURNALS never held $STANDIN_VLLM_HOLD_SAMPLES samples of GPU 0" >&2; kill $core; exit 3; fi
    sleep 0.05
  done
fi
if [ "$mode" = hang ] || [ "$mode" = stubborn ]; then
  while true; do sleep 0.2; done
fi
# tqdm draws its bars on stderr with carriage returns; the summary goes to stdout
for i in 0 5 10; do printf 'Warmup iterations: %3d%%|#####     | %d/10 [00:01<00:01, 1.9it/s]\r' $((i*10)) $i >&2; sleep 0.05; done
echo >&2
for i in 0 10 20 30; do printf 'Bench iterations: %3d%%|#####     | %d/30 [00:07<00:07, 1.9it/s]\r' $((i*100/30)) $i >&2; sleep 0.05; done
echo >&2
grep -v 'iterations' "$dir/bench-stdout.txt"
if [ -n "$out_json" ]; then cp "$dir/bench-output.json" "$out_json"; fi
kill $core
exit 0
