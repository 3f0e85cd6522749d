#!/usr/bin/env python3
"""Generates model/src/catalog/prices.json from pydantic's genai-prices (pinned) and the hand-kept
overlay model/src/catalog/overlay.json. Run it through `make prices`; `make test` runs it with
`--check`, which fails when the committed catalog is not exactly this script's output.

Every price comes from genai-prices, resolved by genai-prices' own code (`ModelInfo.get_prices`
at each date, time of day and price context where it changes), so dated prices, time-of-day
prices, service tiers and batch variants are the library's reading of its data, not ours. The
overlay adds only what genai-prices lacks (minimum cacheable prompt sizes, cache TTLs offered,
batch multipliers for models without a batch variant, Gemini's cache storage price, context
windows it leaves empty), each value with its source and date.

    scripts/prices.py            write model/src/catalog/prices.json
    scripts/prices.py --check    exit 1 if model/src/catalog/prices.json differs from the output
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import genai_prices
from genai_prices import data
from genai_prices.types import (
    ClauseAnd,
    ClauseContains,
    ClauseEndsWith,
    ClauseEquals,
    ClauseOr,
    ClauseRegex,
    ClauseStartsWith,
    ModelPrice,
    StartDateConstraint,
    TieredPrices,
    TimeOfDateConstraint,
)

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "model/src/catalog/overlay.json"
OUTPUT = ROOT / "model/src/catalog/prices.json"
PINNED_VERSION = "0.2.3"

# genai-prices' price keys for text tokens, and the catalog's names for them.
CLASSES = [
    ("input_mtok", "input"),
    ("output_mtok", "output"),
    ("cache_write_mtok", "cache_write_5m"),
    ("cache_write_1h_mtok", "cache_write_1h"),
    ("cache_read_mtok", "cache_read"),
]
# Keys a text-token request never pays (other modalities, per-call and per-hour units): with
# text-only usage their counts are zero. Anything else is a structure this catalog cannot
# express, and the generator stops rather than drop it silently.
IGNORED_KEYS = re.compile(
    r"^(input|output|cache)_(audio|image|video)(_read|_write)?_mtok$|^cache_(audio|image)_read_mtok$"
    r"|_kcount$|_hours$|_kpages$|^input_mchars$"
)

# The service-tier contexts genai-prices understands, per catalog name. `fast` is
# OpenAI's `service_tier: fast` and Anthropic's `speed: fast`.
CONTEXTS = {
    "batch": [{"processing": "batch"}],
    "flex": [{"service_tier": "flex"}],
    "priority": [{"service_tier": "priority"}],
    "fast": [{"service_tier": "fast"}, {"speed": "fast"}],
}

# Models that are not chat models (they bill per image, per second, per page, or are
# embeddings and legacy completion models), by id.
NOT_CHAT = re.compile(
    r"embed|tts|transcribe|whisper|audio|realtime|image|moderation|live|voice|ocr|robotics|banana"
    r"|omni|search|computer-use|vision|:free|:extended|^ft:|\.ft-|^(ada|babbage|curie|davinci)"
    r"|^text-|^gpt-3\.5-turbo-instruct|^gpt-3\.5-0301"
)


def first_party(provider, model) -> bool:
    """The provider's own models, not models it resells (Claude on Vertex, GLM on Mistral)."""
    if provider.id == "google":
        return model.id.startswith("gemini")
    if provider.id == "mistral":
        return provider.model_match.is_match(model.id)
    return True


def num(d: Decimal) -> float | int:
    """A Decimal as the shortest JSON number that reads back as the same value."""
    d = d.normalize()
    if d == d.to_integral_value():
        return int(d)
    return float(str(d))


def clause(c):
    if isinstance(c, ClauseOr):
        return {"or": [clause(x) for x in c.or_]}
    if isinstance(c, ClauseAnd):
        return {"and": [clause(x) for x in c.and_]}
    for cls, key in [
        (ClauseEquals, "equals"),
        (ClauseStartsWith, "starts_with"),
        (ClauseEndsWith, "ends_with"),
        (ClauseContains, "contains"),
        (ClauseRegex, "regex"),
    ]:
        if isinstance(c, cls):
            return {key: getattr(c, key)}
    raise SystemExit(f"unknown match clause {c!r}")


