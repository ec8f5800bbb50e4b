//! Safety numbers: a fingerprint two users compare out of band (read aloud, scan) to be sure
//! they hold each other's real verify keys, in the style of Signal's safety numbers.
//!
//! Each user's half is 30 digits from `SHA-512^5200("sentc-safety-number-v1" || len(id) || id ||
//! verify key)`; the halves are ordered by user id, so both users compute the same 60 digits.

use sha2::{Digest, Sha512};

use crate::crypto::VerifyKey;

const ITERATIONS: usize = 5200;

/// The safety number of two users, as 12 groups of 5 digits.
pub fn safety_number(a: (&str, &VerifyKey), b: (&str, &VerifyKey)) -> String {
    let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
    let digits = half(first.0, first.1) + &half(second.0, second.1);
    digits
        .as_bytes()
        .chunks(5)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn half(user_id: &str, key: &VerifyKey) -> String {
    let mut digest = Sha512::new()
        .chain_update(b"sentc-safety-number-v1")
        .chain_update((user_id.len() as u64).to_be_bytes())
        .chain_update(user_id.as_bytes())
        .chain_update(key.as_bytes())
        .finalize();
    for _ in 1..ITERATIONS {
        digest = Sha512::new()
            .chain_update(digest)
            .chain_update(key.as_bytes())
            .finalize();
    }
    digest
        .chunks(5)
        .take(6)
        .map(|chunk| {
            let value = chunk
                .iter()
                .fold(0u64, |acc, byte| (acc << 8) | u64::from(*byte));
            format!("{:05}", value % 100_000)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::SignKey;

    #[test]
    fn symmetric_and_key_dependent() {
        let alice = SignKey::generate().unwrap();
        let bob = SignKey::generate().unwrap();
        let mallory = SignKey::generate().unwrap();
        let ab = safety_number(("alice", alice.verify_key()), ("bob", bob.verify_key()));
        let ba = safety_number(("bob", bob.verify_key()), ("alice", alice.verify_key()));
        assert_eq!(ab, ba);
        assert_eq!(ab.len(), 60 + 11);
        assert!(ab.chars().all(|c| c.is_ascii_digit() || c == ' '));
        let am = safety_number(("alice", alice.verify_key()), ("bob", mallory.verify_key()));
        assert_ne!(ab, am);
    }
}
