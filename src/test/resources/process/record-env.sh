#!/bin/sh
# Stand-in child that records the environment it was started with (one NAME=value a line) into the file $1.
env > "$1"
