#!/usr/bin/env bash
# Runs the runtime's workloads side by side, each in its own process, and
# prints wall time, peak RSS and ratios. Usage: bench/runtime/run.sh [runs]
# Each figure is the best of RUNS (default 3) runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
bin=$(mktemp -d)/runtime-bench
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./bench/runtime

# best MODE N [OUT]: prints "seconds rssKiB", the lowest time of $runs runs
# and the highest RSS seen.
best() {
  local mode=$1 n=$2 out=${3:-/dev/null} t r bt=999999 br=0
  for _ in $(seq "$runs"); do
    if [ "$mode" = node ]; then
      read -r _ _ t r < <(node bench/runtime/lines.js "$n" "$out")
    else
      read -r _ _ t r < <("$bin" -mode "$mode" -n "$n" -out "$out")
    fi
    bt=$(awk -v a="$t" -v b="$bt" 'BEGIN{print (a<b)?a:b}')
    br=$(( r > br ? r : br ))
  done
  echo "$bt $br"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

printf '%-40s %10s %10s %s\n' workload seconds "RSS MiB" ratio
row() { printf '%-40s %10s %10s %s\n' "$1" "$2" "$(awk -v r="$3" 'BEGIN{printf "%.1f", r/1024}')" "${4:-}"; }

read -r dt dr < <(best drain 5000000)
read -r bt br < <(best bufio 5000000)
row "drain loop, 5M lines, /dev/null" "$dt" "$dr" "$(ratio "$dt" "$bt")x bufio (target <= 1.5)"
row "bufio.Writer 64K, 5M lines" "$bt" "$br"
# bufio plus a lock per line: no mutex-guarded queue can beat it.
read -r mt mr < <(best mutex 5000000)
row "mutex floor (bufio + a lock), 5M lines" "$mt" "$mr" "$(ratio "$mt" "$bt")x bufio"
echo "drain loop is $(ratio "$dt" "$mt")x the mutex floor"
if command -v node >/dev/null; then
  read -r nt nr < <(best node 5000000)
  row "node drain loop, 5M lines" "$nt" "$nr" "Go is $(ratio "$nt" "$dt")x faster (target >= 8)"
else
  echo "node not found: skipping the Node comparison"
fi
file=$(mktemp)
read -r ft fr < <(best drain 5000000 "$file")
read -r gt gr < <(best bufio 5000000 "$file")
rm -f "$file"
row "drain loop, 5M lines, file" "$ft" "$fr" "$(ratio "$ft" "$gt")x bufio"
row "bufio.Writer 64K, 5M lines, file" "$gt" "$gr"

for n in 1000000 10000000; do
  read -r t r < <(best drain "$n")
  row "drain loop, $((n / 1000000))M lines, /dev/null" "$t" "$r" "RSS $(ratio "$r" "$dr")x the 5M run (target within 10%)"
done

read -r ot or < <(best objects 10000000)
read -r ct cr < <(best chan 10000000)
row "Writer[T], 10M structs" "$ot" "$or" "$(ratio "$ct" "$ot")x the channel's throughput (target >= 1)"
row "chan (cap 16) + consumer, 10M" "$ct" "$cr"
