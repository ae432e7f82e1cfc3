"""Plan comments on pull requests, drift issues and job summaries, rendered from `terraform show -json`.

Pure functions turn a plan into Markdown (counts, a warning for every destroy
or replace, the full plan folded and cut to GitHub's size limit, never a
sensitive value); `run`, `run_drift` and `run_fork_notice` are the I/O edges
the CLI calls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import jinja2

from . import config, github
from .plan_summary import PlanSummary, summarize

TEMPLATES = Path(__file__).resolve().parent / "templates"
GITHUB_LIMIT = 65_536  # characters in an issue or comment body
BODY_BUDGET = 65_000  # UTF-8 bytes we allow ourselves: under the limit however GitHub counts
SENSITIVE = "(sensitive)"
UNKNOWN = "(known after apply)"
MIN_SECRET_LENGTH = 6  # shorter sensitive values (ports, flags) are not scrubbed from free text
VALUE_WIDTH = 160
PLAN_ENVIRONMENTS = ("dev", "stg", "prod")  # what pr.yml plans; named in the fork notice
DRIFT_LABELS = ["drift", "infrastructure"]

PLAN_MARKER = "<!-- orleans-aws-infra:plan:{env} -->"
DRIFT_MARKER = "<!-- orleans-aws-infra:drift:{env} -->"
FORK_MARKER = "<!-- orleans-aws-infra:fork-notice -->"

SYMBOLS = {("create",): "+", ("update",): "~", ("delete",): "-", ("delete", "create"): "-/+", ("create", "delete"): "+/-"}
VERBS = {("create",): "create", ("update",): "update", ("delete",): "delete"}


# ---------------------------------------------------------------- secrets --


def redact(value: Any, mask: Any) -> Any:
    """The value with every part Terraform marks sensitive replaced by "(sensitive)".

    `mask` is the parallel `before_sensitive`/`after_sensitive` structure:
    true for a sensitive subtree, a dict/list to descend into, false otherwise.
    """
    if mask is True:
        return SENSITIVE
    if isinstance(value, dict):
        sub = mask if isinstance(mask, dict) else {}
        return {k: redact(v, sub.get(k, False)) for k, v in value.items()}
    if isinstance(value, list):
        sub = mask if isinstance(mask, list) else []
        return [redact(v, sub[i] if i < len(sub) else False) for i, v in enumerate(value)]
    return value


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _masked_strings(value: Any, mask: Any) -> Iterable[str]:
    if mask is True:
        yield from _strings(value)
    elif isinstance(mask, dict) and isinstance(value, dict):
        for k, sub in mask.items():
            yield from _masked_strings(value.get(k), sub)
    elif isinstance(mask, list) and isinstance(value, list):
        for v, sub in zip(value, mask):
            yield from _masked_strings(v, sub)


def sensitive_strings(plan: Mapping[str, Any]) -> set[str]:
    """Every sensitive string in the plan: resource and output values, sensitive root variables.

    Used to scrub free text (plan.txt) as a second line of defence: Terraform
    already hides them there, unless a value leaked into an unmarked attribute.
    """
    found: set[str] = set()
    changes = [rc.get("change", {}) for rc in plan.get("resource_changes", [])]
    changes += list((plan.get("output_changes") or {}).values())
    for change in changes:
        for side in ("before", "after"):
            found.update(_masked_strings(change.get(side), change.get(f"{side}_sensitive", False)))
    declared = ((plan.get("configuration") or {}).get("root_module") or {}).get("variables") or {}
    for name, spec in declared.items():
        if spec.get("sensitive"):
            found.update(_strings(((plan.get("variables") or {}).get(name) or {}).get("value")))
    pieces: set[str] = set()
    for secret in found:
        pieces.add(secret)
        pieces.add(json.dumps(secret)[1:-1])  # as Terraform prints it, escapes and all
        pieces.update(line.strip() for line in secret.splitlines())
    return {p for p in pieces if len(p) >= MIN_SECRET_LENGTH}


def scrub(text: str, secrets: set[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):  # longest first: no partial leftovers
        text = text.replace(secret, SENSITIVE)
    return text


# ------------------------------------------------------- readable changes --


def _show(value: Any) -> str:
    shown = value if isinstance(value, str) and value in (SENSITIVE, UNKNOWN) else json.dumps(value, sort_keys=True)
    return shown if len(shown) <= VALUE_WIDTH else shown[: VALUE_WIDTH - 1] + "…"


def _with_unknowns(after: Any, unknown: Any) -> Any:
    """`after` with the values Terraform only learns at apply time spelled out."""
    if unknown is True:
        return UNKNOWN
    if isinstance(unknown, dict):
        base = dict(after) if isinstance(after, dict) else {}
        for k, sub in unknown.items():
            base[k] = _with_unknowns(base.get(k), sub)
        return base
    return after


def change_lines(rc: Mapping[str, Any]) -> list[str]:
    """One resource change as a few readable lines, sensitive values redacted."""
    change = rc.get("change", {})
    actions = tuple(change.get("actions", []))
    before = redact(change.get("before"), change.get("before_sensitive", False))
    after = redact(_with_unknowns(change.get("after"), change.get("after_unknown", False)), change.get("after_sensitive", False))
    verb = VERBS.get(actions, "replace" if "delete" in actions and "create" in actions else "/".join(actions))
    head = f"{SYMBOLS.get(actions, '?')} {verb} {rc['address']}"
    summary_changes = summarize({"resource_changes": [rc]}).changes
    if summary_changes and verb in ("delete", "replace"):
        head += f"  ({summary_changes[0].why()})"
    lines = [head]
    before_map = before if isinstance(before, dict) else {}
    after_map = after if isinstance(after, dict) else {}
    if verb == "create":
        lines += [f"    {k} = {_show(v)}" for k, v in sorted(after_map.items()) if v not in (None, [], {})]
    elif verb == "delete":
        pass  # the address says it all; the old values would only be noise
    else:
        raw_before = change.get("before") if isinstance(change.get("before"), dict) else {}
        raw_after = change.get("after") if isinstance(change.get("after"), dict) else {}
        for key in sorted(set(before_map) | set(after_map)):
            old, new = before_map.get(key), after_map.get(key)
            changed = raw_before.get(key) != raw_after.get(key) or new == UNKNOWN
            if changed and (old, new) != (None, None):
                lines.append(f"    {key}: {_show(old)} -> {_show(new)}")
    return lines


def readable_plan(plan: Mapping[str, Any]) -> str:
    """The plan as text when `terraform show` output is not at hand."""
    blocks = ["\n".join(change_lines(rc)) for rc in plan.get("resource_changes", [])
              if tuple(rc.get("change", {}).get("actions", [])) not in ((), ("no-op",), ("read",))]
    outputs = []
    for name, change in sorted((plan.get("output_changes") or {}).items()):
        if tuple(change.get("actions", [])) in ((), ("no-op",)):
            continue
        after = redact(_with_unknowns(change.get("after"), change.get("after_unknown", False)), change.get("after_sensitive", False))
        outputs.append(f"  {name} = {_show(after)}")
    if outputs:
        blocks.append("Changes to outputs:\n" + "\n".join(outputs))
    return "\n\n".join(blocks) if blocks else "No changes."


# --------------------------------------------------------------- rendering --


@dataclass(frozen=True)
class Context:
    """Where a body is going: the run that made it and what the artifact is called."""

    run_url: str | None = None
    sha: str | None = None
    artifact: str | None = None  # name of the uploaded plan text
    local_plan_text: str | None = None  # path to mention when there is no run

    @classmethod
    def from_env(cls, environ: Mapping[str, str], env_name: str, plan_text: Path | None) -> "Context":
        sha = environ.get("GITHUB_SHA")
        return cls(
            run_url=github.run_url(environ),
            sha=sha[:12] if sha else None,
            artifact=f"plan-{env_name}",
            local_plan_text=str(plan_text) if plan_text else None,
        )

    def artifact_note(self) -> str:
        if self.run_url:
            return f"The full plan is the `{self.artifact}` artifact of [this workflow run]({self.run_url})."
        where = f"`{self.local_plan_text}`" if self.local_plan_text else "the plan file"
        return f"The full plan is in {where} where the plan ran."

    def footer(self) -> str:
        parts = [f"commit `{self.sha}`"] if self.sha else []
        parts.append(f"[workflow run]({self.run_url})" if self.run_url else "rendered locally")
        parts.append(dt.datetime.now(dt.timezone.utc).strftime("updated %Y-%m-%d %H:%M UTC"))
        return " · ".join(parts)


def _jinja() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML
    )


def _fence(text: str) -> str:
    """A code fence longer than any backtick run inside the text, so the text cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _table_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def destructive_rows(summary: PlanSummary) -> list[dict[str, str]]:
    return [
        {"action": "replace" if c.is_replace else "destroy", "address": c.address.replace("`", "'"), "why": _table_cell(c.why())}
        for c in summary.destructive
    ]


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters of text, ending on a whole line, with a note where it stops."""
    note = "\n… (cut here: see the full plan)"
    if limit <= len(note):
        return note.strip()
    head = text[: limit - len(note)]
    if "\n" in head:
        head = head[: head.rindex("\n")]
    return head + note


def _size(body: str) -> int:
    return len(body.encode("utf-8"))


def render(
    *,
    marker: str,
    title: str,
    summary: PlanSummary,
    detail: str,
    detail_source: str,
    context: Context,
    intro: str = "",
    cost_section: str = "",
    secrets: set[str] | None = None,
    budget: int = BODY_BUDGET,
) -> str:
    """The Markdown body: whole summary, folded detail cut to fit the budget, secrets scrubbed."""
    secrets = secrets or set()
    detail = scrub(detail, secrets)
    rows = destructive_rows(summary)
    icon = "⚠️" if rows else ("📝" if summary.has_changes else "✅")
    template = _jinja().get_template("pr_comment.md.j2")

    def body(detail_text: str, rows_shown: list[dict[str, str]], truncated: bool) -> str:
        text = template.render(
            marker=marker, icon=icon, title=title, intro=intro, summary=summary,
            destructive=rows_shown, destructive_omitted=len(rows) - len(rows_shown),
            cost_section=cost_section, detail_source=detail_source, fence=_fence(detail_text), detail=detail_text,
            truncated=truncated, detail_shown=len(detail_text), detail_total=len(detail),
            artifact_note=context.artifact_note(), footer=context.footer(),
        )
        return scrub(text, secrets)

    full = body(detail, rows, False)
    if _size(full) <= budget:
        return full
    # Too long: only the folded detail gives way. The overhead is everything
    # but the detail; measured in bytes, spent in characters (a safe bound).
    overhead = _size(body("", rows, True))
    room = budget - overhead - 200  # the cut note and the "N of M" digits
    if room > 0:
        cut = _cut(detail, room)
        while _size(candidate := body(cut, rows, True)) > budget and len(cut) > 100:
            cut = _cut(cut, len(cut) - (_size(candidate) - budget) - 100)
        if _size(candidate) <= budget:
            return candidate
    # Not even the summary fits (thousands of destroys): list as many as fit, count the rest.
    shown = rows
    while shown and _size(candidate := body(_cut(detail, 0), shown, True)) > budget:
        shown = shown[: len(shown) * 3 // 4]
    return body(_cut(detail, 0), shown, True)


def plan_detail(plan: Mapping[str, Any], plan_json_path: Path | None) -> tuple[str, str]:
    """(text, where it came from): `terraform show` text beside the JSON when present."""
    if plan_json_path is not None:
        text_path = plan_json_path.with_name("plan.txt")
        if text_path.is_file():
            return text_path.read_text(errors="replace").strip("\n"), "terraform show"
    return readable_plan(plan), "summary of the plan JSON"


def load_baseline(path: Path | None) -> config.Environment | None:
    """The base branch's environment, or None when it is absent or invalid (a new environment)."""
    if path is None or not path.is_file():
        return None
    try:
        return config.load(str(path))
    except config.ConfigError:
        return None


