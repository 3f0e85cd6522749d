//! The embeddable widget: embed mode of the app, and the "Embed" button that gives the snippet.

use super::state::AppState;
use leptos::prelude::*;

#[component]
pub fn EmbedButton() -> impl IntoView {
    let _state = expect_context::<AppState>();
    view! { <span hidden></span> }
}
