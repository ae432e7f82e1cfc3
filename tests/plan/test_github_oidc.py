"""modules/github-oidc against the workflows that use it.

The subjects the workflows will send are derived from .github/workflows/*.yml
(GitHub's rules: `repo:OWNER/REPO:environment:NAME` for a job with an
environment, `repo:OWNER/REPO:pull_request` for a pull_request job without
one), then checked against the trust policies of a real plan of the module:
every subject is trusted by exactly one role, of the right permission level,
with exact StringEquals conditions. Renaming a workflow's environment breaks it.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
EXAMPLE = "github-oidc/examples/basic"
MODULE = "module.github_oidc"
REPOSITORY = "acme/orleans-shop"
TOKEN_HOST = "token.actions.githubusercontent.com"
PROVIDER_ARN = f"arn:aws:iam::123456789012:oidc-provider/{TOKEN_HOST}"
ROLE_VARIABLE = re.compile(r"^\$\{\{\s*vars\.(AWS_[A-Z_]+_ROLE_ARN)\s*\}\}$")


# ------------------------------------------------ what the workflows send --


@dataclass(frozen=True)
class OidcJob:
    workflow: str
    job: str
    subject: str
    level: str  # "plan" (read-only) or "apply"
    environment: str | None
    role_variables: tuple[str, ...]  # vars.* passed to configure-aws-credentials


def load_workflows(directory: Path = WORKFLOWS) -> dict[str, dict[str, Any]]:
    return {p.name: yaml.safe_load(p.read_text()) for p in sorted(directory.glob("*.y*ml"))}


def _events(workflow: dict[str, Any]) -> set[str]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as True
    if isinstance(on, str):
        return {on}
    return set(on or [])


def _writes_id_token(permissions: Any) -> bool:
    return permissions == "write-all" or (isinstance(permissions, dict) and permissions.get("id-token") == "write")


def oidc_jobs(workflows: dict[str, dict[str, Any]], repository: str = REPOSITORY) -> list[OidcJob]:
    """Every job that can mint an OIDC token, with the subject GitHub will put in it."""
    found = []
    for name, workflow in workflows.items():
        events = _events(workflow)
        for job_id, job in (workflow.get("jobs") or {}).items():
            if not _writes_id_token(job.get("permissions", workflow.get("permissions"))):
                continue
            environment = job.get("environment")
            if isinstance(environment, dict):
                environment = environment.get("name")
            if environment:
                subject = f"repo:{repository}:environment:{environment}"
            elif "pull_request" in events:
                subject = f"repo:{repository}:pull_request"
            else:
                subject = f"repo:{repository}:ref:<{','.join(sorted(events))}>"  # trusted by no role, on purpose
            steps = job.get("steps") or []
            applies = any(re.search(r"-m orchestrator apply\b", step.get("run", "")) for step in steps)
            role_variables = tuple(
                m.group(1)
                for step in steps
                if "configure-aws-credentials" in step.get("uses", "")
                for m in [ROLE_VARIABLE.match(str((step.get("with") or {}).get("role-to-assume", "")))]
                if m
            )
            found.append(OidcJob(name, job_id, subject, "apply" if applies else "plan", environment, role_variables))
    return found


# ---------------------------------------------------- what the roles trust --


def trust_of(plan, role_address: str) -> dict[str, Any]:
    after = plan.resource_changes[f"{MODULE}.{role_address}"]["change"]["after"]
    return json.loads(after["assume_role_policy"])


def trusted_subjects_by_role(plan) -> dict[str, set[str]]:
    """role key (plan, apply-stg, ...) -> subjects its trust policy allows, with the exact-match checks."""
    roles = {"plan": "aws_iam_role.plan"}
    for address in plan.resource_changes:
        if m := re.fullmatch(rf'{re.escape(MODULE)}\.aws_iam_role\.apply\["([^"]+)"\]', address):
            roles[f"apply-{m.group(1)}"] = f'aws_iam_role.apply["{m.group(1)}"]'
    out = {}
    for key, address in roles.items():
        policy = trust_of(plan, address)
        [statement] = policy["Statement"]
        assert statement["Effect"] == "Allow"
        assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
        assert statement["Principal"] == {"Federated": PROVIDER_ARN}
        assert set(statement["Condition"]) == {"StringEquals"}, f"{key}: only exact matches (no StringLike wildcards)"
        equals = statement["Condition"]["StringEquals"]
        assert set(equals) == {f"{TOKEN_HOST}:aud", f"{TOKEN_HOST}:sub"}
        assert equals[f"{TOKEN_HOST}:aud"] == "sts.amazonaws.com"
        subjects = equals[f"{TOKEN_HOST}:sub"]
        subjects = {subjects} if isinstance(subjects, str) else set(subjects)
        assert not any("*" in s or "?" in s for s in subjects), f"{key}: wildcard in {subjects}"
        out[key] = subjects
    return out


def mismatches(jobs: list[OidcJob], trusted: dict[str, set[str]]) -> list[str]:
    """Why each job would fail to get credentials, or get the wrong ones; empty when all is well."""
    problems = []
    for job in jobs:
        where = f"{job.workflow}:{job.job}"
        roles = [role for role, subjects in trusted.items() if job.subject in subjects]
        if len(roles) != 1:
            problems.append(f"{where} sends {job.subject}, trusted by {roles or 'no role'} (expected exactly one)")
            continue
        expected = f"apply-{job.environment}" if job.level == "apply" else "plan"
        if roles[0] != expected:
            problems.append(f"{where} ({job.level}) sends {job.subject}, trusted by {roles[0]}, expected {expected}")
        variable = "AWS_PLAN_ROLE_ARN" if expected == "plan" else f"AWS_APPLY_{str(job.environment).upper()}_ROLE_ARN"
        if job.role_variables != (variable,):
            problems.append(f"{where} assumes {job.role_variables}, expected vars.{variable}")
    return problems


# ------------------------------------------------------------------ tests --


@pytest.fixture(scope="module")
def plan(module_plan):
    return module_plan(EXAMPLE, repository=REPOSITORY)


@pytest.fixture(scope="module")
def trusted(plan):
    return trusted_subjects_by_role(plan)


def test_each_role_trusts_exactly_the_expected_subjects(trusted):
    assert trusted == {
        "plan": {f"repo:{REPOSITORY}:pull_request", f"repo:{REPOSITORY}:environment:drift"},
        "apply-stg": {f"repo:{REPOSITORY}:environment:stg"},
        "apply-prod": {f"repo:{REPOSITORY}:environment:prod"},
    }


def test_workflows_have_the_expected_oidc_jobs():
    jobs = {(j.workflow, j.job): (j.subject.split(":", 2)[2], j.level) for j in oidc_jobs(load_workflows())}
    assert jobs == {
        ("pr.yml", "plan"): ("pull_request", "plan"),
        ("deploy-stg.yml", "deploy"): ("environment:stg", "apply"),
        ("deploy-prod.yml", "deploy"): ("environment:prod", "apply"),
        ("drift.yml", "drift"): ("environment:drift", "plan"),
    }


def test_every_subject_a_job_sends_is_trusted_by_exactly_its_role(trusted):
    assert mismatches(oidc_jobs(load_workflows()), trusted) == []


def test_every_role_is_used_by_some_workflow(trusted):
    sent = {job.subject for job in oidc_jobs(load_workflows())}
    assert all(subjects & sent for subjects in trusted.values()), "a role no workflow can use"


@pytest.mark.parametrize(
    ("workflow", "job", "change"),
    [
        ("deploy-stg.yml", "deploy", lambda job: job.__setitem__("environment", "staging")),
        ("deploy-prod.yml", "deploy", lambda job: job.__setitem__("environment", {"name": "production"})),
        ("drift.yml", "drift", lambda job: job.pop("environment")),
        ("pr.yml", "plan", lambda job: job.__setitem__("environment", "stg")),  # a plan job must not reach an apply role
    ],
)
def test_a_renamed_or_dropped_environment_is_caught(trusted, workflow, job, change):
    workflows = copy.deepcopy(load_workflows())
    change(workflows[workflow]["jobs"][job])
    assert mismatches(oidc_jobs(workflows), trusted), "the change should break the workflow/role contract"


def test_jobs_without_id_token_get_no_subject():
    workflows = load_workflows()
    assert ("pr.yml", "lint") not in {(j.workflow, j.job) for j in oidc_jobs(workflows)}
    assert ("pr.yml", "fork-notice") not in {(j.workflow, j.job) for j in oidc_jobs(workflows)}


def test_provider_is_github_with_the_sts_audience(plan):
    provider = plan.resource_changes[f"{MODULE}.aws_iam_openid_connect_provider.github[0]"]["change"]["after"]
    assert provider["url"] == f"https://{TOKEN_HOST}"
    assert provider["client_id_list"] == ["sts.amazonaws.com"]


def test_an_existing_provider_is_reused(module_plan):
    existing = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    plan = module_plan(EXAMPLE, repository=REPOSITORY, oidc_provider_arn=existing)
    assert not any("aws_iam_openid_connect_provider" in a for a in plan.resource_changes)
    assert trust_of(plan, "aws_iam_role.plan")["Statement"][0]["Principal"] == {"Federated": existing}


def _attached(plan, role: str) -> set[str]:
    return {
        rc["change"]["after"]["policy_arn"]
        for address, rc in plan.resource_changes.items()
        if "aws_iam_role_policy_attachment" in address and rc["change"]["after"]["role"] == role
    }


def _inline(plan, address: str) -> dict[str, Any]:
    return json.loads(plan.resource_changes[f"{MODULE}.{address}"]["change"]["after"]["policy"])


def test_plan_role_reads_and_writes_only_lock_files(plan):
    assert _attached(plan, "orleans-gha-plan") == {"arn:aws:iam::aws:policy/ReadOnlyAccess"}
    statements = {s["Sid"]: s for s in _inline(plan, "aws_iam_role_policy.plan_state")["Statement"]}
    writes = statements["WriteLockFilesOnly"]
    assert sorted(writes["Action"]) == ["s3:DeleteObject", "s3:PutObject"]
    assert all(r.endswith("/*.tflock") for r in writes["Resource"])
    assert "arn:aws:s3:::orleans-prod-tfstate/*.tflock" in writes["Resource"]
    assert statements["NoSecretValues"]["Effect"] == "Deny"
    assert statements["NoSecretValues"]["Action"] == "secretsmanager:GetSecretValue"
    allowed = [s for s in statements.values() if s.get("Effect", "Allow") == "Allow"]
    writable = [s for s in allowed if any(a.split(":")[1].startswith(("Put", "Delete", "Create")) for a in _list(s["Action"]))]
    assert writable == [writes]


def _list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def test_apply_roles_get_power_user_plus_iam_scoped_to_the_stack(plan):
    for env in ("stg", "prod"):
        assert _attached(plan, f"orleans-gha-apply-{env}") == {"arn:aws:iam::aws:policy/PowerUserAccess"}
        policy = _inline(plan, f'aws_iam_role_policy.apply_iam["{env}"]')
        for statement in policy["Statement"]:
            iam_resources = [r for r in _list(statement["Resource"]) if ":iam::123456789012:" in r]
            assert all(re.search(r":(role|policy)/orleans-\*$", r) for r in iam_resources), statement
            assert "*" not in _list(statement["Resource"])
        passrole = next(s for s in policy["Statement"] if s["Sid"] == "PassStackRolesToItsServices")
        assert "ecs-tasks.amazonaws.com" in passrole["Condition"]["StringEquals"]["iam:PassedToService"]
