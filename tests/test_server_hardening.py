"""The launched app against hostile and heavy traffic: malformed requests, a burst of clients
past the queue, thousands of updates, and a watch on every socket it opens.

Why: the Space is public. Whatever arrives, the server must answer with a clean refusal (a
4xx, or an API result with ok False) and keep serving; under load it must say "busy" rather
than fall over; it must not grow with use; it must never call out; and it must serve no file
outside its own assets.

Two servers: the session's `server_url` (the app as `python app.py` runs it) for the request
checks, and one started here with a small queue (PLAYGROUND_QUEUE_SIZE=8) and a
sitecustomize.py on PYTHONPATH that logs every connection the server and its torch workers
attempt, for the load, leak and no-outbound tests.
"""

from __future__ import annotations

import ast
import http.client
import ipaddress
import json
import os
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from conftest import ROOT, START_TIMEOUT_S
from harness.app import process_tree, rss_mb, running_app
from helpers import call_api

from playground.limits import LIMITS
from playground.ui.plots import SCRIPT_URL, plotly_js_file

pytestmark = pytest.mark.server

QUEUE_SIZE = 8
NETLOG_ENV = "PLAYGROUND_TEST_NETLOG"
SITECUSTOMIZE = '''
"""Logs every connection this process attempts (test_server_hardening)."""
import os
import socket
import sys

_LOG = os.environ.get("PLAYGROUND_TEST_NETLOG")


def _note(kind, value):
    line = repr((os.getpid(), kind, value)) + "\\n"
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def _wrap_method(name):
    original = getattr(socket.socket, name)

    def wrapped(self, *args):
        address = args[-1] if name == "sendto" else args[0]
        _note(name, address if isinstance(address, (str, bytes)) else tuple(address)[:2])
        return original(self, *args)

    setattr(socket.socket, name, wrapped)


def _wrap_function(name):
    original = getattr(socket, name)

    def wrapped(*args, **kwargs):
        first = args[0] if args else kwargs.get("address", kwargs.get("host"))
        _note(name, first if name != "create_connection" else tuple(first)[:2])
        return original(*args, **kwargs)

    setattr(socket, name, wrapped)


if _LOG:
    _note("start", list(sys.argv) + list(getattr(sys, "orig_argv", [])))
    for _name in ("connect", "connect_ex", "sendto"):
        _wrap_method(_name)
    for _name in ("create_connection", "getaddrinfo"):
        _wrap_function(_name)
'''


@dataclass
class Server:
    url: str
    pid: int
    netlog: Path

    def workers(self) -> list[int]:
        """The server's torch workers (its child processes)."""
        return sorted(process_tree(self.pid)[1:])

    def alive(self) -> bool:
        return Path(f"/proc/{self.pid}").exists()


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app with a small queue and every socket call logged, in its own process group so
    that its torch workers go down with it."""
    folder = tmp_path_factory.mktemp("watched")
    (folder / "site").mkdir()
    (folder / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    netlog = folder / "net.log"
    env = {
        "PLAYGROUND_DEVICE": "cpu",
        "PLAYGROUND_QUEUE_SIZE": str(QUEUE_SIZE),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(folder / "site"), os.environ.get("PYTHONPATH")])),
        NETLOG_ENV: str(netlog),
    }
    try:
        with running_app(env, START_TIMEOUT_S, folder / "app.log") as (url, pid):
            yield Server(url, pid, netlog)
    except RuntimeError as e:
        pytest.fail(str(e))


def sse(response_lines: list[str]) -> tuple[list[str], list[str]]:
    events = [line.removeprefix("event: ") for line in response_lines if line.startswith("event: ")]
    data = [line.removeprefix("data: ") for line in response_lines if line.startswith("data: ")]
    return events, data


def post_call(client: httpx.Client, url: str, name: str, **request: Any) -> tuple[int, Any]:
    """POST a call as sent, then, if it was accepted, read its stream: (status, answer), where
    answer is the API's result dict, ("error", data) for an SSE error, or the refusal body."""
    started = client.post(f"{url}gradio_api/call/{name}", **request)
    if started.status_code != 200:
        return started.status_code, started.text
    with client.stream("GET", f"{url}gradio_api/call/{name}/{started.json()['event_id']}") as stream:
        assert stream.status_code == 200
        events, data = sse(list(stream.iter_lines()))
    assert events, "an accepted call produced an empty stream"
    assert events[-1] in ("complete", "error"), events
    if events[-1] == "error":
        return 200, ("error", data[-1])
    (result,) = json.loads(data[-1])
    return 200, json.loads(result)


