//! Latency distribution of single hybrid signatures. ML-DSA signing is a rejection loop, so
//! the mean hides the tail; this prints median, p90 and p99 of individual operations.
//! Run: `cargo bench -p sentc-core --bench sign_latency`.

mod latency;

use std::hint::black_box;

use latency::{benchmarking, percentiles};
use sentc_core::crypto::SignKey;

const RUNS: usize = 2000;

fn time(operation: impl FnMut()) -> Vec<std::time::Duration> {
    latency::time(RUNS, operation)
}

fn main() {
    if !benchmarking() {
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
