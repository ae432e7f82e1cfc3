"""The GitHub client and the pr-comment / drift-issue commands against a fake GitHub API over real HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from orchestrator import github, pr_comment
from tests.unit.fake_github import FakeGitHub
from tests.unit.test_pr_comment import FULL, SECRET, make_plan, rc

ROOT = Path(__file__).resolve().parents[2]
PLAN_MARKER = "<!-- orleans-aws-infra:plan:dev -->"
NO_CHANGES = make_plan(rc("module.stack.aws_vpc.this", ["no-op"], before={}, after={}))


@pytest.fixture
def fake():
    server = FakeGitHub().start()
    yield server
    server.stop()


@pytest.fixture
def plan_file(tmp_path):
    def write(plan: dict, name: str = "dev") -> Path:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        path = folder / "plan.json"
        path.write_text(json.dumps(plan))
        return path

    return write


@pytest.fixture
def event_file(tmp_path):
    path = tmp_path / "event.json"
    path.write_text(json.dumps({"action": "synchronize", "number": 7, "pull_request": {"number": 7}}))
    return path


def cli(*args: str, env: dict[str, str], module: str = "orchestrator") -> subprocess.CompletedProcess:
    """Run the command as a workflow step would, without this shell's own GITHUB_* variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


# ------------------------------------------------------------- the client --


def test_pagination_follows_link_headers(fake):
    for i in range(5):  # three pages of two
        fake.add_comment(7, f"comment {i}")
    client = github.Client(github.settings_from_env(fake.env()))
    assert [c["body"] for c in client.issue_comments(7)] == [f"comment {i}" for i in range(5)]
    gets = [r for r in fake.requests if r.method == "GET"]
    assert [r.query.get("page", "1") for r in gets] == ["1", "2", "3"]
    assert all(r.auth == "Bearer test-token" for r in fake.requests)


def test_upsert_finds_our_comment_past_the_first_page_and_ignores_quotes(fake):
    fake.add_comment(7, "first")
    fake.add_comment(7, f"> {PLAN_MARKER}\n> quoting the bot")  # a person quoting us: not ours
    fake.add_comment(7, "third")
    ours = fake.add_comment(7, f"{PLAN_MARKER}\nold plan", login="github-actions[bot]")
    client = github.Client(github.settings_from_env(fake.env()))
    done = github.upsert_comment(client, 7, PLAN_MARKER, f"{PLAN_MARKER}\nnew plan")
    assert (done.action, done.number) == ("updated", ours)
    assert fake.comments[ours]["body"].endswith("new plan")
    assert len(fake.comments_on(7)) == 4


def test_issue_list_skips_pull_requests(fake):
    marker = "<!-- orleans-aws-infra:drift:stg -->"
    fake.add_issue(f"{marker}\nthis is a pull request body", pull_request=True)
    client = github.Client(github.settings_from_env(fake.env()))
    assert github.find_open_issue(client, marker) is None


def test_http_errors_are_one_line(fake):
    client = github.Client(github.settings_from_env({**fake.env(), "GITHUB_TOKEN": "wrong"}))
    with pytest.raises(github.GitHubError) as err:
        list(client.issue_comments(7))
    message = str(err.value)
    assert "\n" not in message and "HTTP 401" in message and "Bad credentials" in message


def test_link_to_another_host_is_refused(fake):
    client = github.Client(github.settings_from_env(fake.env()))
    with pytest.raises(github.GitHubError, match="refusing"):
        client._send("GET", "http://127.0.0.2:1/steal")


def test_missing_token_is_an_error_before_any_request():
    with pytest.raises(github.GitHubError, match="GITHUB_TOKEN is not set"):
        github.settings_from_env({"GITHUB_REPOSITORY": "acme/orleans-shop"})


def test_pull_request_number_from_the_event_file(event_file):
    assert github.pull_request_number({"GITHUB_EVENT_PATH": str(event_file)}) == 7
    assert github.pull_request_number({}, explicit=9) == 9
    with pytest.raises(github.GitHubError, match="--pr"):
        github.pull_request_number({})


# ------------------------------------------------- the commands, end to end --


def test_first_run_creates_the_comment_and_the_second_updates_the_same_one(fake, plan_file, event_file):
    plan = plan_file(FULL)
    env = fake.env(GITHUB_EVENT_PATH=str(event_file))
    first = cli("pr-comment", "dev", "--plan", str(plan), env=env)
    assert first.returncode == 0, first.stderr
    assert [(r.method, r.path) for r in fake.writes()] == [("POST", "/repos/acme/orleans-shop/issues/7/comments")]
    [created] = fake.comments_on(7)

    second = cli("pr-comment", "dev", "--plan", str(plan), env=env)
    assert second.returncode == 0, second.stderr
    assert [(r.method, r.path) for r in fake.writes()][1] == ("PATCH", f"/repos/acme/orleans-shop/issues/comments/{created['id']}")
    assert len(fake.comments_on(7)) == 1 and fake.comments_on(7)[0]["id"] == created["id"]
    assert "plan comment updated on pull request #7" in second.stdout

    body = fake.comments_on(7)[0]["body"]
    assert body.startswith(PLAN_MARKER) and "⚠️ **This plan destroys or replaces 2 resource(s).**" in body
    assert SECRET not in json.dumps([r.body for r in fake.requests])  # nothing sensitive ever went over the wire
    assert "[workflow run](https://github.example/acme/orleans-shop/actions/runs/4242)" in body


