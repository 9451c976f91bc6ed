# Locust's own Python users playing the benchmark conversation (conversation.yml) with websocket-client under gevent:
# the baseline the C# worker is compared with (compare.sh). Each connect and expected frame is a request, timed from
# the send that caused it and named as the C# driver names it; a failure is counted, never lost. Sessions are counted
# as the C# driver counts them: every conversation that ended, passed or failed, and none cut short by the stop; with
# --sessions-file, the count, the seconds from the start to the stop and Locust's request and failure totals are
# written there when the run stops.
import json
import time
import uuid

from locust import User, constant, events, task
from locust.exception import StopUser
from locust.runners import STATE_CLEANUP, STATE_STOPPED, STATE_STOPPING
from websocket import create_connection


@events.init_command_line_parser.add_listener
def _url(parser):
    parser.add_argument("--imserver-url", default="ws://127.0.0.1:9088/pinter/imserver")
    parser.add_argument("--sessions-file", default="")


_run = {"sessions": 0, "started": None, "stopping": None}


@events.test_start.add_listener
def _started(**_):
    _run.update(sessions=0, started=time.perf_counter(), stopping=None)


@events.test_stopping.add_listener
def _stopping(**_):
    _run["stopping"] = time.perf_counter()


@events.test_stop.add_listener
def _stopped(environment, **_):
    if environment.parsed_options.sessions_file and _run["started"] is not None:
        seconds = (_run["stopping"] or time.perf_counter()) - _run["started"]
        with open(environment.parsed_options.sessions_file, "w") as f:
            total = environment.runner.stats.total  # Locust's own final count: its CSV may be a second older
            json.dump({"sessions": _run["sessions"], "seconds": seconds, "requests": total.num_requests,
                       "failures": total.num_failures}, f)


def _record(name, since, error=None):
    events.request.fire(request_type="WS", name=f"conversation: {name}", response_time=(time.perf_counter() - since) * 1000,
                        response_length=0, exception=error, context={})


def _receive(ws, wanted):
    while True:
        frame = json.loads(ws.recv())
        if wanted(frame):
            return frame


class ConversationUser(User):
    wait_time = constant(0)

    @task
    def conversation(self):
        customer = "py-" + uuid.uuid4().hex[:12]
        step, since = "connect", time.perf_counter()
        ws = None
        try:
            try:
                ws = create_connection(f"{self.environment.parsed_options.imserver_url}/{customer}", timeout=10)
                _record(step, since)
                step, since = "match", time.perf_counter()
                ws.send(json.dumps({"type": "match", "from": customer, "to": "system"}))
                teacher = _receive(ws, lambda f: f.get("type") == "match")["msg"]
                _record(step, since)
                step, since = "receipt", time.perf_counter()
                ws.send(json.dumps({"type": "normal", "from": customer, "to": teacher, "msg": "你好"}, ensure_ascii=False))
                _receive(ws, lambda f: f.get("type") == "receipt")
                _record(step, since)
                step = "normal"
                _receive(ws, lambda f: f.get("type") == "normal" and f.get("from") == teacher)
                _record(step, since)
            except Exception as error:
                _record(step, since, error)
            _run["sessions"] += 1  # not reached when the stop kills the user mid-conversation (GreenletExit)
        finally:
            if ws is not None:
                ws.close()
            # websocket-client's close() swallows every exception, the GreenletExit of Locust's stop too: a user
            # killed while closing played on, the stop waited for it forever and the run outlived its run time.
            if self.environment.runner.state in (STATE_CLEANUP, STATE_STOPPING, STATE_STOPPED):
                raise StopUser()
