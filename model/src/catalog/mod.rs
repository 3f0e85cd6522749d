//! The price catalog: every model's prices, limits, status and source, as data.
//!
//! `prices.json` next to this file is generated (`make prices`, `scripts/prices.py`) from the
//! pinned genai-prices release plus the hand-kept `overlay.json`, and compiled into every build
//! (the CLI, the browser app, the widget), so nothing is fetched at run time. No price appears
//! anywhere else in the code. `make test` checks that `prices.json` is exactly the generator's
//! output and prices requests against genai-prices' own `calc_price`.
//!
//! - [`price`]: rates, tiers, time-of-day windows, service-tier variants, dated periods.
//! - [`matching`]: the id match rules (aliases) genai-prices defines.
//! - [`date`]: calendar dates and log timestamps.

pub mod date;
pub mod matching;
pub mod price;

pub use date::{Date, Moment};
pub use matching::Clause;
pub use price::{Classes, Given, Hours, Period, PriceSet, RATE_FIELDS, Rates, ServiceTier, Tier, Variant};

use serde_json::{Map, Value, json};
use std::borrow::Cow;

/// Longer ids are never looked up among the aliases.
pub const MAX_ID_CHARS: usize = 200;

/// The catalog file, compiled in.
pub const PRICES_JSON: &str = include_str!("prices.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    Current,
    /// Deprecated by its provider (genai-prices' `deprecated`): kept so old files and links open.
    Retired,
    Unverified,
    /// A model defined or overridden by a scenario's `prices`.
    Custom,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Retired => "retired",
            Status::Unverified => "unverified",
            Status::Custom => "custom",
        }
    }
}

/// Where a hand-kept value comes from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fact {
    pub source: String,
    pub as_of: String,
    pub note: String,
    /// What another source says, when sources disagree.
    pub disputed: String,
    /// No figure was published for this model: a provider-wide value stands in.
    pub assumed: bool,
}

impl Fact {
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn read_value(v: &Value) -> Fact {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        Fact {
            source: s("source"),
            as_of: s("as_of"),
            note: s("note"),
            disputed: s("disputed"),
            assumed: v.get("assumed").and_then(Value::as_bool).unwrap_or(false),
        }
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn to_value(&self, value: Value) -> Value {
        let mut m = Map::new();
        m.insert("value".into(), value);
        for (k, v) in
            [("source", &self.source), ("as_of", &self.as_of), ("note", &self.note), ("disputed", &self.disputed)]
        {
            if !v.is_empty() {
                m.insert(k.into(), json!(v));
            }
        }
        if self.assumed {
            m.insert("assumed".into(), json!(true));
        }
        Value::Object(m)
    }

    /// True when the value should carry a "check current pricing" mark.
    pub fn uncertain(&self) -> bool {
        self.assumed || !self.disputed.is_empty()
    }
}

/// One model's prices and limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub id: String,
    pub provider: String,
    pub name: String,
    pub status: Status,
    /// Prompt + output tokens one request may hold; `None` when no source gives it.
    pub context_window: Option<u64>,
    pub min_cacheable_tokens: u64,
    /// Where `min_cacheable_tokens` comes from (catalog models).
    pub min_cacheable: Option<Fact>,
    /// The prices, oldest first; never empty.
    pub periods: Vec<Period>,
    /// Batch price ÷ normal price for a model without batch rates of its own; else the
    /// provider's.
    pub batch_multiplier: Option<f64>,
    /// The ids this entry also answers to (dated ids, other spellings).
    pub aliases: Option<Clause>,
    /// Fields whose value sources disagree on: shown as "check current pricing".
    pub disputed: Vec<String>,
    pub note: String,
    /// genai-prices' notes on the prices (sources, caveats).
    pub comments: String,
    pub source: String,
    pub as_of: String,
}

impl Model {
    /// A model with one flat price set (a custom model, or a test's).
    pub fn flat(id: &str, provider: &str, rates: Rates) -> Model {
        Model {
            id: id.into(),
            provider: provider.into(),
            name: String::new(),
            status: Status::Custom,
            context_window: Some(200_000),
            min_cacheable_tokens: 1024,
            min_cacheable: None,
            periods: vec![Period::flat(PriceSet::flat(rates, Given::ALL))],
            batch_multiplier: None,
            aliases: None,
            disputed: Vec::new(),
            note: String::new(),
            comments: String::new(),
            source: String::new(),
            as_of: String::new(),
        }
    }

