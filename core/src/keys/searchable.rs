//! Searchable hashes and sortable numbers with a holder's key generations (a group's or a
//! user's), with sentc's names and result shapes.
//!
//! New data is hashed and encrypted with the newest generation; [`SearchableKeys::search_all`]
//! gives a query's hash under every generation the holder has, so data hashed before a
//! rotation is still found. Sortable numbers compare only within one generation: an app stores
//! the key id beside them ([`SortableItem::key_id`]) and encrypts again after a rotation.
//! docs/searchable.md has the schemes and what they leak.

use serde::Serialize;

use crate::crypto::{SEARCH_ALGORITHM, SORTABLE_ALGORITHM, SearchKey, SortableKey};
use crate::error::Result;

/// The hashes of a value with the algorithm and generation that made them (sentc's
/// `createSearch` result: `[hashes, alg, keyId]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchableItem {
    /// The hashes to store beside the item.
    pub hashes: Vec<String>,
    /// [`SEARCH_ALGORITHM`].
    pub alg: String,
    /// The generation whose search key made them.
    pub key_id: String,
}

/// A sortable number with the algorithm and generation that made it (sentc's
/// `encryptSortableNumber` result: `[number, alg, keyId]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SortableItem {
    /// The order-preserving number (below `2^53`).
    pub number: u64,
    /// [`SORTABLE_ALGORITHM`].
    pub alg: String,
    /// The generation whose sortable key made it.
    pub key_id: String,
}

impl SearchableItem {
    /// The hashes of `data` under `key` ([`SearchKey::create`]).
    pub fn new(key: &SearchKey, data: &str, full: bool, limit: Option<usize>) -> Result<Self> {
        Ok(Self {
            hashes: key.create(data, full, limit)?,
            alg: SEARCH_ALGORITHM.to_string(),
            key_id: key.id().to_string(),
        })
    }
}

impl SortableItem {
    /// The sortable number of `number` under `key`.
    pub fn number(key: &SortableKey, number: u64) -> Result<Self> {
        Ok(Self::with(key, key.encrypt_number(number)?))
    }

    /// The sortable number of the string `data` under `key`.
    pub fn string(key: &SortableKey, data: &str) -> Result<Self> {
        Ok(Self::with(key, key.encrypt_string(data)?))
    }

    fn with(key: &SortableKey, number: u64) -> Self {
        Self {
            number,
            alg: SORTABLE_ALGORITHM.to_string(),
            key_id: key.id().to_string(),
        }
    }
}

/// A holder of key generations that can hash and sort: implemented by the sans-IO
/// [`crate::group::GroupKeys`] and [`crate::user::UserSession`] and by the client's `Group` and
/// `User`.
pub trait SearchableKeys {
    /// The newest generation's search key.
    fn search_key(&self) -> Result<SearchKey>;

    /// The search key of every generation the holder has, newest first.
    fn every_search_key(&self) -> Result<Vec<SearchKey>>;

    /// The newest generation's sortable key.
    fn sortable_key(&self) -> Result<SortableKey>;

    /// The hashes to store for `data`: its own hash if `full` (exact match), else the hashes of
    /// its first `limit` prefixes by character (every prefix without a limit; at most 200).
    fn create_search_raw(
        &self,
        data: &str,
        full: bool,
        limit: Option<usize>,
    ) -> Result<Vec<String>> {
        self.search_key()?.create(data, full, limit)
    }

    /// [`Self::create_search_raw`] with the algorithm and the generation's key id.
    fn create_search(
        &self,
        data: &str,
        full: bool,
        limit: Option<usize>,
    ) -> Result<SearchableItem> {
        SearchableItem::new(&self.search_key()?, data, full, limit)
    }

    /// The hash to look up for the query `data` (newest generation).
    fn search(&self, data: &str) -> Result<String> {
        self.search_key()?.hash(data)
    }

    /// The hash of the query `data` under every generation, newest first: data hashed before
    /// a key rotation matches one of them.
    fn search_all(&self, data: &str) -> Result<Vec<String>> {
        self.every_search_key()?
            .iter()
            .map(|key| key.hash(data))
            .collect()
    }

    /// The order-preserving number of `number` (at most `2^48 − 1`).
    fn encrypt_sortable_raw_number(&self, number: u64) -> Result<u64> {
        self.sortable_key()?.encrypt_number(number)
    }

    /// [`Self::encrypt_sortable_raw_number`] with the algorithm and the generation's key id.
    fn encrypt_sortable_number(&self, number: u64) -> Result<SortableItem> {
        SortableItem::number(&self.sortable_key()?, number)
    }

    /// The order-preserving number of a string (ordered by its first 6 UTF-8 bytes).
    fn encrypt_sortable_raw_string(&self, data: &str) -> Result<u64> {
        self.sortable_key()?.encrypt_string(data)
    }

    /// [`Self::encrypt_sortable_raw_string`] with the algorithm and the generation's key id.
    fn encrypt_sortable_string(&self, data: &str) -> Result<SortableItem> {
        SortableItem::string(&self.sortable_key()?, data)
    }
}
