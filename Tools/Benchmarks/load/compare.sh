#!/usr/bin/env bash
# The C# load driver against Locust's own Python users (websocket-client under gevent), each on one core, playing the
# same conversation (conversation.yml / python_users.py) against the same embedded server on the other core.
# Prints sessions per second for both and their ratio. Needs: apt-get install python3-locust python3-websocket.
# Usage from the repository root: bash Tools/Benchmarks/load/compare.sh [USERS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
users=${1:-200}; seconds=${2:-30}
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
port=$((30000 + RANDOM % 5000))
dotnet build -c Release Tools/Load/ImServerTests.Load.csproj -v q -nologo > /dev/null
taskset -c 0 dotnet Server/bin/Release/net10.0/ImServerTests.Server.dll --urls "http://127.0.0.1:$port" > "$work/server.log" 2>&1 &
for _ in $(seq 1 50); do grep -q listening "$work/server.log" && break; sleep 0.2; done
url="ws://127.0.0.1:$port/pinter/imserver"

IMSERVER_URL=$url taskset -c 1 dotnet Tools/Load/bin/Release/net10.0/ImServerTests.Load.dll Tools/Benchmarks/load/conversation.yml \
  --users "$users" --spawn-rate "$users" --run-time "${seconds}s" --json "$work/csharp.json" > "$work/csharp.log" 2>&1 || true
csharp=$(python3 -c "import json,sys; s=json.load(open('$work/csharp.json'))['summary']; print(f\"{s['sessions']/s['seconds']:.1f} {s['total']['failures']}\")")

# Locust's own run-time limit did not always stop a CPU-bound local run here, so it is also stopped from outside
# (SIGINT, which Locust takes as a normal end: it writes its CSV); the rate is Locust's own Requests/s.
(cd "$work" && timeout --signal=INT $((seconds + 15)) taskset -c 1 locust -f "$OLDPWD/Tools/Benchmarks/load/python_users.py" --headless -u "$users" -r "$users" \
  -t "${seconds}s" --imserver-url "$url" --csv "$work/python" > "$work/python.log" 2>&1 || true)
python=$(awk -F, '$2 == "conversation: normal" { printf "%.1f", $10 } $2 == "Aggregated" { f = $4 } END { print " " f }' "$work/python_stats.csv")

echo "| driver (one core) | users | sessions/s | failures |"
echo "|---|---|---|---|"
echo "| C# (Load) | $users | ${csharp% *} | ${csharp#* } |"
echo "| Locust Python users (websocket-client, gevent) | $users | ${python% *} | ${python#* } |"
python3 -c "print(f'ratio: {float(\"${csharp% *}\") / max(float(\"${python% *}\"), 0.001):.1f}x the sessions/s of the Python users')"