    /// The display name, or the id when the entry has none.
    pub fn label(&self) -> &str {
        if self.name.is_empty() { &self.id } else { &self.name }
    }

    /// The prices in effect on `date`.
    pub fn period(&self, date: Date) -> &Period {
        price::period_at(&self.periods, date)
    }

    /// The standard base rates on `date` (what a price list shows first).
    pub fn rates(&self, date: Date) -> &Rates {
        &self.period(date).standard.rates
    }

    /// Does the id (lower-cased) name this model?
    pub fn answers_to(&self, reference: &str) -> bool {
        reference == self.id || self.aliases.as_ref().is_some_and(|c| c.is_match(reference))
    }

    /// The dates on which this model's prices change, after `from` and up to `to`.
    pub fn changes(&self, from: Date, to: Date) -> impl Iterator<Item = Date> + '_ {
        self.periods.iter().filter_map(|p| p.from).filter(move |d| *d > from && *d <= to)
    }

    /// The entry as catalog / scenario `prices` JSON (empty texts and absent options left out).
    /// A model with one period and no variants is written flat (the five prices at the top),
    /// as a scenario file's custom models are.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        for (k, v) in [("provider", &self.provider), ("name", &self.name)] {
            if !v.is_empty() {
                m.insert(k.into(), json!(v));
            }
        }
        let flat =
            self.periods.len() == 1 && self.periods[0].from.is_none() && self.periods[0].standard.hours.is_empty();
        if flat {
            let p = &self.periods[0];
            price_set_into(&mut m, &p.standard);
            for v in Variant::ALL {
                if let Some(set) = p.variant(v) {
                    m.insert(v.as_str().into(), price_set_value(set));
                }
            }
        } else {
            m.insert("prices".into(), Value::Array(self.periods.iter().map(period_value).collect()));
        }
        match &self.min_cacheable {
            Some(f) => m.insert("min_cacheable_tokens".into(), f.to_value(json!(self.min_cacheable_tokens))),
            None => m.insert("min_cacheable_tokens".into(), json!(self.min_cacheable_tokens)),
        };
        if let Some(w) = self.context_window {
            m.insert("context_window".into(), json!(w));
        }
        m.insert("status".into(), json!(self.status.as_str()));
        if let Some(a) = &self.aliases {
            m.insert("match".into(), a.to_value());
        }
        if !self.disputed.is_empty() {
            m.insert("disputed".into(), json!(self.disputed));
        }
        for (k, v) in
            [("note", &self.note), ("comments", &self.comments), ("source", &self.source), ("as_of", &self.as_of)]
        {
            if !v.is_empty() {
                m.insert(k.into(), json!(v));
            }
        }
        if let Some(b) = self.batch_multiplier {
            m.insert("batch_multiplier".into(), json!(b));
        }
        Value::Object(m)
    }

    /// Do two entries price every request the same on `date` (standard, every variant, the
    /// batch multiplier as `catalog` resolves it), with the same limits?
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn same_prices(&self, other: &Model, date: Date, catalog: &Catalog) -> bool {
        let (a, b) = (self.period(date), other.period(date));
        fn batch<'p>(m: &Model, p: &'p Period, catalog: &Catalog) -> Option<Cow<'p, PriceSet>> {
            p.variant(Variant::Batch)
                .map(PriceSet::daily)
                .or_else(|| catalog.batch_multiplier(m).map(|f| Cow::Owned(p.standard.daily().scaled(f))))
        }
        // The same rates bill the same; which cache prices were published does not change a cost.
        let same = |x: Option<Cow<PriceSet>>, y: Option<Cow<PriceSet>>| match (x, y) {
            (Some(x), Some(y)) => x.rates == y.rates && x.tiers == y.tiers,
            (x, y) => x.is_none() && y.is_none(),
        };
        same(Some(a.standard.daily()), Some(b.standard.daily()))
            && same(batch(self, a, catalog), batch(other, b, catalog))
            && [Variant::Flex, Variant::Priority, Variant::Fast]
                .iter()
                .all(|v| same(a.variant(*v).map(PriceSet::daily), b.variant(*v).map(PriceSet::daily)))
            && self.min_cacheable_tokens == other.min_cacheable_tokens
            && (self.context_window == other.context_window
                || self.context_window.is_none()
                || other.context_window.is_none())
    }
}

