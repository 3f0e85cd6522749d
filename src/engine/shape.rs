//! How a stage's prompts grow turn by turn (spec sections 3 and 4). Independent of the model.

use crate::scenario::{Stage, StageKind};

use std::collections::VecDeque;

/// One request of a stage, before caching decides how its prompt is billed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TurnShape {
    /// P_k: the whole prompt of this request.
    pub prompt: f64,
    pub output: f64,
    /// At least one history pair was dropped before this turn (section 4).
    pub trimmed: bool,
}

/// The requests of one run of `stage`, in order. `out` is cleared and refilled.
pub fn shape(stage: &Stage, out: &mut Vec<TurnShape>) {
    out.clear();
    let n = stage.iterations as usize;
    let base = (stage.system_tokens + stage.user_tokens) as f64;
    match stage.kind {
        StageKind::Fanout => {
            for k in 1..=n {
                let o = stage.turn(k as u32).output_tokens;
                out.push(TurnShape { prompt: base, output: o as f64, trimmed: false });
            }
        }
        StageKind::Loop => {
            // The history: (output, tool result) pairs of earlier turns still kept, oldest first.
            let mut kept: VecDeque<u64> = VecDeque::new();
            let mut kept_sum: u64 = 0;
            let mut prev = (0u64, 0u64);
            for k in 1..=n {
                let mut trimmed = false;
                if k > 1 {
                    let pair = prev.0 + prev.1;
                    kept.push_back(pair);
                    kept_sum += pair;
                    if let Some(limit) = stage.history_limit_tokens {
                        while kept_sum > limit {
                            let Some(oldest) = kept.pop_front() else { break };
                            kept_sum -= oldest;
                            trimmed = true;
                        }
                    }
                }
                let t = stage.turn(k as u32);
                let io = (t.output_tokens, t.tool_result_tokens);
                out.push(TurnShape { prompt: base + kept_sum as f64, output: io.0 as f64, trimmed });
                prev = io;
            }
        }
    }
}
