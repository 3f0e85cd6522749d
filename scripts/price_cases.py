#!/usr/bin/env python3
"""Differential test cases: genai-prices' own `calc_price` on random requests for every model of
model/src/catalog/prices.json, written as JSON for tests/differential.rs to price with the engine.

For each model, each period of its prices (a date inside it, and the day before each change),
each service tier it offers (standard, batch, flex, priority, fast) and each time-of-day window,
random usages in all four token classes (cache writes split 5-minute / 1-hour), with prompts
below, at and above every tier start. The expected price is calc_price's, except where the spec
says otherwise: a batched request of a model with no batch prices of its own is the standard price
times the provider's batch multiplier (spec 9.3; genai-prices has no such rule).

Also the model every id (aliases, dated ids, provider prefixes) resolves to, per genai-prices'
own lookup, for the ids it resolves to a catalog model.

    scripts/price_cases.py [--seed N] [--per-point N] > cases.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from decimal import Decimal
from pathlib import Path

from genai_prices import Usage, data
from genai_prices.data_snapshot import get_snapshot

ROOT = Path(__file__).resolve().parent.parent
CONTEXTS = {
    "standard": None,
    "batch": {"processing": "batch"},
    "flex": {"service_tier": "flex"},
    "priority": {"service_tier": "priority"},
}


def fast_context(provider: str):
    return {"speed": "fast"} if provider == "anthropic" else {"service_tier": "fast"}


def minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def usages(rng: random.Random, starts: list[int], n: int):
    """Prompts spread from tiny to past the largest tier, plus the tier edges exactly."""
    sizes = [rng.choice([0, 1, 7, 999, 4_096])]
    for s in starts:
        sizes += [s, s + 1, max(0, s - rng.randint(1, 5_000)), s + rng.randint(2, 50_000)]
    while len(sizes) < n + len(starts) * 4:
        sizes.append(int(10 ** rng.uniform(0, 6.2)))
    for prompt in sizes:
        # Split the prompt into the four classes: fresh, 5m writes, 1h writes, reads.
        cuts = sorted(rng.randint(0, prompt) for _ in range(3))
        fresh, w5, w1, read = cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], prompt - cuts[2]
        if rng.random() < 0.3:
            w1 = 0
            fresh = prompt - w5 - read
        if rng.random() < 0.2:
            w5 = 0
            fresh = prompt - w1 - read
        output = rng.choice([0, 1, rng.randint(1, 2_000), rng.randint(1, 64_000)])
        yield {"input": fresh, "cache_write_5m": w5, "cache_write_1h": w1, "cache_read": read, "output": output}


def model_info(model_id, provider_id):
    """genai-prices' own entry (looked up by id: some ids, like `codestral`, are not matched by
    their own rules, so calc_price(model_ref=id) cannot find them)."""
    provider = next(p for p in data.providers if p.id == provider_id)
    return provider, next(m for m in provider.models if m.id == model_id)


def expected(model_id, provider_id, u, when, ctx):
    usage = Usage(
        input_tokens=u["input"] + u["cache_write_5m"] + u["cache_write_1h"] + u["cache_read"],
        cache_write_tokens=u["cache_write_5m"] + u["cache_write_1h"],
        cache_read_tokens=u["cache_read"],
        output_tokens=u["output"],
        **({"cache_write_1h_tokens": u["cache_write_1h"]} if u["cache_write_1h"] else {}),
    )
    provider, model = model_info(model_id, provider_id)
    # What calc_price does once it has found the model.
    return model.calc_price(usage, provider, genai_request_timestamp=when, price_context=ctx).total_price


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--per-point", type=int, default=4, help="random usages per (date, tier, hour) point")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    catalog = json.loads((ROOT / "model/src/catalog/prices.json").read_text())
    multipliers = {p["id"]: p.get("batch_multiplier", {}).get("value") for p in catalog["providers"]}
    cases = []
    for m in catalog["models"]:
        periods = m["prices"]
        changes = [dt.date.fromisoformat(p["from"]) for p in periods if "from" in p]
        days = {dt.date(2025, 6, 1), dt.date.fromisoformat(catalog["version"])}
        for d in changes:
            days |= {d, d - dt.timedelta(days=1), d + dt.timedelta(days=rng.randint(1, 40))}
        offered = sorted({k for p in periods for k in p if k not in ("from", "standard")})
        for day in sorted(days):
            period = [p for p in periods if "from" not in p or dt.date.fromisoformat(p["from"]) <= day][-1]
            hours = period["standard"].get("hours", [])
            times = [rng.randint(0, 1439)]
            for h in hours:
                a, b = minutes(h["from"]), minutes(h["to"])
                times += [a, (b - 1) % 1440, b % 1440]
            starts = sorted({t["start"] for s in period.values() if isinstance(s, dict) for t in s.get("tiers", [])})
            for tier in ["standard", "batch"] + [t for t in offered if t not in ("batch",)]:
                batched_by_multiplier = tier == "batch" and "batch" not in offered
                if batched_by_multiplier and multipliers.get(m["provider"]) is None:
                    continue
                ctx = fast_context(m["provider"]) if tier == "fast" else CONTEXTS[tier]
                for minute in times:
                    when = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=dt.timezone.utc)
                    for u in usages(rng, starts, args.per_point):
                        if batched_by_multiplier:
                            price = expected(m["id"], m["provider"], u, when, None) * Decimal(str(multipliers[m["provider"]]))
                        else:
                            price = expected(m["id"], m["provider"], u, when, ctx)
                        cases.append(
                            {
                                "model": m["id"],
                                "date": day.isoformat(),
                                "minute": minute,
                                "tier": tier,
                                **u,
                                "expected_usd": str(price),
                            }
                        )
    # Aliases: what genai-prices resolves ids to, where that is a catalog model.
    ids = {m["id"]: m["provider"] for m in catalog["models"]}
    snapshot = get_snapshot()
    refs = set()
    for m in catalog["models"]:
        refs |= {m["id"], f"{m['provider']}/{m['id']}", m["id"] + "-20250929", m["id"].upper()}
        stack = [m["match"]]
        while stack:
            c = stack.pop()
            for k, v in c.items():
                if k in ("or", "and"):
                    stack += v
                elif k in ("equals", "starts_with"):
                    refs |= {v, v + "-2026-01-15", v + "-20260115", v + "@20260115", v + "-latest"}
    aliases = []
    for ref in sorted(refs):
        try:
            provider, model = snapshot.find_provider_model(ref, None, None, None)
        except LookupError:
            continue
        if model.id in ids and ids[model.id] == provider.id:
            aliases.append({"ref": ref, "model": model.id})
    json.dump({"seed": args.seed, "cases": cases, "aliases": aliases}, sys.stdout)
    print(f"{len(cases)} price cases over {len(catalog['models'])} models, {len(aliases)} ids", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
