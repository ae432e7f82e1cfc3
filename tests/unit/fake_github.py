"""A fake GitHub REST API on 127.0.0.1: real HTTP, comments and issues in memory, every request recorded.

Serves just the calls orchestrator.github makes, with GitHub's shapes: pages
of PAGE_SIZE items linked by a `Link: <...>; rel="next"` header, pull requests
mixed into the issues list, 401 without the expected token, and optionally a
read-only token (403 on writes) like the one GitHub hands fork pull requests.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PAGE_SIZE = 2  # small, so a handful of comments already spans pages


@dataclass
class Recorded:
    method: str
    path: str  # without the query string
    query: dict[str, str]
    auth: str | None
    body: Any


@dataclass
class FakeGitHub:
    token: str = "test-token"
    repository: str = "acme/orleans-shop"
    read_only: bool = False
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> comment (with its issue number)
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)  # number -> issue or pull request
    requests: list[Recorded] = field(default_factory=list)
    _next_id: int = 1000

    # -------------------------------------------------------------- setup --
    def start(self) -> "FakeGitHub":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _handle(self) -> None:
                fake._serve(self)

            do_GET = do_POST = do_PATCH = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def env(self, **extra: str) -> dict[str, str]:
        """The GITHUB_* variables a workflow step would see, pointed at this fake."""
        return {
            "GITHUB_API_URL": self.url,
            "GITHUB_TOKEN": self.token,
            "GITHUB_REPOSITORY": self.repository,
            "GITHUB_SERVER_URL": "https://github.example",
            "GITHUB_RUN_ID": "4242",
            "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
            **extra,
        }

    # ---------------------------------------------------------- test data --
    def add_comment(self, issue_number: int, body: str, login: str = "someone") -> int:
        cid = self._new_id()
        self.comments[cid] = {"id": cid, "issue": issue_number, "body": body, "user": {"login": login}}
        return cid

    def add_issue(self, body: str, title: str = "an issue", *, pull_request: bool = False, state: str = "open") -> int:
        number = len(self.issues) + 1
        issue = {"number": number, "title": title, "body": body, "state": state, "labels": []}
        if pull_request:
            issue["pull_request"] = {"url": "..."}
        self.issues[number] = issue
        return number

    def comments_on(self, issue_number: int) -> list[dict[str, Any]]:
        return [c for c in self.comments.values() if c["issue"] == issue_number]

    def writes(self) -> list[Recorded]:
        return [r for r in self.requests if r.method != "GET"]

    # ------------------------------------------------------------ serving --
    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlsplit(handler.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        auth = handler.headers.get("Authorization")
        self.requests.append(Recorded(handler.command, parsed.path, query, auth, body))

        if auth != f"Bearer {self.token}":
            return self._reply(handler, 401, {"message": "Bad credentials"})
        if self.read_only and handler.command != "GET":
            return self._reply(handler, 403, {"message": "Resource not accessible by integration"})
        prefix = f"/repos/{self.repository}"
        if not parsed.path.startswith(prefix + "/"):
            return self._reply(handler, 404, {"message": "Not Found"})
        route = parsed.path[len(prefix):]
        method = handler.command

        if m := re.fullmatch(r"/issues/(\d+)/comments", route):
            number = int(m.group(1))
            if method == "GET":
                return self._page(handler, parsed.path, query, self.comments_on(number))
            if method == "POST":
                cid = self.add_comment(number, body["body"], login="github-actions[bot]")
                return self._reply(handler, 201, self._comment_out(cid))
        if (m := re.fullmatch(r"/issues/comments/(\d+)", route)) and method == "PATCH":
            cid = int(m.group(1))
            if cid not in self.comments:
                return self._reply(handler, 404, {"message": "Not Found"})
            self.comments[cid]["body"] = body["body"]
            return self._reply(handler, 200, self._comment_out(cid))
        if route == "/issues":
            if method == "GET":
                state = query.get("state", "open")
                items = [i for i in self.issues.values() if state == "all" or i["state"] == state]
                return self._page(handler, parsed.path, query, items)
            if method == "POST":
                number = self.add_issue(body["body"], body["title"])
                self.issues[number]["labels"] = [{"name": n} for n in body.get("labels", [])]
                return self._reply(handler, 201, self._issue_out(number))
        if (m := re.fullmatch(r"/issues/(\d+)", route)) and method == "PATCH":
            number = int(m.group(1))
            if number not in self.issues:
                return self._reply(handler, 404, {"message": "Not Found"})
            self.issues[number].update({k: v for k, v in body.items() if k in ("title", "body", "state", "state_reason")})
            return self._reply(handler, 200, self._issue_out(number))
        return self._reply(handler, 404, {"message": "Not Found"})

    def _comment_out(self, cid: int) -> dict[str, Any]:
        c = self.comments[cid]
        return {**c, "html_url": f"https://github.example/{self.repository}/pull/{c['issue']}#issuecomment-{cid}"}

    def _issue_out(self, number: int) -> dict[str, Any]:
        return {**self.issues[number], "html_url": f"https://github.example/{self.repository}/issues/{number}"}

    def _page(self, handler: BaseHTTPRequestHandler, path: str, query: dict[str, str], items: list[dict[str, Any]]) -> None:
        page = int(query.get("page", "1"))
        size = min(PAGE_SIZE, int(query.get("per_page", "30")))
        chunk = items[(page - 1) * size : page * size]
        headers = {}
        if page * size < len(items):
            next_query = urllib.parse.urlencode({**query, "page": page + 1})
            headers["Link"] = f'<{self.url}{path}?{next_query}>; rel="next"'
        out = [self._comment_out(i["id"]) if "issue" in i else self._issue_out(i["number"]) for i in chunk]
        self._reply(handler, 200, out, headers)

    @staticmethod
    def _reply(handler: BaseHTTPRequestHandler, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(data)