#[cfg_attr(loopcost_size, optimize(size))]
fn rates_into(m: &mut Map<String, Value>, r: &Rates, given: Given) {
    for (k, v) in r.named() {
        if given.has(k) {
            m.insert(k.into(), json!(v));
        }
    }
}

#[cfg_attr(loopcost_size, optimize(size))]
fn price_set_into(m: &mut Map<String, Value>, s: &PriceSet) {
    rates_into(m, &s.rates, s.given);
    if !s.tiers.is_empty() {
        let tiers = s
            .tiers
            .iter()
            .map(|t| {
                let mut o = Map::new();
                o.insert("start".into(), json!(t.start));
                rates_into(&mut o, &t.rates, s.given);
                Value::Object(o)
            })
            .collect();
        m.insert("tiers".into(), Value::Array(tiers));
    }
    if !s.hours.is_empty() {
        let hm = |x: u16| format!("{:02}:{:02}", x / 60, x % 60);
        let hours = s
            .hours
            .iter()
            .map(|h| {
                let mut o = Map::new();
                o.insert("from".into(), json!(hm(h.from)));
                o.insert("to".into(), json!(hm(h.to)));
                price_set_into(&mut o, &h.set);
                Value::Object(o)
            })
            .collect();
        m.insert("hours".into(), Value::Array(hours));
    }
}

/// A price set as JSON: `{input, output, cache_write_5m?, cache_write_1h?, cache_read?, tiers?, hours?}`.
#[cfg_attr(loopcost_size, optimize(size))]
pub fn price_set_value(s: &PriceSet) -> Value {
    let mut m = Map::new();
    price_set_into(&mut m, s);
    Value::Object(m)
}

#[cfg_attr(loopcost_size, optimize(size))]
fn period_value(p: &Period) -> Value {
    let mut m = Map::new();
    if let Some(d) = p.from {
        m.insert("from".into(), json!(d.to_string()));
    }
    m.insert("standard".into(), price_set_value(&p.standard));
    for v in Variant::ALL {
        if let Some(set) = p.variant(v) {
            m.insert(v.as_str().into(), price_set_value(set));
        }
    }
    Value::Object(m)
}

/// A provider: its id rules, and the hand-kept facts genai-prices lacks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub pricing_url: String,
    pub comments: String,
    /// Ids of this provider's models (used when an id names no provider).
    pub model_match: Option<Clause>,
    /// Names of this provider (for `provider/model` ids).
    pub provider_match: Option<Clause>,
    /// Batch price ÷ normal price for models without batch rates of their own.
    pub batch_multiplier: Option<(f64, Fact)>,
    /// Whether the provider offers a 1-hour cache TTL.
    pub ttl_1h: bool,
    pub cache_ttls: Fact,
    /// The minimum cacheable prompt for models without a figure of their own.
    pub min_cacheable_tokens: Option<(u64, Fact)>,
    /// Explicit context caches' storage price, USD per million tokens per hour (shown, not billed).
    pub cache_storage: Option<(f64, Fact)>,
}

impl Provider {
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("name".into(), json!(self.name));
        if !self.pricing_url.is_empty() {
            m.insert("pricing_url".into(), json!(self.pricing_url));
        }
        if let Some(c) = &self.model_match {
            m.insert("model_match".into(), c.to_value());
        }
        if let Some(c) = &self.provider_match {
            m.insert("provider_match".into(), c.to_value());
        }
        if !self.comments.is_empty() {
            m.insert("comments".into(), json!(self.comments));
        }
        if let Some((b, f)) = &self.batch_multiplier {
            m.insert("batch_multiplier".into(), f.to_value(json!(b)));
        }
        let ttls = if self.ttl_1h { json!(["5m", "1h"]) } else { json!(["5m"]) };
        m.insert("cache_ttls".into(), self.cache_ttls.to_value(ttls));
        if let Some((n, f)) = &self.min_cacheable_tokens {
            m.insert("min_cacheable_tokens".into(), f.to_value(json!(n)));
        }
        if let Some((x, f)) = &self.cache_storage {
            m.insert("cache_storage_usd_per_mtok_hour".into(), f.to_value(json!(x)));
        }
        Value::Object(m)
    }
}

