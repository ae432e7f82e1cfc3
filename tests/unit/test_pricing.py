"""The price table: completeness, provenance, error messages, and the Price List refresh (offline)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from orchestrator import pricing
from orchestrator.pricing import PriceError

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ("ap-northeast-1", "us-east-1")


@pytest.fixture
def prices_copy(tmp_path: Path) -> Path:
    target = tmp_path / "prices"
    shutil.copytree(ROOT / "prices", target)
    return target


# ---------------------------------------------------------------- the files


@pytest.mark.parametrize("region", REGIONS)
def test_every_entry_has_unit_source_date_and_confidence(region):
    table = pricing.load_table(region)
    assert table.hours_per_month == 730
    for key, entry in table.entries.items():
        assert entry.unit and entry.source and entry.confidence in ("A", "B", "C"), key
        dt.date.fromisoformat(entry.retrieved)  # a real date, not free text
        if entry.is_price and entry.amount > 0:
            assert entry.refreshable, f"{key}: a price needs its Price List service code and usage type"
        for source_id in entry.source.replace("+", " ").split():
            assert source_id in table.sources, key


def test_both_regions_price_the_same_things():
    tokyo, virginia = (pricing.load_table(region) for region in REGIONS)
    assert set(tokyo.entries) == set(virginia.entries)


@pytest.mark.parametrize("region", REGIONS)
def test_files_are_in_canonical_layout_so_a_refresh_diff_shows_only_values(region):
    path = pricing.price_file(region)
    assert pricing.render_table(pricing.load_table(region).raw) == path.read_text()


@pytest.mark.parametrize("region,usage_prefix", [("ap-northeast-1", "APN1-")])
def test_tokyo_usage_types_carry_the_region_prefix(region, usage_prefix):
    for key, entry in pricing.load_table(region).entries.items():
        if entry.refreshable:
            assert entry.usage_type.startswith(usage_prefix), key


def test_dynamodb_on_demand_prices_are_the_post_november_2024_ones():
    tokyo, virginia = (pricing.load_table(region) for region in REGIONS)
    assert tokyo.price("dynamodb.write_request_units_million") == 0.715
    assert tokyo.price("dynamodb.read_request_units_million") == 0.1425
    assert virginia.price("dynamodb.write_request_units_million") == 0.625  # not the stale 1.25
    assert virginia.price("dynamodb.read_request_units_million") == 0.125   # not the stale 0.25


def test_spot_is_a_discount_factor_and_secrets_manager_is_priced():
    for region in REGIONS:
        table = pricing.load_table(region)
        assert 0 < table.price("fargate.spot_factor") < 1
        assert not table.entry("fargate.spot_factor").is_price
        assert table.price("secretsmanager.secret_month") == 0.40


def test_missing_key_is_an_error_naming_region_key_and_file():
    table = pricing.load_table("ap-northeast-1").without("elb.alb_hour")
    with pytest.raises(PriceError) as err:
        table.price("elb.alb_hour")
    message = str(err.value)
    assert "elb.alb_hour" in message and "ap-northeast-1" in message and "ap-northeast-1.yaml" in message


def test_region_without_a_file_is_an_error_naming_region_and_file():
    with pytest.raises(PriceError) as err:
        pricing.load_table("eu-west-1")
    assert "eu-west-1" in str(err.value) and "eu-west-1.yaml" in str(err.value)


def test_malformed_entry_is_rejected_with_its_key(prices_copy):
    path = prices_copy / "ap-northeast-1.yaml"
    doc = yaml.safe_load(path.read_text())
    del doc["prices"]["vpc.nat_gateway_hour"]["unit"]
    path.write_text(pricing.render_table(doc))
    with pytest.raises(PriceError, match=r"vpc\.nat_gateway_hour.*unit"):
        pricing.load_table("ap-northeast-1", prices_copy)


def test_unknown_source_id_is_rejected(prices_copy):
    path = prices_copy / "us-east-1.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["prices"]["elb.alb_hour"]["source"] = "NOWHERE"
    path.write_text(pricing.render_table(doc))
    with pytest.raises(PriceError, match="NOWHERE"):
        pricing.load_table("us-east-1", prices_copy)


# ---------------------------------------------------------------- Price List parsing (recorded shape)


def price_item(usage_type: str, dims: list[tuple[str, str, str]], sku: str = "SKU1", published: str = "2027-01-10T00:00:00Z",
               **attributes: str) -> str:
    """A GetProducts PriceList element as AWS returns it: a JSON string. dims: (beginRange, endRange, USD)."""
    term = f"{sku}.JRTCKXETXF"
    return json.dumps({
        "product": {"productFamily": "Any", "sku": sku, "attributes": {"usagetype": usage_type, **attributes}},
        "serviceCode": "AmazonDynamoDB",
        "terms": {"OnDemand": {term: {"offerTermCode": "JRTCKXETXF", "sku": sku, "priceDimensions": {
            f"{term}.{i}": {"unit": "GB-Mo", "beginRange": begin, "endRange": end, "pricePerUnit": {"USD": usd},
                            "description": "recorded shape"}
            for i, (begin, end, usd) in enumerate(dims)}}}},
        "version": "20270110000000",
        "publicationDate": published,
    })


def test_first_paid_tier_skips_the_free_allowance():
    items = [price_item("APN1-TimedStorage-ByteHrs", [("0", "25", "0.0000000000"), ("25", "Inf", "0.2850000000")])]
    rate, published = pricing.first_paid_rate(items, "dynamodb.storage_gb_month")
    assert rate == pricing.Decimal("0.285") and published.startswith("2027-01-10")


def test_first_paid_tier_is_the_lowest_begin_range():
    items = [price_item("APN1-ApiGatewayHttpRequest", [("300000000", "Inf", "0.0000011800"), ("0", "300000000", "0.0000012900")])]
    rate, _ = pricing.first_paid_rate(items, "apigw.http_requests_million")
    assert pricing.table_amount(rate, 1e6) == 1.29


def test_several_skus_with_one_rate_are_fine_but_two_rates_are_ambiguous():
    same = [price_item("U", [("0", "Inf", "0.005")], sku="A"), price_item("U", [("0", "Inf", "0.005")], sku="B")]
    assert pricing.first_paid_rate(same, "k")[0] == pricing.Decimal("0.005")
    different = [price_item("U", [("0", "Inf", "0.005")], sku="A"), price_item("U", [("0", "Inf", "0.006")], sku="B")]
    with pytest.raises(PriceError, match="ambiguous"):
        pricing.first_paid_rate(different, "k")


def test_scaling_has_no_binary_noise():
    assert pricing.table_amount(pricing.Decimal("0.0000007150"), 1e6) == 0.715
    assert pricing.table_amount(pricing.Decimal("0.0000047000"), 1000) == 0.0047


def test_us_east_1_tries_both_spellings_of_a_usage_type():
    assert pricing.usage_type_spellings("LoadBalancerUsage", "us-east-1") == ["LoadBalancerUsage", "USE1-LoadBalancerUsage"]
    assert pricing.usage_type_spellings("USE1-LCUUsage", "us-east-1") == ["USE1-LCUUsage", "LCUUsage"]
    assert pricing.usage_type_spellings("APN1-LCUUsage", "ap-northeast-1") == ["APN1-LCUUsage"]


class FakePriceList:
    """Answers GetProducts from the table's own entries, with chosen rates changed; records the calls."""

    def __init__(self, table: pricing.PriceTable, changed: dict[str, float], missing: tuple[str, ...] = (),
                 only_other_spelling: tuple[str, ...] = ()):
        self.calls: list[tuple[str, dict]] = []
        self.answers: dict[tuple[str, str], list[str]] = {}
        for key, entry in table.entries.items():
            if not entry.refreshable or key in missing:
                continue
            amount = changed.get(key, entry.amount)
            per_unit = pricing.Decimal(repr(amount)) / pricing.Decimal(repr(entry.scale))
            usage_type = entry.usage_type
            if key in only_other_spelling:
                usage_type = pricing.usage_type_spellings(usage_type, table.region)[1]
            item = price_item(usage_type, [("0", "Inf", format(per_unit, "f"))], **entry.filters)
            self.answers.setdefault((entry.service_code, usage_type), []).append(item)

    def __call__(self, service_code: str, filters: dict) -> list:
        self.calls.append((service_code, dict(filters)))
        items = self.answers.get((service_code, filters["usagetype"]), [])
        return [i for i in items if all(json.loads(i)["product"]["attributes"].get(k, v) == v
                                        for k, v in filters.items() if k not in ("usagetype", "regionCode"))]


