//! Device proofs: a logged-in device signs a one-time server nonce, the action (the endpoint
//! path) and the request's payload with its device sign key. Operations that would let a
//! stolen session take over the account (reset the password, change the login identifier, add
//! a device) require one, so a leaked JWT or refresh token alone cannot do them, while a
//! logged-in device still can without asking for the password.

use crate::crypto::{Signature, VerifyKey, base64_decode, base64_encode, json_to_string};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::DeviceKeys;
use crate::protocol::envelope::parse_response;
use crate::protocol::user::{DeviceProofNonce, DeviceProvenRequest};

/// The signature context of device proofs.
const CONTEXT: &[u8] = b"sentc-device-proof-v1";
/// Nonce length in bytes.
pub const DEVICE_PROOF_NONCE_LEN: usize = 32;

/// The signed message: the nonce, then the action and the payload, each with its length, so
/// no two (action, payload) pairs sign the same bytes.
fn message(nonce: &[u8], action: &str, payload: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        nonce
            .len()
            .saturating_add(action.len())
            .saturating_add(payload.len())
            .saturating_add(16),
    );
    out.extend_from_slice(nonce);
    for part in [action.as_bytes(), payload.as_bytes()] {
        out.extend_from_slice(&(part.len() as u64).to_be_bytes());
        out.extend_from_slice(part);
    }
    out
}

/// Reads the nonce from the server's answer to `POST /api/v1/user/device_proof`.
pub fn done_device_proof_nonce(server_output: &str) -> Result<String> {
    parse_response::<DeviceProofNonce>(server_output).map(|response| response.nonce)
}

/// The body of a request proven by this device: `payload` (the operation's own JSON body) with
/// the nonce and the device's signature over nonce, `action` and payload.
pub fn prepare_device_proof(
    device: &DeviceKeys,
    action: &str,
    nonce: &str,
    payload: String,
) -> Result<String> {
    let nonce_bytes = base64_decode(nonce, DEVICE_PROOF_NONCE_LEN)?;
    if nonce_bytes.len() != DEVICE_PROOF_NONCE_LEN {
        return Err(Error::with_detail(
            ErrorCode::MalformedInput,
            "device proof nonce",
        ));
    }
    let signature = device
        .sign_key()
        .sign(&message(&nonce_bytes, action, &payload), CONTEXT)?;
    json_to_string(&DeviceProvenRequest {
        payload,
        nonce: nonce.to_string(),
        signature: base64_encode(&signature.to_bytes()),
    })
}

/// On the server: checks that the device of `verify_key` signed `request` for `action` and
/// returns the payload. Checking that the nonce was issued to that device and is unused is the
/// server's part. Every failure is [`ErrorCode::DeviceProofInvalid`].
pub fn verify_device_proof<'a>(
    verify_key: &VerifyKey,
    action: &str,
    request: &'a DeviceProvenRequest,
) -> Result<&'a str> {
    let invalid = || Error::new(ErrorCode::DeviceProofInvalid);
    let nonce = base64_decode(&request.nonce, DEVICE_PROOF_NONCE_LEN).map_err(|_| invalid())?;
    let signature = base64_decode(&request.signature, Signature::ENCODED_LEN)
        .and_then(|bytes| Signature::from_bytes(&bytes))
        .map_err(|_| invalid())?;
    if nonce.len() != DEVICE_PROOF_NONCE_LEN || signature.key_id() != verify_key.id() {
        return Err(invalid());
    }
    verify_key
        .verify(
            &message(&nonce, action, &request.payload),
            CONTEXT,
            &signature,
        )
        .map_err(|_| invalid())?;
    Ok(&request.payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nonce() -> String {
        base64_encode(&[7u8; DEVICE_PROOF_NONCE_LEN])
    }

    #[test]
    fn a_proof_verifies_for_its_action_payload_and_device_only() {
        let device = DeviceKeys::generate().unwrap();
        let other = DeviceKeys::generate().unwrap();
        let body = prepare_device_proof(&device, "/a", &nonce(), "{\"x\":1}".into()).unwrap();
        let request: DeviceProvenRequest = serde_json::from_str(&body).unwrap();
        assert_eq!(
            verify_device_proof(device.verify_key(), "/a", &request).unwrap(),
            "{\"x\":1}"
        );
        let code = |result: Result<&str>| result.unwrap_err().code();
        assert_eq!(
            code(verify_device_proof(other.verify_key(), "/a", &request)),
            ErrorCode::DeviceProofInvalid
        );
        assert_eq!(
            code(verify_device_proof(device.verify_key(), "/b", &request)),
            ErrorCode::DeviceProofInvalid
        );
        let mut changed = request.clone();
        changed.payload = "{\"x\":2}".into();
        assert_eq!(
            code(verify_device_proof(device.verify_key(), "/a", &changed)),
            ErrorCode::DeviceProofInvalid
        );
        let mut other_nonce = request.clone();
        other_nonce.nonce = base64_encode(&[8u8; DEVICE_PROOF_NONCE_LEN]);
        assert_eq!(
            code(verify_device_proof(device.verify_key(), "/a", &other_nonce)),
            ErrorCode::DeviceProofInvalid
        );
        let mut garbage = request;
        garbage.signature = "AAAA".into();
        assert_eq!(
            code(verify_device_proof(device.verify_key(), "/a", &garbage)),
            ErrorCode::DeviceProofInvalid
        );
    }
}
