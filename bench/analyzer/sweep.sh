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
# x/net, a QUIC stack with a blocking send queue, a WebSocket library, and
# a Go port of engine.io (server and client), whose transports are
# Node-style emitters of "drain".
#
# Output: per module, each finding as bpvet prints it, then one summary line
# "module: N findings (exit E) in S s". A pattern such as all also vets the
# tests of dependencies, some of which do not compile at the versions the
# module selects; go vet then reports them ("# pkg" and the error) and exits
# 1 while the other packages are still analyzed. The summary counts those
# packages. Exit 1 if any run failed otherwise (a panic, an analysis error,
# or an exit status other than 0, 1 or 3).
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
		github.com/zishang520/socket.io/servers/engine/v3@v3.0.6
		github.com/zishang520/socket.io/clients/engine/v3@v3.0.6
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
	# A module developed in a monorepo may replace its siblings with
	# relative directories that its zip does not hold; use the published
	# versions instead.
	[[ -f $dir/go.mod ]] && (cd "$dir" && go mod edit -print | awk '/=>/ {
		split($0, side, "=>"); sub(/^[ \t]*(replace[ \t]+)?/, "", side[1])
		split(side[1], l, " "); split(side[2], r, " ")
		if (r[1] ~ /^\./) print (l[2] == "" ? l[1] : l[1] "@" l[2]), r[1]
	}' | while read -r old new; do
		[[ -f $new/go.mod ]] || go mod edit -dropreplace="$old"
	done)
	echo "== $mod $pat"
	start=$(date +%s)
	code=0
	out=$(cd "$dir" && "$work/bpvet" "${flags[@]}" "$pat" 2>&1) || code=$?
	secs=$(($(date +%s) - start))
	[[ -n $out ]] && printf '%s\n' "$out"
	n=$(grep -c ': BP00[0-9]: ' <<<"$out" || true)
	broken=$( (grep '^# ' <<<"$out" || true) | tr -d '[]' | awk '{ print $2 }' | sort -u | wc -l)
	line="$mod: $n findings (exit $code) in $secs s"
	[[ $broken -gt 0 ]] && line+="; go vet could not build $broken dependency packages"
	summary+=("$line")
	if grep -qE 'panic:|internal error|analysis skipped' <<<"$out" ||
		[[ $code -ne 0 && $code -ne 3 && ! ($code -eq 1 && $broken -gt 0) ]]; then
		failed=1
	fi
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit $failed
