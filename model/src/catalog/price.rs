//! Price structures (spec section 9): class rates, tiers by prompt size, time-of-day windows,
//! service-tier variants and dated periods, and how one request is billed with them.

use super::date::{Date, Moment};
use std::borrow::Cow;

/// The JSON names of the five prices, in the order of [`Rates::named`].
pub const RATE_FIELDS: [&str; 5] = ["input", "output", "cache_write_5m", "cache_write_1h", "cache_read"];

/// USD per million tokens for each token class. Classes the source gave no price for are
/// filled in as they are billed (see [`Given`]), so pricing never needs a special case.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rates {
    pub input: f64,
    pub output: f64,
    pub cache_write_5m: f64,
    pub cache_write_1h: f64,
    pub cache_read: f64,
}

impl Rates {
    /// The five prices with their JSON names.
    pub fn named(&self) -> [(&'static str, f64); 5] {
        let v = [self.input, self.output, self.cache_write_5m, self.cache_write_1h, self.cache_read];
        [0, 1, 2, 3, 4].map(|i| (RATE_FIELDS[i], v[i]))
    }

    pub fn scaled(&self, f: f64) -> Rates {
        Rates {
            input: self.input * f,
            output: self.output * f,
            cache_write_5m: self.cache_write_5m * f,
            cache_write_1h: self.cache_write_1h * f,
            cache_read: self.cache_read * f,
        }
    }

    fn blend(&mut self, o: &Rates, w: f64) {
        self.input += o.input * w;
        self.output += o.output * w;
        self.cache_write_5m += o.cache_write_5m * w;
        self.cache_write_1h += o.cache_write_1h * w;
        self.cache_read += o.cache_read * w;
    }

    /// Fills the classes `given` leaves out, as genai-prices bills them: cache writes at the
    /// input price, 1-hour writes at the 5-minute write price (else input), reads at input.
    pub fn derive(input: f64, output: f64, w5: Option<f64>, w1: Option<f64>, read: Option<f64>) -> (Rates, Given) {
        let cache_write_5m = w5.unwrap_or(input);
        let rates = Rates {
            input,
            output,
            cache_write_5m,
            cache_write_1h: w1.unwrap_or(cache_write_5m),
            cache_read: read.unwrap_or(input),
        };
        (rates, Given { cache_write_5m: w5.is_some(), cache_write_1h: w1.is_some(), cache_read: read.is_some() })
    }
}

/// Which cache prices the source published. A class it did not publish is billed as
/// [`Rates::derive`] says; a model with no 1-hour write price cannot use the 1-hour TTL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Given {
    pub cache_write_5m: bool,
    pub cache_write_1h: bool,
    pub cache_read: bool,
}

impl Given {
    pub const ALL: Given = Given { cache_write_5m: true, cache_write_1h: true, cache_read: true };

    /// Whether the price named `field` was published (input and output always are).
    pub fn has(&self, field: &str) -> bool {
        match field {
            "cache_write_5m" => self.cache_write_5m,
            "cache_write_1h" => self.cache_write_1h,
            "cache_read" => self.cache_read,
            _ => true,
        }
    }
}

/// Rates for requests whose prompt is larger than `start` tokens (strictly).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tier {
    pub start: u64,
    pub rates: Rates,
}

/// Prices that hold during part of each day (UTC), such as DeepSeek's peak hours.
#[derive(Debug, Clone, PartialEq)]
pub struct Hours {
    /// Minutes after midnight UTC, `from` inclusive, `to` exclusive (`to` may wrap past midnight).
    pub from: u16,
    pub to: u16,
    pub set: PriceSet,
}

impl Hours {
    pub fn contains(&self, minute: u16) -> bool {
        if self.from <= self.to {
            self.from <= minute && minute < self.to
        } else {
            minute >= self.from || minute < self.to
        }
    }

    pub fn minutes(&self) -> u32 {
        if self.from <= self.to { (self.to - self.from) as u32 } else { 1440 - self.from as u32 + self.to as u32 }
    }
}

/// One set of prices: base rates, tiers by prompt size (ordered by start), and, for prices that
/// change during the day, the windows where other prices hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PriceSet {
    pub rates: Rates,
    pub given: Given,
    pub tiers: Vec<Tier>,
    pub hours: Vec<Hours>,
}

impl PriceSet {
    pub fn flat(rates: Rates, given: Given) -> PriceSet {
        PriceSet { rates, given, tiers: Vec::new(), hours: Vec::new() }
    }

