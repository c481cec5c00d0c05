#!/usr/bin/env bash
# Measures runtime.Pipeline against io.Copy into gzip.Writer, writing to
# /dev/null directly and through a bufio.Writer (1 GiB generated input, gzip
# level 1), and runtime.Copy against io.Copy (a 1 GiB file to /dev/null).
# Each run is its own process; medians of 3 gzip and 9 copy runs,
# interleaved. Takes about two minutes on 2 idle cores. Extra flags go to
# the program, e.g. -size 268435456 or -modes iocopy,copy.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p bench/out
go build -o bench/out/pipeline ./bench/pipeline
bench/out/pipeline "$@" | tee bench/out/pipeline.txt
