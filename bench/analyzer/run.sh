#!/usr/bin/env bash
# Benchmarks the bpvet analyzer against baselines in one run and prints wall
# time, peak RSS and ratios:
#
#   1. standalone "bpvet std" against the floor, a no-op analyzer that only
#      requires inspect.Analyzer, under the same driver (target: <= 1.10x),
#      cold (nothing cached for the tool) and warm (an unchanged rerun);
#   2. "go vet -vettool=bpvet" against "go vet -unusedresult" on the same
#      packages with a warm build cache, analysis not cached (target: <= 1.00x);
#   3. "errcheck std", when it installs from the module proxy.
#
# go vet caches analysis results by tool and flags. A cold run therefore
# rebuilds the tool with a new stamp (bpvet, floor), or adds a method name
# that exists nowhere to -unusedresult.stringmethods: the packages are
# analyzed again while their compiled dependencies stay cached.
#
# Usage: bench/analyzer/run.sh [packages]   (default: std)
# Env:   REPEAT=n timed runs per tool after a warm-up (default 2; the best
#        is kept), FLAGS="-test=false" extra flags for floor and bpvet
#        (which selects the in-process driver), SKIP_ERRCHECK=1.
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
src=$PWD

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

# build NAME: (re)builds a tool with a new stamp, so go vet has no cached
# results for it. The stamp names no variable; it only changes the binary.
# It starts from the clock: a stamp reused from an earlier run would rebuild
# a binary whose results go vet still has cached.
stamp=$(date +%s%N)
build() {
	local pkg=./cmd/bpvet
	[[ $1 == floor ]] && pkg=./bench/analyzer/floor
	stamp=$((stamp + 1))
	(cd "$src" && go build -ldflags="-X=main.benchStamp=$stamp" -o "$tmp/$1" "$pkg")
}
build floor
build bpvet

# Hooks run before each run, untimed.
cold_floor() { build floor; }
cold_bpvet() { build bpvet; }
cold_unused() { nonce="Nonce$RANDOM$RANDOM"; }
nothing() { :; }
nonce=Nonce0

# measure NAME CODES HOOK CMD... runs HOOK then CMD once to warm caches, and
# $repeat more times, and records the best wall time (s), its peak RSS (KiB)
# and its CPU time (user+sys, s) in $tmp/NAME. CPU time is the steadier
# figure on a shared machine. CODES lists the exit codes that mean success
# (findings are not failures). CMD is run by bash -c, after HOOK.
measure() {
	local name=$1 codes=$2 hook=$3 cmd=$4
	local best="" rss="" cpu="" code
	for ((i = 0; i <= repeat; i++)); do
		"$hook"
		code=0
		(cd "$work" && nonce=$nonce /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" bash -c "$cmd") >"$tmp/out.$name" 2>&1 || code=$?
		if [[ " $codes " != *" $code "* ]]; then
			echo "bench: $name exited with code $code:" >&2
			tail -20 "$tmp/out.$name" >&2
			exit 1
		fi
		((i == 0)) && continue # warm-up
		read -r wall kib usr sys < <(tail -n 1 "$tmp/time")
		if [[ -z $best ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$wall rss=$kib cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN { print u + s }')
		fi
	done
	echo "$best $rss $cpu" >"$tmp/res.$name"
	printf '  %-34s %8.2f s %8.0f MiB %8.2f s cpu\n' "$name" "$best" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$cpu"
}

ratio() { # ratio NAME BASE FIELD(1=wall, 2=rss, 3=cpu)
	awk -v f="$3" 'NR == FNR { a = $f; next } { b = $f } END { printf "%.2fx", a / b }' "$tmp/res.$1" "$tmp/res.$2"
}

args="${flags[*]} ${pkgs[*]}"
export tmp
echo "bpvet benchmark on ${pkgs[*]} ($(go version | cut -d' ' -f3), $(nproc) cores, repeat=$repeat, best of runs${FLAGS:+, flags $FLAGS})"
echo
echo "standalone, cold (tool rebuilt before each run):"
measure floor-cold "0" cold_floor "\$tmp/floor $args"
measure bpvet-cold "0 3" cold_bpvet "\$tmp/bpvet $args"
echo
echo "standalone, warm (unchanged rerun):"
measure floor-warm "0" nothing "\$tmp/floor $args"
measure bpvet-warm "0 3" nothing "\$tmp/bpvet $args"

echo
echo "go vet, warm build cache, analysis not cached:"
measure vet-unusedresult "0 1" cold_unused "go vet -unusedresult -unusedresult.stringmethods=Error,String,\$nonce ${pkgs[*]}"
measure vet-bpvet "0 1" cold_bpvet "go vet -vettool=\$tmp/bpvet ${pkgs[*]}"

have_errcheck=0
if [[ -z ${SKIP_ERRCHECK:-} ]]; then
	if (cd "$tmp" && GOBIN="$tmp" GOFLAGS= go install github.com/kisielk/errcheck@latest) >"$tmp/install.log" 2>&1; then
		have_errcheck=1
		echo
		echo "errcheck:"
		measure errcheck "0 1" nothing "\$tmp/errcheck ${pkgs[*]}"
	else
		echo
		echo "errcheck: not installed ($(tail -1 "$tmp/install.log"))"
	fi
fi

echo
echo "ratios:"
echo "  bpvet / floor wall, cold        $(ratio bpvet-cold floor-cold 1)   (target <= 1.10x)"
echo "  bpvet / floor max RSS, cold     $(ratio bpvet-cold floor-cold 2)   (target <= 1.10x)"
echo "  bpvet / floor cpu, cold         $(ratio bpvet-cold floor-cold 3)"
echo "  bpvet / floor wall, warm        $(ratio bpvet-warm floor-warm 1)"
echo "  bpvet / floor max RSS, warm     $(ratio bpvet-warm floor-warm 2)"
echo "  vet-bpvet / vet-unusedresult    $(ratio vet-bpvet vet-unusedresult 1)   (target <= 1.00x)"
echo "  vet-bpvet / vet-unusedresult cpu $(ratio vet-bpvet vet-unusedresult 3)"
if ((have_errcheck)); then
	echo "  errcheck / bpvet wall, cold     $(ratio errcheck bpvet-cold 1)   (bpvet should be clearly faster)"
	echo "  errcheck / bpvet wall, warm     $(ratio errcheck bpvet-warm 1)"
	echo "  errcheck / bpvet max RSS, cold  $(ratio errcheck bpvet-cold 2)"
fi
