"""Applies of real Terraform to the moto emulator, shared across the integration tests.

Each environment is applied once per session (local as itself, dev/stg/prod as
rehearsals) in a work root of the session's own, so `make deploy`'s emulator
and .build/ are never touched. Timings go to .build/reports/emulator-times.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from orchestrator import config, emulator

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / ".build" / "reports"
REGION = "ap-northeast-1"


class Orchestrator:
    def __init__(self, port: int, work_root: Path):
        self.port = port
        self.work_root = work_root
        self.timings: dict[str, float] = {}

    def env(self, **extra) -> dict[str, str]:
        return {**os.environ, "ORCHESTRATOR_WORK_ROOT": str(self.work_root), **extra}

    def run(self, *args, timeout=1200, work_root: Path | None = None, **extra_env) -> subprocess.CompletedProcess:
        env = self.env(**extra_env)
        if work_root:
            env["ORCHESTRATOR_WORK_ROOT"] = str(work_root)
        cmd = [sys.executable, "-m", "orchestrator", *args, "--emulator-port", str(self.port)]
        return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)

    def popen(self, *args, work_root: Path | None = None) -> subprocess.Popen:
        env = self.env()
        if work_root:
            env["ORCHESTRATOR_WORK_ROOT"] = str(work_root)
        cmd = [sys.executable, "-m", "orchestrator", *args, "--emulator-port", str(self.port)]
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    @staticmethod
    def on_emulator(name: str) -> bool:
        """local and local-rds target the emulator themselves; the others are rehearsed on it."""
        return config.load(name).is_emulator

    def workdir(self, name: str) -> Path:
        return self.work_root / (name if self.on_emulator(name) else f"{name}-rehearse")

    def apply_args(self, name: str) -> list[str]:
        return ["apply", name] if self.on_emulator(name) else ["apply", name, "--rehearse"]

    def plan_args(self, name: str) -> list[str]:
        return ["plan", name, "--detailed-exitcode"] + ([] if self.on_emulator(name) else ["--rehearse"])

    def timed(self, key: str, *args, **kw) -> subprocess.CompletedProcess:
        start = time.monotonic()
        result = self.run(*args, **kw)
        self.timings[key] = round(time.monotonic() - start, 1)
        return result


@pytest.fixture(scope="session")
def orch(emulator_port, tmp_path_factory) -> Orchestrator:
    o = Orchestrator(emulator_port, tmp_path_factory.mktemp("work"))
    yield o
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "emulator-times.json").write_text(json.dumps(o.timings, indent=2, sort_keys=True) + "\n")


@pytest.fixture(scope="session")
def deployed(orch):
    """deployed(name) -> CompletedProcess of the first apply of that environment (cached)."""
    results: dict[str, subprocess.CompletedProcess] = {}

    def get(name: str) -> subprocess.CompletedProcess:
        if name not in results:
            result = orch.timed(f"{name}.apply", *orch.apply_args(name))
            assert result.returncode == 0, f"apply {name} failed:\n{result.stdout[-6000:]}\n{result.stderr[-4000:]}"
            results[name] = result
        return results[name]

    return get


@pytest.fixture(scope="session")
def aws(emulator_port):
    """aws(service) -> boto3 client on the session's emulator."""

    def client(service: str):
        return boto3.client(
            service,
            region_name=REGION,
            endpoint_url=emulator.endpoint(emulator_port),
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )

    return client


def outputs_of(orch: Orchestrator, name: str) -> dict:
    args = ["output", name, "--json"] + ([] if orch.on_emulator(name) else ["--rehearse"])
    result = orch.run(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def plan_json(orch: Orchestrator, name: str) -> dict:
    return json.loads((orch.workdir(name) / "plan.json").read_text())
