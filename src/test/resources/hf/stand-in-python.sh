#!/bin/sh
# Stand-in for python3 running memlens_hf_profile.py: checks it was given the extracted script, reports its
# argv on stderr, replays recorded JSON lines (MEMLENS_REPLAY_JSONL) on stdout and exits MEMLENS_REPLAY_EXIT.
if [ "$1" != "-u" ] || [ ! -f "$2" ]; then echo "stand-in python: expected -u and an existing script, got: $*" >&2; exit 90; fi
echo "argv: $*" >&2
echo "Some library warning printed to stdout"
cat "$MEMLENS_REPLAY_JSONL"
echo "Traceback-like stderr noise" >&2
exit "${MEMLENS_REPLAY_EXIT:-0}"
