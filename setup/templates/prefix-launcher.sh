#!/bin/sh
# @NAME@: runs the unicore Node CLI installed in this prefix. It finds the prefix
# from its own path, so the prefix works wherever it is copied or moved.
case $0 in
*/*) bin=${0%/*} ;;
*) bin=. ;;
esac
@NATIVE@exec node "$bin/../lib/unicore/node/bin/@SCRIPT@" "$@"
