"""Rendering an environment into a Terraform working directory (no Terraform runs here)."""

import json

from orchestrator import config, emulator, render


def files_for(name, *, rehearse=False, port=None):
    env = config.load(name)
    target = render.target_for(env, rehearse=rehearse, emulator_port=port)
    return env, target, render.render_files(env, target, render.work_dir(env, target))


def test_tfvars_come_straight_from_the_config():
    env, target, files = files_for("dev")
    values = json.loads(files["terraform.tfvars.json"])
    assert values["name_prefix"] == "orleans-dev"
    assert values["orleans"] == env.data["orleans"]
    assert values["app"]["image"] == env.data["app"]["image"]
    assert values["enable_autoscaling"] is True and values["enable_redrive_allow_policy"] is True


def test_every_tfvar_is_passed_to_the_stack_once():
    _, _, files = files_for("prod")
    values = json.loads(files["terraform.tfvars.json"])
    for name in values:
        assert f"  {name} = var.{name}\n" in files["main.tf"]
        assert f'variable "{name}"' in files["main.tf"]


def test_real_account_has_no_emulator_settings():
    _, target, files = files_for("prod")
    assert not target.emulator
    assert "max_retries" not in files["providers.tf"]
    assert "emulator.env" not in files
    assert 'bucket       = "orleans-prod-tfstate"' in files["backend.tf"]
    assert "use_lockfile = true" in files["backend.tf"]


def test_local_environment_talks_to_the_emulator_by_ip():
    _, target, files = files_for("local")
    assert target.emulator and target.endpoint == "http://127.0.0.1:5055"
    assert "max_retries             = 2" in files["providers.tf"]
    assert "export AWS_ENDPOINT_URL=http://127.0.0.1:5055" in files["emulator.env"]
    assert "skip_requesting_account_id" not in files["providers.tf"]


def test_emulator_gaps_are_applied_from_the_one_declared_list():
    _, _, files = files_for("local")
    values = json.loads(files["terraform.tfvars.json"])
    assert emulator.EMULATOR_GAPS, "the list of emulator gaps is declared"
    for gap in emulator.EMULATOR_GAPS:
        assert values[gap.variable] == gap.value
        assert gap.reason


def test_rehearsal_changes_only_endpoint_credentials_and_backend():
    env, target, rehearsal = files_for("prod", rehearse=True, port=6000)
    _, _, real = files_for("prod")
    assert target.rehearse and target.endpoint == "http://127.0.0.1:6000"
    real_vars, rehearsal_vars = json.loads(real["terraform.tfvars.json"]), json.loads(rehearsal["terraform.tfvars.json"])
    gap_vars = {g.variable for g in emulator.EMULATOR_GAPS}
    assert {k: v for k, v in real_vars.items() if k not in gap_vars} == {k: v for k, v in rehearsal_vars.items() if k not in gap_vars}
    assert render.REHEARSAL_STATE_BUCKET in rehearsal["backend.tf"]
    assert "prod/terraform.tfstate" in rehearsal["backend.tf"]
    assert render.work_dir(env, target).name == "prod-rehearse"


def test_default_tags_come_from_the_provider():
    _, _, files = files_for("stg")
    assert '"Environment" = "stg"' in files["providers.tf"]
    assert '"ManagedBy" = "terraform"' in files["providers.tf"]


def test_fingerprint_changes_with_the_config():
    _, _, a = files_for("dev")
    b = dict(a, **{"terraform.tfvars.json": a["terraform.tfvars.json"].replace("orleans-dev", "orleans-dev2")})
    assert render.fingerprint(a) != render.fingerprint(b)
    assert render.fingerprint(a) == render.fingerprint(dict(a))


def test_no_secret_values_in_rendered_files():
    _, _, files = files_for("local")
    for name, content in files.items():
        if name == "emulator.env":
            continue  # the emulator's fake keys, documented as not credentials
        assert "AWS_SECRET_ACCESS_KEY" not in content and "secret_key" not in content
