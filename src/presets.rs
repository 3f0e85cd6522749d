//! The shipped scenarios (`scenarios/*.json`), compiled in: the presets menu of the app and
//! examples for the CLI. `tests/presets.rs` checks that every one parses and evaluates.

use crate::catalog::Catalog;
use crate::scenario::{self, Scenario};

/// `(id, file text)`, in menu order. The first is the page's default scenario.
pub const PRESETS: &[(&str, &str)] = &[
    ("default", include_str!("../scenarios/default.json")),
    ("support-bot", include_str!("../scenarios/support-bot.json")),
    ("rag-cached-system", include_str!("../scenarios/rag-cached-system.json")),
    ("lookup-agent", include_str!("../scenarios/lookup-agent.json")),
    ("research-agent", include_str!("../scenarios/research-agent.json")),
    ("coding-agent-opus", include_str!("../scenarios/coding-agent-opus.json")),
    ("comment-triage-haiku", include_str!("../scenarios/comment-triage-haiku.json")),
    ("campaign-workflow", include_str!("../scenarios/campaign-workflow.json")),
];

/// A preset by id, parsed.
pub fn preset(id: &str) -> Option<Scenario> {
    let (_, text) = PRESETS.iter().find(|(i, _)| *i == id)?;
    scenario::parse(text, Catalog::builtin()).ok()
}

/// The scenario a new visitor sees first.
pub fn default_scenario() -> Scenario {
    preset("default").unwrap_or_default()
}
