#!/usr/bin/env bash
# Sends the same payload over a loopback WebRTC data channel three ways
# (examples/webrtc: the naive loop, hand-written flow control, the runtime's
# channel writer), each run in its own process so that its peak RSS is its
# own, and prints one table of medians with ratios to the naive loop. Usage:
#
#	bench/webrtc/run.sh [rounds [MiB [name='sendbench flags']...]]
#
# Defaults: 3 rounds of 256 MiB. Each round runs every case once, in
# reverse order every other round. Extra cases are sendbench flag sets, for
# example  writer256k='-way writer -msg 262144'.
set -euo pipefail
. "$(dirname "$0")/../rounds.sh"
cd "$(dirname "$0")/../../examples/webrtc"
rounds=${1:-3}
mib=${2:-256}
shift $(($# < 2 ? $# : 2))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/sendbench
go build -o "$bin" ./cmd/sendbench

cases=("naive|-way naive" "flow|-way flow" "writer|-way writer")
for c in "$@"; do cases+=("${c%%=*}|${c#*=}"); done

echo "uptime: $(uptime)"
for r in $(seq "$rounds"); do
  round_order "$r" "${cases[@]}"
  for c in "${order[@]}"; do
    name=${c%%|*} args=${c#*|}
    # shellcheck disable=SC2086 # args is a flag list
    line=$("$bin" $args -size "$mib")
    echo "round $r $name: $line" >&2
    echo "$name $line" >>"$tmp/runs"
  done
done
echo "uptime: $(uptime)"

# Medians per case, then the table.
awk -v mib="$mib" -v rounds="$rounds" -v order="$(printf '%s ' "${cases[@]%%|*}")" '
function val(s, k,   i, n, kv) { n = split(s, kv, " "); for (i = 1; i <= n; i++) if (index(kv[i], k "=") == 1) return substr(kv[i], length(k) + 2); return "" }
function median(name, k,   n, i, j, x, a) {
  n = 0
  for (i = 1; i <= runs[name]; i++) {
    x = val(line[name, i], k) + 0
    for (j = ++n; j > 1 && a[j - 1] > x; j--) a[j] = a[j - 1]
    a[j] = x
  }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ name = $1; line[name, ++runs[name]] = $0 }
END {
  n = split(order, names, " ")
  printf "%d MiB, median of %d runs each\n\n", mib, rounds
  printf "| way | wall s | MB/s | CPU s | peak buffered MiB | peak heap MiB | peak RSS MiB | time vs naive | CPU vs naive | RSS vs naive |\n"
  printf "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
  for (i = 1; i <= n; i++) {
    c = names[i]
    t[c] = median(c, "seconds"); u[c] = median(c, "cpu_seconds"); b[c] = median(c, "peak_buffered"); h[c] = median(c, "peak_heap"); m[c] = median(c, "maxrss_kib")
  }
  for (i = 1; i <= n; i++) {
    c = names[i]
    printf "| %s | %.2f | %.1f | %.2f | %.2f | %.1f | %.1f | %.2fx | %.2fx | %.2fx |\n", c, t[c], mib * 1.048576 / t[c], u[c], b[c] / 1048576, h[c] / 1048576, m[c] / 1024, t[c] / t["naive"], u[c] / u["naive"], m[c] / m["naive"]
  }
}' "$tmp/runs"
