"""The versioned price table (prices/<region>.yaml) and its refresh from the AWS Price List API.

One YAML file per region. Every entry carries its unit, the Price List service code and usage
type it comes from, a source id (described in the file's `sources`), the date it was read and a
confidence grade. A price the cost model asks for that is not in the table is a PriceError that
names the region, the key and the file: a missing price is never a silent zero.

    python -m orchestrator.pricing refresh [--region R] [--prices-dir DIR]

queries pricing:GetProducts (us-east-1 endpoint) for every entry that has a service code and
rewrites those prices with today's date. It is all-or-nothing: on any failure (no network, no
credentials, a product not found or ambiguous) it prints one line, exits 1 and writes nothing.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import yaml

ROOT = Path(__file__).resolve().parent.parent
PRICES_DIR = ROOT / "prices"
HEADER = (
    "# AWS list prices for the offline cost model (python -m orchestrator cost ENV).\n"
    "# Generated layout: edit values freely, keep the shape; `python -m orchestrator.pricing refresh`\n"
    "# rewrites the entries that have a service_code. See docs/cost.md.\n"
)
PRICE_LIST_SOURCE_ID = "PL"  # what a refreshed entry's `source` becomes
CONFIDENCE_GRADES = ("A", "B", "C")
ENTRY_FIELDS = ("price", "value", "unit", "service_code", "usage_type", "filters", "scale",
                "source", "retrieved", "confidence", "note")
# Region prefixes of Price List usage types. us-east-1 is spelled both with and without "USE1-"
# depending on the service, so the refresh tries the other spelling when the first finds nothing.
USAGE_TYPE_PREFIX = {"ap-northeast-1": "APN1", "us-east-1": "USE1"}


class PriceError(Exception):
    """A price the cost model needs is missing or malformed, in one line naming region, key and file."""


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class PriceEntry:
    key: str
    amount: float          # the price (USD per `unit`) or, for `value` entries, a plain number
    is_price: bool         # False for factors and free allowances (`value:` in the YAML)
    unit: str
    source: str
    retrieved: str
    confidence: str
    service_code: str | None = None
    usage_type: str | None = None
    filters: Mapping[str, str] = field(default_factory=dict)
    scale: float = 1.0     # table price = Price List pricePerUnit x scale (e.g. 1e6 for per-million)
    note: str = ""

    @property
    def refreshable(self) -> bool:
        return bool(self.service_code and self.usage_type)


@dataclass(frozen=True)
class PriceTable:
    region: str
    path: Path
    version: str
    hours_per_month: float
    entries: Mapping[str, PriceEntry]
    sources: Mapping[str, Mapping[str, Any]]
    raw: Mapping[str, Any]  # the parsed document, kept so a refresh rewrites it faithfully

    def entry(self, key: str) -> PriceEntry:
        try:
            return self.entries[key]
        except KeyError:
            raise PriceError(
                f"no price '{key}' for region {self.region} in {_rel(self.path)} "
                "(add it to the price table; a missing price is never counted as zero)"
            ) from None

    def price(self, key: str) -> float:
        return self.entry(key).amount

    def ref(self, key: str) -> str:
        """The citation a cost line shows: price key plus source id."""
        entry = self.entry(key)
        return f"{key} ({entry.source}, conf. {entry.confidence})"

    def without(self, key: str) -> "PriceTable":
        """A copy missing one key: lets tests prove a missing price is an error."""
        entries = {k: v for k, v in self.entries.items() if k != key}
        return PriceTable(self.region, self.path, self.version, self.hours_per_month, entries, self.sources, self.raw)


# ---------------------------------------------------------------- loading


def price_file(region: str, prices_dir: Path | None = None) -> Path:
    return (prices_dir or PRICES_DIR) / f"{region}.yaml"


def available_regions(prices_dir: Path | None = None) -> list[str]:
    return sorted(p.stem for p in (prices_dir or PRICES_DIR).glob("*.yaml"))


def load_table(region: str, prices_dir: Path | None = None) -> PriceTable:
    path = price_file(region, prices_dir)
    if not path.is_file():
        have = ", ".join(available_regions(prices_dir)) or "none"
        raise PriceError(f"no price file for region {region}: {_rel(path)} does not exist (price files exist for: {have})")
    return parse_table(path.read_text(), path, region)


def _as_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def parse_table(text: str, path: Path, region: str) -> PriceTable:
    where = _rel(path)
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PriceError(f"{where}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("prices"), dict):
        raise PriceError(f"{where}: expected a mapping with a 'prices' mapping")
    if doc.get("region") != region:
        raise PriceError(f"{where}: region is {doc.get('region')!r}, expected {region!r}")
    sources = doc.get("sources") or {}
    entries: dict[str, PriceEntry] = {}
    for key, raw in doc["prices"].items():
        entries[key] = _parse_entry(key, raw, where, region, sources)
    return PriceTable(
        region=region,
        path=path,
        version=_as_text(doc.get("version", "unknown")),
        hours_per_month=float(doc.get("hours_per_month", 730)),
        entries=entries,
        sources=sources,
        raw=doc,
    )


def _parse_entry(key: str, raw: Any, where: str, region: str, sources: Mapping[str, Any]) -> PriceEntry:
    def bad(problem: str) -> PriceError:
        return PriceError(f"{where}: price '{key}' for region {region}: {problem}")

    if not isinstance(raw, dict):
        raise bad("expected a mapping")
    unknown = set(raw) - set(ENTRY_FIELDS)
    if unknown:
        raise bad(f"unknown field(s) {', '.join(sorted(unknown))}")
    if ("price" in raw) == ("value" in raw):
        raise bad("expected exactly one of 'price' (USD) or 'value' (a factor or allowance)")
    amount = raw.get("price", raw.get("value"))
    if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount < 0:
        raise bad(f"amount {amount!r} is not a non-negative number")
    for required in ("unit", "source", "retrieved", "confidence"):
        if not raw.get(required):
            raise bad(f"missing '{required}'")
    if raw["confidence"] not in CONFIDENCE_GRADES:
        raise bad(f"confidence {raw['confidence']!r} is not one of {', '.join(CONFIDENCE_GRADES)}")
    for source_id in re.split(r"[+,/ ]+", str(raw["source"])):
        if source_id and source_id not in sources:
            raise bad(f"source id {source_id!r} is not described under 'sources'")
    if bool(raw.get("service_code")) != bool(raw.get("usage_type")):
        raise bad("'service_code' and 'usage_type' go together (both or neither)")
    return PriceEntry(
        key=key,
        amount=float(amount),
        is_price="price" in raw,
        unit=str(raw["unit"]),
        source=str(raw["source"]),
        retrieved=_as_text(raw["retrieved"]),
        confidence=str(raw["confidence"]),
        service_code=raw.get("service_code"),
        usage_type=raw.get("usage_type"),
        filters={str(k): str(v) for k, v in (raw.get("filters") or {}).items()},
        scale=float(raw.get("scale", 1)),
        note=str(raw.get("note", "")),
    )


def render_table(doc: Mapping[str, Any]) -> str:
    """The canonical text of a price file; loading then rendering an unedited file gives it back."""
    body = yaml.safe_dump(dict(doc), sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    return HEADER + body


# ---------------------------------------------------------------- Price List parsing (pure)


def _decoded(item: str | Mapping[str, Any]) -> Mapping[str, Any]:
    return json.loads(item) if isinstance(item, str) else item


def first_paid_rate(items: Iterable[str | Mapping[str, Any]], key: str) -> tuple[Decimal, str | None]:
    """The on-demand USD rate of the first paid tier across Price List products, and the publication date.

    Tiers that cost $0 are free allowances (kept separately in the table), so the lowest
    beginRange with a positive price is the list price. Several SKUs agreeing on one rate is
    fine; several rates is ambiguous and an error, because guessing would publish a wrong price.
    """
    rates: set[Decimal] = set()
    published: str | None = None
    for item in items:
        product = _decoded(item)
        published = product.get("publicationDate", published)
        best: tuple[Decimal, Decimal] | None = None  # (beginRange, rate)
        for term in product.get("terms", {}).get("OnDemand", {}).values():
            for dim in term.get("priceDimensions", {}).values():
                try:
                    rate = Decimal(str(dim["pricePerUnit"]["USD"]))
                    begin = Decimal(str(dim.get("beginRange", "0")))
                except (KeyError, InvalidOperation):
                    continue
                if rate > 0 and (best is None or begin < best[0]):
                    best = (begin, rate)
        if best is not None:
            rates.add(best[1])
    if not rates:
        raise PriceError(f"{key}: no paid on-demand price in the Price List answer")
    if len(rates) > 1:
        shown = ", ".join(str(r.normalize()) for r in sorted(rates))
        raise PriceError(f"{key}: ambiguous Price List answer, several rates ({shown}); add a filter to the entry")
    return rates.pop(), published


def table_amount(rate: Decimal, scale: float) -> float:
    """Price List per-unit rate scaled to the table's unit, without binary rounding noise."""
    return float((rate * Decimal(repr(scale))).normalize())


