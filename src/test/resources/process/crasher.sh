#!/bin/sh
# Like an engine that crashes: starts a worker that leaves the process group (setsid), waits until the worker has
# said its pid (the file "$1/ready"), then exits with code 3 and leaves the worker running.
setsid sh -c 'echo "escaped $$"; : > "$1/ready"; exec sleep 1000' worker "$1" &
while [ ! -e "$1/ready" ]; do sleep 0.05; done
exit 3
