//! Searchable hashes: `HMAC-SHA-256(search key, UTF-8 bytes)`, base64url without padding.
//!
//! An app stores the hashes of a value beside its encrypted copy; to find it, it asks its
//! database for the hash of the query. The value is hashed as its exact UTF-8 bytes, as sentc
//! does (no trimming or case folding: the app decides; [`super::normalize_unicode`] offers
//! Unicode normalisation). For prefix search every prefix that ends at a character boundary is
//! hashed, shortest first, up to a limit: `"abc"` gives the hashes of `"a"`, `"ab"`, `"abc"`,
//! and a query for `"ab"` matches. The search key of a generation is derived from its symmetric
//! key, so it rotates with the group's keys (docs/searchable.md).

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::key_id::KeyId;
use super::symmetric::SymmetricKey;
use crate::error::{Error, ErrorCode, Result};

/// The algorithm name of searchable hashes (returned beside them, as sentc does).
pub const SEARCH_ALGORITHM: &str = "hmac-sha256";
/// The most prefixes one value may have hashed (sentc's bound).
pub const MAX_SEARCH_PREFIXES: usize = 200;
/// The longest value (in UTF-8 bytes) hashed whole, and the longest query.
pub const MAX_SEARCH_VALUE_LEN: usize = 64 * 1024;

const DERIVE_LABEL: &[u8] = b"sentc-search-v1";

/// The search key of one key generation, derived from its symmetric key.
#[derive(Clone)]
pub struct SearchKey {
    id: KeyId,
    mac: Hmac<Sha256>,
}

impl SearchKey {
    /// The search key of a generation (`HKDF-SHA-256` of its symmetric key): it rotates with
    /// the generation and needs nothing stored or sent.
    pub fn derive(generation: &SymmetricKey) -> Self {
        Self {
            id: generation.id(),
            mac: generation.derive_mac(DERIVE_LABEL),
        }
    }

    /// The id of the generation the key belongs to.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The hash of the whole value: the query for a search, or a value's only hash for exact
    /// match. Empty is `1008 EmptyInput`; over [`MAX_SEARCH_VALUE_LEN`] bytes `1006`.
    pub fn hash(&self, value: &str) -> Result<String> {
        check_value(value)?;
        let mut mac = self.mac.clone();
        mac.update(value.as_bytes());
        Ok(encode(mac))
    }

    /// The hashes of a value: `[hash(value)]` if `full`, else those of its prefixes
    /// ([`Self::hash_prefixes`]). sentc's `createSearchRaw(data, full, limit)`.
    pub fn create(&self, value: &str, full: bool, limit: Option<usize>) -> Result<Vec<String>> {
        if full {
            return Ok(vec![self.hash(value)?]);
        }
        self.hash_prefixes(value, limit)
    }

    /// The hashes of the value's first `limit` prefixes by character (all of them without a
    /// limit), shortest first: exactly `limit` when the value has that many characters, else
    /// one per character. More than [`MAX_SEARCH_PREFIXES`] is `1006 InputTooLarge` (pass a
    /// limit for long values); a limit of 0 is `1001 MalformedInput`.
    pub fn hash_prefixes(&self, value: &str, limit: Option<usize>) -> Result<Vec<String>> {
        check_value(value)?;
        if limit == Some(0) {
            return Err(Error::with_detail(
                ErrorCode::MalformedInput,
                "the prefix limit must be at least 1",
            ));
        }
        let count = limit.map_or(usize::MAX, |limit| limit);
        let ends: Vec<usize> = value
            .char_indices()
            .map(|(start, ch)| start.saturating_add(ch.len_utf8()))
            .take(count.min(MAX_SEARCH_PREFIXES.saturating_add(1)))
            .collect();
        if ends.len() > MAX_SEARCH_PREFIXES {
            return Err(Error::with_detail(
                ErrorCode::InputTooLarge,
                "more than 200 prefixes: pass a smaller limit",
            ));
        }
        // One running HMAC over the value: each prefix's hash is a copy finished at its end.
        let mut mac = self.mac.clone();
        let mut hashed = 0;
        Ok(ends
            .into_iter()
            .map(|end| {
                mac.update(value.as_bytes().get(hashed..end).unwrap_or_default());
                hashed = end;
                encode(mac.clone())
            })
            .collect())
    }
}

fn check_value(value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::with_detail(
            ErrorCode::EmptyInput,
            "searchable value",
        ));
    }
    if value.len() > MAX_SEARCH_VALUE_LEN {
        return Err(Error::with_detail(
            ErrorCode::InputTooLarge,
            "searchable value",
        ));
    }
    Ok(())
}

fn encode(mac: Hmac<Sha256>) -> String {
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

impl fmt::Debug for SearchKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchKey")
            .field("id", &self.id)
            .field("key", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn key(seed: u8) -> SearchKey {
        SearchKey::derive(&SymmetricKey::for_tests(seed))
    }

    #[test]
    fn a_prefix_query_matches_and_the_full_hash_is_the_last_prefix() {
        let key = key(1);
        let prefixes = key.create("Straße 5", false, None).unwrap();
        assert_eq!(prefixes.len(), 8);
        assert!(prefixes.contains(&key.hash("Stra").unwrap()));
        assert!(prefixes.contains(&key.hash("Straß").unwrap()));
        assert_eq!(prefixes.last(), Some(&key.hash("Straße 5").unwrap()));
        assert!(
            !prefixes.contains(&key.hash("stra").unwrap()),
            "exact bytes, no case folding"
        );
        assert_eq!(
            key.create("Straße 5", true, Some(3)).unwrap(),
            vec![key.hash("Straße 5").unwrap()]
        );
    }

    #[test]
    fn bad_values_and_limits_are_typed_errors() {
        let key = key(2);
        let code = |r: Result<Vec<String>>| r.unwrap_err().code();
        assert_eq!(code(key.create("", false, None)), ErrorCode::EmptyInput);
        assert_eq!(code(key.create("", true, None)), ErrorCode::EmptyInput);
        assert_eq!(
            code(key.create("abc", false, Some(0))),
            ErrorCode::MalformedInput
        );
        let long = "x".repeat(MAX_SEARCH_PREFIXES + 1);
        assert_eq!(
            code(key.create(&long, false, None)),
            ErrorCode::InputTooLarge
        );
        assert_eq!(
            code(key.create(&long, false, Some(201))),
            ErrorCode::InputTooLarge
        );
        assert_eq!(key.create(&long, false, Some(200)).unwrap().len(), 200);
        let huge = "x".repeat(MAX_SEARCH_VALUE_LEN + 1);
        assert_eq!(
            key.hash(&huge).unwrap_err().code(),
            ErrorCode::InputTooLarge
        );
        assert_eq!(key.hash("").unwrap_err().code(), ErrorCode::EmptyInput);
    }

    #[test]
    fn generations_hash_differently() {
        assert_ne!(key(3).hash("x").unwrap(), key(4).hash("x").unwrap());
    }

    proptest! {
        #[test]
        fn prefix_hashes_are_exactly_limit(value in "\\PC{1,60}", limit in 1usize..80) {
            let key = key(5);
            let hashes = key.create(&value, false, Some(limit)).unwrap();
            let chars = value.chars().count();
            prop_assert_eq!(hashes.len(), limit.min(chars));
            let prefix: String = value.chars().take(limit.min(chars)).collect();
            prop_assert_eq!(hashes.last().unwrap(), &key.hash(&prefix).unwrap());
        }
    }
}