/// The catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// The date the catalog was generated; share links record it, and scenarios are priced at
    /// it unless they say otherwise.
    pub version: String,
    pub date: Date,
    /// The genai-prices release the prices come from.
    pub genai_prices: String,
    pub default_model: String,
    /// Per provider, its models by size (`small`, `medium`, `large`): the levers' swaps.
    pub families: Vec<(String, Vec<(String, String)>)>,
    /// The models comparisons offer first.
    pub featured: Vec<String>,
    pub providers: Vec<Provider>,
    pub models: Vec<Model>,
    /// (id, index into models), sorted by [`by_length_then_bytes`]: most steps of a lookup
    /// compare two lengths, not two strings (a byte loop in wasm).
    index: Vec<(String, usize)>,
}

#[cfg_attr(loopcost_size, optimize(size))]
fn text(v: &Value, key: &str) -> Result<String, String> {
    v.get(key).and_then(Value::as_str).map(str::to_string).ok_or_else(|| format!("price catalog: {key} is missing"))
}

impl Catalog {
    /// The catalog file's JSON (`loopcost models --format json`).
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn to_value(&self) -> Value {
        let families: Map<String, Value> = self
            .families
            .iter()
            .map(|(p, sizes)| (p.clone(), Value::Object(sizes.iter().map(|(k, v)| (k.clone(), json!(v))).collect())))
            .collect();
        json!({
            "version": self.version,
            "genai_prices": self.genai_prices,
            "default_model": self.default_model,
            "families": families,
            "featured": self.featured,
            "providers": self.providers.iter().map(Provider::to_value).collect::<Vec<_>>(),
            "models": self.models.iter().map(Model::to_value).collect::<Vec<_>>(),
        })
    }

