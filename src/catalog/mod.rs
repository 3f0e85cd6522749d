//! The price catalog: every model's prices, limits, status and source, as data.
//!
//! The data lives in `prices.json` next to this file and is compiled into every build (the CLI,
//! the browser app, the widget), so nothing is fetched at run time. No price appears anywhere
//! else in the code. To update prices, edit `prices.json`, bump its `version` and run `make test`:
//! the tests in `tests/catalog.rs` check every entry.

use serde_json::{Map, Value, json};

/// The catalog file, compiled in.
pub const PRICES_JSON: &str = include_str!("prices.json");

/// The JSON names of the five prices, in the order of [`Rates::named`].
pub const RATE_FIELDS: [&str; 5] = ["input", "output", "cache_write_5m", "cache_write_1h", "cache_read"];

/// USD per million tokens for each token class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    pub input: f64,
    pub output: f64,
    pub cache_write_5m: f64,
    pub cache_write_1h: f64,
    pub cache_read: f64,
}

/// A higher price block that applies to a whole request once its prompt exceeds a threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LongContext {
    pub threshold_tokens: u64,
    pub rates: Rates,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    Current,
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

/// One model's prices and limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub id: String,
    pub provider: String,
    pub name: String,
    pub rates: Rates,
    pub min_cacheable_tokens: u64,
    pub context_window: u64,
    pub long_context: Option<LongContext>,
    pub status: Status,
    /// Fields whose value sources disagree on: show them as "check current pricing".
    pub disputed: Vec<String>,
    pub note: String,
    pub source: String,
    pub as_of: String,
    /// Batch price ÷ normal price; when absent, the provider's.
    pub batch_multiplier: Option<f64>,
}

impl Rates {
    /// The five prices with their JSON names.
    pub fn named(&self) -> [(&'static str, f64); 5] {
        let v = [self.input, self.output, self.cache_write_5m, self.cache_write_1h, self.cache_read];
        [0, 1, 2, 3, 4].map(|i| (RATE_FIELDS[i], v[i]))
    }
}

fn rates_into(m: &mut Map<String, Value>, r: &Rates) {
    for (k, v) in r.named() {
        m.insert(k.into(), json!(v));
    }
}

impl Model {
    /// The entry as catalog / `prices` JSON (empty texts and absent options left out).
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        for (k, v) in [("provider", &self.provider), ("name", &self.name)] {
            if !v.is_empty() {
                m.insert(k.into(), json!(v));
            }
        }
        rates_into(&mut m, &self.rates);
        m.insert("min_cacheable_tokens".into(), json!(self.min_cacheable_tokens));
        m.insert("context_window".into(), json!(self.context_window));
        if let Some(lc) = &self.long_context {
            let mut l = Map::new();
            l.insert("threshold_tokens".into(), json!(lc.threshold_tokens));
            rates_into(&mut l, &lc.rates);
            m.insert("long_context".into(), Value::Object(l));
        }
        m.insert("status".into(), json!(self.status.as_str()));
        if !self.disputed.is_empty() {
            m.insert("disputed".into(), json!(self.disputed));
        }
        for (k, v) in [("note", &self.note), ("source", &self.source), ("as_of", &self.as_of)] {
            if !v.is_empty() {
                m.insert(k.into(), json!(v));
            }
        }
        if let Some(b) = self.batch_multiplier {
            m.insert("batch_multiplier".into(), json!(b));
        }
        Value::Object(m)
    }

    /// The display name, or the id when the entry has none.
    pub fn label(&self) -> &str {
        if self.name.is_empty() { &self.id } else { &self.name }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub batch_multiplier: f64,
    pub source: String,
    pub as_of: String,
}

/// The current model of each Anthropic tier, used by the "all on Haiku / Sonnet / Opus" levers.
#[derive(Debug, Clone, PartialEq)]
pub struct Tiers {
    pub haiku: String,
    pub sonnet: String,
    pub opus: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// The date the catalog's prices were gathered; share links record it.
    pub version: String,
    pub default_model: String,
    pub tiers: Tiers,
    pub providers: Vec<Provider>,
    pub models: Vec<Model>,
}

impl Catalog {
    /// The catalog file's JSON (`loopcost models --format json`).
    pub fn to_value(&self) -> Value {
        json!({
            "version": self.version,
            "default_model": self.default_model,
            "tiers": {"haiku": self.tiers.haiku, "sonnet": self.tiers.sonnet, "opus": self.tiers.opus},
            "providers": self.providers.iter().map(|p| json!({
                "id": p.id, "name": p.name, "batch_multiplier": p.batch_multiplier, "source": p.source, "as_of": p.as_of
            })).collect::<Vec<_>>(),
            "models": self.models.iter().map(Model::to_value).collect::<Vec<_>>(),
        })
    }

    /// Parses a catalog file with the scenario reader's checks (model entries are read exactly
    /// like a scenario's `prices`). The built-in one is checked by the tests, so
    /// [`Catalog::builtin`] cannot fail at run time.
    pub fn from_json(text: &str) -> Result<Catalog, String> {
        let v: Value = crate::json::parse(text).map_err(|e| format!("price catalog: {e}"))?;
        let text = |v: &Value, key: &str| -> Result<String, String> {
            v.get(key)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("price catalog: {key} is missing"))
        };
        let list =
            |key: &str| v.get(key).and_then(Value::as_array).ok_or_else(|| format!("price catalog: {key} is missing"));
        let tiers = v.get("tiers").ok_or("price catalog: tiers is missing")?;
        let providers = list("providers")?
            .iter()
            .map(|p| {
                Ok(Provider {
                    id: text(p, "id")?,
                    name: text(p, "name")?,
                    batch_multiplier: p
                        .get("batch_multiplier")
                        .and_then(Value::as_f64)
                        .ok_or("price catalog: a provider has no batch_multiplier")?,
                    source: text(p, "source")?,
                    as_of: text(p, "as_of")?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let models = list("models")?
            .iter()
            .enumerate()
            .map(|(i, m)| {
                crate::scenario::read_model(&format!("models.{i}"), m).map_err(|issues| {
                    let all: Vec<String> = issues.iter().map(ToString::to_string).collect();
                    format!("price catalog: {}", all.join("; "))
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Catalog {
            version: text(&v, "version")?,
            default_model: text(&v, "default_model")?,
            tiers: Tiers { haiku: text(tiers, "haiku")?, sonnet: text(tiers, "sonnet")?, opus: text(tiers, "opus")? },
            providers,
            models,
        })
    }

    /// The catalog compiled into this build.
    pub fn builtin() -> &'static Catalog {
        use std::sync::OnceLock;
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::from_json(PRICES_JSON).expect("src/catalog/prices.json is valid (tests/catalog.rs)")
        })
    }

    pub fn model(&self, id: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.id == id)
    }

    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// Batch price ÷ normal price for a model: its own, else its provider's, else 1 (no discount
    /// known for a custom model of an unknown provider).
    pub fn batch_multiplier(&self, model: &Model) -> f64 {
        model.batch_multiplier.or_else(|| self.provider(&model.provider).map(|p| p.batch_multiplier)).unwrap_or(1.0)
    }
}
