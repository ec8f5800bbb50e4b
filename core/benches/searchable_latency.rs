//! Latency of searchable hashes and sortable numbers, per item: median, p90 and p99 of single
//! operations (a sortable number's cost depends on the value's path through the tree, so values
//! are random). Run: `cargo bench -p sentc-core --bench searchable_latency`.

mod latency;

use std::hint::black_box;

use latency::{benchmarking, percentiles, time};
use sentc_core::crypto::{MAX_SORTABLE_NUMBER, SearchKey, SortableKey, SymmetricKey};

const RUNS: usize = 20_000;

/// SplitMix64: random values without a dependency.
struct Values(u64);

impl Values {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

fn main() {
    if !benchmarking() {
        return;
    }
    let generation = SymmetricKey::generate().unwrap();
    let search = SearchKey::derive(&generation);
    let sortable = SortableKey::derive(&generation);
    let mut values = Values(1);

    let query = time(RUNS, || {
        black_box(search.hash(black_box("invoice-2026")).unwrap());
    });
    let prefixes = time(RUNS, || {
        black_box(
            search
                .hash_prefixes(black_box("invoice-2026"), None)
                .unwrap(),
        );
    });
    let number = time(RUNS, || {
        let value = values.next() & MAX_SORTABLE_NUMBER;
        black_box(sortable.encrypt_number(black_box(value)).unwrap());
    });
    let string = time(RUNS, || {
        black_box(sortable.encrypt_string(black_box("Zürich")).unwrap());
    });
    let derive = time(RUNS, || {
        black_box(SearchKey::derive(black_box(&generation)));
    });
    println!("search hash (query, 12 bytes)      {}", percentiles(query));
    println!(
        "search prefixes (12 chars → 12)    {}",
        percentiles(prefixes)
    );
    println!("sortable number (random 48-bit)    {}", percentiles(number));
    println!("sortable string                    {}", percentiles(string));
    println!("search key derivation (HKDF)       {}", percentiles(derive));
}
