//! The keys a generation derives from its symmetric key: its search and sortable keys
//! ([`crate::crypto::SearchKey`], [`crate::crypto::SortableKey`]), derived on first use and kept
//! with the generation, so hashing many values costs one HMAC each, not a key derivation.

use std::sync::OnceLock;

use crate::crypto::{SearchKey, SortableKey, SymmetricKey};

/// The derived keys of one generation, filled on first use.
#[derive(Clone, Default)]
pub(crate) struct DerivedKeys {
    search: OnceLock<SearchKey>,
    sortable: OnceLock<SortableKey>,
}

impl DerivedKeys {
    /// The search key of `generation` (the generation these keys belong to).
    pub(crate) fn search(&self, generation: &SymmetricKey) -> &SearchKey {
        self.search.get_or_init(|| SearchKey::derive(generation))
    }

    /// The sortable key of `generation`.
    pub(crate) fn sortable(&self, generation: &SymmetricKey) -> &SortableKey {
        self.sortable
            .get_or_init(|| SortableKey::derive(generation))
    }
}
