//! Devices: a new device announces itself (no login) and hands a transfer text to a logged-in
//! device of the user out of band; that device wraps the user keys to the public key in the
//! transfer and leaves an onboarding record, authenticated with the transfer's one-time
//! secret, which the new device checks its first login against. Listing devices.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::crypto::{
    PublicKey, base64_decode, base64_encode, json_from_str, json_to_string, random,
};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{ChainState, DeviceKeys, KeySet};
use crate::protocol::SecretText;
use crate::protocol::envelope::parse_response;
use crate::protocol::user::{
    DeviceInfo, DeviceTransfer, DoneRegisterDeviceRequest, OnboardingRecord,
    PrepareRegisterDeviceRequest, PrepareRegisterDeviceResponse, WrappedKeyUpload,
};

use super::device_proof::prepare_device_proof;
use super::identifier::check_identifier;
use crate::protocol::paths;

/// The largest transfer text.
const MAX_TRANSFER_LEN: usize = 8192;
/// The largest onboarding record's chain state.
const MAX_ONBOARDING_LEN: usize = 4096;
/// The length of the transfer's one-time secret.
const SECRET_LEN: usize = 32;

/// A new device between announcing itself and handing over the transfer text: its public key
/// and the one-time secret. Keep the secret (see [`Self::secret`]) until the device's first
/// login, which checks the onboarding record with it.
pub struct DeviceStart {
    public_key: PublicKey,
    secret: Zeroizing<[u8; SECRET_LEN]>,
}

impl DeviceStart {
    /// The one-time secret (base64), for the new device to keep until its first login.
    pub fn secret(&self) -> SecretText {
        SecretText::new(base64_encode(self.secret.as_slice()))
    }
}

impl fmt::Debug for DeviceStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceStart").finish_non_exhaustive()
    }
}

/// On the new device: the body of `POST /api/v1/user/prepare_register_device` and what the
/// device keeps for [`done_register_device_start`]. The device can log in with `identifier` and
/// `password` once a logged-in device has finished the registration.
pub fn prepare_register_device_start(
    identifier: &str,
    password: &str,
) -> Result<(String, DeviceStart)> {
    check_identifier(identifier)?;
    let device = DeviceKeys::generate()?;
    let body = json_to_string(&PrepareRegisterDeviceRequest {
        device: device.registration(identifier, password)?,
    })?;
    let start = DeviceStart {
        public_key: device.public_key().clone(),
        secret: random::secret::<SECRET_LEN>()?,
    };
    Ok((body, start))
}

/// On the new device: reads the server's answer and returns the transfer text for a logged-in
/// device, made of the device's own public key and one-time secret (not of anything the
/// server sent back).
pub fn done_register_device_start(start: &DeviceStart, server_output: &str) -> Result<String> {
    let response: PrepareRegisterDeviceResponse = parse_response(server_output)?;
    let transfer = DeviceTransfer {
        device_id: response.device_id,
        token: response.token,
        public_key: start.public_key.clone(),
        secret: start.secret(),
    };
    Ok(base64_encode(json_to_string(&transfer)?.as_bytes()))
}

/// On a logged-in device: the body of `PUT /api/v1/user/done_register_device`, every
/// generation of user keys wrapped for the new device's public key from the transfer text and
/// the onboarding record (`chain`, what this device verified, authenticated with the transfer's
/// secret), proven with this device's sign key over `nonce` (from
/// `POST /api/v1/user/device_proof`).
pub fn prepare_register_device(
    transfer: &str,
    user_keys: &[KeySet],
    chain: &ChainState,
    device: &DeviceKeys,
    nonce: &str,
) -> Result<String> {
    let bytes = base64_decode(transfer.trim(), MAX_TRANSFER_LEN)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "device transfer"))?;
    let transfer: DeviceTransfer = json_from_str(&text, MAX_TRANSFER_LEN)?;
    let secret = decode_secret(transfer.secret.expose())?;
    let user_keys = user_keys
        .iter()
        .map(|set| {
            Ok(WrappedKeyUpload {
                key_id: set.id(),
                wrapped_key: set.wrap_for(&transfer.public_key)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let chain_state = chain.to_json()?;
    let payload = json_to_string(&DoneRegisterDeviceRequest {
        token: transfer.token,
        user_keys,
        onboarding: OnboardingRecord {
            mac: base64_encode(&onboarding_mac(&secret, &chain_state)?),
            chain_state,
        },
    })?;
    prepare_device_proof(device, paths::DONE_REGISTER_DEVICE, nonce, payload)
}

/// On the new device's first login: the chain state the adding device verified, if the record
/// is authenticated by the transfer's secret (`secret`, base64); `2007` otherwise.
pub fn open_onboarding(record: Option<&OnboardingRecord>, secret: &str) -> Result<ChainState> {
    let invalid = || {
        Error::with_detail(
            ErrorCode::KeyChainInvalid,
            "the onboarding record is missing or not from the adding device",
        )
    };
    let record = record.ok_or_else(invalid)?;
    if record.chain_state.len() > MAX_ONBOARDING_LEN {
        return Err(invalid());
    }
    let expected = onboarding_mac(&decode_secret(secret)?, &record.chain_state)?;
    let given = base64_decode(&record.mac, 32).map_err(|_| invalid())?;
    if !bool::from(expected.as_slice().ct_eq(given.as_slice())) {
        return Err(invalid());
    }
    ChainState::from_json(&record.chain_state)
}

fn decode_secret(text: &str) -> Result<Zeroizing<Vec<u8>>> {
    let secret = Zeroizing::new(base64_decode(text, SECRET_LEN)?);
    if secret.len() != SECRET_LEN {
        return Err(Error::with_detail(
            ErrorCode::MalformedInput,
            "onboarding secret",
        ));
    }
    Ok(secret)
}

fn onboarding_mac(secret: &[u8], chain_state: &str) -> Result<[u8; 32]> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret)
        .map_err(|_| Error::new(ErrorCode::InvalidKey))?;
    mac.update(b"sentc-device-onboarding-v1");
    mac.update(chain_state.as_bytes());
    Ok(mac.finalize().into_bytes().into())
}

/// Reads a page of the device list.
pub fn done_list_devices(server_output: &str) -> Result<Vec<DeviceInfo>> {
    parse_response(server_output)
}
