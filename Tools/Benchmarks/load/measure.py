# Runs one load driver and measures what it costs: the driver is this script's own child (taskset execs it, so it is
# the same process), its CPU is user + sys from /proc/PID/stat read once it has exited but before it is reaped (a
# zombie keeps its times), and its peak resident memory is VmHWM from /proc/PID/status, sampled while it runs (a
# zombie has none) and checked against the kernel's own peak from wait4. A driver still running TIMEOUT seconds after
# its start gets SIGINT (Locust and the load command both take it as a normal end and write their results), and
# SIGKILL GRACE seconds later; if this script is itself stopped, the driver is killed with it. Writes OUT.json, and
# the driver's process id to OUT.json.pid until it is reaped; prints nothing.
# Usage: python3 measure.py OUT.json CLK_TCK TIMEOUT GRACE -- COMMAND...
import json
import os
import signal
import subprocess
import sys
import time


def cpu_times(pid, tick):
    """User and sys CPU seconds: utime and stime, fields 14 and 15 of proc(5)."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split()  # the command name may hold spaces; fields from the state on
    return int(fields[11]) / tick, int(fields[12]) / tick


def cpu_seconds(pid, tick):
    return sum(cpu_times(pid, tick))


def peak_rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def main():
    out, tick, timeout, grace = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    command = sys.argv[sys.argv.index("--") + 1:]
    started = time.monotonic()
    # Its own session: a Ctrl-C of the benchmark reaches this script, which then kills the driver by its id.
    driver = subprocess.Popen(command, stdout=sys.stdout, stderr=sys.stderr, start_new_session=True)
    with open(out + ".pid", "w") as f:
        f.write(str(driver.pid))

    def kill_driver(signum, _frame):
        driver.kill()
        sys.exit(128 + signum)

    signal.signal(signal.SIGINT, kill_driver)
    signal.signal(signal.SIGTERM, kill_driver)
    signal.signal(signal.SIGHUP, kill_driver)
    stopped_by, hwm, samples = "itself", None, []  # samples: seconds since the start, CPU seconds, VmHWM KiB
    while True:
        try:
            done = os.waitid(os.P_PID, driver.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            done = None
        if done is not None:
            break
        elapsed = time.monotonic() - started
        try:
            hwm = peak_rss_kb(driver.pid) or hwm
            cpu = cpu_seconds(driver.pid, tick)
            samples.append([round(elapsed, 2), cpu, hwm])
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            pass
        if elapsed >= timeout + grace and stopped_by != "SIGKILL":
            driver.send_signal(signal.SIGKILL)
            stopped_by = "SIGKILL"
        elif elapsed >= timeout and stopped_by == "itself":
            driver.send_signal(signal.SIGINT)
            stopped_by = "SIGINT"
        time.sleep(0.2)
    wall = time.monotonic() - started
    user, system = cpu_times(driver.pid, tick)  # the exited driver, not yet reaped: all it used, to its last instruction
    cpu = user + system
    for handled in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(handled, signal.SIG_DFL)  # once reaped, its id may be reused: nothing must kill it any more
    _, status, usage = os.wait4(driver.pid, 0)
    os.remove(out + ".pid")
    with open(out, "w") as f:
        json.dump({
            "command": command, "exit": os.waitstatus_to_exitcode(status), "stopped_by": stopped_by,
            "wall_seconds": round(wall, 2), "cpu_seconds": cpu, "sys_seconds": system,
            "rusage_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3), "vmhwm_kb": hwm,
            "rusage_maxrss_kb": usage.ru_maxrss, "samples": samples,
        }, f)


if __name__ == "__main__":
    main()
