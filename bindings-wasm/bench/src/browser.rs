//! The browser entry: `measure()` runs the benchmark with `performance.now()` and returns the
//! figures as a JSON string.

use wasm_bindgen::prelude::*;

use crate::{Clock, Workload, measure_all};

#[wasm_bindgen]
extern "C" {
    type Performance;

    #[wasm_bindgen(thread_local_v2, js_namespace = globalThis, js_name = performance)]
    static PERFORMANCE: Performance;

    #[wasm_bindgen(method)]
    fn now(this: &Performance) -> f64;
}

struct PerformanceClock;

impl Clock for PerformanceClock {
    fn now(&self) -> f64 {
        PERFORMANCE.with(Performance::now) / 1000.0
    }
}

/// Measures every operation in this browser; returns the figures as JSON.
#[wasm_bindgen]
pub fn measure() -> Result<String, JsError> {
    let workload = Workload::new().map_err(|error| JsError::new(&error.to_string()))?;
    let figures = measure_all(&workload, &PerformanceClock)
        .map_err(|error| JsError::new(&error.to_string()))?;
    serde_json::to_string(&figures).map_err(|error| JsError::new(&error.to_string()))
}
