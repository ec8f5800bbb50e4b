//! The references the Kotlin and Python SDKs' boundary cost is measured against
//! (scripts/uniffi-bench.sh), single calls in Rust: a group's encrypt+decrypt of 1 KiB and of
//! 64 KiB, and a public-key decrypt of 1 KiB (what `User.decrypt` does).
//! Run: `cargo bench -p sentc-core --bench group_data_latency`.

mod latency;

use std::hint::black_box;

use latency::{benchmarking, percentiles, time};
use sentc_core::crypto::PrivateKey;
use sentc_core::group::GroupKeys;
use sentc_core::keys::GroupKey;

fn main() {
    if !benchmarking() {
        return;
    }
    let keys = GroupKeys::new(vec![GroupKey::generate().unwrap()]);
    for (label, size) in [("1 KiB", 1024), ("64 KiB", 64 * 1024)] {
        let data = vec![0u8; size];
        let samples = time(5000, || {
            let item = keys.encrypt(black_box(&data), None).unwrap();
            black_box(keys.decrypt(&item, None).unwrap());
        });
        println!(
            "rust: group encrypt+decrypt {label}  {}",
            percentiles(samples)
        );
    }
    let private = PrivateKey::generate().unwrap();
    let item = private.public_key().encrypt(&[0u8; 1024]).unwrap();
    let samples = time(2000, || {
        black_box(private.decrypt(black_box(&item)).unwrap());
    });
    println!("rust: public-key decrypt 1 KiB  {}", percentiles(samples));
}
