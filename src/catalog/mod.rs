//! The price catalog: every model's prices, limits, status and source, as data.
//!
//! The data lives in `prices.json` next to this file and is compiled into every build (the CLI,
//! the browser app, the widget), so nothing is fetched at run time. No price appears anywhere
//! else in the code. To update prices, edit `prices.json`, bump its `version` and run `make test`:
//! the tests in `tests/catalog.rs` check every entry.

use serde::Serialize;
use serde_json::Value;

/// The catalog file, compiled in.
pub const PRICES_JSON: &str = include_str!("prices.json");

/// USD per million tokens for each token class.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rates {
    pub input: f64,
    pub output: f64,
    pub cache_write_5m: f64,
    pub cache_write_1h: f64,
    pub cache_read: f64,
}

/// A higher price block that applies to a whole request once its prompt exceeds a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LongContext {
    pub threshold_tokens: u64,
    #[serde(flatten)]
    pub rates: Rates,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub provider: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(flatten)]
    pub rates: Rates,
    pub min_cacheable_tokens: u64,
    pub context_window: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub long_context: Option<LongContext>,
    pub status: Status,
    /// Fields whose value sources disagree on: show them as "check current pricing".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disputed: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub as_of: String,
    /// Batch price ÷ normal price; when absent, the provider's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_multiplier: Option<f64>,
}

impl Model {
    /// The display name, or the id when the entry has none.
    pub fn label(&self) -> &str {
        if self.name.is_empty() { &self.id } else { &self.name }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub batch_multiplier: f64,
    pub source: String,
    pub as_of: String,
}

/// The current model of each Anthropic tier, used by the "all on Haiku / Sonnet / Opus" levers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tiers {
    pub haiku: String,
    pub sonnet: String,
    pub opus: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    /// The date the catalog's prices were gathered; share links record it.
    pub version: String,
    pub default_model: String,
    pub tiers: Tiers,
    pub providers: Vec<Provider>,
    pub models: Vec<Model>,
}

impl Catalog {
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
