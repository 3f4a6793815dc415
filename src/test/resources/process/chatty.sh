#!/bin/sh
# Writes about 4 MB to stdout and 4 MB to stderr at the same time: a reader that drains one stream
# after the other would deadlock once the other pipe's buffer fills.
lines() { i=0; while [ $i -lt "$1" ]; do echo "$2 line $i ................................................................................................"; i=$((i+1)); done; }
lines 40000 err >&2 &
lines 40000 out
wait
echo "out done"
