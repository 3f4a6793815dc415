#!/bin/sh
# Prints each argument on its own line, bracketed, exactly as received.
for argument in "$@"; do printf 'ARG[%s]\n' "$argument"; done
printf 'CWD[%s]\n' "$(pwd)"
printf 'ENV[%s]\n' "$MEMLENS_TEST_VALUE"
