//! TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) with replay protection, and the
//! recovery codes that stand in for it.

use hmac::{Hmac, KeyInit, Mac};
use sentc_core::ErrorCode;
use sha1::Sha1;
use subtle::ConstantTimeEq;

use crate::error::ApiResult;

/// Length of a TOTP secret in bytes (160 bits, as RFC 4226 recommends).
pub const SECRET_LEN: usize = 20;
const STEP_MS: i64 = 30_000;
const DIGITS: u32 = 6;
const RECOVERY_CODES: usize = 6;

/// A new random secret.
pub fn generate_secret() -> ApiResult<[u8; SECRET_LEN]> {
    let mut secret = [0u8; SECRET_LEN];
    getrandom::fill(&mut secret).map_err(|_| ErrorCode::RandomnessUnavailable)?;
    Ok(secret)
}

/// The TOTP step of a time.
pub fn step(now_ms: i64) -> i64 {
    now_ms.div_euclid(STEP_MS)
}

/// The code of a step (RFC 4226 HOTP with the step as counter).
pub fn code(secret: &[u8], step: i64) -> String {
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest.last().copied().unwrap_or(0) & 0x0f);
    let word = digest
        .get(offset..offset + 4)
        .map(|bytes| {
            bytes
                .iter()
                .fold(0u32, |acc, byte| (acc << 8) | u32::from(*byte))
        })
        .unwrap_or(0);
    format!("{:06}", (word & 0x7fff_ffff) % 10u32.pow(DIGITS))
}

/// The step a code matches, allowing one step of clock drift either way, and only steps after
/// `last_used_step` (a code is single-use).
pub fn verify(secret: &[u8], candidate: &str, now_ms: i64, last_used_step: i64) -> Option<i64> {
    let now = step(now_ms);
    (now - 1..=now + 1)
        .filter(|step| *step > last_used_step)
        .find(|step| bool::from(code(secret, *step).as_bytes().ct_eq(candidate.as_bytes())))
}

/// RFC 4648 base32 without padding, as authenticator apps expect.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes [`base32`] (for tests and authenticator-side code).
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let (mut buffer, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for ch in text.chars() {
        let value = match ch {
            'A'..='Z' => ch as u32 - 'A' as u32,
            '2'..='7' => ch as u32 - '2' as u32 + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// New single-use recovery codes (`xxxx-xxxx-xxxx`, 60 bits each).
pub fn recovery_codes() -> ApiResult<Vec<String>> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes).map_err(|_| ErrorCode::RandomnessUnavailable)?;
            let text = base32(&bytes).to_lowercase();
            Ok(format!(
                "{}-{}-{}",
                text.get(0..4).unwrap_or_default(),
                text.get(4..8).unwrap_or_default(),
                text.get(8..12).unwrap_or_default()
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (the 8-digit codes' last 6 digits).
    #[test]
    fn rfc6238_vectors() {
        let secret = b"12345678901234567890";
        for (seconds, expected) in [
            (59i64, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code(secret, step(seconds * 1000)), expected, "{seconds}");
        }
    }

    #[test]
    fn verify_window_and_replay() {
        let secret = generate_secret().unwrap();
        let now = 1_700_000_000_000;
        let current = code(&secret, step(now));
        assert_eq!(verify(&secret, &current, now, 0), Some(step(now)));
        assert_eq!(verify(&secret, &current, now, step(now)), None);
        let old = code(&secret, step(now) - 3);
        assert_eq!(verify(&secret, &old, now, 0), None);
        assert_eq!(verify(&secret, "000000x", now, 0), None);
    }

    #[test]
    fn base32_round_trip() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        let secret = generate_secret().unwrap();
        assert_eq!(base32_decode(&base32(&secret)).unwrap(), secret);
    }
}
