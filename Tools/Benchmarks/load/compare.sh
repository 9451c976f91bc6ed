#!/usr/bin/env bash
# What the C# load driver costs against Locust's own Python users (websocket-client under gevent) playing the same
# conversation (conversation.yml / python_users.py) against the same embedded server: the server on core 0, each
# driver in turn on core 1, after an unmeasured warm-up of the server. Between them, as the floor under any .NET
# driver, the Benchmarks program's bare client plays it with nothing checked or recorded, connecting through
# ClientWebSocket (as the load command does) and then through an upgrade written on a socket stream. Prints, for each,
# the CPU (user + sys) per completed session and the sys part of it, sessions per second, peak resident memory
# (VmHWM) per user and the failures, as a markdown table, then the ratios to the Python users, with and without the
# sys part. Each driver is measured as its own process from its start to its exit (measure.py): start-up and shutdown
# are part of its cost.
# Needs: apt-get install python3-locust python3-websocket.
# Usage from the repository root: bash Tools/Benchmarks/load/compare.sh [USERS] [SECONDS] [EXTRA_CSHARP_ARGS]
#   USERS (200) users for SECONDS (30) s each, all started in the first second.
#   EXTRA_CSHARP_ARGS (the third argument, or else the environment variable of that name): more options for the C#
#   load command only, split on spaces with no quoting, e.g. "--spawn-rate 50". The Python users get none of them:
#   the comparison holds only while both drivers still play the same thing.
#   COMPARE_KEEP=DIR (environment): copy the run's logs and results (the measure.py samples too) there; DIR must not
#   exist yet, or be empty, so nothing of yours is overwritten.
set -euo pipefail
cd "$(dirname "$0")/../../.."
users=${1:-200}; seconds=${2:-30}
read -r -a extra <<< "${3:-${EXTRA_CSHARP_ARGS:-}}"
here=Tools/Benchmarks/load
warmup=5
die() { echo "compare.sh: $*" >&2; exit 2; }
if [[ -n ${COMPARE_KEEP:-} && -e $COMPARE_KEEP && -n $(ls -A "$COMPARE_KEEP" 2>/dev/null) ]]; then
  die "COMPARE_KEEP=$COMPARE_KEEP is not empty: name a new or empty folder, so nothing in it is overwritten"
fi
[[ $users =~ ^[1-9][0-9]*$ && $seconds =~ ^[1-9][0-9]*$ ]] || die "usage: compare.sh [USERS] [SECONDS] [EXTRA_CSHARP_ARGS]"

# Locust's Python is the one its command runs with (Debian's /usr/bin/python3, not a python3 earlier on the PATH).
locust_bin=$(command -v locust) || die "no locust command: apt-get install python3-locust python3-websocket"
py=$(head -n 1 "$locust_bin" | sed 's/^#! *//')
[[ $py == */env\ * ]] && py=$(command -v "${py#*/env }")
"$py" -c 'import locust, gevent' 2>/dev/null || die "$py cannot import locust: apt-get install python3-locust"
"$py" -c 'import websocket; websocket.create_connection' 2>/dev/null \
  || die "$py cannot import websocket-client: apt-get install python3-websocket"
command -v taskset > /dev/null || die "no taskset: apt-get install util-linux"
[[ $(nproc --all) -ge 2 ]] || die "needs two cores: the server on core 0, the driver on core 1"
tick=$(getconf CLK_TCK)