def cost_markdown(env: config.Environment, baseline: config.Environment | None = None) -> str:
    """The cost section when orchestrator.cost exists; with the base branch's environment
    as baseline it says how much the change raises or lowers the fixed cost."""
    try:
        cost = importlib.import_module(f"{__package__}.cost")
    except ImportError:
        return ""
    section = getattr(cost, "markdown_section", None)
    if section is None:
        return ""
    try:
        return str((section(env) if baseline is None else section(env, baseline)) or "").strip()
    except Exception as exc:  # noqa: BLE001 - a cost bug must not cost the plan comment
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        return f"_Cost estimate unavailable: {first}_"


def plan_comment(env_name: str, plan: Mapping[str, Any], plan_json_path: Path | None, context: Context, cost_section: str = "") -> str:
    summary = summarize(dict(plan))
    detail, source = plan_detail(plan, plan_json_path)
    return render(
        marker=PLAN_MARKER.format(env=env_name),
        title=f"Terraform plan for `{env_name}`: {summary.line()}",
        summary=summary, detail=detail, detail_source=source, context=context,
        cost_section=cost_section, secrets=sensitive_strings(plan),
    )


def drift_issue(env_name: str, plan: Mapping[str, Any], plan_json_path: Path | None, context: Context) -> tuple[str, str]:
    """(title, body) of the drift issue of an environment."""
    summary = summarize(dict(plan))
    detail, source = plan_detail(plan, plan_json_path)
    intro = (
        f"The scheduled drift check found that `{env_name}` no longer matches its code: "
        "applying the current code would make these changes. Either apply it (deploy), "
        "or change the code to adopt what changed outside Terraform. "
        "This issue is updated on every check and closed once the drift is gone."
    )
    body = render(
        marker=DRIFT_MARKER.format(env=env_name), title=f"Drift in `{env_name}`: {summary.line()}",
        summary=summary, detail=detail, detail_source=source, context=context,
        intro=intro, secrets=sensitive_strings(plan),
    )
    return f"Drift detected in {env_name}", body


