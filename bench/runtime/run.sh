#!/usr/bin/env bash
# Runs the runtime's workloads and its peers, each run in its own process,
# and prints one table with the ratios of issues 11 and 19. Usage:
#
#	[MODE=all|slog] bench/runtime/run.sh [rounds]
#
# Each round runs every case once, in reverse order every other round, and
# each figure is the median over ROUNDS rounds (default 5). Sinks: /dev/null,
# a new file in $TMPDIR, and a reading peer process on 127.0.0.1. Next to
# bufio, the records go through two asynchronous bounds that have no
# backpressure at all: a channel pipe of 64 KiB buffers, and (file only) a
# ring that never parks. About 12 s per round on 2 idle cores, a third of it
# the diode's, plus the slog rows.
#
# MODE=slog runs only the slog rows: 5M slog JSON records through the
# runtime's blocking face, the mutex floor and zap's BufferedWriteSyncer,
# into /dev/null, each in its own process and then all three in one
# process, in alternating turns of 5k records; and into a sink paced at
# 64 MiB/s (1M records each, and 10M through the face for its RSS). The
# paced runs alone take at least 30 s per round (10M records are 1.5 GB);
# a round took 75 s at load 15.
set -euo pipefail
. "$(dirname "$0")/../rounds.sh"
cd "$(dirname "$0")"
rounds=${1:-5}
mode=${MODE:-all}
load0=$(cut -d' ' -f1-3 /proc/loadavg)
case $mode in all | slog) ;; *) echo "MODE: want all or slog, not $mode" >&2; exit 2 ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/runtime-bench
go build -o "$bin" .

lines=5000000
cases=(
  "drain|-mode drain -n $lines"
  "waitdrain|-mode waitdrain -n $lines"
  "drainP1|-mode drain -n $lines -procs 1"
  "mutexP1|-mode mutex -n $lines -procs 1"
  "mutex|-mode mutex -n $lines"
  "zap|-mode zap -n $lines"
  "diode|-mode diode -n $lines"
  "chanlines|-mode chanlines -n $lines"
  "bufio|-mode bufio -n $lines"
  "drain1M|-mode drain -n 1000000"
  "drain10M|-mode drain -n 10000000"
  "objects|-mode objects -n 10000000"
  "chan|-mode chan -n 10000000"
)
for size in 1024 16384 262144; do
  for sink in file tcp; do
    ms=(runtime waitdrain pipe bufio)
    # The spinning ring would take the TCP peer's core: file only.
    [ "$sink" = file ] && ms+=(ring)
    for m in "${ms[@]}"; do
      cases+=("rec-$m-$sink-$size|-mode records-$m -sink $sink -size $size -total $((64 << 20))")
    done
  done
done
has_node=$(command -v node >/dev/null && echo 1 || echo 0)
[ "$has_node" = 1 ] && cases+=("node|node")
slow=$((64 << 20)) # bytes/s of the slow sink
slog_cases=(
  "slog-face|-mode slog-face -n $lines"
  "slog-mutex|-mode slog-mutex -n $lines"
  "slog-zap|-mode slog-zap -n $lines"
  "slog-alt|-mode slog-alternating -n $lines"
  "slow-face-1M|-mode slog-face -n 1000000 -rate $slow"
  "slow-face-10M|-mode slog-face -n 10000000 -rate $slow"
  "slow-mutex-1M|-mode slog-mutex -n 1000000 -rate $slow"
  "slow-zap-1M|-mode slog-zap -n 1000000 -rate $slow"
)
if [ "$mode" = slog ]; then
  cases=("${slog_cases[@]}")
  has_node=0
else
  cases+=("${slog_cases[@]}")
fi

