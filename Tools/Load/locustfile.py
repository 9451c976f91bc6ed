# The Locust master's side of a distributed run of the YAML scenarios and the delivery user. The master never plays a
# user itself: its C# workers (dotnet run -c Release --project Tools/Load -- --locust-master HOST:5557) do. This file
# declares one User class per scenario file, named as the workers name them (seed-conversation.yml is
# SeedConversation), and Delivery for the built-in delivery user; it turns the --threshold rules into the master's exit
# code and logs the delivery user's messages by outcome when the master quits.
#
#   locust -f Tools/Load/locustfile.py --master --headless --expect-workers 2 -u 200 -r 50 -t 60s --csv out/load \
#          --threshold "p95(seed-conversation: receipt) < 200ms" --threshold "failures < 0.1%" --threshold "lost < 0.01%"
#
# Scenarios: IMSERVER_SCENARIOS (a folder), else the repository's TestCases/Scenarios (two folders up); the workers must
# be started with the same files. IMSERVER_SCENARIO_WEIGHTS="seed-conversation=3,seed-match-style=1,delivery=2" sets
# weights. Locust's own user-class arguments pick some of them: ... -t 60s Delivery runs the delivery user alone.
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


class Delivery(_ScenarioUser):
    """The workers' built-in delivery user (Tools/Load/Delivery): a customer and its teacher's seat send each other
    numbered messages, each counted under method MSG as delivered, lost, duplicated, reordered or late, and timed as relay."""

    abstract = False
    weight = _WEIGHTS.get("delivery", 1)


# The delivery user's rows (Tools/Load/Delivery/MessageRows.cs): a message that arrived is one relay request and either
# one delivered or one of each fault it shows; a lost one is one lost request. So the messages sent are relay + lost.
_MSG = "MSG"
_MESSAGE_FAULTS = ("lost", "duplicated", "reordered", "late")


def _message_counts(stats):
    def count(name):
        entry = stats.entries.get((name, _MSG))
        return entry.num_requests if entry is not None else 0

    counts = {name: count(name) for name in ("delivered",) + _MESSAGE_FAULTS}
    counts["sent"] = count("relay") + counts["lost"]
    return counts


def _message_line(counts):
    if counts["sent"] == 0:
        return "messages: none sent (no delivery user ran, or none got as far as sending)"
    return (f"messages: {counts['sent']} sent, {counts['delivered']} delivered once in order, {counts['lost']} lost, "
            f"{counts['duplicated']} duplicated, {counts['reordered']} reordered, {counts['late']} late")


# The threshold grammar of the C# command (Tools/Load/Reports/Threshold.cs): METRIC[(REQUEST NAME)] < VALUE; lost,
# duplicated, reordered and late are shares of the delivery user's messages sent, without a request name.
_RULE = re.compile(
    r"^(?P<metric>p50|p66|p75|p80|p90|p95|p98|p99|avg|max|failures|lost|duplicated|reordered|late)\s*(\((?P<name>[^()]+)\))?\s*(?P<op><=|<)\s*"
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
    kept = (lambda value: value <= limit) if match.group("op") == "<=" else (lambda value: value < limit)
    if metric in _MESSAGE_FAULTS:
        if name is not None:
            return False, f"a {metric} rule is about every message the delivery user sent, and takes no request name"
        if unit != "%":
            return False, f"a {metric} rule takes a percentage of the messages sent"
        limit /= 100
        counts = _message_counts(stats)
        if counts["sent"] == 0:
            return False, "no message was sent, so nothing was measured: no delivery user ran (user class Delivery), or none got as far as sending"
        value = counts[metric] / counts["sent"]
        return kept(value), f"{value * 100:.3f}% ({counts[metric]} of {counts['sent']} messages sent)"
    if metric == "failures":
        if unit != "%":
            return False, "a failures rule takes a percentage"
        limit /= 100
    elif unit == "%":
        return False, "a response-time rule takes ms or s"
    elif unit == "s":
        limit *= 1000
    entry = stats.total if name is None else next((e for (n, _), e in stats.entries.items() if n == name.strip()), None)
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
    return kept(value), f"{value * 100:.3f}%" if metric == "failures" else f"{value:.1f} ms"


@events.quitting.add_listener
def _judge(environment, **_):
    rules = getattr(environment.parsed_options, "threshold", None) or []
    broken = False
    for rule in rules:
        kept, measured = _check(rule, environment.stats)
        logging.info("%s %s: %s", "kept  " if kept else "BROKEN", rule, measured)
        broken = broken or not kept
    logging.info("%s", _message_line(_message_counts(environment.stats)))
    if broken:
        environment.process_exit_code = 1
    elif any(_metric(rule) == "failures" for rule in rules) and not getattr(environment.runner, "exceptions", None):
        # A failures rule of its own, kept: the failures it allows do not fail the run, as in the C# command. Without
        # one, Locust's own rule stands: any failure (or a worker's exception) makes the exit code 1.
        environment.process_exit_code = 0


def _metric(rule):
    match = _RULE.match(rule.strip())
    return match.group("metric") if match else None
