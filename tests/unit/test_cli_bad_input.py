"""Bad input through the real CLI: one clear line, a non-zero exit, nothing planned."""

import copy
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from orchestrator import config, emulator

ROOT = Path(__file__).resolve().parents[2]
BASE = json.loads((config.ENVS / "local.json").read_text())


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "orchestrator", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)


def write_env(tmp_path, mutate, name="broken.json") -> Path:
    data = copy.deepcopy(BASE)
    data["name"] = "badinput"
    mutate(data)
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def assert_one_clear_line(result, *fragments):
    assert result.returncode != 0
    # Progress lines may precede it on stderr; the error itself is one line.
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("[")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in lines[0]
    assert not (ROOT / ".build" / "badinput" / "plan.tfplan").exists()


@pytest.mark.parametrize(
    "mutate, fragments",
    [
        (lambda d: d["network"].update({"availabilty_zones": ["ap-northeast-1a"]}), ["$.network.availabilty_zones", "expected a known key"]),
        (lambda d: d["app"]["environment"].update({"PORT": 8080}), ["$.app.environment.PORT = 8080", "type string"]),
        (lambda d: d["network"].update({"availability_zones": []}), ["$.network.availability_zones = []", "at least 2"]),
    ],
    ids=["misspelled-key", "number-for-string", "empty-list"],
)
def test_bad_env_file_is_refused_before_planning(tmp_path, mutate, fragments):
    path = write_env(tmp_path, mutate)
    result = run_cli("plan", str(path))
    assert_one_clear_line(result, str(path), *fragments)


def test_json_syntax_error(tmp_path):
    path = tmp_path / "syntax.json"
    path.write_text('{"name": "x",,}')
    assert_one_clear_line(run_cli("apply", str(path)), str(path), "line 1 column 14", "invalid JSON")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("")
    assert_one_clear_line(run_cli("plan", str(path)), str(path), "the file is empty")


def test_unknown_environment_name():
    assert_one_clear_line(run_cli("apply", "qa"), "environment 'qa'", "envs/qa.json", "dev, local, local-rds, prod, stg")


def test_missing_command_argument_is_a_usage_error():
    result = run_cli("plan")
    assert result.returncode == 2 and "ENV" in result.stderr and "Traceback" not in result.stderr


def test_emulator_port_held_by_something_else(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        path = write_env(tmp_path, lambda d: d["emulator"].update({"port": port}))
        result = run_cli("apply", str(path))
        assert_one_clear_line(result, str(path), f"emulator.port = {port}", "not a moto server")
    finally:
        server.shutdown()


def test_missing_aws_credentials_for_a_real_account(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_CONFIG_FILE": str(tmp_path / "none"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"), "AWS_EC2_METADATA_DISABLED": "true"})
    result = run_cli("plan", "dev", env=env)
    assert_one_clear_line(result, "dev.json", "no AWS credentials found", "--rehearse")


def test_help_lists_every_command():
    result = run_cli("--help")
    for command in ("validate", "plan", "apply", "destroy", "output", "verify", "bootstrap"):
        assert command in result.stdout
