"""The local AWS emulator: a moto server on 127.0.0.1, and what it cannot do.

`EMULATOR_GAPS` is the one declared list of features switched off when a
stack is applied to the emulator, each with the reason. Modules never test
for the emulator themselves; the renderer sets these inputs instead.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .toolchain import BUILD, VENV_BIN

HOST = "127.0.0.1"
FAKE_ACCESS_KEY = "test"
FAKE_SECRET_KEY = "test"  # moto accepts any key; these are not credentials


@dataclass(frozen=True)
class Gap:
    variable: str  # composition input set for emulator targets
    value: object
    reason: str
    checkov_checks: tuple[str, ...] = ()  # checks the switched-off feature satisfies on AWS


EMULATOR_GAPS: tuple[Gap, ...] = (
    Gap(
        "enable_autoscaling",
        False,
        "moto's application-autoscaling has no ListTagsForResource/TagResource; the provider reads tags "
        "after RegisterScalableTarget and fails (or, with default retries, hangs for minutes). "
        "Covered by plan tests instead.",
    ),
    Gap(
        "enable_performance_insights",
        False,
        "moto's RDS does not store Performance Insights, so the setting shows as a change on every plan. "
        "Covered by plan tests instead.",
        ("CKV_AWS_353",),
    ),
    Gap(
        "enable_redrive_allow_policy",
        False,
        "moto accepts SetQueueAttributes(RedriveAllowPolicy) but never stores it, so the provider waits "
        "forever for it to appear. Covered by plan tests instead.",
    ),
)

# Diffs a second plan may show on the emulator, and only there; anything else is drift.
TOLERATED_EMULATOR_DIFFS: dict[str, str] = {}


class EmulatorError(Exception):
    pass


def endpoint(port: int) -> str:
    # An IP literal: the AWS SDKs cannot use virtual-host S3 addressing on an IP,
    # so S3 falls back to path style without any provider flag.
    return f"http://{HOST}:{port}"


def emulator_keys() -> tuple[str, str]:
    """The keys clients use on the emulator: fake ones, unless a test that turns on
    moto's IAM enforcement names the administrator it created."""
    return (
        os.environ.get("EMULATOR_ACCESS_KEY_ID") or FAKE_ACCESS_KEY,
        os.environ.get("EMULATOR_SECRET_ACCESS_KEY") or FAKE_SECRET_KEY,
    )


def client_env(port: int) -> dict[str, str]:
    """Environment for any AWS client (Terraform, boto3) that must talk to the emulator."""
    access_key, secret_key = emulator_keys()
    return {
        "AWS_ENDPOINT_URL": endpoint(port),
        "AWS_ACCESS_KEY_ID": access_key,
        "AWS_SECRET_ACCESS_KEY": secret_key,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PROFILE": "",
        "AWS_SESSION_TOKEN": "",
    }


def _probe(port: int, timeout: float = 1.0) -> str:
    """'moto' if a moto server answers, 'other' if something else holds the port, 'free' otherwise."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            pass
    except OSError:
        return "free"
    try:
        # The dashboard is small; data.json would dump every resource (megabytes).
        with urllib.request.urlopen(f"{endpoint(port)}/moto-api/", timeout=5) as resp:
            return "moto" if b"moto" in resp.read(65536).lower() else "other"
    except (urllib.error.URLError, ValueError, OSError, TimeoutError):
        return "other"


def pid_file(port: int) -> Path:
    return BUILD / f"emulator-{port}.pid"


def log_file(port: int) -> Path:
    return BUILD / f"emulator-{port}.log"


def ensure_running(port: int, *, source: str = "envs/local.json", unauthenticated_requests: int | None = None) -> str:
    """Start moto on the port unless it already runs there; returns the endpoint URL.

    The server is detached so it outlives `make deploy` and a person can inspect
    what was built; `make emulator-stop` ends it.
    """
    state = _probe(port)
    if state == "moto":
        return endpoint(port)
    if state == "other":
        raise EmulatorError(
            f"{source}: emulator.port = {port}: the port is in use by something that is not a moto server "
            f"(GET {endpoint(port)}/moto-api/ did not answer as moto); "
            "expected a free port or a running moto server; stop that process or choose another port"
        )
    BUILD.mkdir(exist_ok=True)
    env = {**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
    if unauthenticated_requests is not None:
        # moto enforces IAM policies once this many requests have passed unauthenticated.
        env["INITIAL_NO_AUTH_ACTION_COUNT"] = str(unauthenticated_requests)
    python = VENV_BIN / "python"
    if not (VENV_BIN / "moto_server").exists():
        raise EmulatorError(f"{VENV_BIN / 'moto_server'} is missing; run `make setup`")
    with open(log_file(port), "ab") as log:
        # Our launcher applies the fixes listed in orchestrator/moto_launcher.py, then runs moto.
        proc = subprocess.Popen(
            [str(python), "-m", "orchestrator.moto_launcher", "-H", HOST, "-p", str(port)],
            cwd=str(BUILD.parent),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    pid_file(port).write_text(str(proc.pid))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise EmulatorError(f"moto server exited with code {proc.returncode}; see {log_file(port)}")
        if _probe(port) == "moto":
            return endpoint(port)
        time.sleep(0.2)
    raise EmulatorError(f"moto server did not answer on {endpoint(port)} within 30 s; see {log_file(port)}")


def stop(port: int) -> bool:
    """Stop the moto server this project started on the port. True if one was stopped."""
    path = pid_file(port)
    if not path.exists():
        return False
    try:
        pid = int(path.read_text().strip())
        os.killpg(pid, signal.SIGTERM)
        for _ in range(50):
            os.kill(pid, 0)
            time.sleep(0.1)
    except (ProcessLookupError, ValueError, PermissionError):
        pass
    path.unlink(missing_ok=True)
    return True


def reset(port: int) -> None:
    req = urllib.request.Request(f"{endpoint(port)}/moto-api/reset", method="POST")
    urllib.request.urlopen(req, timeout=30).read()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


if __name__ == "__main__":  # pragma: no cover - convenience for `make emulator-stop`
    if len(sys.argv) == 3 and sys.argv[1] == "stop":
        print("stopped" if stop(int(sys.argv[2])) else "no emulator started by this project on that port")
