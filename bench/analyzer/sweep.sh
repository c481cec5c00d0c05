#!/usr/bin/env bash
# Runs bpvet over real modules from the Go module proxy and prints every
# finding, so that precision on code nobody here wrote can be rechecked.
#
# Each argument is MODULE@VERSION, optionally followed by :PATTERN (default
# ./...). The module's source is copied out of the module cache and bpvet
# runs inside it, standalone (through go vet's driver), with its default
# flags unless BPVET_FLAGS says otherwise.
#
# Usage: bench/analyzer/sweep.sh [MODULE@VERSION[:PATTERN] ...]
# Env:   BPVET_FLAGS="-signals=names" extra bpvet flags.
#
# The default set is golangci-lint's whole build graph plus modules that
# declare Write…() bool APIs or speak of drain: a WebAssembly runtime's
# bounds-checked memory, a messaging client with a graceful Drain, gRPC,
# x/net, a QUIC stack with a blocking send queue, and a WebSocket library.
#
# Output: per module, each finding as bpvet prints it, then one summary line
# "module: N findings (exit E) in S s". Exit 1 if any run failed (bpvet exit
# other than 0 or 3), so a panic or a type-checking error is never missed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
read -r -a flags <<<"${BPVET_FLAGS:-}"

specs=("$@")
if [[ ${#specs[@]} -eq 0 ]]; then
	specs=(
		github.com/golangci/golangci-lint/v2@v2.15.0:all
		github.com/tetratelabs/wazero@v1.12.0
		github.com/nats-io/nats.go@v1.56.0
		google.golang.org/grpc@v1.85.0
		golang.org/x/net@v0.63.0
		github.com/quic-go/quic-go@v0.65.0
		github.com/gorilla/websocket@v1.5.3
	)
fi

(cd "$root" && go build -o "$work/bpvet" ./cmd/bpvet)
export GOWORK=off GOFLAGS=-mod=mod

failed=0
summary=()
for spec in "${specs[@]}"; do
	mod=${spec%%:*}
	pat=./...
	[[ $spec == *:* ]] && pat=${spec#*:}
	src=$(cd "$work" && go mod download -json "$mod" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	if [[ -z $src ]]; then
		echo "sweep: go mod download $mod gave no source" >&2
		failed=1
		continue
	fi
	dir=$work/src/${mod//[\/@]/_}
	mkdir -p "$dir"
	cp -R "$src/." "$dir"
	chmod -R u+w "$dir"
	echo "== $mod $pat"
	start=$(date +%s)
	code=0
	out=$(cd "$dir" && "$work/bpvet" "${flags[@]}" "$pat" 2>&1) || code=$?
	secs=$(($(date +%s) - start))
	[[ -n $out ]] && printf '%s\n' "$out"
	n=$(grep -c ': BP00[0-9]: ' <<<"$out" || true)
	summary+=("$mod: $n findings (exit $code) in $secs s")
	if [[ $code -ne 0 && $code -ne 3 ]]; then
		failed=1
	fi
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit $failed