# --- point 2: malformed requests ---------------------------------------------------------------

DEEP = 10_000
BAD_STATES: list[tuple[str, str, Any, str | None]] = [
    # (endpoint, label, data item, the field the refusal must name)
    ("run_layer", "int", 12, None),
    ("run_layer", "list", [1, 2], None),
    ("run_layer", "dict", {"layer": "Linear"}, None),
    ("run_layer", "null", None, None),
    ("run_layer", "bool", True, None),
    ("run_layer", "missing layer", "{}", "layer"),
    ("run_layer", "unknown layer", '{"layer": "Conv9d"}', "layer"),
    ("run_layer", "unknown field", '{"layer": "Linear", "colour": 1}', "colour"),
    ("run_layer", "NaN literal", '{"layer": "Linear", "params": {"in_features": NaN}}', None),
    ("run_layer", "Infinity literal", '{"layer": "LeakyReLU", "params": {"negative_slope": Infinity}}', None),
    ("run_layer", "deep nesting", "[" * DEEP + "]" * DEEP, None),
    ("run_layer", "deep nesting in a field", '{"layer": "Linear", "params": ' + "[" * DEEP + "]" * DEEP + "}", None),
    ("run_layer", "zero size", '{"layer": "Linear", "params": {"in_features": 0}}', "in_features"),
    ("run_layer", "negative size", '{"layer": "Linear", "params": {"out_features": -3}}', "out_features"),
    ("run_layer", "zero axis", '{"layer": "ReLU", "input": {"shape": [0, 4]}}', "input.shape"),
    ("run_layer", "negative axis", '{"layer": "Conv2d", "input": {"shape": [1, 1, -5, 5]}}', "input.shape"),
    ("run_layer", "huge axis", '{"layer": "ReLU", "input": {"shape": [1, 100000000000000000000]}}', "input.shape"),
    ("run_layer", "huge seed", '{"layer": "ReLU", "input": {"seed": 100000000000000000000000000000}}', "input.seed"),
    ("run_layer", "negative seed", '{"layer": "ReLU", "input": {"seed": -1}}', "input.seed"),
    ("run_layer", "float seed", '{"layer": "ReLU", "input": {"seed": 1.5}}', "input.seed"),
    ("run_layer", "not JSON", "{'layer': 'Linear'}", None),
    ("run_model", "int", 12, None),
    ("run_model", "list", [], None),
    ("run_model", "null", None, None),
    ("run_model", "missing model", '{"input": {}}', "model"),
    ("run_model", "unknown preset", '{"model": {"preset": "GPT5"}}', "model.preset"),
    ("run_model", "unknown stacked layer", '{"model": {"layers": [{"layer": "Conv9d"}]}}', "layers[0].layer"),
    ("run_model", "empty stack", '{"model": {"layers": []}}', "model.layers"),
    (
        "run_model",
        "zero size in a stack",
        '{"model": {"layers": [{"layer": "Linear", "params": {"in_features": 0}}]}}',
        "layers[0].in_features",
    ),
    ("run_model", "NaN literal", '{"model": {"random": {"family": "dense", "seed": NaN}}}', None),
    ("run_model", "deep nesting", '{"model": ' + "[" * DEEP + "]" * DEEP + "}", None),
    ("run_model", "huge count", '{"model": {"random": {"family": "dense", "count": 1000000000000}}}', "random.count"),
    ("run_model", "huge seed", '{"model": {"preset": "MLP"}, "input": {"seed": 1e400}}', "input.seed"),
    ("run_model", "negative batch", '{"model": {"preset": "MLP"}, "input": {"shape": [-2, 20]}}', "input.shape"),
]


