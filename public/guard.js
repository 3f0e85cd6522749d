// loopcost's last line of defence: if the app crashes inside WebAssembly, or cannot start at
// all, say so on the page (as text) instead of leaving it frozen or blank. Release builds abort
// on a panic without running Rust's panic hook, so this is what shows the banner there.
(function () {
  'use strict';
  function banner(text) {
    if (document.getElementById('panic-banner')) return;
    var b = document.createElement('div');
    b.id = 'panic-banner';
    b.className = 'panic-banner';
    b.setAttribute('role', 'alert');
    b.textContent = text;
    (document.body || document.documentElement).prepend(b);
  }
  function fromWasm(err) {
    return (typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError) ||
      /unreachable|RuntimeError|wasm/i.test(String(err && (err.stack || err.message || err)));
  }
  // The wasm module a crash happened in: the innermost frame of the stack that names one
  // (Import usage is a module of its own, loaded on demand: its crash leaves the app working).
  function inUsageModule(err) {
    var m = String(err && err.stack || '').match(/([\w-]+)_bg\.wasm/);
    return !!m && /^loopcost-usage/.test(m[1]);
  }
  function onError(err) {
    if (fromWasm(err) && inUsageModule(err)) {
      banner('Import usage stopped working. Reload the page to import a log again; ' +
        'your scenario and its results are unaffected.');
      return;
    }
    if (!document.querySelector('[data-metric]')) {
      banner('loopcost could not start in this browser (' + String(err && err.message || err).slice(0, 200) +
        '). It needs JavaScript and WebAssembly.');
    } else if (fromWasm(err)) {
      banner('Something went wrong inside loopcost and the page stopped updating. ' +
        'Reload the page to continue: the last valid scenario is in the address, and a draft ' +
        'you were editing is kept in My scenarios.');
    }
  }
  window.addEventListener('error', function (e) { onError(e.error || e.message); });
  window.addEventListener('unhandledrejection', function (e) { onError(e.reason); });
})();
