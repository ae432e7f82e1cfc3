"""Environment files: resolve, parse, validate against envs/schema.json, fill defaults.

Every failure is a ConfigError whose message names the file, the JSON path,
the value and what was expected, in one line.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

ROOT = Path(__file__).resolve().parent.parent
ENVS = ROOT / "envs"
SCHEMA_PATH = ENVS / "schema.json"

# Fargate's valid cpu -> memory (MiB) pairs.
FARGATE_MEMORY = {
    256: [512, 1024, 2048],
    512: [1024, 2048, 3072, 4096],
    1024: list(range(2048, 8193, 1024)),
    2048: list(range(4096, 16385, 1024)),
    4096: list(range(8192, 30721, 1024)),
}
SECRET_LOOKING_KEY = re.compile(r"(?i)(password|passwd|secret|token|private_?key|access_?key|api_?key|credential)")
SECRET_LOOKING_VALUE = re.compile(r"(AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|(?i:password=)[^;]+)")


class ConfigError(Exception):
    """A bad environment file or argument, in one line a person can act on."""


@dataclass(frozen=True)
class Environment:
    name: str
    path: Path
    data: dict[str, Any]  # validated, defaults filled in

    @property
    def is_emulator(self) -> bool:
        return self.data["target"] == "emulator"

    @property
    def tier(self) -> str:
        return self.data["tier"]


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text())


def resolve(ref: str) -> Path:
    """An environment name (envs/NAME.json) or a path to a JSON file."""
    if ref.endswith(".json") or "/" in ref or ref.startswith("."):
        path = Path(ref)
        if not path.is_file():
            raise ConfigError(f"{ref}: no such environment file (expected a path to an existing JSON file)")
        return path.resolve()
    path = ENVS / f"{ref}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in ENVS.glob("*.json") if p.stem != "schema"))
        raise ConfigError(f"environment '{ref}': no file {_rel(path)} (expected one of: {known}, or a path to a JSON file)")
    return path


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _json_path(parts) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _describe_error(err: jsonschema.ValidationError) -> tuple[str, str, str]:
    """(json path, value, expectation) for a schema error, worded for people."""
    path = list(err.absolute_path)
    value = err.instance
    if err.validator == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        key = extra[0] if extra else "?"
        return _json_path(path + [key]), json.dumps(key), f"a known key ({', '.join(allowed)})"
    if err.validator == "required":
        missing = re.search(r"'([^']+)' is a required property", err.message)
        key = missing.group(1) if missing else "?"
        return _json_path(path + [key]), "missing", "this key to be present"
    shown = json.dumps(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    v = err.validator_value
    templates = {
        "type": lambda: f"a value of type {v}",
        "enum": lambda: "one of " + ", ".join(json.dumps(x) for x in v),
        "pattern": lambda: f"a string matching {v}",
        "minItems": lambda: f"at least {v} item(s)",
        "maxItems": lambda: f"at most {v} item(s)",
        "minimum": lambda: f"a number >= {v}",
        "maximum": lambda: f"a number <= {v}",
        "uniqueItems": lambda: "unique items",
        "minLength": lambda: f"a string of at least {v} character(s)",
    }
    expected = templates[err.validator]() if err.validator in templates else err.message
    return _json_path(path), shown, expected


def validate_schema(data: Any, source: str) -> None:
    validator = jsonschema.Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(list(e.absolute_path)), list(map(str, e.absolute_path))))
    if errors:
        # Report the deepest, most specific error first: that is the one a person fixes.
        err = max(errors, key=lambda e: len(list(e.absolute_path)))
        where, value, expected = _describe_error(err)
        more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
        raise ConfigError(f"{source}: {where} = {value}: expected {expected}{more}")


def _fill_defaults(schema: dict[str, Any], data: dict[str, Any]) -> None:
    for key, prop in schema.get("properties", {}).items():
        if key not in data and "default" in prop:
            data[key] = copy.deepcopy(prop["default"])
        if prop.get("type") == "object" and "properties" in prop:
            if key not in data and key in ("network", "streams", "dynamodb", "snapshots", "alb", "monitoring", "rds", "usage", "emulator", "state"):
                data[key] = {}
            if isinstance(data.get(key), dict):
                _fill_defaults(prop, data[key])


def _tier_defaults(data: dict[str, Any]) -> None:
    """Defaults that depend on the safety tier: safe unless the environment opts out."""
    protected = data["tier"] in ("stg", "prod")
    data["dynamodb"].setdefault("deletion_protection", protected)
    data["rds"].setdefault("deletion_protection", protected)
    data["alb"].setdefault("deletion_protection", data["tier"] == "prod")
    data["snapshots"].setdefault("force_destroy", data["tier"] == "dev")
    data["network"].setdefault("availability_zones", [f"{data['region']}a", f"{data['region']}c"])
    data["app"].setdefault("environment", {})
    data["state"].setdefault("bucket", f"{data['name_prefix']}-tfstate")
    data["state"].setdefault("key", f"{data['name']}/terraform.tfstate")
    data.setdefault("tags", {})


def _semantic_checks(data: dict[str, Any], source: str) -> None:
    app = data["app"]
    fail = lambda path, value, expected: ConfigError(f"{source}: {path} = {json.dumps(value)}: expected {expected}")  # noqa: E731
    if app["memory"] not in FARGATE_MEMORY[app["cpu"]]:
        raise fail("$.app.memory", app["memory"], f"a Fargate memory size for cpu {app['cpu']}: {FARGATE_MEMORY[app['cpu']]}")
    if app["max_count"] < app["min_count"]:
        raise fail("$.app.max_count", app["max_count"], f"a number >= app.min_count ({app['min_count']})")
    if app["fargate_weight"] + app["fargate_spot_weight"] == 0:
        raise fail("$.app.fargate_weight", app["fargate_weight"], "fargate_weight + fargate_spot_weight > 0")
    if data["tier"] in ("stg", "prod") and (app["image"].endswith(":latest") or ":" not in app["image"].rsplit("/", 1)[-1] and "@" not in app["image"]):
        raise fail("$.app.image", app["image"], f"an immutable tag or digest for tier {data['tier']} (a mutable :latest is rejected)")
    for key, value in app["environment"].items():
        if SECRET_LOOKING_KEY.search(key) or SECRET_LOOKING_VALUE.search(value):
            raise ConfigError(
                f"{source}: $.app.environment.{key} = <redacted>: expected no secrets in the plain container "
                "environment (store it in Secrets Manager and reference it instead)"
            )
    if data["tier"] == "prod" and data["snapshots"]["force_destroy"]:
        raise fail("$.snapshots.force_destroy", True, "false for tier prod (force-destroy only outside prod)")
    net = data["network"]
    if net["nat_gateway"] != "none" and not net["private_subnets"]:
        raise fail("$.network.nat_gateway", net["nat_gateway"], '"none" unless network.private_subnets is true')
    if net["private_subnets"] and net["nat_gateway"] == "none" and not {"ecr.api", "ecr.dkr", "logs"} <= set(net["interface_endpoints"]):
        raise fail(
            "$.network.private_subnets", True,
            "a NAT gateway or the ecr.api, ecr.dkr and logs interface endpoints, so tasks in private subnets can pull images",
        )
    if data["target"] == "emulator" and "port" not in data["emulator"]:
        raise fail("$.emulator.port", None, "a port for the emulator")
    queue_prefix = f"{data['orleans']['service_id']}-{data['orleans']['stream_provider'].lower()}-"
    longest = queue_prefix + str(data["orleans"]["stream_queue_count"] - 1) + "-dlq"
    if len(longest) > 80:
        raise fail("$.orleans.service_id", data["orleans"]["service_id"], f"a shorter id: queue name {longest!r} exceeds SQS's 80 characters")


def parse(text: str, source: str) -> dict[str, Any]:
    if not text.strip():
        raise ConfigError(f"{source}: the file is empty (expected a JSON object describing an environment)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{source}: line {exc.lineno} column {exc.colno}: invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: $ = {type(data).__name__}: expected a JSON object")
    return data


def from_data(data: dict[str, Any], source: str, path: Path | None = None) -> Environment:
    validate_schema(data, source)
    filled = copy.deepcopy(data)
    filled.pop("$schema", None)
    _fill_defaults(load_schema(), filled)
    _tier_defaults(filled)
    _semantic_checks(filled, source)
    return Environment(name=filled["name"], path=path or Path(source), data=filled)


def load(ref: str) -> Environment:
    path = resolve(ref)
    source = _rel(path)
    try:
        text = path.read_text()
    except OSError as exc:
        raise ConfigError(f"{source}: cannot read the file ({exc.strerror})") from None
    return from_data(parse(text, source), source, path)


def all_environment_names() -> list[str]:
    return sorted(p.stem for p in ENVS.glob("*.json") if p.stem != "schema")
