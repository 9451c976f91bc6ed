#!/usr/bin/env bash
# What connected users cost the load command (docs/load.md, "Connected users: memory, and 10,000 on one core"): the
# embedded server started on its own on core 0, the load command on core 1, USERS scenario users that stay connected
# and think THINK between sessions. VmRSS of the load process is read once every user is connected (20 s after the
# last one started), and the same from a run of BASE users; the difference over the extra users is the memory of one.
# Prints both runs' figures and failures, and one line with the memory per user; exits 1 if a run had a failure or
# ended early (with the end of its log), 2 on a wrong argument.
#   bash Tools/Benchmarks/load/connected-users.sh [USERS=5000] [THINK=2s-4s] [SPAWN_RATE=250] [BASE=10] [PORT=18089]
set -euo pipefail
cd "$(dirname "$0")/../../.."
users=${1:-5000} think=${2:-2s-4s} rate=${3:-250} base=${4:-10} port=${5:-18089}
for number in "$users" "$rate" "$base" "$port"; do
  [[ $number =~ ^[1-9][0-9]*$ ]] || { echo "connected-users.sh: '$number' is not a whole number above 0 (USERS, SPAWN_RATE, BASE and PORT are)" >&2; exit 2; }
done
(( users > base )) || { echo "connected-users.sh: USERS ($users) must be more than BASE ($base): the memory of one user is the difference over the extra users" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)"
if (( $(ulimit -n) < users + 1000 )); then
  echo "connected-users.sh: $users users need about $((users + 1000)) open files, and this shell allows $(ulimit -n): raise the hard limit (ulimit -Hn, or LimitNOFILE of the service)" >&2
  exit 2
fi
dotnet build -c Release Server -v q -nologo >/dev/null
dotnet build -c Release Tools/Load -v q -nologo >/dev/null
work=$(mktemp -d)
server='' load=''
trap 'kill $load $server 2>/dev/null || true; rm -rf "$work"' EXIT # a Ctrl-C stops both processes, not only this script
taskset -c 0 dotnet Server/bin/Release/net10.0/ImServerTests.Server.dll --urls "http://127.0.0.1:$port" >/dev/null &
server=$!
for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done # listening, however slow the start
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "connected-users.sh: the server did not listen on port $port within 60 s" >&2; exit 1; }

# measure USERS: runs the load command until every user has connected and 20 s more, reads its memory, and lets the
# run go on 20 s with everyone connected; sets rss, failures, requests and sessions, or stops the script with the
# end of the run's log if the run ended early or wrote no summary
measure() {
  local n=$1 ramp=$(( $1 / rate + 1 ))
  IMSERVER_URL="ws://127.0.0.1:$port/pinter/imserver" taskset -c 1 dotnet Tools/Load/bin/Release/net10.0/ImServerTests.Load.dll \
    TestCases/Scenarios -u "$n" -r "$rate" -t "$(( ramp + 40 ))s" --stay-connected --think-time "$think" \
    --json "$work/$n.json" >"$work/$n.log" 2>&1 &
  load=$!
  sleep $(( ramp + 20 ))
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$load/status" 2>/dev/null || true)
  if [[ -z $rss ]]; then
    echo "connected-users.sh: the load run of $n users ended before its users were connected; the end of its log:" >&2
    tail -n 20 "$work/$n.log" >&2
    exit 1
  fi
  local cpu; cpu=$(awk -v tick="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / tick }' "/proc/$load/stat")
  echo "$n users, think time $think: VmRSS $rss kB, $(ls "/proc/$load/task" | wc -l) threads, CPU $cpu s in $(( ramp + 20 )) s"
  wait "$load" || true
  load=''
  grep -E 'sessions in|Aggregated|kept|BROKEN' "$work/$n.log" | sed 's/^/  /' || true
  if ! read -r failures requests sessions < <(python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["summary"]; print(s["total"]["failures"], s["total"]["requests"], s["sessions"])' "$work/$n.json" 2>/dev/null); then
    echo "connected-users.sh: the load run of $n users wrote no summary; the end of its log:" >&2
    tail -n 20 "$work/$n.log" >&2
    exit 1
  fi
}
measure "$base"
base_rss=$rss base_failures=$failures
measure "$users"
awk -v users="$users" -v base="$base" -v rss="$rss" -v base_rss="$base_rss" -v failures="$failures" -v requests="$requests" -v sessions="$sessions" \
  'BEGIN { printf "%d connected users: %.1f KiB each (VmRSS %d kB against %d kB with %d users); %s failures in %d requests, %d sessions\n", users, (rss - base_rss) / (users - base), rss, base_rss, base, failures, requests, sessions }'
[[ $failures == 0 && $base_failures == 0 ]]
