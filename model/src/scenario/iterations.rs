//! How many turns a stage's runs take when it varies (docs/cost-model.md, "Cost ranges"): a
//! distribution over whole numbers n ≥ 1. A stage whose `iterations` is a plain number has none.

use super::limits::MAX_ITERATIONS;
use serde_json::{Map, Value, json};

/// A distribution of iteration counts, in one of the four forms a scenario file can write.
#[derive(Debug, Clone, PartialEq)]
pub enum Iterations {
    /// `{"min": a, "max": b}`: uniform on a..b.
    Range { min: u32, max: u32 },
    /// `{"min": a, "mode": m, "max": b}`: a triangle on a..b peaking at m.
    Triangle { min: u32, mode: u32, max: u32 },
    /// `{"stop_probability": p, "max": b}`: each turn stops the run with probability p, at most b.
    Stop { p: f64, max: u32 },
    /// `{"counts": {"n": c, …}}`: an observed histogram (n ascending, counts > 0).
    Counts(Vec<(u32, f64)>),
}

/// The fields a distribution object may have.
pub const FIELDS: &[&str] = &["min", "mode", "max", "stop_probability", "counts"];

impl Iterations {
    /// P(n) for every n with P(n) > 0, n ascending; the probabilities add up to 1. Empty for a
    /// distribution that is not valid (see `scenario::validate`), among them one whose counts go
    /// past [`MAX_ITERATIONS`]: never a list of a billion counts for a mistyped maximum.
    pub fn probabilities(&self) -> Vec<(u32, f64)> {
        if self.max() > MAX_ITERATIONS {
            return Vec::new();
        }
        let weights: Vec<(u32, f64)> = match *self {
            Iterations::Range { min, max } if min >= 1 && min <= max => (min..=max).map(|n| (n, 1.0)).collect(),
            Iterations::Triangle { min, mode, max } if min >= 1 && min <= mode && mode <= max => (min..=max)
                .map(|n| {
                    let w = if n <= mode {
                        (n - min + 1) as f64 / (mode - min + 1) as f64
                    } else {
                        (max - n + 1) as f64 / (max - mode + 1) as f64
                    };
                    (n, w)
                })
                .collect(),
            Iterations::Stop { p, max } if max >= 1 && p > 0.0 && p <= 1.0 => {
                // (1-p)^(n-1) p for n < max; the rest of the mass stops at max.
                let mut out = Vec::with_capacity(max as usize);
                let mut survive = 1.0;
                for n in 1..max {
                    out.push((n, survive * p));
                    survive *= 1.0 - p;
                }
                out.push((max, survive));
                out
            }
            Iterations::Counts(ref c) => c.clone(),
            _ => Vec::new(),
        };
        let total: f64 = weights.iter().map(|(_, w)| w).sum();
        if !(total > 0.0 && total.is_finite()) {
            return Vec::new();
        }
        weights.into_iter().filter(|(_, w)| *w > 0.0).map(|(n, w)| (n, w / total)).collect()
    }

