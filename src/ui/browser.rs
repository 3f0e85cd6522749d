//! The few browser services the app uses: the address, localStorage, downloads, the clipboard,
//! a file's bytes.
//! Every call tolerates their absence (private modes, old browsers, sandboxed frames).

use crate::saved::Store;
use wasm_bindgen::JsCast;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Whether the `<details>` a `toggle` event came from is open now.
pub fn details_open(ev: &web_sys::Event) -> bool {
    ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open())
}

/// Sends the window event `name` with `detail` as its text: how the page and the modules it
/// loads on demand talk to each other (`super::usage_slot`).
pub fn send(name: &str, detail: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail.into());
    if let (Some(w), Ok(ev)) = (window(), web_sys::CustomEvent::new_with_event_init_dict(name, &init)) {
        let _ = w.dispatch_event(&ev);
    }
}

/// The text an event sent by [`send`] carries.
pub fn detail(ev: &web_sys::Event) -> Option<String> {
    ev.dyn_ref::<web_sys::CustomEvent>().and_then(|e| e.detail().as_string())
}

/// The bytes of a file or a slice of one (`None` when the browser cannot read it).
pub async fn bytes(blob: &web_sys::Blob) -> Option<Vec<u8>> {
    let buf = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buf).to_vec())
}

/// The address's fragment, without `#` (empty when there is none).
pub fn hash() -> String {
    window().and_then(|w| w.location().hash().ok()).map(|h| h.trim_start_matches('#').to_string()).unwrap_or_default()
}

/// The address without its fragment.
pub fn address() -> String {
    window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// Replaces the address's fragment without a history entry or a scroll.
pub fn replace_hash(fragment: &str) {
    if let Some(h) = window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// localStorage, when the browser lets the page use it.
pub struct LocalStore(web_sys::Storage);

impl LocalStore {
    pub fn open() -> Option<LocalStore> {
        window().and_then(|w| w.local_storage().ok().flatten()).map(LocalStore)
    }
}

impl Store for LocalStore {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get_item(key).ok().flatten()
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        self.0.set_item(key, value).map_err(|_| "the browser's storage is full or switched off".to_string())
    }
    fn remove(&mut self, key: &str) {
        let _ = self.0.remove_item(key);
    }
    fn keys(&self) -> Vec<String> {
        let n = self.0.length().unwrap_or(0);
        (0..n).filter_map(|i| self.0.key(i).ok().flatten()).collect()
    }
}

/// Offers `text` as a file download.
pub fn download(filename: &str, mime: &str, text: &str) {
    let Some(doc) = window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = doc.create_element("a").map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>()) {
        a.set_href(&url);
        a.set_download(filename);
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Copies `text` to the clipboard; `false` when the browser refused.
pub async fn copy(text: &str) -> bool {
    let Some(w) = window() else { return false };
    let promise = w.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// A file name from a scenario name: letters, digits and dashes.
pub fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() { "scenario".into() } else { s.chars().take(60).collect() }
}

/// The browser's own question box; `None` when dismissed or unavailable.
pub fn prompt(message: &str, default: &str) -> Option<String> {
    window().and_then(|w| w.prompt_with_message_and_default(message, default).ok().flatten())
}

/// The browser's own yes/no box.
pub fn confirm(message: &str) -> bool {
    window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}

/// Lets the browser run what is waiting (input, painting) before the work goes on: resolves in
/// a new task.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled =
            window().and_then(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).ok());
        if scheduled.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
