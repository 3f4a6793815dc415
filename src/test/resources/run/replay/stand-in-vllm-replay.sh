#!/usr/bin/env bash
# Stand-in for `vllm bench latency` that replays a real vLLM start-up log and holds, in the nvidia-smi stand-in's
# STANDIN_HELD_FILE (GPU i > 0: STANDIN_HELD_FILE.i), exactly the memory the replayed engine holds: each
# STANDIN_REPLAY_STEPS entry "text=MiB" (GPU 0) or "text=MiB@i" (GPU i) adds MiB once the first log line containing
# text is printed; STANDIN_REPLAY_RUN_MIB ("MiB" or "MiB@i,MiB@j...") is added while the bench iterations run (the
# activations of the forward passes), one GPU after the other (pipeline stages peak at different moments), each
# released before the next. With STANDIN_TICKS_FILE set, every change waits until the nvidia-smi stand-in has printed
# the new level for several ticks, so the sampler sees each level without relying on timing.
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
declare -A held
ticks_now() { if [ -s "$STANDIN_TICKS_FILE" ]; then cat "$STANDIN_TICKS_FILE"; else echo 0; fi; }
# waits until the nvidia-smi stand-in printed 5 ticks after the change (the first may have read the old level)
await_ticks() {
  [ -n "$STANDIN_TICKS_FILE" ] || return 0
  local until=$(( $(ticks_now) + 5 )) waited=0
  while [ "$(ticks_now)" -lt "$until" ]; do
    sleep 0.01; waited=$((waited + 1))
    if [ "$waited" -gt 6000 ]; then echo "stand-in: the nvidia-smi stand-in printed no tick for 60 s" >&2; exit 3; fi
  done
}
hold() { # MiB [gpu]
  local gpu=${2:-0} file="$held_file"
  if [ "$gpu" -gt 0 ]; then file="$held_file.$gpu"; fi
  held[$gpu]=$(( ${held[$gpu]:-0} + $1 ))
  printf '%d\n' "${held[$gpu]}" > "$file.tmp" && mv "$file.tmp" "$file"
  await_ticks
}
IFS=';' read -ra steps <<< "${STANDIN_REPLAY_STEPS:-}"
declare -A done_step
# the log is paced like a real start-up; with STANDIN_TICKS_FILE each level is also held until it was printed
while IFS= read -r line; do
  echo "$line" >&2
  for i in "${!steps[@]}"; do
    text="${steps[$i]%=*}"; amount="${steps[$i]##*=}"; mib="${amount%@*}"; gpu=0
    if [[ "$amount" == *@* ]]; then gpu="${amount##*@}"; fi
    if [ -z "${done_step[$i]}" ] && [[ "$line" == *"$text"* ]]; then done_step[$i]=1; hold "$mib" "$gpu"; fi
  done
  sleep 0.03
done < "${STANDIN_REPLAY_LOG:?STANDIN_REPLAY_LOG not set}"
IFS=',' read -ra run_shares <<< "${STANDIN_REPLAY_RUN_MIB:-0}"
run_share() { # the n-th share's MiB and GPU
  local share="${run_shares[$1]}"
  if [[ "$share" == *@* ]]; then echo "${share%@*} ${share##*@}"; else echo "$share 0"; fi
}
read -r mib gpu <<< "$(run_share 0)"
hold "$mib" "$gpu"
for i in 0 5 10; do printf 'Warmup iterations: %3d%%|#####     | %d/10 [00:01<00:01, 1.9it/s]\r' $((i*10)) $i >&2; sleep 0.05; done
echo >&2
for i in 0 10 20 30; do printf 'Bench iterations: %3d%%|#####     | %d/30 [00:07<00:07, 1.9it/s]\r' $((i*100/30)) $i >&2; sleep 0.05; done
echo >&2
sleep 0.2
hold "-$mib" "$gpu"
for ((n = 1; n < ${#run_shares[@]}; n++)); do
  read -r mib gpu <<< "$(run_share "$n")"
  hold "$mib" "$gpu"
  hold "-$mib" "$gpu"
done
grep -v 'iterations' "$dir/bench-stdout.txt"
if [ -n "$out_json" ]; then cp "$dir/bench-output.json" "$out_json"; fi
exit 0