    /// Parses a catalog file. Model entries are read exactly like a scenario's `prices`
    /// entries. The built-in catalog is checked by the tests, so [`Catalog::builtin`] cannot
    /// fail at run time.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn from_json(text_in: &str) -> Result<Catalog, String> {
        let v: Value = crate::json::parse(text_in).map_err(|e| format!("price catalog: {e}"))?;
        let version = text(&v, "version")?;
        let date = Date::parse(&version).ok_or("price catalog: version is not a date")?;
        let list =
            |key: &str| v.get(key).and_then(Value::as_array).ok_or_else(|| format!("price catalog: {key} is missing"));
        let providers = list("providers")?.iter().map(read_provider).collect::<Result<Vec<_>, String>>()?;
        let mut models = Vec::new();
        for (i, m) in list("models")?.iter().enumerate() {
            let mut model = crate::scenario::read_model(&format!("models.{i}"), m).map_err(|issues| {
                let all: Vec<String> = issues.iter().map(ToString::to_string).collect();
                format!("price catalog: {}", all.join("; "))
            })?;
            if model.status == Status::Custom {
                model.status = Status::Current;
            }
            let provider = providers
                .iter()
                .find(|p| p.id == model.provider)
                .ok_or_else(|| format!("price catalog: {} has unknown provider {}", model.id, model.provider))?;
            if m.get("min_cacheable_tokens").is_none()
                && let Some((n, fact)) = &provider.min_cacheable_tokens
            {
                model.min_cacheable_tokens = *n;
                model.min_cacheable = Some(fact.clone());
            }
            if m.get("context_window").is_none() {
                model.context_window = None;
            }
            if model.min_cacheable.as_ref().is_some_and(Fact::uncertain) {
                model.disputed.push("min_cacheable_tokens".into());
            }
            if model.as_of.is_empty() {
                model.as_of = version.clone();
            }
            models.push(model);
        }
        let families = v
            .get("families")
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .map(|(p, sizes)| {
                        let sizes = sizes
                            .as_object()
                            .map(|s| s.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
                            .unwrap_or_default();
                        (p.clone(), sizes)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let featured = v
            .get("featured")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        let mut index: Vec<(String, usize)> = models.iter().enumerate().map(|(i, m)| (m.id.clone(), i)).collect();
        index.sort_by(|a, b| by_length_then_bytes(&a.0, &b.0));
        Ok(Catalog {
            version,
            date,
            genai_prices: v.get("genai_prices").and_then(Value::as_str).unwrap_or("").to_string(),
            default_model: text(&v, "default_model")?,
            families,
            featured,
            providers,
            models,
            index,
        })
    }

    /// The catalog compiled into this build.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn builtin() -> &'static Catalog {
        use std::sync::OnceLock;
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::from_json(PRICES_JSON).expect("src/catalog/prices.json is valid (tests/catalog.rs)")
        })
    }

    /// A model by its catalog id (exactly).
    pub fn model(&self, id: &str) -> Option<&Model> {
        self.index.binary_search_by(|(k, _)| by_length_then_bytes(k, id)).ok().map(|i| &self.models[self.index[i].1])
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The catalog model an id names: its own id, or any id its match rules accept (dated ids,
    /// other spellings), optionally after a provider prefix (`google/gemini-3.8-flash`), as
    /// genai-prices resolves it: the first provider whose id rules accept the id, then the
    /// first of its models whose rules do.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn resolve(&self, reference: &str) -> Option<&Model> {
        // No model id is this long; a pasted essay is not looked up.
        if reference.len() > MAX_ID_CHARS {
            return None;
        }
        let r = reference.trim().to_ascii_lowercase();
        if let Some(m) = self.model(&r) {
            return Some(m);
        }
        let find_in = |p: &Provider, r: &str| -> Option<&Model> {
            let found = |r: &str| self.models.iter().find(|m| m.provider == p.id && m.answers_to(r));
            found(r).or_else(|| matching::normalize_compact_date(r).and_then(|n| found(&n)))
        };
        let any = |r: &str| {
            self.providers
                .iter()
                .filter(|p| p.model_match.as_ref().is_some_and(|c| c.is_match(r)))
                .find_map(|p| find_in(p, r))
        };
        if let Some(m) = any(&r) {
            return Some(m);
        }
        let (prefix, rest) = r.split_once('/')?;
        let named =
            self.providers.iter().find(|p| p.id == prefix).or_else(|| {
                self.providers.iter().find(|p| p.provider_match.as_ref().is_some_and(|c| c.is_match(prefix)))
            });
        // A gateway's prefix may stand before the provider's: `openrouter/anthropic/claude-…`.
        match named {
            Some(p) => find_in(p, rest).or_else(|| self.resolve(rest)),
            None => self.resolve(rest),
        }
    }

    /// Batch price ÷ normal price for a model without batch rates of its own: its own
    /// multiplier, else its provider's; `None` when neither is known.
    pub fn batch_multiplier(&self, model: &Model) -> Option<f64> {
        model
            .batch_multiplier
            .or_else(|| self.provider(&model.provider).and_then(|p| p.batch_multiplier.as_ref().map(|b| b.0)))
    }

    /// Whether the model's provider offers a 1-hour cache (custom models of unknown providers:
    /// when their prices include a 1-hour write price).
    pub fn offers_ttl_1h(&self, model: &Model) -> bool {
        self.provider(&model.provider).is_none_or(|p| p.ttl_1h)
    }

    /// A provider's cache prices as multiples of the input price (5-minute write, 1-hour write,
    /// read): for each, the multiple most of its current models are charged on the catalog's
    /// date (a tie goes to the smaller multiple); what a model of one's own from that provider
    /// would be charged. `None` for a class none of them has a published price for; `None`
    /// altogether for a provider with no current model.
    pub fn cache_multipliers(&self, provider: &str) -> Option<[Option<f64>; 3]> {
        let sets: Vec<(&Model, &PriceSet)> = self
            .models
            .iter()
            .filter(|m| m.provider == provider && m.status == Status::Current)
            .map(|m| (m, &m.period(self.date).standard))
            .filter(|(_, s)| s.rates.input > 0.0)
            .collect();
        if sets.is_empty() {
            return None;
        }
        let usual = |f: &dyn Fn(&Model, &PriceSet) -> Option<f64>| {
            // Multiples to six decimals, counted.
            let mut counts: Vec<(i64, usize)> = Vec::new();
            for (m, s) in &sets {
                if let Some(x) = f(m, s) {
                    let key = (x / s.rates.input * 1e6).round() as i64;
                    match counts.iter_mut().find(|c| c.0 == key) {
                        Some(c) => c.1 += 1,
                        None => counts.push((key, 1)),
                    }
                }
            }
            counts.sort_by_key(|c| (std::cmp::Reverse(c.1), c.0));
            counts.first().map(|c| c.0 as f64 / 1e6)
        };
        Some([
            usual(&|_, s| s.given.cache_write_5m.then_some(s.rates.cache_write_5m)),
            usual(&|m, s| (s.given.cache_write_1h && self.offers_ttl_1h(m)).then_some(s.rates.cache_write_1h)),
            usual(&|_, s| s.given.cache_read.then_some(s.rates.cache_read)),
        ])
    }

    /// The models of one size of a provider's family, e.g. `("anthropic", "small")`.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn family(&self, provider: &str, size: &str) -> Option<&Model> {
        let (_, sizes) = self.families.iter().find(|(p, _)| p == provider)?;
        let (_, id) = sizes.iter().find(|(s, _)| s == size)?;
        self.model(id)
    }
}

