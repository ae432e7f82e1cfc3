"""The self-configured Terraform toolchain: mirror discovery, CLI config, lock file."""

import subprocess
from pathlib import Path

import pytest

from orchestrator import toolchain


def make_mirror(root: Path, version: str, packed: bool) -> Path:
    base = root / "registry.terraform.io" / "hashicorp" / "aws"
    if packed:
        base.mkdir(parents=True)
        (base / f"terraform-provider-aws_{version}_linux_amd64.zip").write_bytes(b"")
    else:
        (base / version / "linux_amd64").mkdir(parents=True)
    return root


@pytest.mark.parametrize("packed", [False, True], ids=["unpacked", "packed"])
def test_mirror_versions_accept_only_the_5_100_range(tmp_path, packed):
    make_mirror(tmp_path / "a", "5.100.0", packed)
    make_mirror(tmp_path / "b", "5.99.0", packed)
    make_mirror(tmp_path / "c", "6.0.0", packed)
    assert toolchain.mirror_provider_versions(tmp_path / "a") == ["5.100.0"]
    assert toolchain.mirror_provider_versions(tmp_path / "b") == []
    assert toolchain.mirror_provider_versions(tmp_path / "c") == []


def test_mirror_named_by_environment_variable_comes_first(tmp_path, monkeypatch):
    mirror = make_mirror(tmp_path / "mine", "5.100.0", packed=True)
    monkeypatch.setenv(toolchain.MIRROR_ENV_VAR, str(mirror))
    assert toolchain.candidate_mirrors()[0] == mirror
    assert toolchain.find_mirror() == (mirror, ["5.100.0"])


def test_a_named_mirror_without_the_provider_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv(toolchain.MIRROR_ENV_VAR, str(tmp_path))
    with pytest.raises(toolchain.ToolchainError, match="holds no registry.terraform.io/hashicorp/aws"):
        toolchain.find_mirror()


def test_no_mirror_and_no_registry_stops_with_how_to_make_one(monkeypatch):
    monkeypatch.setattr(toolchain, "find_mirror", lambda: (None, []))
    monkeypatch.setattr(toolchain, "registry_reachable", lambda timeout=3.0: False)
    with pytest.raises(toolchain.ToolchainError) as exc:
        toolchain.setup()
    message = str(exc.value)
    assert "no local mirror was found" in message and "cannot be reached" in message
    assert "terraform providers mirror" in message and toolchain.MIRROR_ENV_VAR in message


def test_cli_config_uses_the_mirror_for_aws_and_direct_for_the_rest(tmp_path):
    text = toolchain.render_cli_config(tmp_path)
    assert f'path    = "{tmp_path}"' in text
    assert 'include = ["registry.terraform.io/hashicorp/aws"]' in text
    assert 'exclude = ["registry.terraform.io/hashicorp/aws"]' in text
    assert "plugin_cache_dir" in text


def test_committed_lock_file_verifies_against_the_provider_source(tmp_path):
    tools = toolchain.load()
    (tmp_path / "main.tf").write_text(
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.100" }\n  }\n}\n'
    )
    (tmp_path / ".terraform.lock.hcl").write_text(toolchain.LOCK_FILE.read_text())
    result = subprocess.run(
        [tools.terraform, "init", "-input=false", "-no-color", "-lockfile=readonly"],
        cwd=tmp_path, capture_output=True, text=True, env={**__import__("os").environ, **tools.env()}, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5.100.0" in toolchain.LOCK_FILE.read_text()


def test_recorded_toolchain_meets_the_minimum():
    tools = toolchain.load()
    assert tuple(int(p) for p in tools.terraform_version.split(".")[:2]) >= (1, 11)
    assert Path(tools.cli_config).read_text().count("filesystem_mirror") == (1 if tools.mirror else 0)
