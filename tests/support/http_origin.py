"""A tiny threaded HTTP server on loopback whose answers each test scripts, for the outbound
fetch rules (redirects, slow and oversized replies) and a timestamp authority (POST)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Origin:
    port: int
    routes: dict[str, Route] = field(default_factory=dict)
    #: (path, Host header) of every request received, in order.
    requests: list[tuple[str, str]] = field(default_factory=list)
    #: Set when the test ends, so handlers that hang on purpose let go.
    done: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def reply(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return route


@contextmanager
def http_origin() -> Iterator[Origin]:
    origin: Origin

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            origin.requests.append((self.path, self.headers.get("Host", "")))
            origin.routes.get(self.path, reply(404))(self)

        do_POST = do_GET

        def log_message(self, *_: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    origin = Origin(port=server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield origin
    finally:
        origin.done.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
