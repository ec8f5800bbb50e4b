//! Values an app hashes or sorts: any text, limit and number gives hashes, a number or a typed
//! error, and the order of two values is kept.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use sentc_core::crypto::{SearchKey, SortableKey};
use sentc_fuzz::{Keys, keys};

static KEYS: LazyLock<(SearchKey, SortableKey)> = LazyLock::new(|| {
    let Keys { symmetric, .. } = keys();
    (
        SearchKey::derive(&symmetric),
        SortableKey::derive(&symmetric),
    )
});

fuzz_target!(|input: (&str, u8, u64, u64)| {
    let (text, limit, a, b) = input;
    let (search, sortable) = &*KEYS;
    if let Ok(hashes) = search.hash_prefixes(text, Some(usize::from(limit))) {
        assert_eq!(hashes.len(), text.chars().count().min(usize::from(limit)));
    }
    let _ = search.hash(text);
    let _ = sortable.encrypt_string(text);
    if let (Ok(x), Ok(y)) = (sortable.encrypt_number(a), sortable.encrypt_number(b)) {
        assert_eq!(a.cmp(&b), x.cmp(&y));
    }
});
