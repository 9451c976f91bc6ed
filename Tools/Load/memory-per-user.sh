#!/usr/bin/env bash
# Resident memory per connected user of the load command (docs/load.md, "Memory per waiting user"): the embedded
# server started on its own on core 0, the load command on core 1, USERS scenario users that stay connected and think
# 2-4 s between sessions; the load process's VmHWM and VmRSS are read from /proc once every user is connected, and
# the same is read from a run of BASE users; the difference over the extra users is the cost of one.
#   bash Tools/Load/memory-per-user.sh [USERS=5000] [BASE=10] [SPAWN_RATE=250] [PORT=18089]
set -euo pipefail
cd "$(dirname "$0")/../.."
users=${1:-5000} base=${2:-10} rate=${3:-250} port=${4:-18089}
ulimit -n "$(ulimit -Hn)"
dotnet build -c Release Server -v q -nologo >/dev/null
dotnet build -c Release Tools/Load -v q -nologo >/dev/null
taskset -c 0 dotnet Server/bin/Release/net10.0/ImServerTests.Server.dll --urls "http://127.0.0.1:$port" >/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done # listening, however slow the start
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "memory-per-user.sh: the server did not listen on port $port within 60 s" >&2; exit 1; }

# measure USERS: runs the load command until every user has connected and 20 s more, then reads its memory
measure() {
  local n=$1 ramp=$(( $1 / rate + 1 )) log
  log=$(mktemp)
  IMSERVER_URL="ws://127.0.0.1:$port/pinter/imserver" taskset -c 1 dotnet Tools/Load/bin/Release/net10.0/ImServerTests.Load.dll \
    TestCases/Scenarios -u "$n" -r "$rate" -t "$(( ramp + 40 ))s" --stay-connected --think-time 2s-4s >"$log" 2>&1 &
  local load=$!
  sleep $(( ramp + 20 ))
  local status; status=$(grep -E '^(VmHWM|VmRSS)' "/proc/$load/status" | tr -s ' \t' ' ' | tr '\n' ' ')
  local threads; threads=$(ls "/proc/$load/task" | wc -l)
  echo "users $n: $status threads $threads"
  wait "$load" || true
  grep -E 'sessions in|Aggregated|kept|BROKEN' "$log" | sed 's/^/  /'
  rm -f "$log"
}
measure "$base"
measure "$users"