work=$(mktemp -d)
cleanup() {
  local pid
  for pid in $(cat "$work"/*.pid 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done  # a driver left running
  for pid in $(jobs -p); do kill "$pid" 2>/dev/null || true; done  # the server's timeout, which passes it on
  wait 2>/dev/null || true
  if [[ -n ${COMPARE_KEEP:-} ]]; then mkdir -p "$COMPARE_KEEP" && cp -r "$work"/. "$COMPARE_KEEP"/; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

for project in Tools/Load/ImServerTests.Load.csproj Tools/Benchmarks/ImServerTests.Benchmarks.csproj; do
  timeout 900 dotnet build -c Release "$project" -v q -nologo > "$work/build.log" 2>&1 \
    || { tail -n 20 "$work/build.log" >&2; die "the build of $project failed"; }
done

port=$((30000 + RANDOM % 5000))
# The server lives at most as long as the five runs could (each: its run time, then up to 45 s more to stop).
timeout -k 5 $((warmup + 4 * seconds + 300)) taskset -c 0 dotnet Server/bin/Release/net10.0/ImServerTests.Server.dll \
  --urls "http://127.0.0.1:$port" > "$work/server.log" 2>&1 &
for _ in $(seq 1 100); do grep -q listening "$work/server.log" && break; sleep 0.2; done
grep -q listening "$work/server.log" || { cat "$work/server.log" >&2; die "the embedded server did not start in 20 s"; }
url="ws://127.0.0.1:$port/pinter/imserver"

# measure.py OUT CLK_TCK TIMEOUT GRACE -- COMMAND: SIGINT at TIMEOUT s (both drivers take it as a normal end and write
# their results), SIGKILL GRACE s later.
csharp() { # OUT_PREFIX SECONDS
  IMSERVER_URL=$url "$py" "$here/measure.py" "$1.measure.json" "$tick" $(($2 + 30)) 15 -- \
    taskset -c 1 dotnet Tools/Load/bin/Release/net10.0/ImServerTests.Load.dll "$here/conversation.yml" \
    --users "$users" --spawn-rate "$users" --run-time "${2}s" --json "$1.json" "${extra[@]}" > "$1.log" 2>&1 &
  wait $!  # in the background, so that a signal to this script is handled at once, not after the run
}
# The server's own start-up (its JIT above all) is not charged to whichever driver runs first.
csharp "$work/warmup" "$warmup"
csharp "$work/csharp" "$seconds"

bare() { # HANDSHAKE
  "$py" "$here/measure.py" "$work/bare-$1.measure.json" "$tick" $((seconds + 30)) 15 -- \
    taskset -c 1 dotnet Tools/Benchmarks/bin/Release/net10.0/ImServerTests.Benchmarks.dll bare-client --url "$url" \
    --users "$users" --seconds "$seconds" --handshake "$1" --json "$work/bare-$1.json" > "$work/bare-$1.log" 2>&1 &
  wait $!
}
bare ClientWebSocket
bare SocketStream

# Locust is also stopped from outside, 15 s after its run time, should it outlive it (it did: see python_users.py).
(cd "$work" && exec "$py" "$OLDPWD/$here/measure.py" "$work/python.measure.json" "$tick" $((seconds + 15)) 15 -- \
  taskset -c 1 "$locust_bin" -f "$OLDPWD/$here/python_users.py" --headless -u "$users" -r "$users" -t "${seconds}s" \
  --imserver-url "$url" --sessions-file "$work/python.sessions.json" --csv "$work/python" > "$work/python.log" 2>&1) &
wait $!

"$py" - "$work" "$users" "${extra[*]}" <<'EOF'
import json, os, sys

work, users, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3]


def load(name, log):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        tail = open(os.path.join(work, log)).read()[-3000:] if os.path.exists(os.path.join(work, log)) else ""
        sys.exit(f"compare.sh: no {name}: the driver wrote no result. The end of {log}:\n{tail}")
    return json.load(open(path))


c_run, c_cost = load("csharp.json", "csharp.log")["summary"], load("csharp.measure.json", "csharp.log")
p_run, p_cost = load("python.sessions.json", "python.log"), load("python.measure.json", "python.log")
bare = {h: (load(f"bare-{h}.json", f"bare-{h}.log"), load(f"bare-{h}.measure.json", f"bare-{h}.log"))
        for h in ("ClientWebSocket", "SocketStream")}
rows = [("C# (Load)" + (f", with {extra}" if extra else ""), c_run["sessions"], c_run["seconds"],
         c_run["total"]["failures"], c_cost),
        *((f"bare .NET client, nothing checked ({h})", r["sessions"], r["seconds"], r["failures"], cost)
          for h, (r, cost) in bare.items()),
        ("Locust Python users (websocket-client, gevent)", p_run["sessions"], p_run["seconds"], p_run["failures"],
         p_cost)]

print("| driver (one core) | users | sessions | sessions/s | CPU s | CPU ms / session | of it sys (kernel) "
      "| peak RSS MiB | RSS KiB / user | failures | ended |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
figures = []
for name, sessions, run_seconds, failures, cost in rows:
    hwm = max(cost["vmhwm_kb"] or 0, cost["rusage_maxrss_kb"])  # the kernel's own peak, should a sample miss it
    per_session = cost["cpu_seconds"] / sessions * 1000 if sessions else float("inf")
    rate = sessions / run_seconds if run_seconds else 0.0
    sys_per_session = cost["sys_seconds"] / sessions * 1000 if sessions else float("inf")
    figures.append((per_session, rate, hwm / users, per_session - sys_per_session))
    ended = ("by itself" if cost["stopped_by"] == "itself" else f"by {cost['stopped_by']}") + \
        ("" if cost["exit"] == 0 else f", exit {cost['exit']}")
    print(f"| {name} | {users} | {sessions:,} | {rate:,.1f} | {cost['cpu_seconds']:.2f} | {per_session:.3f} "
          f"| {sys_per_session:.3f} | {hwm / 1024:,.1f} | {hwm / users:,.0f} | {failures:,} | {ended} |")

(c_cpu, c_rate, c_rss, c_user), (b1_cpu, *_), (b2_cpu, *_), (p_cpu, p_rate, p_rss, p_user) = figures
ratio = lambda a, b: f"{a / b:.2f}x" if b else "n/a"
print()
print(f"C# CPU per session is {ratio(c_cpu, p_cpu)} the Python users' (target: at most 0.20x); "
      f"sessions/s {ratio(c_rate, p_rate)}; peak RSS per user {ratio(c_rss, p_rss)}.")
print(f"Without the kernel's part (sys), which a session's TCP work sets for any driver: C# {c_user:.3f} ms, "
      f"Python {p_user:.3f} ms, {ratio(c_user, p_user)}.")
print(f"The floor: the bare client costs {ratio(b1_cpu, p_cpu)} the Python users' through ClientWebSocket and "
      f"{ratio(b2_cpu, p_cpu)} through a socket stream; the load command's checking and statistics cost "
      f"{c_cpu - b1_cpu:.3f} ms per session above the first.")
EOF