def test_refresh_rewrites_prices_and_dates_and_leaves_manual_entries(prices_copy):
    table = pricing.load_table("ap-northeast-1", prices_copy)
    fake = FakePriceList(table, changed={"elb.alb_hour": 0.0252, "dynamodb.write_request_units_million": 0.7})
    result = pricing.refresh(["ap-northeast-1"], prices_copy, fetch=fake, today=dt.date(2027, 1, 15))
    assert sorted(result["ap-northeast-1"]) == ["dynamodb.write_request_units_million", "elb.alb_hour"]
    after = pricing.load_table("ap-northeast-1", prices_copy)
    assert after.price("elb.alb_hour") == 0.0252
    assert after.price("dynamodb.write_request_units_million") == 0.7
    assert after.entry("elb.alb_hour").retrieved == "2027-01-15" and after.entry("elb.alb_hour").source == "PL"
    assert after.version == "2027-01-15"
    assert after.entry("fargate.spot_factor") == table.entry("fargate.spot_factor")  # not a Price List item
    assert after.entry("vpc.nat_gateway_hour").amount == table.entry("vpc.nat_gateway_hour").amount
    assert "2027-01-10" in after.sources["PL"]["publication"]
    # every call is filtered by region and usage type, plus the entry's own attributes
    assert all(f["regionCode"] == "ap-northeast-1" and "usagetype" in f for _, f in fake.calls)
    assert ("AWSELB", {"regionCode": "ap-northeast-1", "usagetype": "APN1-LoadBalancerUsage",
                       "operation": "LoadBalancing:Application"}) in fake.calls


