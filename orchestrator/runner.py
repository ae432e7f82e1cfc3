"""A thin, typed runner over Terraform's own CLI and its -json interfaces.

Why not python-terraform: its 0.10.1 release adds the removed `-force` to
destroy, waits for approval on apply and treats plan's "changes present"
exit code as an error. Terraform's machine-readable output is enough.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator


class TerraformError(Exception):
    """A Terraform command failed; the message carries its diagnostics."""


class StateLockedError(TerraformError):
    pass


def log(label: str, message: str) -> None:
    """Progress goes to stderr, so stdout carries only results (JSON a script can parse)."""
    print(f"[{label}] {message}", file=sys.stderr, flush=True)


@contextmanager
def step(label: str, name: str) -> Iterator[None]:
    """Print a step's start and its duration, so long operations show progress."""
    start = time.monotonic()
    log(label, f"{name} ...")
    try:
        yield
    except BaseException:
        log(label, f"{name} failed after {time.monotonic() - start:.1f} s")
        raise
    log(label, f"{name} done in {time.monotonic() - start:.1f} s")


# Fields of Terraform's "Lock Info:" block; anchored to a line of their own, since
# the S3 error text above it carries a "RequestID:" too.
LOCK_ID = re.compile(r"^\s*ID:\s+(\S+)\s*$", re.MULTILINE)
LOCK_WHO = re.compile(r"^\s*Who:\s+(.+)$", re.MULTILINE)
LOCK_PATH = re.compile(r"^\s*Path:\s+(.+)$", re.MULTILINE)


def _lock_message(stderr: str, workdir: Path, label: str) -> str:
    info = stderr[stderr.find("Lock Info:"):] if "Lock Info:" in stderr else stderr
    lock_id = (LOCK_ID.search(info) or [None, "?"])[1]
    who = (LOCK_WHO.search(info) or [None, "?"])[1].strip()
    path = (LOCK_PATH.search(info) or [None, "?"])[1].strip()
    return (
        f"the state of {label} is locked (lock id {lock_id}, held by {who}, {path}); another plan or apply is "
        "running. Nothing was changed. If you are sure no run is active, unlock it yourself with: "
        f"terraform -chdir={workdir} force-unlock {lock_id}"
    )


