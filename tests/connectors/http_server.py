"""A real HTTP server on 127.0.0.1 answering from a queue: the wire as ``warmly sync`` meets it.

Each request pops the next :class:`Answer` (the last one repeats), so a test can
serve a bad token, HTML from a proxy, broken JSON, a 429 or a hang.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Answer:
    status: int = 200
    body: Any = None  # a str is sent as is, anything else as JSON
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (a slow or hung server)


@dataclass
class Script:
    answers: list[Answer]
    paths: list[str] = field(default_factory=list)

    def next(self, path: str) -> Answer:
        self.paths.append(path)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def _handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            a = script.next(self.path)
            time.sleep(a.delay)
            raw = a.body if isinstance(a.body, str) else json.dumps(a.body)
            data = raw.encode()
            try:
                self.send_response(a.status)
                self.send_header("Content-Type", a.content_type)
                self.send_header("Content-Length", str(len(data)))
                for k, v in a.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up (timeout) before the answer
                pass

        do_GET = do_POST = _answer

    return Handler


@contextmanager
def serve(*answers: Answer) -> Iterator[tuple[str, Script]]:
    """``(base_url, script)`` of a server answering ``answers`` in order."""
    script = Script(list(answers))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", script
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
