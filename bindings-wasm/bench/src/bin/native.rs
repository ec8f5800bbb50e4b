//! Runs the benchmark natively and prints the figures as JSON (read by
//! `bindings-wasm/bench/run.mjs`). Build with `--release`.

use std::process::ExitCode;
use std::time::Instant;

use sentc_wasm_bench::{Clock, Workload, measure_all};

struct Monotonic(Instant);

impl Clock for Monotonic {
    fn now(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}

fn main() -> ExitCode {
    let json = Workload::new()
        .and_then(|workload| measure_all(&workload, &Monotonic(Instant::now())))
        .map_err(|error| error.to_string())
        .and_then(|figures| serde_json::to_string_pretty(&figures).map_err(|e| e.to_string()));
    match json {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("sentc-native-bench: {error}");
            ExitCode::FAILURE
        }
    }
}