    /// The rates a request with `prompt_tokens` in its prompt is billed at, every class of it
    /// (spec 9.1), and the tier's number (0: base rates).
    #[inline(always)]
    pub fn at(&self, prompt_tokens: f64) -> (&Rates, usize) {
        for (i, t) in self.tiers.iter().enumerate().rev() {
            if prompt_tokens > t.start as f64 {
                return (&t.rates, i + 1);
            }
        }
        (&self.rates, 0)
    }

    /// The prices in effect at a minute of the day.
    pub fn at_minute(&self, minute: u16) -> &PriceSet {
        self.hours.iter().find(|h| h.contains(minute)).map_or(self, |h| &h.set)
    }

    /// The prices of a request at a uniformly random time of day: each window weighted by its
    /// share of the day. Exact for expected costs, since a request's cost is linear in its
    /// rates and its tier depends only on its prompt.
    /// Without hourly windows, the set itself (no copy: the engine asks on every evaluation).
    pub fn daily(&self) -> Cow<'_, PriceSet> {
        if self.hours.is_empty() {
            return Cow::Borrowed(self);
        }
        let mut parts: Vec<(f64, &PriceSet)> =
            self.hours.iter().map(|h| (h.minutes() as f64 / 1440.0, &h.set)).collect();
        let rest = 1.0 - parts.iter().map(|p| p.0).sum::<f64>();
        parts.push((rest, self));
        let mut starts: Vec<u64> = parts.iter().flat_map(|(_, s)| s.tiers.iter().map(|t| t.start)).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut out = PriceSet { given: self.given, ..PriceSet::default() };
        for (w, s) in &parts {
            out.rates.blend(&s.rates, *w);
        }
        for start in starts {
            let mut rates = Rates::default();
            for (w, s) in &parts {
                rates.blend(s.at(start as f64 + 0.5).0, *w);
            }
            out.tiers.push(Tier { start, rates });
        }
        Cow::Owned(out)
    }

    /// Every rate multiplied by `f` (a batch multiplier).
    pub fn scaled(&self, f: f64) -> PriceSet {
        PriceSet {
            rates: self.rates.scaled(f),
            given: self.given,
            tiers: self.tiers.iter().map(|t| Tier { start: t.start, rates: t.rates.scaled(f) }).collect(),
            hours: self.hours.iter().map(|h| Hours { from: h.from, to: h.to, set: h.set.scaled(f) }).collect(),
        }
    }

    /// The highest rate this set can bill a class at (for sorting and display).
    pub fn max_rates(&self) -> Rates {
        let mut r = self.rates;
        for t in self.tiers.iter().map(|t| &t.rates).chain(self.hours.iter().map(|h| &h.set.rates)) {
            r.input = r.input.max(t.input);
            r.output = r.output.max(t.output);
        }
        r
    }
}

/// Price variants a model may offer besides its standard prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The Batch API (Message Batches, OpenAI Batch, Gemini batch mode).
    Batch,
    Flex,
    Priority,
    /// OpenAI's `service_tier: fast`, Anthropic's `speed: fast`.
    Fast,
}

impl Variant {
    pub const ALL: [Variant; 4] = [Variant::Batch, Variant::Flex, Variant::Priority, Variant::Fast];

    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Batch => "batch",
            Variant::Flex => "flex",
            Variant::Priority => "priority",
            Variant::Fast => "fast",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The service tier a stage's interactive (non-batch) requests use (spec 9.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServiceTier {
    #[default]
    Standard,
    Flex,
    Priority,
    Fast,
}

impl ServiceTier {
    pub const ALL: [ServiceTier; 4] =
        [ServiceTier::Standard, ServiceTier::Flex, ServiceTier::Priority, ServiceTier::Fast];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceTier::Standard => "standard",
            ServiceTier::Flex => "flex",
            ServiceTier::Priority => "priority",
            ServiceTier::Fast => "fast",
        }
    }

    /// The price variant this tier is billed at (`None`: the standard prices).
    pub fn variant(self) -> Option<Variant> {
        match self {
            ServiceTier::Standard => None,
            ServiceTier::Flex => Some(Variant::Flex),
            ServiceTier::Priority => Some(Variant::Priority),
            ServiceTier::Fast => Some(Variant::Fast),
        }
    }
}

/// A model's prices from a date on (the first period has no start date).
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub from: Option<Date>,
    pub standard: PriceSet,
    /// Indexed by [`Variant::index`].
    pub variants: [Option<PriceSet>; 4],
}

impl Period {
    pub fn flat(standard: PriceSet) -> Period {
        Period { from: None, standard, variants: [None, None, None, None] }
    }

    pub fn variant(&self, v: Variant) -> Option<&PriceSet> {
        self.variants[v.index()].as_ref()
    }

