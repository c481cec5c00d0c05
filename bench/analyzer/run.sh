#!/usr/bin/env bash
# Benchmarks the bpvet analyzer against baselines in one run and prints wall
# time, peak RSS and ratios:
#
#   1. standalone "bpvet std" against the floor, a no-op analyzer that only
#      requires inspect.Analyzer, under the same driver (target: <= 1.10x);
#   2. "go vet -vettool=bpvet" against "go vet -unusedresult" on the same
#      packages with a warm build cache (target: <= 1.00x);
#   3. "errcheck std", when it installs from the module proxy.
#
# Usage: bench/analyzer/run.sh [packages]   (default: std)
# Env:   REPEAT=n runs per tool after a warm-up (default 2; the best is kept),
#        FLAGS="-test=false" extra driver flags for floor and bpvet,
#        SKIP_ERRCHECK=1 skips errcheck.
#
# For std, the tools run from a scratch directory, so that edits to this
# module's go.mod during a run cannot disturb them.
set -euo pipefail
cd "$(dirname "$0")/../.."
pkgs=("${@:-std}")
repeat=${REPEAT:-2}
read -r -a flags <<<"${FLAGS:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ ! -x /usr/bin/time ]]; then
	echo "bench: /usr/bin/time (GNU time) is required for peak RSS" >&2
	exit 1
fi

# Standard-library patterns run from a scratch directory; others need this
# module.
work=$tmp/work
mkdir "$work"
for p in "${pkgs[@]}"; do
	[[ $p == std || $p == cmd ]] || work=$PWD
done
go build -o "$tmp/bpvet" ./cmd/bpvet
go build -o "$tmp/floor" ./bench/analyzer/floor

# measure NAME CODES CMD... runs CMD once to warm caches, then $repeat times,
# and records the best wall time (s) and its peak RSS (KiB) in $tmp/NAME.
# CODES lists the exit codes that mean success (findings are not failures).
measure() {
	local name=$1 codes=$2
	shift 2
	local best="" rss="" code
	for ((i = 0; i <= repeat; i++)); do
		code=0
		(cd "$work" && /usr/bin/time -f '%e %M' -o "$tmp/time" "$@") >"$tmp/out.$name" 2>&1 || code=$?
		if [[ " $codes " != *" $code "* ]]; then
			echo "bench: $name exited with code $code:" >&2
			tail -20 "$tmp/out.$name" >&2
			exit 1
		fi
		((i == 0)) && continue # warm-up
		# GNU time prefixes "Command exited with non-zero status N".
		read -r wall kib < <(tail -n 1 "$tmp/time")
		if [[ -z $best ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$wall rss=$kib
		fi
	done
	echo "$best $rss" >"$tmp/res.$name"
	printf '  %-34s %8.2f s %8.0f MiB\n' "$name" "$best" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
}

ratio() { # ratio NAME BASE FIELD(1=wall, 2=rss)
	awk -v f="$3" 'NR == FNR { a = $f; next } { b = $f } END { printf "%.2fx", a / b }' "$tmp/res.$1" "$tmp/res.$2"
}

echo "bpvet benchmark on ${pkgs[*]} ($(go version | cut -d' ' -f3), $(nproc) cores, repeat=$repeat, best of runs${FLAGS:+, flags $FLAGS})"
echo
echo "standalone driver:"
measure floor "0" "$tmp/floor" "${flags[@]}" "${pkgs[@]}"
measure bpvet "0 3" "$tmp/bpvet" "${flags[@]}" "${pkgs[@]}"

echo
echo "go vet, warm cache:"
measure vet-unusedresult "0 1" go vet -unusedresult "${pkgs[@]}"
measure vet-bpvet "0 1" go vet -vettool="$tmp/bpvet" "${pkgs[@]}"

have_errcheck=0
if [[ -z ${SKIP_ERRCHECK:-} ]]; then
	if (cd "$tmp" && GOBIN="$tmp" GOFLAGS= go install github.com/kisielk/errcheck@latest) >"$tmp/install.log" 2>&1; then
		have_errcheck=1
		echo
		echo "errcheck:"
		measure errcheck "0 1" "$tmp/errcheck" "${pkgs[@]}"
	else
		echo
		echo "errcheck: not installed ($(tail -1 "$tmp/install.log"))"
	fi
fi

echo
echo "ratios:"
echo "  bpvet / floor wall            $(ratio bpvet floor 1)   (target <= 1.10x)"
echo "  bpvet / floor max RSS         $(ratio bpvet floor 2)   (target <= 1.10x)"
echo "  vet-bpvet / vet-unusedresult  $(ratio vet-bpvet vet-unusedresult 1)   (target <= 1.00x)"
if ((have_errcheck)); then
	echo "  errcheck / bpvet wall         $(ratio errcheck bpvet 1)   (bpvet should be clearly faster)"
fi