@dataclass
class Terraform:
    binary: str
    workdir: Path
    env: dict[str, str]
    label: str
    quiet_env: dict[str, str] = field(default_factory=dict)

    def _env(self) -> dict[str, str]:
        merged = {**os.environ, **self.env}
        merged.pop("TF_LOG", None)
        return {k: v for k, v in merged.items() if v != ""}

    def _run(self, args: list[str], *, stream_json: bool = False, capture: bool = True) -> subprocess.CompletedProcess:
        """Run terraform; SIGINT/SIGTERM are passed on and Terraform is waited for."""
        cmd = [self.binary, *args]
        proc = subprocess.Popen(
            cmd,
            cwd=self.workdir,
            env=self._env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # we forward signals ourselves, once
        )

        def forward(signum, _frame):
            log(self.label, f"received signal {signum}; passing it to Terraform and waiting for it to stop cleanly")
            try:
                proc.send_signal(signal.SIGINT)
            except ProcessLookupError:
                pass

        previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            stdout_lines: list[str] = []
            assert proc.stdout is not None
            for line in proc.stdout:
                stdout_lines.append(line)
                if stream_json:
                    self._progress(line)
            stderr = proc.stderr.read() if proc.stderr else ""
            code = proc.wait()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return subprocess.CompletedProcess(cmd, code, "".join(stdout_lines), stderr)

    def _progress(self, line: str) -> None:
        try:
            msg = json.loads(line)
        except ValueError:
            return
        kind = msg.get("type")
        if kind == "apply_complete":
            hook = msg.get("hook", {})
            addr = hook.get("resource", {}).get("addr", "?")
            log(self.label, f"  {hook.get('action', 'done')}: {addr} ({hook.get('elapsed_seconds', 0)} s)")
        elif kind == "apply_progress":
            hook = msg.get("hook", {})
            elapsed = hook.get("elapsed_seconds", 0)
            if elapsed and elapsed % 30 == 0:
                log(self.label, f"  still working on {hook.get('resource', {}).get('addr', '?')} ({elapsed} s)")
        elif kind == "diagnostic" and msg.get("@level") == "warning":
            diag = msg.get("diagnostic", {})
            log(self.label, f"  warning: {diag.get('summary')}: {diag.get('detail', '')[:300]}")

    @staticmethod
    def _diagnostics(result: subprocess.CompletedProcess) -> str:
        """Errors from -json output, or stderr when there is none."""
        errors = []
        for line in result.stdout.splitlines():
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if msg.get("type") == "diagnostic" and msg.get("@level") == "error":
                diag = msg["diagnostic"]
                where = diag.get("range", {}).get("filename", "")
                errors.append(f"{diag.get('summary')}{': ' + diag['detail'] if diag.get('detail') else ''}{' (' + where + ')' if where else ''}")
        return "\n".join(errors) or result.stderr.strip() or result.stdout.strip()[-2000:]

    def _check(self, result: subprocess.CompletedProcess, what: str, ok=(0,)) -> subprocess.CompletedProcess:
        if result.returncode in ok:
            return result
        text = self._diagnostics(result)
        if "Error acquiring the state lock" in (result.stderr + result.stdout):
            # The decoded diagnostics carry the Lock Info block with real line breaks.
            raise StateLockedError(_lock_message(text + "\n" + result.stderr, self.workdir, self.label))
        if result.returncode in (-signal.SIGINT, 130) or "Interrupt received" in result.stderr + result.stdout:
            raise TerraformError(f"terraform {what} was interrupted; re-run to converge")
        raise TerraformError(f"terraform {what} failed (exit {result.returncode}):\n{text}")

    # --- commands -----------------------------------------------------------------

    def init(self, *, backend: bool = True) -> None:
        """Initialise; without a backend for work that needs no state (validation)."""
        args = ["init", "-input=false", "-no-color", "-reconfigure" if backend else "-backend=false"]
        self._check(self._run(args), "init")

    def validate(self) -> list[str]:
        result = self._run(["validate", "-json", "-no-color"])
        data = json.loads(result.stdout or "{}")
        if not data.get("valid", False):
            raise TerraformError("terraform validate: " + "; ".join(d.get("summary", "") + ": " + d.get("detail", "") for d in data.get("diagnostics", [])))
        return [d.get("summary", "") + ": " + d.get("detail", "") for d in data.get("diagnostics", []) if d.get("severity") == "warning"]

    def plan(self, out: Path, *, destroy: bool = False) -> bool:
        """Save a plan; True when it has changes."""
        args = ["plan", "-input=false", "-json", "-lock-timeout=0s", "-detailed-exitcode", f"-out={out}"]
        if destroy:
            args.append("-destroy")
        result = self._check(self._run(args, stream_json=True), "plan", ok=(0, 2))
        return result.returncode == 2

    def show_json(self, plan: Path) -> dict:
        return json.loads(self._check(self._run(["show", "-json", str(plan)]), "show").stdout)

    def show_text(self, plan: Path) -> str:
        return self._check(self._run(["show", "-no-color", str(plan)]), "show").stdout

    def apply(self, plan: Path) -> None:
        self._check(self._run(["apply", "-input=false", "-json", "-lock-timeout=0s", "-auto-approve", str(plan)], stream_json=True), "apply")

    def output(self) -> dict:
        data = json.loads(self._check(self._run(["output", "-json"]), "output").stdout or "{}")
        return {name: item["value"] for name, item in data.items() if not item.get("sensitive")}

    def state_list(self) -> list[str]:
        result = self._run(["state", "list"])
        return result.stdout.split() if result.returncode == 0 else []


def echo_error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)