@pytest.mark.parametrize(
    ("name", "label", "item", "param"), BAD_STATES, ids=[f"{n}-{lbl}" for n, lbl, _, _ in BAD_STATES]
)
def test_malformed_states_get_a_clean_refusal(
    server_url: str, name: str, label: str, item: Any, param: str | None
) -> None:
    """Every malformed state is answered ok False, naming the field when there is one."""
    with httpx.Client(timeout=30) as client:
        status, result = post_call(client, server_url, name, json={"data": [item]})
    assert status == 200, result
    assert isinstance(result, dict), result
    assert result["ok"] is False
    assert result["error"]["param"] == param, result["error"]
    assert result["error"]["message"]


@pytest.mark.parametrize("name", ["run_layer", "run_model"])
def test_malformed_http_requests_are_refused_cleanly(server_url: str, name: str) -> None:
    """Malformed HTTP around the state: every answer is a 4xx or a finished stream, and the
    server keeps serving after the whole batch."""
    nested_body = ('{"data": ' + "[" * DEEP + "]" * DEEP + "}").encode()
    requests: list[tuple[str, dict[str, Any], tuple[int, ...]]] = [
        ("1 MB string", {"json": {"data": ["x" * 2**20]}}, (413,)),
        # streamed past the limit: the middleware stops reading; FastAPI reports that as a 400
        ("1 MB body, no length header", {"content": iter([b'{"data": ["', b"x" * 2**20, b'"]}'])}, (400, 413)),
        ("deeply nested body", {"content": nested_body, "headers": {"content-type": "application/json"}}, (400, 422)),
        (
            "body not JSON",
            {"content": b"this is not json", "headers": {"content-type": "application/json"}},
            (400, 422),
        ),
        (
            "binary body",
            {"content": bytes(range(256)) * 4, "headers": {"content-type": "application/json"}},
            (400, 422),
        ),
        ("empty body", {"content": b"", "headers": {"content-type": "application/json"}}, (400, 422)),
        ("no data field", {"json": {"payload": ['{"layer": "Linear"}']}}, (422,)),
        ("data not a list", {"json": {"data": '{"layer": "Linear"}'}}, (422,)),
        ("body a list", {"json": [['{"layer": "Linear"}']]}, (422,)),
        (
            "NaN in the body",
            {"content": b'{"data": [NaN]}', "headers": {"content-type": "application/json"}},
            (200, 400, 422),
        ),
        ("empty data list", {"json": {"data": []}}, (200,)),
        ("two items", {"json": {"data": ['{"layer": "Nope"}', '{"layer": "Linear"}']}}, (200, 422)),
        ("form encoded", {"data": {"data": "x"}}, (400, 422)),
    ]
    with httpx.Client(timeout=30) as client:
        for label, request, allowed in requests:
            status, answer = post_call(client, server_url, name, **request)
            assert status in allowed, (label, status, answer)
            if status == 200 and isinstance(answer, dict):
                assert answer["ok"] is False, label
    for length, allowed in (("99999999999", (413,)), ("-5", (400,)), ("12abc", (400, 413))):
        status, _ = raw_request(server_url, "POST", f"/gradio_api/call/{name}", b'{"data": ["{}"]}', length)
        assert status in allowed, (length, status)
    normal = {"layer": "ReLU"} if name == "run_layer" else {"model": {"preset": "MLP"}}
    assert call_api(server_url, name, json.dumps(normal))["ok"]


def test_unknown_endpoint_is_a_client_error(server_url: str) -> None:
    """A call to an API name that does not exist is the client's mistake: a 4xx, not a 500."""
    try:
        response = httpx.post(f"{server_url}gradio_api/call/run_everything", json={"data": ["{}"]}, timeout=30)
        assert response.status_code < 500, response.status_code
    finally:
        assert call_api(server_url, "run_layer", json.dumps({"layer": "ReLU"}))["ok"]


# --- point 7 (part): no monitoring, no queue bypass, no files outside the assets ------------

