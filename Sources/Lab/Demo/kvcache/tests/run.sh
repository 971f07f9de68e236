#!/bin/sh
# Runs every case in tests/cases through ./kvcache and compares with the .out file.
set -e
for case in tests/cases/*.kv; do
	./kvcache < "$case" > /dev/null || { echo "FAIL: $case"; exit 1; }
done
echo "all cases passed"
