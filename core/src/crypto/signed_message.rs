//! Signed messages: data with its signature attached, `signature (3,391 bytes) || data`, for
//! data that is public but must be shown to come from a user (e.g. a post, an invitation).
//! The signature's encoding names the verify key, so a verifier knows which key to fetch.

use super::key_id::KeyId;
use super::signature::{SignKey, Signature, VerifyKey};
use crate::error::{ErrorCode, Result};

/// The signature context of signed messages, distinct from every other signature in sentc.
pub const SIGNED_MESSAGE_CONTEXT: &[u8] = b"sentc-signed-message-v1";

/// Signs `data` and returns the signed message.
pub fn sign_message(key: &SignKey, data: &[u8]) -> Result<Vec<u8>> {
    let signature = key.sign(data, SIGNED_MESSAGE_CONTEXT)?;
    let mut out = signature.to_bytes();
    out.extend_from_slice(data);
    Ok(out)
}

/// The id of the verify key a signed message needs.
pub fn signed_message_signer(signed: &[u8]) -> Result<KeyId> {
    Ok(split(signed)?.0.key_id())
}

/// Verifies a signed message and returns its data.
pub fn verify_message<'a>(key: &VerifyKey, signed: &'a [u8]) -> Result<&'a [u8]> {
    let (signature, data) = split(signed)?;
    key.verify(data, SIGNED_MESSAGE_CONTEXT, &signature)?;
    Ok(data)
}

fn split(signed: &[u8]) -> Result<(Signature, &[u8])> {
    if signed.is_empty() {
        return Err(ErrorCode::EmptyInput.into());
    }
    let (signature, data) = signed
        .split_at_checked(Signature::ENCODED_LEN)
        .ok_or(ErrorCode::InputTruncated)?;
    Ok((Signature::from_bytes(signature)?, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_tampering_fails() {
        let key = SignKey::generate().unwrap();
        let signed = sign_message(&key, b"posted by alice").unwrap();
        assert_eq!(signed_message_signer(&signed).unwrap(), key.id());
        assert_eq!(
            verify_message(key.verify_key(), &signed).unwrap(),
            b"posted by alice"
        );

        let mut changed = signed.clone();
        if let Some(last) = changed.last_mut() {
            *last ^= 1;
        }
        assert_eq!(
            verify_message(key.verify_key(), &changed)
                .unwrap_err()
                .code(),
            ErrorCode::SignatureInvalid
        );
        let other = SignKey::generate().unwrap();
        assert_eq!(
            verify_message(other.verify_key(), &signed)
                .unwrap_err()
                .code(),
            ErrorCode::WrongKey
        );
        let short = &signed[..100];
        assert_eq!(
            verify_message(key.verify_key(), short).unwrap_err().code(),
            ErrorCode::InputTruncated
        );
        assert_eq!(
            verify_message(key.verify_key(), &[]).unwrap_err().code(),
            ErrorCode::EmptyInput
        );
    }

    #[test]
    fn a_signature_from_another_context_is_refused() {
        let key = SignKey::generate().unwrap();
        let signature = key.sign(b"data", b"sentc-encrypted-item-v1").unwrap();
        let mut forged = signature.to_bytes();
        forged.extend_from_slice(b"data");
        assert_eq!(
            verify_message(key.verify_key(), &forged)
                .unwrap_err()
                .code(),
            ErrorCode::SignatureInvalid
        );
    }
}
