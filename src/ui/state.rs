//! The app's state: the scenario being edited, as JSON, and what follows from it.
//!
//! The draft is the scenario file's JSON, edited in place by the inputs (each bound to its JSON
//! path, e.g. `stages.0.iterations`). Every change re-runs the CLI's own parser, so a field shows
//! exactly the message `loopcost eval` would print; a valid draft is evaluated by the engine. The
//! last valid evaluation stays on screen while the draft is invalid, marked stale.

use super::memo;
use crate::catalog::Catalog;
use crate::engine::{self, Evaluation, Explanation, Lever, ScalePoint};
use crate::scenario::{self, Issue, Scenario};
use leptos::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub struct AppState {
    /// The scenario being edited, as scenario-file JSON.
    pub draft: RwSignal<Value>,
    /// The draft read by the scenario parser: a scenario, or every problem with it.
    pub parsed: Memo<Result<Scenario, Vec<Issue>>>,
    /// The last valid scenario.
    pub scenario: Memo<Option<Scenario>>,
    /// The engine's result for the last valid scenario.
    pub eval: Memo<Option<Evaluation>>,
    pub levers: Memo<Vec<Lever>>,
    pub scale: Memo<Vec<ScalePoint>>,
    pub explain: Memo<Vec<Explanation>>,
    /// The draft has problems: the results shown are those of the last valid scenario.
    pub stale: Memo<bool>,
    /// Why results are missing or partial: the scenario is past the page's work limits.
    pub too_big: Memo<Option<String>>,
    /// The draft's problems (empty when it is valid); changes only when they do.
    pub issues: Memo<Vec<Issue>>,
    /// Each field's own message, one signal per path (see [`AppState::message_at`]).
    messages: Registry<Option<String>>,
    /// Each scope's part of the draft, one signal per base path (see [`AppState::scope`]).
    scopes: Registry<Value>,
    /// The ids of the scenario's own models (`prices`), for the model menus.
    /// The scenario's own models: (id, what to call it: its name, else its id).
    pub custom_models: Memo<Vec<(String, String)>>,
    /// When the scenario came from a link made with other prices: those prices.
    pub shared: RwSignal<Option<SharedPrices>>,
    /// The scenario at the prices it was shared with, while [`AppState::shared`] is set.
    pub shared_eval: Memo<Option<Evaluation>>,
    /// Messages for the person: a bad link, unreadable storage, a failed import.
    pub notices: RwSignal<Vec<Notice>>,
    /// View settings that came with the link (`embed`, `show`), kept in the address.
    pub params: StoredValue<Vec<(String, String)>>,
    /// Bumped when saved scenarios change outside "My scenarios" (a draft kept aside).
    pub saved_changed: RwSignal<u64>,
}

/// The prices a link was shared with, where they differ from today's catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedPrices {
    pub catalog_version: String,
    pub models: Vec<crate::catalog::Model>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// `true` for problems (`role="alert"`), `false` for information.
    pub alert: bool,
    pub text: String,
}

/// A part of the draft (a stage) that a subtree of inputs reads through [`AppState::watch`]:
/// they depend on it instead of on the whole draft, so an edit re-runs only the inputs of the
/// part it changed. Provided as context by the component that owns the subtree.
#[derive(Clone)]
pub struct Scope {
    prefix: String,
    value: ArcRwSignal<Value>,
}

impl AppState {
    pub fn new(initial: &Scenario) -> AppState {
        Self::with_draft(to_draft(initial))
    }

