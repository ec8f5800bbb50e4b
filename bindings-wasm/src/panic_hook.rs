//! The hook for the impossible case: core and binding deny panics, but if one happens anyway
//! the page learns that sentc failed and where, never the panic's text (which could hold data).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Installs the hook (once per module instance).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|at| format!(" at {}:{}", at.file(), at.line()))
            .unwrap_or_default();
        console_error(&format!(
            "sentc: internal error{location}; the SDK instance is unusable, reload the page"
        ));
    }));
}
