//! A group's encrypt+decrypt of 1 KiB in Rust, single calls: the reference the Kotlin and Python
//! SDKs' boundary cost is measured against (scripts/uniffi-bench.sh).
//! Run: `cargo bench -p sentc-core --bench group_data_latency`.

mod latency;

use std::hint::black_box;

use latency::{benchmarking, percentiles, time};
use sentc_core::group::GroupKeys;
use sentc_core::keys::GroupKey;

fn main() {
    if !benchmarking() {
        return;
    }
    let keys = GroupKeys::new(vec![GroupKey::generate().unwrap()]);
    let data = vec![0u8; 1024];
    let samples = time(5000, || {
        let item = keys.encrypt(black_box(&data), None).unwrap();
        black_box(keys.decrypt(&item, None).unwrap());
    });
    println!(
        "rust: group encrypt+decrypt 1 KiB  {}",
        percentiles(samples)
    );
}
