//! Timing single operations for latency distributions (median and tail), shared by the latency
//! benchmarks.
#![allow(dead_code)]

use std::time::{Duration, Instant};

/// Median, p90 and p99 of the samples.
pub fn percentiles(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |p: usize| samples[(samples.len() * p / 100).min(samples.len() - 1)];
    format!(
        "median {:>8.1?}  p90 {:>8.1?}  p99 {:>8.1?}  (n = {})",
        at(50),
        at(90),
        at(99),
        samples.len()
    )
}

/// Times `runs` calls of `operation`, each on its own.
pub fn time(runs: usize, mut operation: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            operation();
            start.elapsed()
        })
        .collect()
}

/// Whether `cargo bench` runs this (it passes `--bench`); `cargo test --benches` passes nothing
/// and should be quick.
pub fn benchmarking() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}
