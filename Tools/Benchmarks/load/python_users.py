# Locust's own Python users playing the benchmark conversation (conversation.yml) with websocket-client under gevent:
# the baseline the C# worker is compared with (compare.sh). Each connect and expected frame is a request, timed from
# the send that caused it and named as the C# driver names it; a failure is counted, never lost.
import json
import time
import uuid

from locust import User, constant, events, task
from websocket import create_connection


@events.init_command_line_parser.add_listener
def _url(parser):
    parser.add_argument("--imserver-url", default="ws://127.0.0.1:9088/pinter/imserver")


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
        finally:
            if ws is not None:
                ws.close()