# Each run appends "case wall cpu rssKiB calls bytes lost round" to $tmp/runs.
for r in $(seq "$rounds"); do
  round_order "$r" "${cases[@]}"
  for c in "${order[@]}"; do
    name=${c%%|*} args=${c#*|}
    if [ "$args" = node ]; then
      read -r _ _ t rss < <(node ./lines.js "$lines" /dev/null)
      echo "$name $t 0 $rss 0 0 0 $r" >>"$tmp/runs"
    else
      # One line per run, named for its case, or one per writer (alt-*).
      # shellcheck disable=SC2086
      "$bin" $args | while read -r m rest; do
        [[ $m == alt-* ]] || m=$name
        echo "$m $rest $r"
      done >>"$tmp/runs"
    fi
  done
done

# median: the median of the numbers on stdin, one per line.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# med CASE FIELD: the median of a field (2 wall, 3 cpu, 4 rss, 5 calls, 6 bytes, 7 lost).
med() { awk -v c="$1" -v f="$2" '$1 == c { print $f }' "$tmp/runs" | median; }
# pmed A B FIELD: the median over rounds of A's field over B's in the same
# round. Each round runs A and B minutes apart at most, so a machine that
# slows for a while slows both sides of a ratio.
pmed() {
  ratio "$(awk -v a="$1" -v b="$2" -v f="$3" '$1 == a { x[$8] = $f } $1 == b { y[$8] = $f }
    END { for (r in x) if (r in y) print x[r] / y[r] }' "$tmp/runs" | median)" 1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# per MiB: write calls for each MiB delivered.
perMiB() { awk -v c="$(med "$1" 5)" -v b="$(med "$1" 6)" 'BEGIN { printf "%.1f", c / (b / 1048576) }'; }
row() { printf '| %-44s | %7s | %7s | %7s | %s |\n' "$@"; }

echo "load average before: $load0; medians of $rounds rounds"
row workload "wall s" "CPU s" "RSS MiB" "ratios (target)"
row --- --- --- --- ---
line() { row "$1" "$(med "$2" 2)" "$(med "$2" 3)" "$(mib "$(med "$2" 4)")" "$3"; }
if [ "$mode" = all ]; then
  d=$(med drain 2) w=$(med waitdrain 2) m=$(med mutex 2) z=$(med zap 2) b=$(med bufio 2)
  line "lines 5M /dev/null: runtime, <-w.Drain() loop" drain \
    "$(ratio "$d" "$m")x floor (<= 1.15), $(ratio "$d" "$z")x zap (<= 1.0), $(ratio "$d" "$b")x bufio; CPU $(ratio "$(med drain 3)" "$(med mutex 3)")x floor's (<= 1.3)"
  line "same, WaitDrain loop" waitdrain \
    "$(ratio "$w" "$m")x floor, $(ratio "$w" "$z")x zap, $(ratio "$w" "$b")x bufio; CPU $(ratio "$(med waitdrain 3)" "$(med mutex 3)")x floor's"
  line "same, <-w.Drain() loop, GOMAXPROCS=1" drainP1 \
    "$(ratio "$(med drainP1 2)" "$(med mutexP1 2)")x the floor at GOMAXPROCS=1: no idle thread to wake"
  line "mutex floor: bufio + a sync.Mutex per line" mutex "$(ratio "$m" "$b")x bufio"
  line "zap BufferedWriteSyncer (256 KiB)" zap "$(ratio "$z" "$b")x bufio"
  line "zerolog diode (1000 slots)" diode "lost $(med diode 7) of $lines lines"
  line "chan []byte (cap 16) + writer goroutine" chanlines "runtime is $(ratio "$(med chanlines 2)" "$d")x faster"
  line "bufio.Writer 64 KiB (not concurrency-safe)" bufio ""
  if [ "$has_node" = 1 ]; then
    line "Node's drain loop (lines.js)" node "runtime is $(ratio "$(med node 2)" "$d")x faster"
  fi
  r5=$(med drain 4)
  line "runtime, 1M lines" drain1M "RSS $(ratio "$(med drain1M 4)" "$r5")x the 5M run"
  line "runtime, 10M lines" drain10M "RSS $(ratio "$(med drain10M 4)" "$r5")x the 5M run (flat: within 1.1)"
  for size in 1024 16384 262144; do
    for sink in file tcp; do
      rt=rec-runtime-$sink-$size wd=rec-waitdrain-$sink-$size pi=rec-pipe-$sink-$size ri=rec-ring-$sink-$size bu=rec-bufio-$sink-$size
      target=0.8
      [ "$sink" = tcp ] && target=1.0
      what="records $((size / 1024)) KiB x 64 MiB, $sink"
      line "$what: runtime, <-w.Drain() loop" "$rt" \
        "$(ratio "$(med "$rt" 2)" "$(med "$bu" 2)")x bufio (<= $target); writes/MiB $(perMiB "$rt") vs bufio's $(perMiB "$bu")"
      line "$what: runtime, WaitDrain loop" "$wd" \
        "$(ratio "$(med "$wd" 2)" "$(med "$bu" 2)")x bufio; writes/MiB $(perMiB "$wd")"
      line "$what: channel pipe, 4 x 64 KiB buffers to a writer goroutine" "$pi" \
        "$(ratio "$(med "$pi" 2)" "$(med "$bu" 2)")x bufio; writes/MiB $(perMiB "$pi")"
      if [ "$sink" = file ]; then
        line "$what: spinning ring, 4 x 64 KiB, no wake-ups" "$ri" \
          "$(ratio "$(med "$ri" 2)" "$(med "$bu" 2)")x bufio; writes/MiB $(perMiB "$ri")"
      fi
      line "$what: bufio 64 KiB" "$bu" ""
    done
  done
  line "objects 10M: Writer[T], WaitDrain loop" objects "$(ratio "$(med chan 2)" "$(med objects 2)")x the channel's throughput (>= 1.5)"
  line "objects 10M: chan (cap 16) + one consumer" chan ""
fi
sm=$(med slog-mutex 2)
sline() { line "$1" "$2" "$(ratio "$(med "$2" 2)" "$sm")x floor's wall$3, $(pmed "$2" slog-mutex 2)x per round; CPU $(ratio "$(med "$2" 3)" "$(med slog-mutex 3)")x, RSS $(ratio "$(med "$2" 4)" "$(med slog-mutex 4)")x"; }
sline "slog 5M /dev/null: runtime, Blocking face" slog-face " (<= 1.0)"
sline "slog: mutex floor, sync.Mutex + bufio 64 KiB" slog-mutex ""
sline "slog: zap BufferedWriteSyncer (256 KiB)" slog-zap ""
am=$(med alt-mutex 2)
aline() { line "$1" "$2" "$(ratio "$(med "$2" 2)" "$am")x floor's wall$3, $(pmed "$2" alt-mutex 2)x per round; CPU $(ratio "$(med "$2" 3)" "$(med alt-mutex 3)")x"; }
aline "same, alternating in one process: face" alt-face " (<= 1.0)"
aline "same, alternating in one process: floor" alt-mutex ""
aline "same, alternating in one process: zap" alt-zap ""
what="slog, paced $((slow >> 20)) MiB/s"
line "$what, 1M: runtime, Blocking face" slow-face-1M "wall $(ratio "$(med slow-face-1M 2)" "$(med slow-mutex-1M 2)")x the floor's"
line "$what, 10M: runtime, Blocking face" slow-face-10M "RSS $(ratio "$(med slow-face-10M 4)" "$(med slow-face-1M 4)")x the 1M run (flat: within 1.1)"
line "$what, 1M: mutex floor" slow-mutex-1M ""
line "$what, 1M: zap BufferedWriteSyncer" slow-zap-1M "wall $(ratio "$(med slow-zap-1M 2)" "$(med slow-mutex-1M 2)")x the floor's"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
