//! Sortable numbers: order-preserving encryption (OPE) of 48-bit values into 53-bit numbers.
//!
//! The scheme is Boldyreva, Chenette, Lee and O'Neill's (EUROCRYPT 2009, "Order-Preserving
//! Symmetric Encryption"): a lazily sampled random order-preserving function from the domain
//! `[0, 2^48)` to the range `[0, 2^53)`. To place a value, the range is halved at its middle `y`;
//! how many domain points fall at or below `y` is a hypergeometric sample
//! ([`super::hypergeometric`]) driven by coins that depend only on the key and the node
//! (`HMAC-SHA-256(key, node || counter)`); the value's side is followed until one domain point
//! is left, which gets a pseudorandom point of what is left of the range. Equal values give
//! equal numbers and `a < b` gives `enc(a) < enc(b)`, so an index on the numbers sorts the
//! plaintexts. Every output is at most `2^53 − 1`: a JavaScript `Number` and a signed `BIGINT`.
//!
//! **Leakage** (docs/searchable.md): the order and equality of the values, and — as Boldyreva,
//! Chenette and O'Neill show for any random order-preserving function (CRYPTO 2011, "Order-
//! Preserving Encryption Revisited") — roughly the upper half of each value's bits (the value's
//! approximate position in the domain). Use it for what must sort on the server, nothing else.
//!
//! Strings are ordered by their first [`SORTABLE_STRING_BYTES`] bytes of UTF-8 (code point
//! order), read as a big-endian number.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::hypergeometric::{self, Coins};
use super::key_id::KeyId;
use super::symmetric::SymmetricKey;
use crate::error::{Error, ErrorCode, Result};

/// The algorithm name of sortable numbers (returned beside them, as sentc does).
pub const SORTABLE_ALGORITHM: &str = "ope-bclo09-48-53";
/// Bits of the plaintext domain: numbers from 0 to `2^48 − 1`.
pub const SORTABLE_DOMAIN_BITS: u32 = 48;
/// The largest number that can be encrypted.
pub const MAX_SORTABLE_NUMBER: u64 = (1 << SORTABLE_DOMAIN_BITS) - 1;
/// Bits of the ciphertext range: every output is below `2^53`.
pub const SORTABLE_RANGE_BITS: u32 = 53;
/// How many leading UTF-8 bytes of a string decide its order.
pub const SORTABLE_STRING_BYTES: usize = 6;
/// The longest string accepted (only its first bytes are used; longer is a mistake).
pub const MAX_SORTABLE_STRING_LEN: usize = 64 * 1024;

const DERIVE_LABEL: &[u8] = b"sentc-sortable-v1";

/// The order-preserving key of one key generation, derived from its symmetric key.
#[derive(Clone)]
pub struct SortableKey {
    id: KeyId,
    mac: Hmac<Sha256>,
}

impl SortableKey {
    /// The sortable key of a generation (`HKDF-SHA-256` of its symmetric key): it rotates with
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

    /// Encrypts `value` (at most [`MAX_SORTABLE_NUMBER`], else `1011 OutOfDomain`).
    pub fn encrypt_number(&self, value: u64) -> Result<u64> {
        if value > MAX_SORTABLE_NUMBER {
            return Err(Error::with_detail(
                ErrorCode::OutOfDomain,
                "sortable numbers are at most 2^48 - 1",
            ));
        }
        Ok(self.encrypt_point(value))
    }

    /// Encrypts a string's order: its first [`SORTABLE_STRING_BYTES`] UTF-8 bytes. Empty is
    /// `1008 EmptyInput`, over [`MAX_SORTABLE_STRING_LEN`] bytes `1006 InputTooLarge`.
    pub fn encrypt_string(&self, text: &str) -> Result<u64> {
        Ok(self.encrypt_point(string_point(text)?))
    }

    /// The recursion of BCLO09 as a loop: `[d_lo, d_hi]` the domain left, `[r_lo, r_hi]` the
    /// range left, both inclusive.
    fn encrypt_point(&self, value: u64) -> u64 {
        // Every bound stays within [0, 2^53): saturating arithmetic never saturates here.
        let (mut d_lo, mut d_hi) = (0u64, MAX_SORTABLE_NUMBER);
        let (mut r_lo, mut r_hi) = (0u64, (1u64 << SORTABLE_RANGE_BITS).saturating_sub(1));
        loop {
            let domain = d_hi.saturating_sub(d_lo).saturating_add(1);
            let range = r_hi.saturating_sub(r_lo).saturating_add(1);
            if domain == 1 {
                let mut coins = self.coins(Node::Leaf, [d_lo, d_hi, r_lo, r_hi]);
                return r_lo.saturating_add(coins.below(range));
            }
            // The range's first half [r_lo, middle] and the number of domain points mapped into
            // it: `taken` of the `domain` points land among its `range.div_ceil(2)` slots. The
            // sample keeps each side's domain no larger than its range, so both halves go on.
            let half = range.div_ceil(2);
            let middle = r_lo.saturating_add(half).saturating_sub(1);
            let mut coins = self.coins(Node::Split, [d_lo, d_hi, r_lo, r_hi]);
            let taken =
                hypergeometric::sample(&mut coins, domain, range.saturating_sub(domain), half);
            let split = d_lo.saturating_add(taken);
            if value < split {
                d_hi = split.saturating_sub(1);
                r_hi = middle;
            } else {
                d_lo = split;
                r_lo = middle.saturating_add(1);
            }
        }
    }

    fn coins(&self, node: Node, bounds: [u64; 4]) -> NodeCoins<'_> {
        NodeCoins {
            key: &self.mac,
            node: node as u8,
            bounds,
            counter: 0,
            block: [0; 4],
            used: 4,
        }
    }
}