    pub fn with_draft(initial: Value) -> AppState {
        let catalog = Catalog::builtin();
        let draft = RwSignal::new(initial);
        let parsed = memo(move || draft.with(|d| scenario::parse_value(d, catalog)));
        let scenario = Memo::new(move |prev: Option<&Option<Scenario>>| match parsed.get() {
            Ok(s) => Some(s),
            Err(_) => prev.cloned().flatten(),
        });
        // A scenario past the page's work limits is not evaluated (or not varied): the page would
        // freeze on every keystroke. `too_big` says why.
        // Each result reads the scenario alone and weighs its work itself (a count, cheap): a memo
        // of the work between them would be a second path from the scenario to every result,
        // and Leptos marks everything below a changed value once per path.
        let work = memo(move || scenario.with(|s| s.as_ref().map_or(0, engine::work)));
        let eval = memo(move || {
            scenario.with(|s| {
                s.as_ref()
                    .filter(|s| engine::work(s) <= engine::PAGE_WORK_LIMIT)
                    .and_then(|s| engine::evaluate(s, catalog).ok())
            })
        });
        fn variants(s: &Option<Scenario>) -> Option<&Scenario> {
            s.as_ref().filter(|s| engine::work(s) <= engine::PAGE_VARIANTS_WORK_LIMIT)
        }
        let levers =
            memo(move || scenario.with(|s| variants(s).map(|s| engine::levers(s, catalog)).unwrap_or_default()));
        let scale = memo(move || scenario.with(|s| variants(s).map(|s| engine::scale(s, catalog)).unwrap_or_default()));
        let too_big = memo(move || {
            let w = work.get();
            let n = crate::format::group(w);
            if w > engine::PAGE_WORK_LIMIT {
                Some(format!(
                    "This scenario models {n} requests per run (turns × models over its stages); the page computes up to {}. Reduce turns, stages or models, or evaluate the file with the command line (loopcost eval).",
                    crate::format::group(engine::PAGE_WORK_LIMIT)
                ))
            } else if w > engine::PAGE_VARIANTS_WORK_LIMIT {
                Some(format!(
                    "This scenario models {n} requests per run: the levers, the model comparison and the traffic table (which evaluate it again many times) are left out above {}.",
                    crate::format::group(engine::PAGE_VARIANTS_WORK_LIMIT)
                ))
            } else {
                None
            }
        });
        let explain = memo(move || {
            scenario.with(|s| {
                eval.with(|e| match (s, e) {
                    (Some(s), Some(e)) => engine::explain(s, e, catalog),
                    _ => Vec::new(),
                })
            })
        });
        let stale = memo(move || parsed.with(|p| p.is_err()));
        let issues = memo(move || parsed.with(|p| p.as_ref().err().cloned().unwrap_or_default()));
        let custom_models = memo(move || {
            draft.with(|d| {
                lookup(d, "prices")
                    .and_then(Value::as_array)
                    .map(|l| {
                        l.iter()
                            .filter_map(|m| {
                                let id = m.get("id").and_then(Value::as_str).filter(|id| !id.is_empty())?;
                                let name = m.get("name").and_then(Value::as_str).filter(|n| !n.trim().is_empty());
                                Some((id.to_string(), name.unwrap_or(id).to_string()))
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            })
        });
        // Each field follows its own message, not the list: one effect hands the list out, so an
        // edit does not visit every field's inputs (hundreds of them) to find nothing changed.
        let messages = Registry::new();
        Effect::new(move |_| {
            issues.with(|list| {
                messages.update(|path, old| {
                    let now = message(list, path);
                    (*old != now).then_some(now)
                })
            })
        });
        // The same for the parts of the draft that scopes follow (the stages): each part is
        // compared in place and set only when it changed. (Memos of the draft would do the same
        // work, but Leptos marks everything below the draft on every edit, path by path: with
        // six stages' inputs below it, that walk cost more than the comparisons.)
        let scopes = Registry::new();
        Effect::new(move |_| {
            draft.with(|d| {
                scopes.update(|base, old: &Value| {
                    let now = lookup(d, base);
                    now.map_or(!old.is_null(), |v| v != old).then(|| now.cloned().unwrap_or(Value::Null))
                })
            })
        });
        let shared: RwSignal<Option<SharedPrices>> = RwSignal::new(None);
        let shared_eval = memo(move || {
            shared.with(|sh| {
                let sh = sh.as_ref()?;
                scenario.with(|s| {
                    let s = crate::link::with_models(s.as_ref()?, &sh.models);
                    engine::evaluate(&s, catalog).ok()
                })
            })
        });
        AppState {
            draft,
            parsed,
            scenario,
            eval,
            levers,
            scale,
            explain,
            stale,
            too_big,
            issues,
            messages,
            scopes,
            custom_models,
            shared,
            shared_eval,
            notices: RwSignal::new(Vec::new()),
            params: StoredValue::new(Vec::new()),
            saved_changed: RwSignal::new(0),
        }
    }

    /// A scope for the part of the draft at `base` (e.g. `stages.2`).
    pub fn scope(&self, base: &str) -> Scope {
        let draft = self.draft;
        let value = self.scopes.get(base, || draft.with_untracked(|d| lookup(d, base).cloned().unwrap_or(Value::Null)));
        Scope { prefix: format!("{base}."), value }
    }

    /// Follows `f` of the value at `path`, through the nearest [`Scope`] that contains it.
    pub fn watch<T: PartialEq + Clone + Send + Sync + 'static>(
        &self,
        path: &str,
        f: impl Fn(Option<&Value>) -> T + Send + Sync + 'static,
    ) -> Memo<T> {
        match use_context::<Scope>().filter(|s| path.starts_with(&s.prefix)) {
            Some(scope) => {
                let rest = path[scope.prefix.len()..].to_string();
                memo(move || scope.value.with(|v| f(lookup(v, &rest))))
            }
            None => {
                let (draft, path) = (self.draft, path.to_string());
                memo(move || draft.with(|d| f(lookup(d, &path))))
            }
        }
    }

    /// Replaces the whole scenario (a preset, a link, an import).
    pub fn load(&self, s: &Scenario) {
        self.load_draft(to_draft(s));
    }

    /// Replaces the draft; prices pinned by a link no longer apply.
    pub fn load_draft(&self, v: Value) {
        self.shared.set(None);
        self.draft.set(v);
    }

    pub fn notify(&self, alert: bool, text: impl Into<String>) {
        let text = text.into();
        self.notices.update(|n| {
            if !n.iter().any(|x| x.text == text) {
                n.push(Notice { alert, text })
            }
        });
    }

    /// The problem reported at exactly `path`, if any, as a signal that changes only when that
    /// message does.
    pub fn message_at(&self, path: &str) -> ArcRwSignal<Option<String>> {
        let issues = self.issues;
        self.messages.get(path, || issues.with_untracked(|list| message(list, path)))
    }

    pub fn get(&self, path: &str) -> Option<Value> {
        self.draft.with(|d| lookup(d, path).cloned())
    }

    pub fn set(&self, path: &str, v: Value) {
        self.draft.update(|d| set_path(d, path, v));
    }

    pub fn remove(&self, path: &str) {
        self.draft.update(|d| remove_path(d, path));
    }

    /// Edits the list at `path` (creating it if absent).
    pub fn edit_list(&self, path: &str, f: impl FnOnce(&mut Vec<Value>)) {
        self.draft.update(|d| crate::draft::edit_list(d, path, f));
    }

    pub fn len(&self, path: &str) -> usize {
        self.draft.with(|d| lookup(d, path).and_then(Value::as_array).map_or(0, Vec::len))
    }
}

/// Signals by path, each set by one effect only when its value changed, so that what follows one
/// path is not visited when another changes ([`AppState::message_at`], [`AppState::scope`]).
struct Registry<T: Send + Sync + 'static>(StoredValue<HashMap<String, ArcRwSignal<T>>>);

impl<T: Send + Sync + 'static> Clone for Registry<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Registry<T> {}

impl<T: Send + Sync + 'static> Registry<T> {
    fn new() -> Self {
        Registry(StoredValue::new(HashMap::new()))
    }

    /// The signal of `path`, made with `init()` the first time it is asked for.
    fn get(&self, path: &str, init: impl FnOnce() -> T) -> ArcRwSignal<T> {
        if let Some(s) = self.0.with_value(|m| m.get(path).cloned()) {
            return s;
        }
        let signal = ArcRwSignal::new(init());
        self.0.update_value(|m| {
            m.insert(path.to_string(), signal.clone());
        });
        signal
    }

    /// Sets each path's signal to `changed(path, its value)` where that is `Some`.
    fn update(&self, changed: impl Fn(&str, &T) -> Option<T>) {
        self.0.with_value(|m| {
            for (path, signal) in m {
                if let Some(now) = signal.with_untracked(|old| changed(path, old)) {
                    signal.set(now);
                }
            }
        })
    }
}

/// The message reported at exactly `path` in `list`.
fn message(list: &[Issue], path: &str) -> Option<String> {
    list.iter().find(|i| i.path == path).map(|i| i.message.clone())
}

/// The draft form of a scenario: its canonical JSON.
pub fn to_draft(s: &Scenario) -> Value {
    s.to_value()
}

pub use crate::draft::{lookup, remove_path, set_path};
pub use crate::json::json_number;

pub use crate::draft::parse_number;
