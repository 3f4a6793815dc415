#!/usr/bin/env bash
# Stand-in for `vllm bench latency` that replays a real vLLM start-up log and holds, in the nvidia-smi stand-in's
# STANDIN_HELD_FILE, exactly the memory the replayed engine holds: each STANDIN_REPLAY_STEPS entry
# "text=MiB" adds MiB once the first log line containing text is printed; STANDIN_REPLAY_RUN_MIB is added while the
# bench iterations run (the activations of the forward passes), then released.
# STANDIN_REPLAY_LOG: the log; STANDIN_VLLM_DIR: bench-stdout.txt and bench-output.json; STANDIN_REPLAY_VERSION.
dir="${STANDIN_VLLM_DIR:?STANDIN_VLLM_DIR not set}"
held_file="${STANDIN_HELD_FILE:?STANDIN_HELD_FILE not set}"
if [ "$1" = "--version" ]; then echo "${STANDIN_REPLAY_VERSION:-0.8.3}"; exit 0; fi
if [ "$1" != "bench" ] || [ "$2" != "latency" ]; then echo "usage: vllm bench latency ..." >&2; exit 2; fi
out_json=""
while [ $# -gt 0 ]; do
  case "$1" in --output-json) out_json="$2"; shift ;; esac
  shift
done
held=0
hold() { held=$((held + $1)); printf '%d\n' "$held" > "$held_file.tmp" && mv "$held_file.tmp" "$held_file"; }
IFS=';' read -ra steps <<< "${STANDIN_REPLAY_STEPS:-}"
declare -A done_step
# a tick of the sampler passes between lines, so every level the engine reaches is seen
while IFS= read -r line; do
  echo "$line" >&2
  for i in "${!steps[@]}"; do
    text="${steps[$i]%=*}"; mib="${steps[$i]##*=}"
    if [ -z "${done_step[$i]}" ] && [[ "$line" == *"$text"* ]]; then done_step[$i]=1; hold "$mib"; fi
  done
  sleep 0.03
done < "${STANDIN_REPLAY_LOG:?STANDIN_REPLAY_LOG not set}"
hold "${STANDIN_REPLAY_RUN_MIB:-0}"
for i in 0 5 10; do printf 'Warmup iterations: %3d%%|#####     | %d/10 [00:01<00:01, 1.9it/s]\r' $((i*10)) $i >&2; sleep 0.05; done
echo >&2
for i in 0 10 20 30; do printf 'Bench iterations: %3d%%|#####     | %d/30 [00:07<00:07, 1.9it/s]\r' $((i*100/30)) $i >&2; sleep 0.05; done
echo >&2
sleep 0.2
hold "-${STANDIN_REPLAY_RUN_MIB:-0}"
grep -v 'iterations' "$dir/bench-stdout.txt"
if [ -n "$out_json" ]; then cp "$dir/bench-output.json" "$out_json"; fi
exit 0