APP_MARKER = "GRADIO_ANALYTICS_ENABLED"  # in app.py, nowhere in what the server sends
TRAVERSALS = [
    "/gradio_api/file=/etc/passwd",
    "/gradio_api/file=%2Fetc%2Fpasswd",
    "/gradio_api/file=//etc/passwd",
    "/gradio_api/file=/proc/self/environ",
    "/gradio_api/file=app.py",
    f"/gradio_api/file={ROOT / 'app.py'}",
    "/gradio_api/file=README.md",
    "/gradio_api/file=playground/limits.py",
    "/gradio_api/file=assets/../app.py",
    "/gradio_api/file=../app.py",
    "/gradio_api/file=..%2fapp.py",
    "/gradio_api/file=%2e%2e/app.py",
    "/gradio_api/file=%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/gradio_api/file=/tmp/../etc/passwd",
    "/file=app.py",
    "/file=/etc/passwd",
    "/static/../app.py",
    "/static/..%2f..%2fapp.py",
    "/assets/../app.py",
    "/assets/..%2f..%2fapp.py",
    "/gradio_api/static/../../app.py",
    "/..%2f..%2f..%2fetc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/app.py",
    "/favicon.ico/../../app.py",
]


def raw_request(url: str, method: str, path: str, body: bytes = b"", length: str | None = None) -> tuple[int, bytes]:
    """A request exactly as written, path and Content-Length included: httpx would normalise
    dot segments away and correct a lying length."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        if method == "POST":
            connection.putheader("Content-Type", "application/json")
            connection.putheader("Content-Length", length if length is not None else str(len(body)))
        connection.endheaders(body or None)
        response = connection.getresponse()
        try:
            answer = response.read()
        except ConnectionResetError:  # it refused the body unread and closed: the status is the answer
            answer = b""
        return response.status, answer
    finally:
        connection.close()


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_file_outside_the_assets_is_served(server_url: str, path: str) -> None:
    status, body = raw_request(server_url, "GET", path)
    assert status in (400, 403, 404), (status, body[:200])
    assert b"root:" not in body
    assert APP_MARKER.encode() not in body
    assert b"PLAYGROUND_" not in body


def test_plotly_js_is_the_pinned_package_copy_served_by_the_app(server_url: str) -> None:
    """The page's only script from outside gradio comes from the app itself: plotly's own
    bundled plotly.js, byte for byte, gzipped when the browser accepts it, and cacheable."""
    expected = plotly_js_file().read_bytes()
    url = f"{server_url}{SCRIPT_URL}"
    zipped = httpx.get(url, headers={"Accept-Encoding": "gzip"}, timeout=30)
    assert zipped.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(expected) / 2
    assert zipped.content == expected  # httpx undoes the gzip
    assert "max-age" in zipped.headers["cache-control"]
    status, plain = raw_request(server_url, "GET", f"/{SCRIPT_URL}")  # no Accept-Encoding
    assert (status, plain) == (200, expected)
    assert httpx.head(url, timeout=30).content == b""
    assert httpx.post(url, timeout=30).status_code in (404, 405)


def test_monitoring_is_off_and_the_queue_cannot_be_bypassed(server_url: str) -> None:
    for path in ("monitoring", "monitoring/summary", "gradio_api/monitoring"):
        assert httpx.get(f"{server_url}{path}", timeout=10).status_code in (403, 404), path
    for name in ("run_layer", "run_model"):
        bypass = httpx.post(f"{server_url}gradio_api/run/{name}", json={"data": ['{"layer": "ReLU"}']}, timeout=10)
        assert bypass.status_code == 404


def test_upload_past_max_file_size_is_refused(server_url: str) -> None:
    """The upload route exists for components; a file past max_file_size (1 MB) is refused,
    with its length declared or streamed without one."""
    size = 3 * 2**20 // 2
    big = httpx.post(f"{server_url}gradio_api/upload", files={"files": ("big.bin", b"\0" * size)}, timeout=30)
    assert big.status_code in (400, 413), big.status_code
    assert "big.bin" not in big.text
    boundary = "playground-test-boundary"

    def streamed() -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        for _ in range(size // 2**16):
            yield b"\0" * 2**16
        yield f"\r\n--{boundary}--\r\n".encode()

    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    big = httpx.post(f"{server_url}gradio_api/upload", content=streamed(), headers=headers, timeout=30)
    assert big.status_code in (400, 413), big.status_code
    assert "big.bin" not in big.text
    small = httpx.post(f"{server_url}gradio_api/upload", files={"files": ("small.txt", b"hello")}, timeout=30)
    assert small.status_code == 200  # the refusal above is the size, not the route


# --- point 5: a burst of clients past the queue ----------------------------------------------

CLIENTS = 64
CALLS_PER_CLIENT = 3
BURST_LIMIT_S = 60
BURST_LAYERS = ("Linear", "ReLU", "Conv2d", "LSTM", "BatchNorm2d", "Embedding", "MultiheadAttention", "GELU")


def is_busy(status: int, answer: Any) -> bool:
    """gradio's refusal when the queue is full: a 503 on the call, or an error in its stream."""
    if status == 503:
        return "Queue is full" in str(answer)
    return status == 200 and isinstance(answer, tuple) and "queue" in answer[1].lower()