def usage_type_spellings(usage_type: str, region: str) -> list[str]:
    prefix = USAGE_TYPE_PREFIX.get(region)
    if region != "us-east-1" or not prefix:
        return [usage_type]
    if usage_type.startswith(prefix + "-"):
        return [usage_type, usage_type[len(prefix) + 1:]]
    return [usage_type, f"{prefix}-{usage_type}"]


Fetch = Callable[[str, Mapping[str, str]], list]  # (service_code, attribute filters) -> PriceList items


def refreshed_document(table: PriceTable, fetch: Fetch, today: dt.date) -> tuple[dict[str, Any], list[str]]:
    """A new document with every refreshable price re-read; (doc, changed keys). Raises on any failure."""
    doc = copy.deepcopy(dict(table.raw))
    problems: list[str] = []
    changed: list[str] = []
    publications: set[str] = set()
    for key, entry in table.entries.items():
        if not entry.refreshable:
            continue
        items: list = []
        found_as = entry.usage_type
        for found_as in usage_type_spellings(entry.usage_type or "", table.region):
            items = fetch(entry.service_code or "", {"regionCode": table.region, "usagetype": found_as, **entry.filters})
            if items:
                break
        if not items:
            problems.append(f"{key} ({entry.service_code}, usagetype {entry.usage_type}): no product")
            continue
        try:
            rate, published = first_paid_rate(items, key)
        except PriceError as exc:
            problems.append(str(exc))
            continue
        if published:
            publications.add(str(published)[:10])
        new_amount = table_amount(rate, entry.scale)
        raw_entry = doc["prices"][key]
        if new_amount != entry.amount:
            changed.append(key)
        raw_entry.pop("value", None)
        raw_entry["price"] = new_amount
        raw_entry["usage_type"] = found_as  # keep the spelling AWS answered to
        raw_entry["source"] = PRICE_LIST_SOURCE_ID
        raw_entry["retrieved"] = today
        raw_entry["confidence"] = "A"
    if problems:
        raise PriceError(
            f"refresh of {_rel(table.path)} failed for {len(problems)} price(s): {'; '.join(problems)}; nothing was changed"
        )
    doc["version"] = today
    sources = dict(doc.get("sources") or {})
    sources[PRICE_LIST_SOURCE_ID] = {
        "description": "AWS Price List API (pricing:GetProducts, us-east-1 endpoint), on-demand rate of the first paid tier",
        "url": "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/index.json",
        "retrieved": today,
        "publication": ", ".join(sorted(publications)) or "unknown",
    }
    doc["sources"] = sources
    return doc, changed