def test_each_environment_keeps_its_own_comment(fake, plan_file, event_file):
    env = fake.env(GITHUB_EVENT_PATH=str(event_file))
    for name in ("dev", "stg", "dev"):
        result = cli("pr-comment", name, "--plan", str(plan_file(FULL, name)), env=env, module="orchestrator.pr_comment")
        assert result.returncode == 0, result.stderr
    bodies = sorted(c["body"].splitlines()[0] for c in fake.comments_on(7))
    assert bodies == ["<!-- orleans-aws-infra:plan:dev -->", "<!-- orleans-aws-infra:plan:stg -->"]


def test_missing_token_fails_in_one_line_and_sends_nothing(fake, plan_file, event_file):
    env = fake.env(GITHUB_EVENT_PATH=str(event_file))
    del env["GITHUB_TOKEN"]
    result = cli("pr-comment", "dev", "--plan", str(plan_file(FULL)), env=env)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and result.stderr.startswith("error: GITHUB_TOKEN is not set")
    assert fake.requests == []


def test_unknown_environment_fails_in_one_line(fake, plan_file, event_file):
    result = cli("pr-comment", "qa", "--plan", str(plan_file(FULL)), env=fake.env(GITHUB_EVENT_PATH=str(event_file)))
    assert result.returncode == 1 and "environment 'qa'" in result.stderr and result.stderr.strip().count("\n") == 0
    assert fake.requests == []


def test_output_writes_a_job_summary_without_a_token(tmp_path, plan_file):
    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier step\n")
    result = cli("pr-comment", "stg", "--plan", str(plan_file(FULL, "stg")), "--output", str(summary), env={})
    assert result.returncode == 0, result.stderr
    text = summary.read_text()
    assert text.startswith("earlier step\n<!-- orleans-aws-infra:plan:stg -->") and SECRET not in text


def test_oversized_plan_posts_under_the_limit(fake, plan_file, event_file):
    plan = plan_file(FULL)
    (plan.parent / "plan.txt").write_text("  # some.resource will be updated in-place\n" * 5000)  # ~215k characters
    result = cli("pr-comment", "dev", "--plan", str(plan), env=fake.env(GITHUB_EVENT_PATH=str(event_file)))
    assert result.returncode == 0, result.stderr
    [posted] = fake.comments_on(7)
    assert len(posted["body"]) < pr_comment.GITHUB_LIMIT
    assert "| 2 | 2 | 2 |" in posted["body"] and "`plan-dev` artifact of [this workflow run]" in posted["body"]


def test_drift_issue_is_created_then_updated_then_closed(fake, plan_file):
    plan = plan_file(FULL, "stg")
    env = fake.env()
    first = cli("drift-issue", "stg", "--plan", str(plan), env=env)
    assert first.returncode == 0, first.stderr
    [(number, issue)] = fake.issues.items()
    assert issue["title"] == "Drift detected in stg" and issue["body"].startswith("<!-- orleans-aws-infra:drift:stg -->")
    assert [label["name"] for label in issue["labels"]] == pr_comment.DRIFT_LABELS

    second = cli("drift-issue", "stg", "--plan", str(plan), env=env)
    assert second.returncode == 0, second.stderr
    assert len(fake.issues) == 1 and f"issue #{number} updated" in second.stdout
    assert [r.method for r in fake.writes()] == ["POST", "PATCH"]

    resolved = cli("drift-issue", "stg", "--plan", str(plan_file(NO_CHANGES, "stg")), env=env)
    assert resolved.returncode == 0, resolved.stderr
    assert fake.issues[number]["state"] == "closed" and "No drift" in fake.issues[number]["body"]


def test_drift_issues_are_per_environment(fake, plan_file):
    for name in ("stg", "prod"):
        assert cli("drift-issue", name, "--plan", str(plan_file(FULL, name)), env=fake.env()).returncode == 0
    assert sorted(i["title"] for i in fake.issues.values()) == ["Drift detected in prod", "Drift detected in stg"]


def test_no_drift_and_no_issue_does_nothing(fake, plan_file):
    result = cli("drift-issue", "dev", "--plan", str(plan_file(NO_CHANGES)), env=fake.env())
    assert result.returncode == 0 and "no open drift issue" in result.stdout
    assert fake.writes() == []


def test_fork_notice_is_posted_once(fake, event_file):
    env = fake.env(GITHUB_EVENT_PATH=str(event_file))
    for _ in range(2):
        result = cli("pr-comment", "--fork-notice", env=env)
        assert result.returncode == 0, result.stderr
    [notice] = fake.comments_on(7)
    assert notice["body"].startswith(pr_comment.FORK_MARKER)


def test_fork_notice_with_a_read_only_token_goes_to_the_job_summary(tmp_path, event_file):
    fake = FakeGitHub(read_only=True).start()
    try:
        summary = tmp_path / "summary.md"
        env = fake.env(GITHUB_EVENT_PATH=str(event_file), GITHUB_STEP_SUMMARY=str(summary))
        result = cli("pr-comment", "--fork-notice", env=env)
        assert result.returncode == 0, result.stderr
        assert "::warning::" in result.stdout and "HTTP 403" in result.stdout
        assert summary.read_text().startswith(pr_comment.FORK_MARKER)
    finally:
        fake.stop()
