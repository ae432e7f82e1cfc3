"""A tiny GitHub REST client (standard library only) and the upsert patterns built on it.

One comment per pull request and environment, one open issue per drifting
environment: both are found again through a hidden HTML marker that starts
their body, so re-runs update instead of piling up.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
PER_PAGE = 100
TIMEOUT_SECONDS = 30
LINK_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')

Opener = Callable[..., Any]  # urllib.request.urlopen's shape, replaceable in tests


class GitHubError(Exception):
    """A GitHub problem in one line a person can act on."""


@dataclass(frozen=True)
class Settings:
    api_url: str
    token: str
    repository: str  # OWNER/REPO


def settings_from_env(environ: Mapping[str, str]) -> Settings:
    """The API URL, token and repository a workflow provides; a missing one is one clear error."""
    token = environ.get("GITHUB_TOKEN", "").strip()
    if not token:
        raise GitHubError(
            "GITHUB_TOKEN is not set: posting needs a token "
            "(in a workflow: env GITHUB_TOKEN: ${{ github.token }}); nothing was posted"
        )
    repository = environ.get("GITHUB_REPOSITORY", "").strip()
    if not re.fullmatch(r"[^/\s]+/[^/\s]+", repository):
        raise GitHubError(f"GITHUB_REPOSITORY = {repository!r}: expected OWNER/REPO; nothing was posted")
    api_url = (environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
    return Settings(api_url=api_url, token=token, repository=repository)


def pull_request_number(environ: Mapping[str, str], explicit: int | None = None) -> int:
    """--pr when given, else the pull request of the event that started the workflow."""
    if explicit is not None:
        return explicit
    event_path = environ.get("GITHUB_EVENT_PATH")
    if not event_path:
        raise GitHubError("no pull request number: pass --pr N (GITHUB_EVENT_PATH is not set)")
    try:
        event = json.loads(Path(event_path).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise GitHubError(f"{event_path}: cannot read the event file ({exc})") from None
    number = (event.get("pull_request") or {}).get("number") or event.get("number")
    if not isinstance(number, int):
        raise GitHubError(f"{event_path}: the event has no pull request number (is this a pull_request run?); pass --pr N")
    return number


def run_url(environ: Mapping[str, str]) -> str | None:
    """Link to the current workflow run, where the plan artifact lives."""
    server, repo, run_id = (environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    if server and repo and run_id:
        return f"{server.rstrip('/')}/{repo}/actions/runs/{run_id}"
    return None


class Client:
    """The few REST calls the orchestrator makes, with pagination and one-line errors."""

    def __init__(self, settings: Settings, opener: Opener = urllib.request.urlopen) -> None:
        self.settings = settings
        self._open = opener

    def _url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        url = f"{self.settings.api_url}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        return url

    def _send(self, method: str, url: str, body: Mapping[str, Any] | None = None) -> tuple[Any, Mapping[str, str]]:
        # Never send the token to a host other than the API's (a Link header could point anywhere).
        if not url.startswith(self.settings.api_url + "/"):
            raise GitHubError(f"refusing to call {url}: not under {self.settings.api_url}")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.settings.token}")
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("X-GitHub-Api-Version", API_VERSION)
        request.add_header("User-Agent", "orleans-aws-infra-orchestrator")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        short = url[len(self.settings.api_url):].split("?", 1)[0]
        try:
            with self._open(request, timeout=TIMEOUT_SECONDS) as response:
                raw = response.read()
                headers = dict(response.headers.items())
        except urllib.error.HTTPError as exc:
            raise GitHubError(f"GitHub API {method} {short}: HTTP {exc.code} {_error_message(exc)}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GitHubError(f"GitHub API {method} {short}: {reason}") from None
        return (json.loads(raw) if raw else None), headers

    def call(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        return self._send(method, self._url(path), body)[0]

    def paginate(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        url: str | None = self._url(path, {**(params or {}), "per_page": PER_PAGE})
        while url:
            page, headers = self._send("GET", url)
            yield from page or []
            link = next((v for k, v in headers.items() if k.lower() == "link"), "")
            match = LINK_NEXT.search(link)
            url = match.group(1) if match else None

    @property
    def _repo(self) -> str:
        return f"/repos/{self.settings.repository}"

    # Comments on a pull request are issue comments in the REST API.
    def issue_comments(self, number: int) -> Iterator[dict[str, Any]]:
        return self.paginate(f"{self._repo}/issues/{number}/comments")

    def create_comment(self, number: int, body: str) -> dict[str, Any]:
        return self.call("POST", f"{self._repo}/issues/{number}/comments", {"body": body})

    def update_comment(self, comment_id: int, body: str) -> dict[str, Any]:
        return self.call("PATCH", f"{self._repo}/issues/comments/{comment_id}", {"body": body})

    def open_issues(self) -> Iterator[dict[str, Any]]:
        # The issues list also returns pull requests; they carry a "pull_request" key.
        return (i for i in self.paginate(f"{self._repo}/issues", {"state": "open"}) if "pull_request" not in i)

    def create_issue(self, title: str, body: str, labels: list[str]) -> dict[str, Any]:
        return self.call("POST", f"{self._repo}/issues", {"title": title, "body": body, "labels": labels})

    def update_issue(self, number: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        return self.call("PATCH", f"{self._repo}/issues/{number}", dict(fields))


def _error_message(exc: urllib.error.HTTPError) -> str:
    try:
        detail = json.loads(exc.read() or b"{}").get("message", "")
    except (ValueError, AttributeError):
        detail = ""
    hint = " (the token lacks a permission: check the job's permissions block)" if exc.code in (401, 403, 404) else ""
    return f"{exc.reason}{': ' + detail if detail else ''}{hint}"


def has_marker(body: str | None, marker: str) -> bool:
    """Ours only when the marker opens the body: a quote of our comment starts with '>'."""
    return (body or "").lstrip().startswith(marker)


@dataclass(frozen=True)
class Upserted:
    action: str  # "created", "updated" or "closed"
    number: int  # comment id or issue number
    url: str


def upsert_comment(client: Client, pr_number: int, marker: str, body: str) -> Upserted:
    existing = next((c for c in client.issue_comments(pr_number) if has_marker(c.get("body"), marker)), None)
    if existing is None:
        made = client.create_comment(pr_number, body)
        return Upserted("created", made["id"], made.get("html_url", ""))
    made = client.update_comment(existing["id"], body)
    return Upserted("updated", made["id"], made.get("html_url", ""))


def find_open_issue(client: Client, marker: str) -> dict[str, Any] | None:
    return next((i for i in client.open_issues() if has_marker(i.get("body"), marker)), None)


def upsert_issue(client: Client, marker: str, title: str, body: str, labels: list[str]) -> Upserted:
    existing = find_open_issue(client, marker)
    if existing is None:
        made = client.create_issue(title, body, labels)
        return Upserted("created", made["number"], made.get("html_url", ""))
    made = client.update_issue(existing["number"], {"title": title, "body": body})
    return Upserted("updated", made["number"], made.get("html_url", ""))


def close_issue(client: Client, marker: str, body: str) -> Upserted | None:
    """Close the open issue with this marker (its body replaced); None when there is none."""
    existing = find_open_issue(client, marker)
    if existing is None:
        return None
    made = client.update_issue(existing["number"], {"body": body, "state": "closed", "state_reason": "completed"})
    return Upserted("closed", made["number"], made.get("html_url", ""))
