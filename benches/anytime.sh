#!/usr/bin/env bash
# Anytime answers side by side: `redline amend --time-limit LIMIT` of one or
# more builds on the hard family's instances (benches/hard.py), one run each,
# whole process. Prints, per instance and build: the time the answer took,
# whether it is proved, the bound, and the red lines to yield / changes of
# the answer given. Run from the project root; python3 reads the JSON.
# usage: benches/anytime.sh LIMIT BUILD [BUILD ...] [-- T:P:L:K:H:R ...]
#   e.g. benches/anytime.sh 10s /tmp/redline-before target/release/redline
#   T:P:L:K:H:R as in benches/hard_compare.sh (default: rows 4 to 7 there)
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
[ $# -ge 2 ] || { sed -n '2,9p' "$0"; exit 2; }
LIMIT="$1"; shift
builds=(); while [ $# -gt 0 ] && [ "$1" != "--" ]; do builds+=("$1"); shift; done
[ $# -gt 0 ] && shift
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000:100:20:10:50:500 2000:100:40:15:80:800 5000:200:25:20:120:1500 5000:200:25:20:150:2000)
out=$(mktemp)
for s in "${sizes[@]}"; do
  IFS=: read -r T P L K H R <<<"$s"
  d=$(mktemp -d); python3 "$HERE/hard.py" "$d" --terms "$T" --parties "$P" --lines "$L" --changed "$K" --hot "$H" --contested "$R"
  echo "== terms=$T parties=$P planted=$((P*L)) changed=$K hot=$H contested=$R, --time-limit $LIMIT"
  for b in "${builds[@]}"; do
    s0=$(date +%s%N)
    "$b" -C "$d/ws" amend proposals/plan.toml --time-limit "$LIMIT" --format json >"$out" 2>/dev/null
    s1=$(date +%s%N)
    python3 - "$out" "$b" "$(( (s1-s0)/1000000 ))" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
am = d.get("after_yield") or d.get("amendment") or {}
print(f"{sys.argv[2]}: {int(sys.argv[3]) / 1000:.2f} s,",
      "proved" if d["optimal"] else "not proved",
      f"· bound {d['lower_bound']} · {len(d.get('correction') or [])} to yield,",
      f"{len(am.get('changes') or [])} changes")
EOF
  done
  rm -rf "$d"
done
rm -f "$out"
