#!/bin/sh
# tqdm-style progress: redraws with carriage returns, then a newline; exits with the code given.
printf 'Warmup iterations:   0%%|\rWarmup iterations:  50%%|\rWarmup iterations: 100%%|\n'
echo "fatal: something broke" >&2
exit "${1:-0}"
