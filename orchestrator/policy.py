"""The checkov gate: modules (HCL + secrets) and every plan (JSON), plus our own container checks.

A finding is either fixed or skipped inline next to the resource with a
reason; anything else fails the gate with the check id, resource and file.
checkov's CKV_AWS_334 never fires (it looks for a misspelled key), so
privileged containers and secrets in plain environments are checked here.
"""

from __future__ import annotations

import json
import math
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import ROOT, SECRET_LOOKING_KEY, SECRET_LOOKING_VALUE
from .toolchain import VENV_BIN

CHECKOV_CONFIG = ROOT / ".checkov.yaml"
# Checks that a tier may accept, each with the reason; everything else must be
# fixed or skipped inline next to the resource.
TIER_ACCEPTED: dict[str, dict[str, str]] = {
    "dev": {
        "CKV_AWS_150": "dev and local load balancers are disposable and must be destroyable by `make destroy`; "
        "the composition forces deletion protection on for prod and the plan tests assert it",
        "CKV_AWS_293": "a dev database (orleans.backend = rds) is disposable; the composition forces deletion "
        "protection on for stg and prod",
        "CKV_AWS_157": "a dev database runs Single-AZ to halve its cost; prod's env file sets multi_az",
        "CKV_AWS_65": "Container Insights costs about $10/month; a dev environment may switch it off in its env file "
        "(monitoring.container_insights), stg and prod keep it",
    },
    "stg": {
        "CKV_AWS_150": "stg is rebuilt from main; the composition forces deletion protection on for prod and the plan tests assert it",
        "CKV_AWS_157": "stg rehearses prod at lower cost with a Single-AZ database; prod's env file sets multi_az",
    },
}


def accepted_checks(tier: str, emulator: bool) -> dict[str, str]:
    """Check id -> reason for what this target may accept: its tier's list, and on the
    emulator the checks satisfied by features the emulator cannot run."""
    from .emulator import EMULATOR_GAPS

    accepted = dict(TIER_ACCEPTED.get(tier, {}))
    if emulator:
        for gap in EMULATOR_GAPS:
            for check in gap.checkov_checks:
                accepted[check] = f"on the emulator only: {gap.variable} is off ({gap.reason})"
    return accepted


def looks_like_a_secret(value: str) -> bool:
    """A long, high-entropy token mixing cases and digits (keys, passwords); names and URLs are not."""
    if len(value) < 20 or " " in value or "://" in value or value.startswith("arn:"):
        return False
    if not (any(c.islower() for c in value) and any(c.isupper() for c in value) and any(c.isdigit() for c in value)):
        return False
    counts = {c: value.count(c) for c in set(value)}
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return entropy >= 4.0


class PolicyError(Exception):
    pass


@dataclass(frozen=True)
class Finding:
    check_id: str
    resource: str
    file: str
    name: str

    def line(self) -> str:
        return f"  - {self.check_id} {self.resource} ({self.file}): {self.name}"


@dataclass(frozen=True)
class ScanResult:
    passed: int
    failed: tuple[Finding, ...]
    skipped: tuple[tuple[str, str, str], ...]  # (check id, resource, reason)


def _parse(output: str) -> ScanResult:
    try:
        data = json.loads(output) if output.strip() else []
    except ValueError as exc:
        raise PolicyError(f"checkov printed no JSON: {output[:500]}") from exc
    reports = data if isinstance(data, list) else [data]
    passed, failed, skipped = 0, [], []
    for report in reports:
        if not isinstance(report, dict):
            continue
        results = report.get("results", {})
        passed += len(results.get("passed_checks", []))
        for check in results.get("failed_checks", []):
            failed.append(Finding(check["check_id"], check.get("resource", "?"), check.get("file_path", "?"), check.get("check_name", "")))
        for check in results.get("skipped_checks", []):
            skipped.append((check["check_id"], check.get("resource", "?"), (check.get("check_result") or {}).get("suppress_comment", "")))
        summary = report.get("summary", {})
        if not results and summary:
            passed += summary.get("passed", 0)
    return ScanResult(passed, tuple(failed), tuple(skipped))


def run_checkov(args: list[str]) -> ScanResult:
    cmd = [str(VENV_BIN / "checkov"), "--config-file", str(CHECKOV_CONFIG), "-o", "json", *args]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if proc.returncode not in (0, 1):
        raise PolicyError(f"checkov failed to run (exit {proc.returncode}): {proc.stderr.strip()[-800:]}")
    return _parse(proc.stdout)


def scan_modules(directory: Path = ROOT / "modules") -> ScanResult:
    return run_checkov(["-d", str(directory), "--framework", "terraform", "secrets"])


def scan_plan(plan_json: Path, tier: str | None = None, emulator: bool = False) -> ScanResult:
    args = ["-f", str(plan_json), "--framework", "terraform_plan", "--repo-root-for-plan-enrichment", str(ROOT)]
    accepted = accepted_checks(tier or "", emulator)
    if accepted:
        args += ["--skip-check", ",".join(sorted(accepted))]
    return run_checkov(args)


def container_findings(plan: dict[str, Any]) -> list[Finding]:
    """Privileged containers and secret-looking values in a container's plain environment."""
    found = []
    for rc in plan.get("resource_changes", []):
        if rc.get("type") != "aws_ecs_task_definition":
            continue
        after = rc.get("change", {}).get("after") or {}
        raw = after.get("container_definitions")
        if not raw:
            continue
        for container in json.loads(raw) if isinstance(raw, str) else raw:
            name = f"{rc['address']} container {container.get('name')}"
            if container.get("privileged"):
                found.append(Finding("OAI_ECS_PRIVILEGED", name, "plan", "container runs privileged"))
            for var in container.get("environment", []) or []:
                key, value = str(var.get("name", "")), str(var.get("value", ""))
                reference = key.lower().endswith("arn") and value.startswith("arn:")  # points at a secret, is not one
                if (SECRET_LOOKING_KEY.search(key) and not reference) or SECRET_LOOKING_VALUE.search(value) or looks_like_a_secret(value):
                    found.append(Finding("OAI_ECS_PLAIN_SECRET", f"{name} env {key}", "plan", "secret-looking value in the plain environment; use secrets/valueFrom"))
    return found


def gate_plan(plan_json: Path, *, label: str, tier: str, emulator: bool) -> ScanResult:
    from .workflow import PipelineError

    result = scan_plan(plan_json, tier, emulator)
    ours = container_findings(json.loads(plan_json.read_text()))
    failed = list(result.failed) + ours
    if failed:
        raise PipelineError(
            f"policy gate failed for {label}: {len(failed)} finding(s) not fixed or skipped with a reason:\n"
            + "\n".join(f.line() for f in failed)
            + "\nNothing was applied."
        )
    from .runner import log

    log(label, f"checkov: {result.passed} checks passed, {len(result.skipped)} skipped inline with a reason, 0 failed")
    for check_id, reason in sorted(accepted_checks(tier, emulator).items()):
        log(label, f"checkov: {check_id} accepted for tier {tier}: {reason}")
    return result
