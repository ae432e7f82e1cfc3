"""Shared fixtures: the project's toolchain and a moto server per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import tftest

from orchestrator import emulator, toolchain

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "modules"


@pytest.fixture(scope="session")
def tools() -> toolchain.Toolchain:
    return toolchain.load()


@pytest.fixture(scope="session")
def emulator_port() -> int:
    """A moto server of our own on a free port, so tests never touch `make deploy`'s emulator."""
    port = emulator.free_port()
    emulator.ensure_running(port, source="tests")
    yield port
    emulator.stop(port)


@pytest.fixture(scope="session")
def tf_env(tools, emulator_port) -> dict[str, str]:
    """Environment for Terraform and boto3 against the session's emulator."""
    return {**tools.env(), **emulator.client_env(emulator_port), "AWS_REGION": "ap-northeast-1"}


@pytest.fixture(scope="session")
def module_plan(tools, tf_env):
    """plan(example_dir, **tf_vars) -> tftest plan output of a module example, against the emulator.

    Each example is initialised once per session; plans never apply anything.
    """
    ready: dict[Path, tftest.TerraformTest] = {}

    def plan(example: str | Path, **tf_vars):
        path = Path(example)
        if not path.is_absolute():
            path = MODULES / path
        tf = ready.get(path)
        if tf is None:
            tf = tftest.TerraformTest(str(path), binary=tools.terraform, env=tf_env)
            tf.setup(cleanup_on_exit=True)
            ready[path] = tf
        return tf.plan(output=True, tf_vars=tf_vars or None)

    return plan
