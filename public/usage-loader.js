// Starts loopcost's usage import module: the page adds this script the first time "Import usage"
// is opened (src/ui/usage_slot.rs). Trunk builds the module beside the app, unhashed
// (loopcost-usage.js and its wasm; a release build renames both after their content). A module
// that cannot be loaded or started is reported to the page with the event FAILED_EVENT names in
// src/ui/usage.rs, and the page says so in the panel.
import('./loopcost-usage.js')
  .then((m) => m.default({ module_or_path: new URL('loopcost-usage_bg.wasm', import.meta.url) }))
  .catch((e) => {
    const why = String((e && e.message) || e).slice(0, 200);
    window.dispatchEvent(new CustomEvent('loopcost-usage-failed', { detail: why }));
  });