def resolved_drift_body(env_name: str, context: Context) -> str:
    return (
        f"{DRIFT_MARKER.format(env=env_name)}\n### ✅ No drift in `{env_name}`\n\n"
        f"The latest drift check found no changes: the environment matches its code again.\n\n<sub>{context.footer()}</sub>\n"
    )


def fork_notice(context: Context, environments: Iterable[str] = PLAN_ENVIRONMENTS) -> str:
    names = ", ".join(f"`{e}`" for e in environments)
    return _jinja().get_template("pr_fork_notice.md.j2").render(marker=FORK_MARKER, environments=names, footer=context.footer())


# -------------------------------------------------------------- I/O edges --


def _load_plan(path: Path) -> dict[str, Any]:
    try:
        plan = json.loads(path.read_text())
    except OSError as exc:
        raise config.ConfigError(f"{path}: cannot read the plan ({exc.strerror}); run `python -m orchestrator plan ENV` first") from None
    except json.JSONDecodeError as exc:
        raise config.ConfigError(f"{path}: line {exc.lineno}: not JSON (expected `terraform show -json` output)") from None
    if not isinstance(plan, dict) or "format_version" not in plan:
        raise config.ConfigError(f"{path}: not a Terraform plan JSON (no format_version)")
    return plan


def _write(output: str, body: str) -> None:
    if output == "-":
        sys.stdout.write(body)
    else:
        with open(output, "a", encoding="utf-8") as handle:  # append: $GITHUB_STEP_SUMMARY may hold more
            handle.write(body + "\n")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("env", metavar="ENV", nargs="?", help="environment name (envs/NAME.json); not with --fork-notice")
    parser.add_argument("--plan", type=Path, help="plan JSON (`terraform show -json`), e.g. .build/ENV/plan.json; plan.txt beside it is shown as the full plan")
    parser.add_argument("--pr", type=int, default=None, help="pull request number (default: from the event file GITHUB_EVENT_PATH)")
    parser.add_argument("--output", metavar="FILE", help="write the Markdown to FILE ('-' for stdout, $GITHUB_STEP_SUMMARY for a job summary) instead of posting")
    parser.add_argument("--fork-notice", action="store_true", help="post the 'no plan for forks' comment instead of a plan")
    parser.add_argument("--cost-baseline", type=Path, default=None, metavar="FILE",
                        help="the environment file as on the base branch; the cost section then says how the fixed cost changes")