# ---------------------------------------------------------------- the online edge


def boto3_fetcher() -> Fetch:
    """GetProducts with short timeouts and one attempt, so an offline machine fails in seconds."""
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "pricing",
        region_name="us-east-1",
        config=Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 1, "mode": "standard"}),
    )

    def fetch(service_code: str, filters: Mapping[str, str]) -> list:
        terms = [{"Type": "TERM_MATCH", "Field": k, "Value": v} for k, v in filters.items()]
        items: list = []
        for page in client.get_paginator("get_products").paginate(ServiceCode=service_code, Filters=terms):
            items.extend(page.get("PriceList", []))
        return items

    return fetch


def refresh(regions: list[str], prices_dir: Path | None = None, fetch: Fetch | None = None,
            today: dt.date | None = None) -> dict[str, list[str]]:
    """Refresh every region's file; writes only after all of them were read successfully."""
    today = today or dt.date.today()
    tables = [load_table(region, prices_dir) for region in regions]
    fetch = fetch or boto3_fetcher()
    planned = []
    for table in tables:
        doc, changed = refreshed_document(table, fetch, today)
        planned.append((table, doc, changed))
    for table, doc, _ in planned:
        table.path.write_text(render_table(doc))
    return {table.region: changed for table, _, changed in planned}


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if not isinstance(exc, PriceError) else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestrator.pricing", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("refresh", help="re-read the prices from the AWS Price List API (needs network and credentials)")
    cmd.add_argument("--region", action="append", help="region to refresh (repeatable; default: every price file)")
    cmd.add_argument("--prices-dir", type=Path, default=None, help="directory of the price files (default: prices/)")
    args = parser.parse_args(argv)
    regions = args.region or available_regions(args.prices_dir)
    try:
        result = refresh(regions, args.prices_dir)
    except Exception as exc:  # noqa: BLE001 - the contract is one clear line and exit 1, whatever broke
        hint = "" if isinstance(exc, PriceError) else " (the refresh needs network access to the AWS Price List API and AWS credentials)"
        print(f"error: price refresh failed, nothing was changed: {_one_line(exc)}{hint}", file=sys.stderr)
        return 1
    for region, changed in result.items():
        print(f"{region}: refreshed {_rel(price_file(region, args.prices_dir))}; "
              f"{len(changed)} price(s) changed{': ' + ', '.join(changed) if changed else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
