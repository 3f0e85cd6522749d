//! How a stage's prompts grow turn by turn (spec sections 3 and 4). Independent of the model.

use crate::scenario::{Stage, StageKind};

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
    let n = stage.iterations;
    let base = (stage.system_tokens + stage.user_tokens) as f64;
    out.clear();
    out.resize(n as usize, TurnShape { prompt: base, output: 0.0, trimmed: false });
    // Plain index loops: they stay fast in the size-optimised wasm build, where iterator
    // adapters are not inlined.
    let loop_kind = stage.kind == StageKind::Loop;
    // The history: the (output, tool result) pairs of turns `oldest..k` are still kept.
    let pair = |j: u32| {
        let t = stage.turn(j);
        t.output_tokens + t.tool_result_tokens
    };
    let mut oldest = 1u32;
    let mut kept_sum: u64 = 0;
    let mut k = 1u32;
    while k <= n {
        let slot = &mut out[k as usize - 1];
        slot.output = stage.turn(k).output_tokens as f64;
        if loop_kind && k > 1 {
            kept_sum += pair(k - 1);
            if let Some(limit) = stage.history_limit_tokens {
                while kept_sum > limit && oldest < k {
                    kept_sum -= pair(oldest);
                    oldest += 1;
                    slot.trimmed = true;
                }
            }
            slot.prompt = base + kept_sum as f64;
        }
        k += 1;
    }
}
