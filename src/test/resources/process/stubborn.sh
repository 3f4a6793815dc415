#!/bin/sh
# Ignores the polite signal (and so does its child: an ignored signal stays ignored across exec).
trap '' TERM
sleep 1000 &
echo ready
while true; do sleep 1; done