/// A string's place in the domain: its first bytes as a big-endian number, zero-padded (so a
/// prefix sorts before the longer string, as in a byte-wise comparison).
fn string_point(text: &str) -> Result<u64> {
    if text.is_empty() {
        return Err(Error::with_detail(ErrorCode::EmptyInput, "sortable string"));
    }
    if text.len() > MAX_SORTABLE_STRING_LEN {
        return Err(Error::with_detail(
            ErrorCode::InputTooLarge,
            "sortable string",
        ));
    }
    let mut bytes = [0u8; 8];
    let slots = bytes
        .iter_mut()
        .skip(8usize.saturating_sub(SORTABLE_STRING_BYTES));
    for (slot, byte) in slots.zip(text.bytes()) {
        *slot = byte;
    }
    Ok(u64::from_be_bytes(bytes))
}

/// What a node's coins decide: where the domain splits, or a leaf's point.
#[derive(Clone, Copy)]
enum Node {
    Split = 0,
    Leaf = 1,
}

/// The coins of one node: `HMAC-SHA-256(key, node kind || bounds || counter)` blocks, four
/// 64-bit words each. The node's bounds identify it in the tree, so every node has its own
/// coins and a value's number depends only on the key and the value.
struct NodeCoins<'k> {
    key: &'k Hmac<Sha256>,
    node: u8,
    bounds: [u64; 4],
    counter: u32,
    block: [u64; 4],
    used: usize,
}

impl Coins for NodeCoins<'_> {
    fn next_u64(&mut self) -> u64 {
        if self.used == self.block.len() {
            let mut mac = self.key.clone();
            mac.update(&[self.node]);
            for bound in self.bounds {
                mac.update(&bound.to_be_bytes());
            }
            mac.update(&self.counter.to_be_bytes());
            let out = mac.finalize().into_bytes();
            for (word, bytes) in self.block.iter_mut().zip(out.chunks_exact(8)) {
                let mut array = [0u8; 8];
                array.copy_from_slice(bytes);
                *word = u64::from_be_bytes(array);
            }
            self.counter = self.counter.wrapping_add(1);
            self.used = 0;
        }
        let word = self.block.get(self.used).copied().unwrap_or_default();
        self.used = self.used.saturating_add(1);
        word
    }
}

impl fmt::Debug for SortableKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SortableKey")
            .field("id", &self.id)
            .field("key", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn key(seed: u8) -> SortableKey {
        SortableKey::derive(&SymmetricKey::for_tests(seed))
    }

    #[test]
    fn edges_of_the_domain_are_in_range_and_ordered() {
        let key = key(1);
        let points = [
            0,
            1,
            2,
            MAX_SORTABLE_NUMBER - 2,
            MAX_SORTABLE_NUMBER - 1,
            MAX_SORTABLE_NUMBER,
        ];
        let numbers: Vec<u64> = points
            .iter()
            .map(|p| key.encrypt_number(*p).unwrap())
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        assert!(numbers.iter().all(|n| *n < 1 << SORTABLE_RANGE_BITS));
    }

    #[test]
    fn out_of_domain_and_bad_strings_are_typed_errors() {
        let key = key(2);
        let code = |r: Result<u64>| r.unwrap_err().code();
        assert_eq!(
            code(key.encrypt_number(MAX_SORTABLE_NUMBER + 1)),
            ErrorCode::OutOfDomain
        );
        assert_eq!(code(key.encrypt_number(u64::MAX)), ErrorCode::OutOfDomain);
        assert_eq!(code(key.encrypt_string("")), ErrorCode::EmptyInput);
        let long = "a".repeat(MAX_SORTABLE_STRING_LEN + 1);
        assert_eq!(code(key.encrypt_string(&long)), ErrorCode::InputTooLarge);
    }

    #[test]
    fn strings_order_by_their_first_six_bytes() {
        let key = key(3);
        let words = [
            "a", "aa", "aaaaa", "aaaaab", "aaaab", "abcdef", "b", "zzzzzz", "ä", "€",
        ];
        let numbers: Vec<u64> = words
            .iter()
            .map(|w| key.encrypt_string(w).unwrap())
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        // Equal in the first six bytes: equal numbers.
        assert_eq!(
            key.encrypt_string("abcdefX").unwrap(),
            key.encrypt_string("abcdefY").unwrap()
        );
    }

    #[test]
    fn keys_of_other_generations_give_other_numbers() {
        assert_ne!(
            key(4).encrypt_number(1000).unwrap(),
            key(5).encrypt_number(1000).unwrap()
        );
    }

    fn point() -> impl Strategy<Value = u64> {
        prop_oneof![
            0..64u64,
            (MAX_SORTABLE_NUMBER - 64)..=MAX_SORTABLE_NUMBER,
            0..=MAX_SORTABLE_NUMBER,
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn order_is_preserved_for_every_pair(seed in any::<u8>(), a in point(), b in point()) {
            let key = key(seed);
            let (x, y) = (key.encrypt_number(a).unwrap(), key.encrypt_number(b).unwrap());
            prop_assert_eq!(a.cmp(&b), x.cmp(&y));
            prop_assert!(x < 1 << SORTABLE_RANGE_BITS && y < 1 << SORTABLE_RANGE_BITS);
        }

        #[test]
        fn string_order_follows_byte_order(seed in any::<u8>(), a in "\\PC{1,8}", b in "\\PC{1,8}") {
            let key = key(seed);
            let (x, y) = (key.encrypt_string(&a).unwrap(), key.encrypt_string(&b).unwrap());
            let head = |s: &str| s.as_bytes()[..s.len().min(SORTABLE_STRING_BYTES)].to_vec();
            prop_assert_eq!(head(&a).cmp(&head(&b)), x.cmp(&y));
        }
    }
}
