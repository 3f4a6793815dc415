#!/bin/sh
# Starts a grandchild that leaves the process group and session (setsid) and whose parent exits at once, so it is
# re-parented away and no longer a descendant of this script. The grandchild prints its own pid once its parent is
# gone (reaped by this script), then this script waits.
grandchild='while [ -e "/proc/$1" ]; do sleep 0.05; done
echo "escaped $$"
exec sleep 1000'
sh -c 'setsid sh -c "$1" escaped "$$" & exit 0' intermediate "$grandchild"
exec sleep 1000