def test_burst_past_the_queue_is_told_busy(watched: Server) -> None:
    """64 clients at once against a queue of 8: some are served, the rest are told the queue is
    full (HTTP 503), nothing else happens, the workers are the same processes after, and the
    next request is served promptly."""
    workers = watched.workers()
    outcomes: Counter[str] = Counter()
    latencies: list[float] = []
    others: list[Any] = []
    lock = threading.Lock()
    deadline = time.monotonic() + BURST_LIMIT_S
    gate = threading.Barrier(CLIENTS)

    def client(index: int) -> None:
        with httpx.Client(timeout=httpx.Timeout(30, connect=10), limits=httpx.Limits(max_connections=2)) as http:
            gate.wait(30)
            for call in range(CALLS_PER_CLIENT):
                if time.monotonic() > deadline:
                    return
                layer = BURST_LAYERS[(index + call) % len(BURST_LAYERS)]
                start = time.perf_counter()
                try:
                    status, answer = post_call(
                        http, watched.url, "run_layer", json={"data": [json.dumps({"layer": layer})]}
                    )
                except httpx.HTTPError as e:
                    status, answer = -1, repr(e)
                elapsed = time.perf_counter() - start
                with lock:
                    if status == 200 and isinstance(answer, dict) and answer["ok"]:
                        outcomes["ok"] += 1
                        latencies.append(elapsed)
                    elif is_busy(status, answer):
                        outcomes["busy"] += 1
                    else:
                        outcomes["other"] += 1
                        others.append((layer, status, str(answer)[:300]))

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.1, deadline + 35 - time.monotonic()))
    wall = time.perf_counter() - started
    assert not any(thread.is_alive() for thread in threads), "a client hung past the time limit"
    total = sum(outcomes.values())
    latencies.sort()
    p50 = statistics.median(latencies) if latencies else float("nan")
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    print(
        f"\nburst: {CLIENTS} clients, {total} requests in {wall:.1f} s: ok {outcomes['ok']}, busy {outcomes['busy']}, "
        f"other {outcomes['other']}; p50 {p50 * 1e3:.0f} ms, p95 {p95 * 1e3:.0f} ms; "
        f"throughput {outcomes['ok'] / wall:.1f} ok/s"
    )
    assert not others, others[:5]
    assert outcomes["ok"] > 0
    assert outcomes["busy"] > 0, "a queue of 8 never filled: the burst tested nothing"
    assert watched.alive()
    assert watched.workers() == workers, "a worker was replaced during the burst"
    start = time.perf_counter()
    assert call_api(watched.url, "run_layer", json.dumps({"layer": "Linear"}))["ok"]
    assert time.perf_counter() - start < 3


# --- point 6: no growth with use -----------------------------------------------------------

WARM_UPDATES = 100
UPDATES = 2_000
LEAK_LIMIT_MB = 50
# a bound, not a target: 2,000 updates take about 125 s on a quiet 2-core machine and passed
# 150 s when other work shared it (1,937 done)
LEAK_TIME_S = 300


def updates() -> Iterator[tuple[str, str]]:
    """The slider moves of a session: a mix of layers with changing parameters, and a preset."""
    i = 0
    while True:
        i += 1
        yield from (
            ("run_layer", json.dumps({"layer": "Linear", "params": {"in_features": 1 + i % 16, "out_features": 3}})),
            ("run_layer", json.dumps({"layer": "Conv2d", "params": {"out_channels": 1 + i % 8}, "backward": True})),
            ("run_layer", json.dumps({"layer": "ReLU", "input": {"seed": i}})),
            ("run_layer", json.dumps({"layer": "LSTM", "params": {"hidden_size": 4 + i % 8}})),
            ("run_layer", json.dumps({"layer": "BatchNorm2d", "mode": "train"})),
            ("run_model", json.dumps({"model": {"preset": "LeNet"}, "input": {"seed": i}})),
        )