def test_refresh_finds_the_other_us_east_1_spelling(prices_copy):
    table = pricing.load_table("us-east-1", prices_copy)
    fake = FakePriceList(table, changed={}, only_other_spelling=("elb.alb_hour",))
    pricing.refresh(["us-east-1"], prices_copy, fetch=fake, today=dt.date(2027, 1, 15))
    asked = [f["usagetype"] for code, f in fake.calls if code == "AWSELB" and f.get("operation") == "LoadBalancing:Application"]
    assert "LoadBalancerUsage" in asked and "USE1-LoadBalancerUsage" in asked
    assert pricing.load_table("us-east-1", prices_copy).entry("elb.alb_hour").usage_type == "USE1-LoadBalancerUsage"


def test_refresh_with_a_missing_product_names_it_and_changes_nothing(prices_copy):
    before = {p.name: p.read_bytes() for p in prices_copy.iterdir()}
    virginia = FakePriceList(pricing.load_table("us-east-1", prices_copy), changed={"elb.alb_hour": 0.03})
    tokyo = FakePriceList(pricing.load_table("ap-northeast-1", prices_copy), changed={"elb.alb_hour": 0.03},
                          missing=("cloudmap.instance_month",))

    def fetch(service_code, filters):
        fake = virginia if filters["regionCode"] == "us-east-1" else tokyo
        return fake(service_code, filters)

    with pytest.raises(PriceError) as err:
        pricing.refresh(["us-east-1", "ap-northeast-1"], prices_copy, fetch=fetch, today=dt.date(2027, 1, 15))
    message = str(err.value)
    assert "cloudmap.instance_month" in message and "1 price(s)" in message and "nothing was changed" in message
    # us-east-1 read fine, but nothing is written unless every region succeeded
    assert {p.name: p.read_bytes() for p in prices_copy.iterdir()} == before


def _offline_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE="/nonexistent", AWS_SHARED_CREDENTIALS_FILE="/nonexistent", AWS_EC2_METADATA_DISABLED="true")
    env.update(extra)
    return env


@pytest.mark.parametrize("extra", [
    {"AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ACCESS_KEY_ID": "offline", "AWS_SECRET_ACCESS_KEY": "offline"},
    {"AWS_ENDPOINT_URL": "http://127.0.0.1:1"},  # and no credentials at all
], ids=["unreachable-endpoint", "no-credentials"])
def test_refresh_cli_offline_fails_in_one_line_and_changes_nothing(prices_copy, extra):
    before = {p.name: p.read_bytes() for p in prices_copy.iterdir()}
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "orchestrator.pricing", "refresh", "--region", "ap-northeast-1",
                           "--prices-dir", str(prices_copy)],
                          cwd=ROOT, env=_offline_env(**extra), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: price refresh failed, nothing was changed"), proc.stderr
    assert time.monotonic() - started < 30
    assert {p.name: p.read_bytes() for p in prices_copy.iterdir()} == before
