# The Locust master's side of a distributed run of the YAML scenarios. The master never plays a scenario itself:
# its C# workers (dotnet run -c Release --project Tools/Load -- --locust-master HOST:5557) do. This file declares one
# User class per scenario file, named as the workers name them (seed-conversation.yml is SeedConversation), and
# turns the --threshold rules into the master's exit code.
#
#   locust -f Tools/Load/locustfile.py --master --headless --expect-workers 2 -u 200 -r 50 -t 60s --csv out/load \
#          --threshold "p95(seed-conversation: receipt) < 200ms" --threshold "failures < 0.1%"
#
# Scenarios: IMSERVER_SCENARIOS (a folder), else the repository's TestCases/Scenarios (two folders up); the workers must
# be started with the same files. IMSERVER_SCENARIO_WEIGHTS="seed-conversation=3,seed-match-style=1" sets weights.
import logging
import os
import re

from locust import User, constant, events, task

_FOLDER = os.environ.get("IMSERVER_SCENARIOS") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "TestCases", "Scenarios")
_WEIGHTS = dict(
    (name.strip(), int(weight))
    for name, weight in (pair.split("=", 1) for pair in os.environ.get("IMSERVER_SCENARIO_WEIGHTS", "").split(",") if "=" in pair)
)


def class_name(stem):
    """The user class of a scenario file, as the C# worker makes it (ScenarioUser.ClassNameOf)."""
    name = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", stem) if part)
    return "Scenario" + name if not name or name[0].isdigit() else name


class _ScenarioUser(User):
    """Stands for a scenario on the master; only the workers play it."""

    abstract = True
    wait_time = constant(1)

    @task
    def played_by_the_workers(self):
        raise RuntimeError("scenarios are played by the C# workers; start the master with --master")


for _file in sorted(os.listdir(_FOLDER)) if os.path.isdir(_FOLDER) else []:
    if _file.endswith(".yml"):
        _stem = _file[: -len(".yml")]
        globals()[class_name(_stem)] = type(class_name(_stem), (_ScenarioUser,), {"abstract": False, "weight": _WEIGHTS.get(_stem, 1)})


# The threshold grammar of the C# command (Tools/Load/Reports/Threshold.cs): METRIC[(REQUEST NAME)] < VALUE.
_RULE = re.compile(
    r"^(?P<metric>p50|p66|p75|p80|p90|p95|p98|p99|avg|max|failures)\s*(\((?P<name>[^()]+)\))?\s*(?P<op><=|<)\s*"
    r"(?P<value>[0-9]+(\.[0-9]+)?)\s*(?P<unit>ms|s|%)$"
)


@events.init_command_line_parser.add_listener
def _add_threshold_option(parser):
    parser.add_argument("--threshold", action="append", default=[], help="A rule the run must keep, else the exit code is 1 (repeatable).")


def _check(rule, stats):
    match = _RULE.match(rule.strip())
    if not match:
        return False, "does not read: write METRIC[(REQUEST NAME)] < VALUE"
    metric, name, unit = match.group("metric"), match.group("name"), match.group("unit")
    limit = float(match.group("value"))
    if metric == "failures":
        if unit != "%":
            return False, "a failures rule takes a percentage"
        limit /= 100
    elif unit == "%":
        return False, "a response-time rule takes ms or s"
    elif unit == "s":
        limit *= 1000
    entry = stats.total if name is None else stats.entries.get((name.strip(), "WS"))
    if entry is None or entry.num_requests == 0:
        return False, "no request" + ("" if name is None else f" named '{name.strip()}'")
    if metric == "failures":
        value = entry.fail_ratio
    elif metric == "avg":
        value = entry.avg_response_time
    elif metric == "max":
        value = entry.max_response_time
    else:
        value = entry.get_response_time_percentile(int(metric[1:]) / 100)
    kept = value <= limit if match.group("op") == "<=" else value < limit
    return kept, f"{value * 100:.3f}%" if metric == "failures" else f"{value:.1f} ms"


@events.quitting.add_listener
def _judge(environment, **_):
    rules = getattr(environment.parsed_options, "threshold", None) or []
    broken = False
    for rule in rules:
        kept, measured = _check(rule, environment.stats)
        logging.info("%s %s: %s", "kept  " if kept else "BROKEN", rule, measured)
        broken = broken or not kept
    if broken:
        environment.process_exit_code = 1
