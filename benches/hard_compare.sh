#!/usr/bin/env bash
# The hard family side by side: redline amend (whole process) against RC2 and
# CP-SAT (in-process solve, from ../shared/bench) on instances from hard.py.
# Run from the project root after `cargo build --release`.
# usage: benches/hard_compare.sh [T:P:L:K:H:R ...]
#   terms : parties : planted red lines per party : planted changes : hot terms : contested red lines
# Each peer gets 300 s (REDLINE_PEER_TIMEOUT overrides); redline runs once
# with no limit (up to the same timeout) and once with --time-limit 60s.
# Every figure under 10 s is the fastest of 10 runs, redline's and the peers'.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
PEERS="${REDLINE_BENCH_PEERS:-$HERE/../../shared/bench}"
RL="$(pwd)/target/release/redline"
TO="${REDLINE_PEER_TIMEOUT:-300}"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(200:20:10:5:20:40 1000:100:20:10:50:300 1000:100:20:10:50:500 2000:100:40:15:80:800 5000:200:25:20:120:1500 5000:200:25:20:150:2000)
# whole CMD...: one whole-process run (its output kept for the lines below)
# timed with date, and its exit code; when it took under 10 s and hyperfine
# is installed, the fastest of 10 runs under `hyperfine -N` (no shell in the
# figure) instead.
whole() {
  local s0 s1 rc ms j
  s0=$(date +%s%N); timeout "$TO" "$@" >/tmp/hard_compare.out 2>&1; rc=$?; s1=$(date +%s%N)
  ms=$(( (s1-s0)/1000000 ))
  if [ "$ms" -lt 10000 ] && command -v hyperfine >/dev/null 2>&1; then
    j=$(mktemp); hyperfine -N -i -w 2 -r 10 --export-json "$j" "$*" >/dev/null 2>&1
    ms=$(python3 -c "import json; print(round(min(json.load(open('$j'))['results'][0]['times'])*1000, 1))"); rm -f "$j"
    echo "$ms ms (fastest of 10, hyperfine -N), exit $rc"
  else
    echo "$ms ms (one run), exit $rc"
  fi
}
# peer NAME SCRIPT INSTANCE: the peer's answer and in-process time; when its
# first run took under 10 s, the fastest in-process time of 10 runs, as
# redline's figure is the fastest of 10 (one run of RC2 on row 1 took
# 11.6-21.0 ms over five runs in a row: a single run is mostly the hour).
peer() {
  local name=$1 script=$2 inst=$3 s0 s1 out best t i
  s0=$(date +%s%N); out=$(timeout "$TO" python3 "$script" "$inst"); s1=$(date +%s%N)
  if [ -z "$out" ]; then echo "$name: no answer in $TO s"; return; fi
  if [ $(( (s1-s0)/1000000 )) -ge 10000 ]; then echo "$out (one run)"; return; fi
  best=$(sed -E 's/.* in ([0-9.]+) ms$/\1/' <<<"$out")
  for i in 2 3 4 5 6 7 8 9 10; do
    t=$(timeout "$TO" python3 "$script" "$inst" | sed -E 's/.* in ([0-9.]+) ms$/\1/')
    best=$(python3 -c "print(min($best, ${t:-$best}))")
  done
  echo "$(sed -E 's/ in [0-9.]+ ms$//' <<<"$out") in $best ms (fastest of 10)"
}
for s in "${sizes[@]}"; do
  IFS=: read -r T P L K H R <<<"$s"
  d=$(mktemp -d); python3 "$HERE/hard.py" "$d" --terms "$T" --parties "$P" --lines "$L" --changed "$K" --hot "$H" --contested "$R"
  echo "== terms=$T parties=$P planted=$((P*L)) changed=$K hot=$H contested=$R"
  echo "redline: $(whole "$RL" amend -C "$d/ws" "$d/ws/proposals/plan.toml")"
  grep -E "at least these|at least this|smallest amendment is|no smaller" /tmp/hard_compare.out | sed 's/^/    /'
  echo "redline --time-limit 60s: $(whole "$RL" amend --time-limit 60s -C "$d/ws" "$d/ws/proposals/plan.toml")"
  grep -E "proved so far|asks these|makes|at least these|smallest amendment is" /tmp/hard_compare.out | sed 's/^/    /'
  peer rc2 "$PEERS/rc2_amend.py" "$d/instance.json"
  peer cpsat "$PEERS/cpsat_amend.py" "$d/instance.json"
  rm -rf "$d"
done
