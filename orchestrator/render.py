"""Render an environment into a Terraform working directory under .build/.

Pure functions compute the files; `write` is the only one that touches disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import emulator
from .config import ROOT, Environment
from .toolchain import BUILD, LOCK_FILE

STACK = ROOT / "stack"
MODULES = ROOT / "modules"
TEMPLATES = Path(__file__).resolve().parent / "templates"
REHEARSAL_STATE_BUCKET = "orleans-rehearsal-tfstate"

# Config sections passed to the composition as they are (see stack/variables.tf).
PASSTHROUGH_SECTIONS = ("network", "orleans", "streams", "dynamodb", "snapshots", "app", "alb", "monitoring", "rds")


@dataclass(frozen=True)
class Target:
    """Where an environment is applied: its own AWS account, or the emulator."""

    emulator: bool
    emulator_port: int | None
    rehearse: bool

    @property
    def endpoint(self) -> str | None:
        return emulator.endpoint(self.emulator_port) if self.emulator else None


def target_for(env: Environment, *, rehearse: bool = False, emulator_port: int | None = None) -> Target:
    if env.is_emulator or rehearse:
        port = emulator_port or env.data.get("emulator", {}).get("port") or local_emulator_port()
        return Target(emulator=True, emulator_port=port, rehearse=rehearse and not env.is_emulator)
    return Target(emulator=False, emulator_port=None, rehearse=False)


def local_emulator_port() -> int:
    data = json.loads((ROOT / "envs" / "local.json").read_text())
    return int(data["emulator"]["port"])


def work_root() -> Path:
    """Where working directories go: .build/, or ORCHESTRATOR_WORK_ROOT (tests use their own)."""
    return Path(os.environ.get("ORCHESTRATOR_WORK_ROOT") or BUILD)


def work_dir(env: Environment, target: Target) -> Path:
    return work_root() / (f"{env.name}-rehearse" if target.rehearse else env.name)


def tfvars(env: Environment, target: Target, *, emulator_gaps: bool = True) -> dict[str, Any]:
    """The composition's inputs, straight from the validated config.

    On the emulator the features in emulator.EMULATOR_GAPS are switched off,
    unless emulator_gaps is False (plan-only tests that cover those features).
    """
    data = env.data
    values: dict[str, Any] = {
        "environment": data["name"],
        "tier": data["tier"],
        "name_prefix": data["name_prefix"],
    }
    for section in PASSTHROUGH_SECTIONS:
        values[section] = data.get(section, {})
    values["enable_autoscaling"] = True
    values["enable_redrive_allow_policy"] = True
    if target.emulator and emulator_gaps:
        for gap in emulator.EMULATOR_GAPS:
            values[gap.variable] = gap.value
    return values


def backend_settings(env: Environment, target: Target) -> dict[str, str]:
    if target.rehearse:
        return {"bucket": REHEARSAL_STATE_BUCKET, "key": f"{env.name}/terraform.tfstate", "region": env.data["region"]}
    state = env.data["state"]
    return {"bucket": state["bucket"], "key": state["key"], "region": env.data["region"]}


def default_tags(env: Environment, target: Target) -> dict[str, str]:
    tags = {"Project": "orleans-aws-infra", "Environment": env.name, "ManagedBy": "terraform"}
    tags.update(env.data.get("tags", {}))
    if target.rehearse:
        tags["Rehearsal"] = "true"
    return tags


def _jinja() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # HCL, not HTML; values go through tojson where quoted
    )


def render_files(env: Environment, target: Target, directory: Path, *, emulator_gaps: bool = True) -> dict[str, str]:
    """File name -> content of the working directory for this environment."""
    values = tfvars(env, target, emulator_gaps=emulator_gaps)
    jenv = _jinja()
    stack_source = os.path.relpath(STACK, directory)
    common = {"env_name": env.name, "region": env.data["region"], "emulator": target.emulator, "rehearse": target.rehearse}
    files = {
        "main.tf": jenv.get_template("root.tf.j2").render(**common, stack_source=stack_source, inputs=list(values)),
        "providers.tf": jenv.get_template("providers.tf.j2").render(**common, tags=default_tags(env, target)),
        "backend.tf": jenv.get_template("backend.tf.j2").render(**common, **{k: v for k, v in backend_settings(env, target).items() if k != "region"}),
        "terraform.tfvars.json": json.dumps(values, indent=2, sort_keys=True) + "\n",
    }
    if target.emulator:
        # For a person who wants to run terraform by hand in this directory.
        files["emulator.env"] = "".join(f"export {k}={v}\n" for k, v in emulator.client_env(target.emulator_port).items() if v)
    return files


def fingerprint(files: dict[str, str]) -> str:
    """A hash of everything a plan depends on: rendered files, the stack and the modules."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    for base in (STACK, MODULES):
        for path in sorted(base.rglob("*.tf")):
            if ".terraform" in path.parts or "examples" in path.parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def write(env: Environment, target: Target) -> tuple[Path, str]:
    """Write the working directory; returns it and the fingerprint of its inputs."""
    directory = work_dir(env, target)
    directory.mkdir(parents=True, exist_ok=True)
    files = render_files(env, target, directory)
    for name, content in files.items():
        path = directory / name
        if not path.exists() or path.read_text() != content:
            path.write_text(content)
    if LOCK_FILE.exists():
        shutil.copyfile(LOCK_FILE, directory / ".terraform.lock.hcl")
    return directory, fingerprint(files)