    /// The set for a service tier, when this period offers it.
    pub fn tier(&self, t: ServiceTier) -> Option<&PriceSet> {
        match t.variant() {
            None => Some(&self.standard),
            Some(v) => self.variant(v),
        }
    }
}

/// The period in effect on `date`: the last one whose start is on or before it.
pub fn period_at(periods: &[Period], date: Date) -> &Period {
    periods.iter().rev().find(|p| p.from.is_none_or(|f| f <= date)).unwrap_or(&periods[0])
}

/// What one request costs at one price set (tokens in the four classes of spec section 1; cache
/// writes split by TTL), as genai-prices' `calc_price` bills it.
pub fn request_cost(set: &PriceSet, at: Option<Moment>, classes: &Classes) -> f64 {
    let set = match at {
        Some(m) => set.at_minute(m.minute),
        None => set,
    };
    let (r, _) = set.at(classes.prompt());
    (classes.input * r.input
        + classes.cache_write_5m * r.cache_write_5m
        + classes.cache_write_1h * r.cache_write_1h
        + classes.cache_read * r.cache_read
        + classes.output * r.output)
        / 1e6
}

/// One request's tokens by class.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Classes {
    /// Fresh input.
    pub input: f64,
    pub cache_write_5m: f64,
    pub cache_write_1h: f64,
    pub cache_read: f64,
    pub output: f64,
}

impl Classes {
    pub fn prompt(&self) -> f64 {
        self.input + self.cache_write_5m + self.cache_write_1h + self.cache_read
    }

    pub fn add(&mut self, o: &Classes) {
        self.input += o.input;
        self.cache_write_5m += o.cache_write_5m;
        self.cache_write_1h += o.cache_write_1h;
        self.cache_read += o.cache_read;
        self.output += o.output;
    }

    pub fn total(&self) -> f64 {
        self.prompt() + self.output
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates(i: f64) -> Rates {
        Rates::derive(i, i * 5.0, Some(i * 1.25), Some(i * 2.0), Some(i / 10.0)).0
    }

    #[test]
    fn a_tier_bills_the_whole_request_strictly_above_its_start() {
        let set = PriceSet {
            rates: rates(1.0),
            given: Given::ALL,
            tiers: vec![Tier { start: 100_000, rates: rates(5.0) }],
            hours: vec![],
        };
        assert_eq!(set.at(100_000.0).1, 0);
        assert_eq!(set.at(100_001.0).1, 1);
        let c = Classes { input: 300_000.0, output: 1_000.0, ..Classes::default() };
        // Claude Haiku 5.5's hand-checked figure: 300,000 in + 1,000 out → $0.1525 at $0.10 / $0.50 base.
        let haiku = PriceSet {
            rates: Rates::derive(0.1, 0.5, Some(0.125), Some(0.2), Some(0.01)).0,
            given: Given::ALL,
            tiers: vec![Tier { start: 100_000, rates: Rates::derive(0.5, 2.5, Some(0.625), Some(1.0), Some(0.05)).0 }],
            hours: vec![],
        };
        assert!((request_cost(&haiku, None, &c) - 0.1525).abs() < 1e-15);
        assert!(request_cost(&set, None, &c) > 0.0);
    }

    #[test]
    fn missing_cache_prices_bill_at_input() {
        let (r, g) = Rates::derive(2.0, 8.0, None, None, Some(0.5));
        assert_eq!((r.cache_write_5m, r.cache_write_1h, r.cache_read), (2.0, 2.0, 0.5));
        assert!(!g.cache_write_1h && g.cache_read);
        let (r, _) = Rates::derive(3.0, 15.0, Some(3.75), None, None);
        assert_eq!((r.cache_write_1h, r.cache_read), (3.75, 3.0));
    }

    #[test]
    fn the_daily_average_weights_each_window_by_its_hours() {
        let off = PriceSet::flat(rates(1.0), Given::ALL);
        let mut set = off.clone();
        set.hours = vec![Hours { from: 60, to: 240, set: PriceSet::flat(rates(2.0), Given::ALL) }];
        let d = set.daily();
        // 3 hours of 24 at twice the price: 1 + 3/24.
        assert!((d.rates.input - (1.0 + 3.0 / 24.0)).abs() < 1e-12);
        assert_eq!(set.at_minute(60).rates.input, 2.0);
        assert_eq!(set.at_minute(240).rates.input, 1.0);
        let wrap = Hours { from: 1380, to: 60, set: off };
        assert!(wrap.contains(1400) && wrap.contains(30) && !wrap.contains(60));
        assert_eq!(wrap.minutes(), 120);
    }
}
