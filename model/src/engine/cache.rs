//! Prompt caching (spec section 5): how much of each prompt is fresh, written or read.

use super::shape::TurnShape;
use super::usage::Request;
use crate::scenario::{Cache, CacheMode, StageKind};

/// The probability w that the stable prefix is warm when a run starts: other runs of the same
/// scenario on the same model, arriving at `runs_per_day * share` a day, each keep it warm for
/// the length of its run plus the TTL.
pub fn warm_probability(cache: &Cache, iterations: u32, runs_per_day: f64, share: f64) -> f64 {
    if !cache.shared_prefix || cache.mode == CacheMode::None {
        return 0.0;
    }
    let ttl = cache.ttl.seconds();
    let t = cache.seconds_per_turn;
    let window = if t <= ttl { ttl + (iterations.saturating_sub(1)) as f64 * t } else { ttl };
    let lambda = runs_per_day * share / 86_400.0;
    // 1 - exp(-x), accurate for small x.
    -(-lambda * window).exp_m1()
}

/// What the caching rules need besides the turn itself.
#[derive(Debug, Clone, Copy)]
pub struct CacheContext {
    pub mode: CacheMode,
    pub kind: StageKind,
    /// S: the stable prefix.
    pub system: f64,
    pub min_cacheable: f64,
    /// T ≤ TTL: what the previous request touched is still warm.
    pub stays_warm: bool,
    /// w, from [`warm_probability`].
    pub warm: f64,
}

impl CacheContext {
    pub fn new(cache: &Cache, kind: StageKind, system: f64, min_cacheable: f64, warm: f64) -> Self {
        CacheContext {
            mode: cache.mode,
            kind,
            system,
            min_cacheable,
            stays_warm: cache.seconds_per_turn <= cache.ttl.seconds(),
            warm,
        }
    }

    /// The classes of request `k` (0-based) of `turns`.
    #[inline(always)]
    pub fn request(&self, turns: &[TurnShape], k: usize) -> Request {
        let turn = turns[k];
        let p = turn.prompt;
        let s = self.system;
        let prefix_cacheable = s >= self.min_cacheable;
        // Probability that S is read rather than written on this request.
        let s_warm = if k > 0 && self.stays_warm { 1.0 } else { self.warm };
        let mode = match (self.mode, self.kind) {
            (CacheMode::Conversation, StageKind::Fanout) => CacheMode::System,
            (m, _) => m,
        };
        let cls = |fresh: f64, write: f64, read: f64| Request { fresh, write, read, output: turn.output };
        match mode {
            CacheMode::None => cls(p, 0.0, 0.0),
            CacheMode::System => {
                if !prefix_cacheable {
                    cls(p, 0.0, 0.0)
                } else {
                    cls(p - s, (1.0 - s_warm) * s, s_warm * s)
                }
            }
            CacheMode::Conversation => {
                if p < self.min_cacheable {
                    return cls(p, 0.0, 0.0);
                }
                // Everything after S is written; S itself is read with probability s_warm
                // when it has a breakpoint of its own, else the whole prompt is written.
                let write_after_prefix = |s_warm: f64| {
                    if prefix_cacheable { cls(0.0, (1.0 - s_warm) * s + (p - s), s_warm * s) } else { cls(0.0, p, 0.0) }
                };
                if k == 0 || !self.stays_warm || turn.trimmed {
                    return write_after_prefix(s_warm);
                }
                let prev = turns[k - 1].prompt;
                if prev < self.min_cacheable {
                    // The previous prompt was never cached: like a first turn.
                    write_after_prefix(self.warm)
                } else {
                    cls(0.0, p - prev, prev)
                }
            }
        }
    }
}
