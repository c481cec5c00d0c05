#!/usr/bin/env bash
# Times bpgen on a package of 50 types, then compares Write on a generated
# PointWriter (which embeds *runtime.Writer[Point]) with a direct
# runtime.Writer[Point].Write side by side.
#
#	bench/bpgen/run.sh [rounds]    # rounds of the Write comparison, default 50
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GOFLAGS=-mod=mod GOWORK=off

(cd "$root" && go build -o "$tmp/bpgen" ./cmd/bpgen)

# A module with 50 types of five shapes: plain struct, Size() method,
# []byte-based, string-based and generic.
pkg=$tmp/mod/types
mkdir -p "$pkg"
cp "$root/go.sum" "$tmp/mod/"
printf 'module example.com/gen50\n\ngo 1.26\n\nrequire github.com/bpvet/bpvet v0.0.0\n\nreplace github.com/bpvet/bpvet => %s\n' "$root" >"$tmp/mod/go.mod"
names=()
{
	echo 'package types'
	echo
	echo 'import "time"'
	for i in $(seq -w 0 49); do
		case $((10#$i % 5)) in
		0) echo "type T$i struct { ID int; At time.Time }" ;;
		1) echo "type T$i struct { B []byte }"; echo "func (t T$i) Size() int { return len(t.B) }" ;;
		2) echo "type T$i []byte" ;;
		3) echo "type T$i string" ;;
		4) echo "type T$i[K comparable, V any] struct { Key K; Val V }" ;;
		esac
		names+=("T$i")
	done
} >"$pkg/types.go"
gofmt -w "$pkg/types.go"
all=$(IFS=,; echo "${names[*]}")
(cd "$pkg" && go list . >/dev/null) # settle go.mod and the build cache

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== generation: one bpgen run with -type=T00,...,T49 (5 runs, ms)"
times=()
for _ in 1 2 3 4 5; do
	rm -f "$pkg/t00_bpwriter.go"
	start=$(date +%s%N)
	(cd "$pkg" && "$tmp/bpgen" -type="$all")
	times+=("$(ms "$start")")
done
echo "${times[*]}"
echo "$(wc -l <"$pkg/t00_bpwriter.go") lines generated"

echo "== generation: 50 bpgen runs, one type each, as 50 go:generate lines would (ms)"
rm -f "$pkg/t00_bpwriter.go"
start=$(date +%s%N)
for n in "${names[@]}"; do
	(cd "$pkg" && "$tmp/bpgen" -type="$n")
done
echo "$(ms "$start")"

(cd "$tmp/mod" && go build ./... && go vet ./...) && echo "generated package builds and vets"

echo "== Write: generated PointWriter vs runtime.Writer[Point], $rounds interleaved rounds"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$root" && go test ./bench/bpgen -run '^TestRatio$' -v -count=1 -args -ratio="$rounds") | grep -E 'median|ratio'
