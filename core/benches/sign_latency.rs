//! Latency distribution of single hybrid signatures. ML-DSA signing is a rejection loop, so
//! the mean hides the tail; this prints median, p90 and p99 of individual operations.
//! Run: `cargo bench -p sentc-core --bench sign_latency`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use sentc_core::crypto::SignKey;

const RUNS: usize = 2000;

fn percentiles(mut samples: Vec<Duration>) -> String {
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

fn time(mut operation: impl FnMut()) -> Vec<Duration> {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            operation();
            start.elapsed()
        })
        .collect()
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and should be quick.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let key = SignKey::generate().unwrap();
    let message = vec![0x5au8; 1024];
    let signature = key.sign(&message, b"bench").unwrap();
    let sign = time(|| {
        black_box(key.sign(black_box(&message), b"bench").unwrap());
    });
    let verify = time(|| {
        key.verify_key()
            .verify(black_box(&message), b"bench", &signature)
            .unwrap();
    });
    let both = time(|| {
        let signature = key.sign(black_box(&message), b"bench").unwrap();
        key.verify_key()
            .verify(&message, b"bench", &signature)
            .unwrap();
    });
    println!("hybrid sign 1KiB         {}", percentiles(sign));
    println!("hybrid verify 1KiB       {}", percentiles(verify));
    println!("hybrid sign+verify 1KiB  {}", percentiles(both));
}
