#!/bin/sh
# Stand-in for python3 running memlens_hf_profile.py. Checks it was given "-u" and an existing script, prints each
# argument as ARG[...] on stderr, writes its pid to MEMLENS_PID_FILE (when set), replays the recorded JSON lines of
# MEMLENS_REPLAY_JSONL on stdout, then:
#   MEMLENS_REPLAY_HANG=yes          hangs (its pid stays the same: exec sleep)
#   MEMLENS_REPLAY_HANG=ignore-term  hangs and ignores SIGTERM (needs SIGKILL)
#   otherwise exits MEMLENS_REPLAY_EXIT (default 0).
if [ "$1" != "-u" ] || [ ! -f "$2" ]; then echo "stand-in python: expected -u and an existing script, got: $*" >&2; exit 90; fi
for a in "$@"; do printf 'ARG[%s]\n' "$a" >&2; done
if [ -n "$MEMLENS_PID_FILE" ]; then echo $$ > "$MEMLENS_PID_FILE"; fi
echo "Some library warning printed to stdout"
cat "$MEMLENS_REPLAY_JSONL"
case "$MEMLENS_REPLAY_HANG" in
  yes) echo "stand-in python hanging" >&2; exec sleep 600 ;;
  ignore-term) trap '' TERM; echo "stand-in python hanging" >&2; exec sleep 600 ;;
esac
echo "Traceback-like stderr noise" >&2
exit "${MEMLENS_REPLAY_EXIT:-0}"
