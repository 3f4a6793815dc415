#!/bin/sh
# Starts a tree: two children, one of which has a grandchild, then reports ready and waits.
sleep 1000 &
sh -c 'sleep 1000 & wait' &
sleep 1000 &
echo ready
wait
