//! The chain every key rotation (user or group) hangs on: the new generation's symmetric key is
//! wrapped under a fresh ephemeral key, and the ephemeral key under the previous generation.
//! The server stores the chain and encrypts the ephemeral-by-previous wrap to each holder's
//! public key, so the starter's cost does not depend on how many devices or members there are.

use crate::crypto::{KeyId, PrivateKey, SymmetricKey, WrappedKey, base64_decode};
use crate::error::{Error, ErrorCode, Result};

/// The largest base64 blob the server sends per holder (a public-key sealed wrapped key).
const MAX_BLOB_LEN: usize = 16 * 1024;

/// Checks that `new_key_by_ephemeral` wraps the generation `new_key_id` under the key that
/// `ephemeral_by_previous` wraps, and that this ephemeral key is wrapped under
/// `previous_key_id`. The server refuses a rotation whose chain is broken, since holders could
/// not finish it.
pub fn check_rotation_chain(
    previous_key_id: KeyId,
    new_key_id: KeyId,
    ephemeral_by_previous: &WrappedKey,
    new_key_by_ephemeral: &WrappedKey,
) -> Result<()> {
    let chained = new_key_by_ephemeral.key_id() == new_key_id
        && new_key_by_ephemeral.wrapping_key_id() == ephemeral_by_previous.key_id()
        && ephemeral_by_previous.wrapping_key_id() == previous_key_id;
    if chained {
        Ok(())
    } else {
        Err(Error::with_detail(
            ErrorCode::KeysInconsistent,
            "new key, ephemeral key and previous key are not chained",
        ))
    }
}

/// Opens a holder's blob (base64 of the ephemeral-by-previous wrap sealed to the holder's
/// public key) and unwraps the ephemeral key with the previous generation's symmetric key.
/// `previous_key_id` is the generation the rotation names as previous: a holder that passes
/// another generation gets [`ErrorCode::KeyRequired`] naming the one it needs.
pub fn open_rotation_ephemeral(
    encrypted_ephemeral: &str,
    holder: &PrivateKey,
    previous: &SymmetricKey,
    previous_key_id: KeyId,
) -> Result<SymmetricKey> {
    if previous.id() != previous_key_id {
        return Err(Error::for_key(ErrorCode::KeyRequired, previous_key_id));
    }
    let blob = holder.decrypt(&base64_decode(encrypted_ephemeral, MAX_BLOB_LEN)?)?;
    previous.unwrap_key(&WrappedKey::from_bytes(blob)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::base64_encode;

    fn chain() -> (
        SymmetricKey,
        SymmetricKey,
        SymmetricKey,
        WrappedKey,
        WrappedKey,
    ) {
        let previous = SymmetricKey::generate().unwrap();
        let ephemeral = SymmetricKey::generate().unwrap();
        let new = SymmetricKey::generate().unwrap();
        let by_previous = previous.wrap_key(&ephemeral).unwrap();
        let by_ephemeral = ephemeral.wrap_key(&new).unwrap();
        (previous, ephemeral, new, by_previous, by_ephemeral)
    }

    #[test]
    fn a_chain_checks_and_every_broken_link_is_refused() {
        let (previous, _, new, by_previous, by_ephemeral) = chain();
        check_rotation_chain(previous.id(), new.id(), &by_previous, &by_ephemeral).unwrap();
        let other = SymmetricKey::generate().unwrap();
        let wrong = [
            check_rotation_chain(other.id(), new.id(), &by_previous, &by_ephemeral),
            check_rotation_chain(previous.id(), other.id(), &by_previous, &by_ephemeral),
            check_rotation_chain(previous.id(), new.id(), &by_ephemeral, &by_ephemeral),
            check_rotation_chain(previous.id(), new.id(), &by_previous, &by_previous),
        ];
        for result in wrong {
            assert_eq!(result.unwrap_err().code(), ErrorCode::KeysInconsistent);
        }
    }

    #[test]
    fn a_holder_opens_the_ephemeral_key_and_no_one_else_does() {
        let (previous, ephemeral, _, by_previous, _) = chain();
        let holder = PrivateKey::generate().unwrap();
        let sealed = holder.public_key().encrypt(by_previous.as_bytes()).unwrap();
        let blob = base64_encode(&sealed);
        let open = |holder: &PrivateKey, previous: &SymmetricKey| {
            open_rotation_ephemeral(&blob, holder, previous, by_previous.wrapping_key_id())
        };
        assert_eq!(open(&holder, &previous).unwrap().id(), ephemeral.id());
        let stranger = PrivateKey::generate().unwrap();
        assert!(open(&stranger, &previous).is_err());
        let wrong_previous = SymmetricKey::generate().unwrap();
        let error = open(&holder, &wrong_previous).unwrap_err();
        assert_eq!(error.code(), ErrorCode::KeyRequired);
        assert_eq!(error.key_id(), Some(previous.id()));
    }
}