#[cfg_attr(loopcost_size, optimize(size))]
fn read_provider(p: &Value) -> Result<Provider, String> {
    let clause = |k: &str| -> Result<Option<Clause>, String> {
        p.get(k).filter(|v| !v.is_null()).map(Clause::from_value).transpose().map_err(|e| format!("price catalog: {e}"))
    };
    let fact_num = |k: &str| -> Option<(f64, Fact)> {
        let v = p.get(k)?;
        Some((v.get("value")?.as_f64()?, Fact::read_value(v)))
    };
    let ttls = p.get("cache_ttls");
    let ttl_1h = ttls
        .and_then(|t| t.get("value"))
        .and_then(Value::as_array)
        .is_some_and(|l| l.iter().any(|x| x.as_str() == Some("1h")));
    Ok(Provider {
        id: text(p, "id")?,
        name: text(p, "name")?,
        pricing_url: p.get("pricing_url").and_then(Value::as_str).unwrap_or("").to_string(),
        comments: p.get("comments").and_then(Value::as_str).unwrap_or("").to_string(),
        model_match: clause("model_match")?,
        provider_match: clause("provider_match")?,
        batch_multiplier: fact_num("batch_multiplier"),
        ttl_1h,
        cache_ttls: ttls.map(Fact::read_value).unwrap_or_default(),
        min_cacheable_tokens: fact_num("min_cacheable_tokens").map(|(n, f)| (n as u64, f)),
        cache_storage: fact_num("cache_storage_usd_per_mtok_hour"),
    })
}

/// The models whose id, name, provider or alias names contain every word of `query` (case
/// does not matter), best first: exact ids, then ids that start with the query, then the rest in
/// catalog order. Current models come before retired ones.
#[cfg_attr(loopcost_size, optimize(size))]
pub fn search<'a>(catalog: &'a Catalog, query: &str) -> Vec<&'a Model> {
    let q = query.trim().to_ascii_lowercase();
    let words: Vec<&str> = q.split_whitespace().collect();
    let provider_name = |m: &Model| catalog.provider(&m.provider).map_or("", |p| p.name.as_str()).to_ascii_lowercase();
    let mut found: Vec<(u8, usize, &Model)> = catalog
        .models
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let mut names = Vec::new();
            if let Some(a) = &m.aliases {
                a.names(&mut names);
            }
            let hay = format!(
                "{} {} {} {} {}",
                m.id,
                m.name.to_ascii_lowercase(),
                m.provider,
                provider_name(m),
                names.join(" ")
            );
            if !words.iter().all(|w| hay.contains(w)) {
                return None;
            }
            let name = m.name.to_ascii_lowercase();
            let rank = if m.id == q || m.answers_to(&q) || name == q {
                0
            } else if m.id.starts_with(&q) || name.starts_with(&q) || name.ends_with(&q) {
                1
            } else if name.contains(&q) || words.iter().all(|w| name.contains(w) || m.id.contains(w)) {
                2
            } else {
                3
            };
            let retired = u8::from(m.status == Status::Retired) * 4;
            Some((rank + retired, i, m))
        })
        .collect();
    found.sort_by_key(|(rank, i, _)| (*rank, *i));
    found.into_iter().map(|(_, _, m)| m).collect()
}

/// The order of the catalog's id index: shorter ids first, ids of one length by their bytes.
fn by_length_then_bytes(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.as_bytes().cmp(b.as_bytes()))
}
