//! Byte-level helpers for the wire formats: a bounds-checked reader, base64 and hex.
//!
//! Every parser in the crate reads through [`Reader`], so a short input is always
//! [`ErrorCode::InputTruncated`] and never an out-of-bounds panic.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::error::{Error, ErrorCode, Result};

/// Reads fixed-layout binary data front to back with length checks.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    /// The next `len` bytes.
    pub(crate) fn take(&mut self, len: usize) -> Result<&'a [u8]> {
        if self.rest.len() < len {
            return Err(ErrorCode::InputTruncated.into());
        }
        let (head, tail) = self.rest.split_at(len);
        self.rest = tail;
        Ok(head)
    }

    /// The next byte.
    pub(crate) fn u8(&mut self) -> Result<u8> {
        let (&first, tail) = self
            .rest
            .split_first()
            .ok_or(Error::new(ErrorCode::InputTruncated))?;
        self.rest = tail;
        Ok(first)
    }

    /// The next `N` bytes as an array.
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let bytes = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// Everything not read yet.
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// Fails unless every byte was read.
    pub(crate) fn finish(self) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Error::with_detail(
                ErrorCode::MalformedInput,
                "trailing bytes",
            ))
        }
    }
}

/// Standard base64 (RFC 4648 §4, with padding), the encoding of every binary value in JSON.
pub fn base64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes standard base64, refusing text whose decoded size would exceed `max_len`
/// before decoding anything.
pub fn base64_decode(text: &str, max_len: usize) -> Result<Vec<u8>> {
    if (text.len() / 4).saturating_mul(3) > max_len.saturating_add(3) {
        return Err(ErrorCode::InputTooLarge.into());
    }
    let bytes = STANDARD
        .decode(text)
        .map_err(|_| Error::new(ErrorCode::InvalidEncoding))?;
    if bytes.len() > max_len {
        return Err(ErrorCode::InputTooLarge.into());
    }
    Ok(bytes)
}

/// Lowercase hex.
pub fn hex_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for byte in bytes {
        for nibble in [byte >> 4, byte & 0x0f] {
            // A nibble is always below 16, so `from_digit` always has an answer.
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    out
}

/// Decodes hex (either case) into exactly `N` bytes.
pub fn hex_decode_array<const N: usize>(text: &str) -> Result<[u8; N]> {
    let text = text.as_bytes();
    if text.len() != N.saturating_mul(2) {
        return Err(Error::with_detail(ErrorCode::InvalidEncoding, "hex length"));
    }
    let mut out = [0u8; N];
    for (byte, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        let [high, low] = pair else {
            return Err(ErrorCode::InvalidEncoding.into());
        };
        *byte = (hex_digit(*high)? << 4) | hex_digit(*low)?;
    }
    Ok(out)
}

fn hex_digit(digit: u8) -> Result<u8> {
    match digit {
        // Within each matched range the results are 0 to 15.
        b'0'..=b'9' => Ok(digit.wrapping_sub(b'0')),
        b'a'..=b'f' => Ok(digit.wrapping_sub(b'a').wrapping_add(10)),
        b'A'..=b'F' => Ok(digit.wrapping_sub(b'A').wrapping_add(10)),
        _ => Err(ErrorCode::InvalidEncoding.into()),
    }
}

/// Parses JSON of at most `max_len` bytes, mapping every failure to [`ErrorCode::InvalidJson`].
pub(crate) fn json_from_str<'a, T: serde::Deserialize<'a>>(
    text: &'a str,
    max_len: usize,
) -> Result<T> {
    if text.len() > max_len {
        return Err(ErrorCode::InputTooLarge.into());
    }
    serde_json::from_str(text).map_err(|err| {
        // serde_json's message names the field and position, never the value.
        Error::with_detail(ErrorCode::InvalidJson, err.to_string())
    })
}

/// Serializes to JSON. Serializing our own plain structs cannot fail; the error path exists
/// so no panic is reachable.
pub(crate) fn json_to_string<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|_| Error::new(ErrorCode::MalformedInput))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_reports_truncation() {
        let mut reader = Reader::new(&[1, 2, 3]);
        assert_eq!(reader.u8().unwrap(), 1);
        assert_eq!(
            reader.take(3).unwrap_err().code(),
            ErrorCode::InputTruncated
        );
        assert_eq!(reader.array::<2>().unwrap(), [2, 3]);
        assert_eq!(reader.u8().unwrap_err().code(), ErrorCode::InputTruncated);
        reader.finish().unwrap();
    }

    #[test]
    fn reader_rejects_trailing_bytes() {
        let reader = Reader::new(&[1]);
        assert_eq!(
            reader.finish().unwrap_err().code(),
            ErrorCode::MalformedInput
        );
    }

    #[test]
    fn hex_round_trip_and_errors() {
        let bytes = [0x00, 0x9f, 0xa0, 0xff];
        assert_eq!(hex_encode(&bytes), "009fa0ff");
        assert_eq!(hex_decode_array::<4>("009FA0ff").unwrap(), bytes);
        assert_eq!(
            hex_decode_array::<4>("009fa0f").unwrap_err().code(),
            ErrorCode::InvalidEncoding
        );
        assert_eq!(
            hex_decode_array::<4>("009fa0fg").unwrap_err().code(),
            ErrorCode::InvalidEncoding
        );
    }

    #[test]
    fn base64_limits_and_errors() {
        assert_eq!(base64_decode(&base64_encode(b"abc"), 3).unwrap(), b"abc");
        assert_eq!(
            base64_decode(&base64_encode(b"abcd"), 3)
                .unwrap_err()
                .code(),
            ErrorCode::InputTooLarge
        );
        assert_eq!(
            base64_decode("not base64!", 100).unwrap_err().code(),
            ErrorCode::InvalidEncoding
        );
        assert_eq!(
            base64_decode(&"A".repeat(4000), 10).unwrap_err().code(),
            ErrorCode::InputTooLarge
        );
    }
}
