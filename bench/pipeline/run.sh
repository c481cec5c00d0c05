#!/usr/bin/env bash
# Measures runtime.Pipeline against io.Copy into gzip.Writer (1 GiB generated
# input, gzip level 1) and runtime.Copy against io.Copy (a 1 GiB file to
# /dev/null), each in its own process, median of 3 gzip and 9 copy runs.
# Takes about 80 s on 2 idle cores. Extra flags go to the program, e.g.
# -size 268435456.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p bench/out
go build -o bench/out/pipeline ./bench/pipeline
bench/out/pipeline "$@" | tee bench/out/pipeline.txt