    /// A distribution from a scenario file's object, leniently (no messages: the parser gives
    /// those); `None` when it is not one the parser would accept.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn from_json(v: &Value) -> Option<Iterations> {
        let m = v.as_object()?;
        let count =
            |k: &str| m.get(k).and_then(Value::as_u64).filter(|n| *n >= 1 && *n <= u32::MAX as u64).map(|n| n as u32);
        let d = if let Some(c) = m.get("counts").and_then(Value::as_object) {
            let mut out: Vec<(u32, f64)> = c
                .iter()
                .filter_map(|(k, v)| {
                    Some((
                        k.trim().parse::<u32>().ok().filter(|n| *n >= 1)?,
                        v.as_f64().filter(|x| *x > 0.0 && x.is_finite())?,
                    ))
                })
                .collect();
            out.sort_by_key(|(n, _)| *n);
            out.dedup_by_key(|(n, _)| *n);
            Iterations::Counts(out)
        } else if let Some(p) = m.get("stop_probability").and_then(Value::as_f64) {
            Iterations::Stop { p, max: count("max")? }
        } else if m.contains_key("mode") {
            Iterations::Triangle { min: count("min")?, mode: count("mode")?, max: count("max")? }
        } else {
            Iterations::Range { min: count("min")?, max: count("max")? }
        };
        (!d.probabilities().is_empty()).then_some(d)
    }

    /// The largest count the distribution allows.
    pub fn max(&self) -> u32 {
        match self {
            Iterations::Range { max, .. } | Iterations::Triangle { max, .. } | Iterations::Stop { max, .. } => *max,
            Iterations::Counts(c) => c.iter().map(|(n, _)| *n).max().unwrap_or(1),
        }
    }

    /// The smallest count the distribution allows.
    pub fn min(&self) -> u32 {
        match self {
            Iterations::Range { min, .. } | Iterations::Triangle { min, .. } => *min,
            Iterations::Stop { .. } => 1,
            Iterations::Counts(c) => c.iter().map(|(n, _)| *n).min().unwrap_or(1),
        }
    }

    /// The smallest n with P(N ≤ n) ≥ 1/2: the run the per-turn tables show.
    pub fn median(&self) -> u32 {
        quantile(&self.probabilities(), 0.5).unwrap_or_else(|| self.min().max(1))
    }

    /// E\[N\].
    pub fn mean(&self) -> f64 {
        self.probabilities().iter().map(|(n, p)| *n as f64 * p).sum()
    }

    /// The object a scenario file writes.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn to_value(&self) -> Value {
        match self {
            Iterations::Range { min, max } => json!({ "min": min, "max": max }),
            Iterations::Triangle { min, mode, max } => json!({ "min": min, "mode": mode, "max": max }),
            Iterations::Stop { p, max } => json!({ "stop_probability": crate::json::json_number(*p), "max": max }),
            Iterations::Counts(c) => {
                let mut m = Map::new();
                for (n, count) in c {
                    m.insert(n.to_string(), crate::json::json_number(*count));
                }
                json!({ "counts": Value::Object(m) })
            }
        }
    }

    /// In words, for a page or a table: "5–40 turns", "5–40, usually 12", …
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn describe(&self) -> String {
        match self {
            Iterations::Range { min, max } => format!("{min}–{max} turns, any equally likely"),
            Iterations::Triangle { min, mode, max } => format!("{min}–{max} turns, usually {mode}"),
            Iterations::Stop { p, max } => {
                format!("stops after each turn with probability {}, at most {max} turns", crate::format::pct(*p))
            }
            Iterations::Counts(c) => {
                let runs: f64 = c.iter().map(|(_, k)| k).sum();
                format!(
                    "{} to {} turns, as observed over {} runs",
                    self.min(),
                    self.max(),
                    crate::format::compact(runs)
                )
            }
        }
    }
}

/// The smallest value v with P(X ≤ v) ≥ q, over `(value, probability)` pairs sorted by value.
pub fn quantile<T: Copy>(sorted: &[(T, f64)], q: f64) -> Option<T> {
    let mut acc = 0.0;
    for (v, p) in sorted {
        acc += p;
        // A hair of tolerance: probabilities that add up to q in exact arithmetic count as q.
        if acc >= q - 1e-12 {
            return Some(*v);
        }
    }
    sorted.last().map(|(v, _)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_forms() {
        assert_eq!(
            Iterations::Range { min: 2, max: 4 }.probabilities(),
            vec![(2, 1.0 / 3.0), (3, 1.0 / 3.0), (4, 1.0 / 3.0)]
        );
        // Triangle 1..3 peaking at 2: weights 1/2, 1, 1/2.
        let t = Iterations::Triangle { min: 1, mode: 2, max: 3 }.probabilities();
        assert_eq!(t, vec![(1, 0.25), (2, 0.5), (3, 0.25)]);
        // Stop 1/2, at most 3: 1/2, 1/4, and 1/4 at the cap.
        assert_eq!(Iterations::Stop { p: 0.5, max: 3 }.probabilities(), vec![(1, 0.5), (2, 0.25), (3, 0.25)]);
        assert_eq!(Iterations::Counts(vec![(3, 1.0), (7, 3.0)]).probabilities(), vec![(3, 0.25), (7, 0.75)]);
        assert_eq!(Iterations::Counts(vec![(3, 1.0), (7, 3.0)]).median(), 7);
        assert_eq!(Iterations::Range { min: 1, max: 4 }.median(), 2);
        assert_eq!(Iterations::Range { min: 1, max: 4 }.mean(), 2.5);
    }

    /// A mistyped maximum (a link, a file, a field) is refused, not spelled out: a list of four
    /// billion counts would take the page's memory down (seen: "RuntimeError: unreachable").
    #[test]
    fn counts_past_the_limit_are_refused_without_being_listed() {
        for d in [
            Iterations::Range { min: 1, max: u32::MAX },
            Iterations::Triangle { min: 1, mode: 5, max: MAX_ITERATIONS + 1 },
            Iterations::Stop { p: 0.02, max: 100_000_000 },
            Iterations::Counts(vec![(3, 1.0), (MAX_ITERATIONS + 1, 1.0)]),
        ] {
            assert_eq!(d.probabilities(), vec![], "{d:?}");
            assert_eq!(Iterations::from_json(&d.to_value()), None, "{d:?}");
        }
        // The limit itself is a distribution.
        assert_eq!(Iterations::Range { min: 1, max: MAX_ITERATIONS }.probabilities().len(), MAX_ITERATIONS as usize);
    }
}