def price_set(mp: ModelPrice, where: str) -> dict:
    """One genai-prices ModelPrice as the catalog's price set: the five class rates (absent when
    genai-prices has none) and, when any class is tiered, one tier per distinct start with every
    class's rate above it (a request's tier is chosen by its whole prompt, as calc_price does)."""
    values = {}
    for key, value in mp.__dict__.items():
        if value is None or key.startswith("_"):
            continue
        if key in dict(CLASSES):
            values[key] = value
        elif not IGNORED_KEYS.search(key):
            raise SystemExit(f"{where}: price key {key} cannot be expressed in the catalog")
    if "input_mtok" not in values or "output_mtok" not in values:
        return {}
    starts = sorted({t.start for v in values.values() if isinstance(v, TieredPrices) for t in v.tiers})

    def rate_at(v, start):
        if not isinstance(v, TieredPrices):
            return v
        rate = v.base
        for t in v.tiers:  # sorted by start
            if start is not None and t.start <= start:
                rate = t.price
        return rate

    out = {}
    for key, name in CLASSES:
        if key in values:
            out[name] = num(rate_at(values[key], None))
    if starts:
        out["tiers"] = []
        for s in starts:
            tier = {"start": s}
            for key, name in CLASSES:
                if key in values:
                    tier[name] = num(rate_at(values[key], s))
            out["tiers"].append(tier)
    return out


def constraints(model):
    """Every constraint on the model's prices and variants."""
    cs = []
    if not isinstance(model.prices, ModelPrice):
        cs += [c.constraint for c in model.prices if c.constraint is not None]
    cs += [v.constraint for v in (model.price_variants or []) if v.constraint is not None]
    return cs


def minute(t: dt.time) -> int:
    t = dt.datetime.combine(dt.date(2000, 1, 1), t).astimezone(dt.timezone.utc)
    return t.hour * 60 + t.minute


def hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def schedule(model, day: dt.date, ctx, where: str) -> dict:
    """The price set on `day` for one context, with time-of-day windows where prices change
    during the day (DeepSeek's peak hours): the rates that hold for most of the day, and
    `hours` for the others."""
    cuts = sorted(
        {minute(c.start_time) for c in constraints(model) if isinstance(c, TimeOfDateConstraint)}
        | {minute(c.end_time) for c in constraints(model) if isinstance(c, TimeOfDateConstraint)}
        | {0}
    )
    segments = []  # (from, to, set)
    for i, start in enumerate(cuts):
        end = cuts[i + 1] if i + 1 < len(cuts) else 24 * 60
        when = dt.datetime.combine(day, dt.time(start // 60, start % 60), tzinfo=dt.timezone.utc)
        segments.append((start, end, price_set(model.get_prices(when, ctx), where)))
    minutes = {}
    for a, b, s in segments:
        k = json.dumps(s, sort_keys=True)
        minutes[k] = minutes.get(k, 0) + (b - a)
    base_key = max(minutes, key=lambda k: (minutes[k], k))
    base = json.loads(base_key)
    windows = []
    for a, b, s in segments:
        if json.dumps(s, sort_keys=True) == base_key:
            continue
        if windows and windows[-1]["to"] == hhmm(a) and windows[-1]["set"] == s:
            windows[-1]["to"] = hhmm(b)
        else:
            windows.append({"from": hhmm(a), "to": hhmm(b), "set": s})
    if windows:
        base = dict(base)
        base["hours"] = [{"from": w["from"], "to": w["to"], **w["set"]} for w in windows]
    return base


def periods(model, where: str) -> list[dict]:
    """The model's prices from each date on which any of them changes."""
    dates = sorted({c.start_date for c in constraints(model) if isinstance(c, StartDateConstraint)})
    variants = model.price_variants or []
    offered = [
        name
        for name, ctxs in CONTEXTS.items()
        if any(all(ctx.get(k) == v for k, v in var.when.items()) for var in variants for ctx in ctxs)
    ]
    out = []
    for start in [None] + dates:
        day = start or dt.date(1970, 1, 1)
        p = {"standard": schedule(model, day, None, where)}
        for name in offered:
            ctx = next(
                ctx
                for ctx in CONTEXTS[name]
                if any(all(ctx.get(k) == v for k, v in var.when.items()) for var in variants)
            )
            p[name] = schedule(model, day, ctx, where)
        if out and {k: v for k, v in out[-1].items() if k != "from"} == p:
            continue
        if start is not None:
            p = {"from": start.isoformat(), **p}
        out.append(p)
    return out


def source_of(provider, model) -> str:
    """The first address in the model's price comments, else the provider's pricing page."""
    found = re.findall(r"https?://[^\s)\]'\",]+", model.price_comments or "")
    for url in found:
        url = url.rstrip(".")
        if "github.com/pydantic" not in url:
            return url
    return (provider.pricing_urls or [""])[0]


def generate() -> dict:
    if genai_prices.__version__ != PINNED_VERSION:
        raise SystemExit(f"genai-prices {genai_prices.__version__} installed; the catalog pins {PINNED_VERSION}")
    overlay = json.loads(OVERLAY.read_text())
    catalog_date = overlay["catalog_date"]
    providers_out, models_out = [], []
    model_overlay = dict(overlay["models"])
    for provider in data.providers:
        po = overlay["providers"].get(provider.id)
        if po is None:
            continue
        entry = {
            "id": provider.id,
            "name": po.get("name", provider.name),
            "pricing_url": (provider.pricing_urls or [""])[0],
            "model_match": clause(provider.model_match) if provider.model_match else None,
            "provider_match": clause(provider.provider_match) if provider.provider_match else None,
        }
        if provider.price_comments:
            entry["comments"] = provider.price_comments
        for key in ["batch_multiplier", "cache_ttls", "min_cacheable_tokens", "cache_storage_usd_per_mtok_hour"]:
            if key in po:
                entry[key] = po[key]
        providers_out.append({k: v for k, v in entry.items() if v is not None})
        for model in provider.models:
            if not first_party(provider, model) or NOT_CHAT.search(model.id):
                continue
            where = f"{provider.id}/{model.id}"
            ps = periods(model, where)
            if any(not p["standard"] for p in ps):
                continue  # no per-token text price in some period: not a chat model
            m = {
                "id": model.id,
                "provider": provider.id,
                "name": model.name or model.id,
                "status": "retired" if model.deprecated else "current",
                "context_window": model.context_window,
                "match": clause(model.match),
                "prices": ps,
                "source": source_of(provider, model),
            }
            if model.price_comments:
                m["comments"] = model.price_comments
            extra = model_overlay.pop(model.id, {})
            for key, value in extra.items():
                if key == "context_window" and m["context_window"] is not None:
                    raise SystemExit(f"overlay sets {model.id}.context_window, which genai-prices now has")
                m[key] = value
            if m["context_window"] is None:
                del m["context_window"]
            models_out.append(m)
    if model_overlay:
        raise SystemExit(f"overlay names models the catalog does not have: {', '.join(sorted(model_overlay))}")
    ids = {m["id"] for m in models_out}
    for key in ["default_model"]:
        if overlay[key] not in ids:
            raise SystemExit(f"overlay {key} {overlay[key]} is not in the catalog")
    for group in overlay["families"].values():
        for mid in group.values():
            if mid not in ids:
                raise SystemExit(f"overlay family model {mid} is not in the catalog")
    for mid in overlay["featured"]:
        if mid not in ids:
            raise SystemExit(f"overlay featured model {mid} is not in the catalog")
    return {
        "version": catalog_date,
        "generated_by": "scripts/prices.py (make prices)",
        "genai_prices": PINNED_VERSION,
        "overlay": "model/src/catalog/overlay.json",
        "default_model": overlay["default_model"],
        "families": overlay["families"],
        "featured": overlay["featured"],
        "providers": providers_out,
        "models": models_out,
    }


def dump(catalog: dict) -> str:
    """Stable, diff-friendly JSON: one model per block, price sets on one line each."""
    lines = ["{"]
    top = [k for k in catalog if k not in ("providers", "models")]
    for k in top:
        lines.append(f"  {json.dumps(k)}: {json.dumps(catalog[k], ensure_ascii=False)},")
    lines.append('  "providers": [')
    lines.append(",\n".join("    " + json.dumps(p, ensure_ascii=False) for p in catalog["providers"]))
    lines.append("  ],")
    lines.append('  "models": [')
    blocks = []
    for m in catalog["models"]:
        parts = []
        for k, v in m.items():
            if k == "prices":
                rows = ",\n".join("        " + json.dumps(p, ensure_ascii=False) for p in v)
                parts.append(f'      "prices": [\n{rows}\n      ]')
            else:
                parts.append(f"      {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}")
        blocks.append("    {\n" + ",\n".join(parts) + "\n    }")
    lines.append(",\n".join(blocks))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed catalog differs")
    args = ap.parse_args()
    text = dump(generate())
    if args.check:
        current = OUTPUT.read_text() if OUTPUT.exists() else ""
        if current != text:
            print(
                "model/src/catalog/prices.json is not the generator's output for genai-prices "
                f"{PINNED_VERSION} and model/src/catalog/overlay.json: run `make prices` (and do not edit it by hand)",
                file=sys.stderr,
            )
            return 1
        print(f"prices.json is the generator's output (genai-prices {PINNED_VERSION})")
        return 0
    OUTPUT.write_text(text)
    n = json.loads(text)
    per = {}
    for m in n["models"]:
        per[m["provider"]] = per.get(m["provider"], 0) + 1
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(n['models'])} models ({', '.join(f'{k} {v}' for k, v in per.items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
