"""Environment files: schema, defaults, and one clear line for each kind of bad input."""

import copy
import json

import pytest

from orchestrator import config

BASE = json.loads((config.ENVS / "local.json").read_text())


def load_variant(mutate) -> config.Environment:
    data = copy.deepcopy(BASE)
    mutate(data)
    return config.from_data(data, "envs/variant.json")


def error_of(mutate) -> str:
    with pytest.raises(config.ConfigError) as exc:
        load_variant(mutate)
    return str(exc.value)


@pytest.mark.parametrize("name", config.all_environment_names())
def test_every_env_file_is_valid(name):
    env = config.load(name)
    assert env.name == name
    assert env.data["region"] == "ap-northeast-1"


def test_each_env_file_points_editors_at_the_schema():
    for name in config.all_environment_names():
        assert json.loads((config.ENVS / f"{name}.json").read_text())["$schema"] == "./schema.json"


def test_defaults_are_filled_from_the_schema():
    env = load_variant(lambda d: d.pop("streams", None))
    assert env.data["streams"] == {
        "visibility_timeout_seconds": 60,
        "message_retention_seconds": 345600,
        "receive_wait_time_seconds": 20,
        "max_message_size": 262144,
        "dead_letter": "per_queue",
        "max_receive_count": 5,
    }
    assert env.data["orleans"]["silo_port"] == 11111


def test_tier_defaults_protect_stg_and_prod():
    prod, stg, dev = config.load("prod"), config.load("stg"), config.load("dev")
    assert prod.data["dynamodb"]["deletion_protection"] and stg.data["dynamodb"]["deletion_protection"]
    assert not dev.data["dynamodb"]["deletion_protection"]
    assert prod.data["alb"]["deletion_protection"] and not stg.data["alb"]["deletion_protection"]
    assert prod.data["snapshots"]["force_destroy"] is False
    assert dev.data["snapshots"]["force_destroy"] is True


def test_service_ids_differ_per_environment():
    ids = [config.load(n).data["orleans"]["service_id"] for n in config.all_environment_names()]
    assert len(set(ids)) == len(ids)


def test_misspelled_key_two_levels_deep_names_file_path_and_value():
    message = error_of(lambda d: d["network"].update({"availabilty_zones": ["ap-northeast-1a"]}))
    assert message.startswith("envs/variant.json: $.network.availabilty_zones = \"availabilty_zones\"")
    assert "expected a known key" in message and "availability_zones" in message


def test_unknown_key_at_the_top_is_rejected():
    assert "$.colour" in error_of(lambda d: d.update({"colour": "blue"}))


def test_number_where_a_string_is_expected():
    message = error_of(lambda d: d["app"]["environment"].update({"PORT": 8080}))
    assert message.startswith("envs/variant.json: $.app.environment.PORT = 8080: expected a value of type string")


def test_empty_list_where_items_are_required():
    message = error_of(lambda d: d["network"].update({"availability_zones": []}))
    assert message.startswith("envs/variant.json: $.network.availability_zones = []: expected at least 2 item(s)")


def test_json_syntax_error_names_line_and_column():
    with pytest.raises(config.ConfigError, match=r"^bad.json: line 2 column 1: invalid JSON"):
        config.parse('{"name": "x",\n}', "bad.json")


def test_empty_file():
    with pytest.raises(config.ConfigError, match=r"^empty.json: the file is empty"):
        config.parse("  \n", "empty.json")


def test_unknown_environment_name_lists_the_known_ones():
    with pytest.raises(config.ConfigError) as exc:
        config.load("qa")
    assert "environment 'qa': no file envs/qa.json" in str(exc.value)
    assert "dev, local, local-rds, prod, stg" in str(exc.value)


def test_invalid_fargate_memory_pairing():
    message = error_of(lambda d: d["app"].update({"cpu": 256, "memory": 4096}))
    assert "$.app.memory = 4096" in message and "cpu 256" in message


def test_latest_tag_rejected_for_prod_but_allowed_for_dev():
    def to_prod_latest(d):
        d.update({"tier": "prod"})
        d["app"]["image"] = "public.ecr.aws/x/app:latest"
        d["snapshots"]["force_destroy"] = False

    assert "a mutable :latest is rejected" in error_of(to_prod_latest)
    env = load_variant(lambda d: d["app"].update({"image": "public.ecr.aws/x/app:latest"}))
    assert env.data["app"]["image"].endswith(":latest")


def test_secret_looking_environment_variable_is_refused_and_redacted():
    message = error_of(lambda d: d["app"]["environment"].update({"DB_PASSWORD": "hunter2-very-secret"}))
    assert "$.app.environment.DB_PASSWORD = <redacted>" in message
    assert "hunter2" not in message
    message = error_of(lambda d: d["app"]["environment"].update({"UPSTREAM": "AKIAABCDEFGHIJKLMNOP"}))
    assert "AKIA" not in message


def test_prod_cannot_force_destroy_snapshots():
    def prod_force(d):
        d["tier"] = "prod"
        d["snapshots"]["force_destroy"] = True

    assert "$.snapshots.force_destroy = true" in error_of(prod_force)


def test_nat_requires_private_subnets():
    assert "$.network.nat_gateway" in error_of(lambda d: d["network"].update({"nat_gateway": "single"}))


def test_backend_accepts_only_dynamodb_or_rds():
    assert '$.orleans.backend = "cosmos"' in error_of(lambda d: d["orleans"].update({"backend": "cosmos"}))