def add_drift_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("env", metavar="ENV", help="environment name (envs/NAME.json)")
    parser.add_argument("--plan", type=Path, required=True, help="plan JSON of the drift check (.build/ENV/plan.json)")
    parser.add_argument("--output", metavar="FILE", help="write the issue body to FILE ('-' for stdout) instead of posting")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr, flush=True)
    return 1


def run(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    try:
        if args.fork_notice:
            return _post_fork_notice(args, environ)
        if not args.env or args.plan is None:
            return _fail("pr-comment needs ENV and --plan FILE (or --fork-notice)")
        env = config.load(args.env)
        plan = _load_plan(args.plan)
        context = Context.from_env(environ, env.name, args.plan.with_name("plan.txt"))
        body = plan_comment(env.name, plan, args.plan, context, cost_markdown(env, load_baseline(args.cost_baseline)))
        if args.output:
            _write(args.output, body)
            return 0
        settings = github.settings_from_env(environ)  # before any request: no token, nothing sent
        number = github.pull_request_number(environ, args.pr)
        done = github.upsert_comment(github.Client(settings), number, PLAN_MARKER.format(env=env.name), body)
        print(f"[{env.name}] plan comment {done.action} on pull request #{number}: {done.url}")
        return 0
    except (config.ConfigError, github.GitHubError) as exc:
        return _fail(str(exc))


def _post_fork_notice(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    body = fork_notice(Context(run_url=github.run_url(environ)))
    if args.output:
        _write(args.output, body)
        return 0
    settings = github.settings_from_env(environ)
    number = github.pull_request_number(environ, args.pr)
    try:
        done = github.upsert_comment(github.Client(settings), number, FORK_MARKER, body)
    except github.GitHubError as exc:
        # GitHub hands workflows of fork pull requests a read-only token in
        # public repositories: say it where people look, and do not fail the check.
        if "HTTP 403" not in str(exc):
            raise
        print(f"::warning::no comment posted ({exc}); the notice is in the job summary")
        if environ.get("GITHUB_STEP_SUMMARY"):
            _write(environ["GITHUB_STEP_SUMMARY"], body)
        return 0
    print(f"fork notice {done.action} on pull request #{number}: {done.url}")
    return 0


def run_drift(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    try:
        env = config.load(args.env)
        plan = _load_plan(args.plan)
        context = Context.from_env(environ, env.name, args.plan.with_name("plan.txt"))
        summary = summarize(plan)
        if summary.has_changes:
            title, body = drift_issue(env.name, plan, args.plan, context)
        else:
            title, body = f"No drift in {env.name}", resolved_drift_body(env.name, context)
        if args.output:
            _write(args.output, body)
            return 0
        client = github.Client(github.settings_from_env(environ))
        marker = DRIFT_MARKER.format(env=env.name)
        if summary.has_changes:
            done = github.upsert_issue(client, marker, title, body, DRIFT_LABELS)
            print(f"[{env.name}] drift: issue #{done.number} {done.action}: {done.url}")
            return 0
        closed = github.close_issue(client, marker, body)
        print(f"[{env.name}] no drift" + (f"; issue #{closed.number} closed" if closed else "; no open drift issue"))
        return 0
    except (config.ConfigError, github.GitHubError) as exc:
        return _fail(str(exc))


def main(argv: list[str] | None = None) -> int:
    """`python -m orchestrator.pr_comment {pr-comment,drift-issue} ...`: the same as the CLI's subcommands."""
    parser = argparse.ArgumentParser(prog="python -m orchestrator.pr_comment")
    sub = parser.add_subparsers(dest="command", required=True)
    add_arguments(sub.add_parser("pr-comment", help="post or update the plan comment of a pull request"))
    add_drift_arguments(sub.add_parser("drift-issue", help="open, update or close the drift issue of an environment"))
    args = parser.parse_args(argv)
    return run(args) if args.command == "pr-comment" else run_drift(args)


if __name__ == "__main__":
    sys.exit(main())