def test_memory_does_not_grow_with_use(watched: Server) -> None:
    """Resident memory of the server and its workers after 2,000 updates is within 50 MB of
    what it was after the first 100: nothing is kept per request."""
    source = updates()
    lock = threading.Lock()
    deadline = time.monotonic() + LEAK_TIME_S
    failures: list[Any] = []
    done = 0

    def run(count: int, client: httpx.Client) -> None:
        nonlocal done
        while time.monotonic() < deadline:
            with lock:
                if done >= count or failures:
                    return
                done += 1
                name, payload = next(source)
            try:
                status, answer = post_call(client, watched.url, name, json={"data": [payload]})
            except httpx.HTTPError as e:
                status, answer = -1, repr(e)
            if status != 200 or not isinstance(answer, dict) or not answer["ok"]:
                with lock:
                    failures.append((name, payload, status, str(answer)[:300]))

    def run_until(count: int) -> None:
        with httpx.Client(timeout=30) as client:  # one persistent client, two callers: both workers busy
            threads = [threading.Thread(target=run, args=(count, client)) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(max(0.1, deadline + 30 - time.monotonic()))
        assert not failures, failures[:3]
        if done < count:
            pytest.fail(f"only {done} of {count} updates in {LEAK_TIME_S} s: too slow to judge a leak")

    start = time.perf_counter()
    run_until(WARM_UPDATES)
    time.sleep(0.5)
    warm = rss_mb(process_tree(watched.pid))
    warm_workers = watched.workers()
    run_until(UPDATES)
    time.sleep(0.5)
    final = rss_mb(process_tree(watched.pid))
    elapsed = time.perf_counter() - start
    print(
        f"\nleak: {len(warm_workers) + 1} processes, {warm:.1f} MB after {WARM_UPDATES} updates, "
        f"{final:.1f} MB after {UPDATES} ({final - warm:+.1f} MB); {UPDATES} updates in {elapsed:.1f} s"
    )
    assert watched.workers() == warm_workers, "a worker was replaced: the comparison would mean nothing"
    assert final - warm < LEAK_LIMIT_MB


# --- point 7: no outbound connection ----------------------------------------------------------


def is_local(kind: str, value: Any) -> bool:
    """A loopback destination or an AF_UNIX path; for a name lookup, a loopback name."""
    if kind != "getaddrinfo" and (isinstance(value, bytes) or (isinstance(value, str) and value.startswith("/"))):
        return True  # AF_UNIX: a path on this machine
    host = value[0] if isinstance(value, tuple) else value
    if isinstance(host, bytes):
        host = host.decode()
    if host is None or host in ("", "localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def test_no_outbound_connection(watched: Server) -> None:
    """From start-up through a session (this module's traffic, a few API calls, the page and
    its config), the server and its workers connect nowhere but to loopback."""
    with httpx.Client(timeout=30) as client:
        assert client.get(watched.url).status_code == 200
        assert client.get(f"{watched.url}config").status_code == 200
        assert client.get(f"{watched.url}gradio_api/info").status_code == 200
    assert call_api(watched.url, "run_layer", json.dumps({"layer": "Conv2d"}))["ok"]
    assert call_api(watched.url, "run_model", json.dumps({"model": {"random": {"family": "dense", "count": 2}}}))["ok"]
    time.sleep(1)
    entries = [ast.literal_eval(line) for line in watched.netlog.read_text().splitlines()]
    starts = {pid: argv for pid, kind, argv in entries if kind == "start"}
    # the hook ran in the server and in both of its workers, or the test would prove nothing
    assert any("app.py" in argv for argv in starts.values()), starts
    assert sum(1 for argv in starts.values() if "playground.isolation.worker" in argv) >= int(LIMITS.workers), starts
    attempts = [(pid, kind, value) for pid, kind, value in entries if kind != "start"]
    assert attempts, "the server never opened a socket: the hook was not in place"
    outside = [(kind, value) for _, kind, value in attempts if not is_local(kind, value)]
    print(
        f"\nsockets: {Counter(kind for _, kind, _ in attempts)}; destinations {sorted({str(v) for *_, v in attempts})}"
    )
    assert not outside, outside
