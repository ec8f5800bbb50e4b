//! Devices: a new device announces itself (no login), a logged-in device of the user
//! finishes the registration by wrapping the user keys for it; listing devices.

use crate::crypto::{base64_decode, base64_encode, json_from_str, json_to_string};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{DeviceKeys, KeySet};
use crate::protocol::envelope::parse_response;
use crate::protocol::user::{
    DeviceInfo, DoneRegisterDeviceRequest, PrepareRegisterDeviceRequest,
    PrepareRegisterDeviceResponse, WrappedKeyUpload,
};

use super::device_proof::prepare_device_proof;
use super::identifier::check_identifier;
use crate::protocol::paths;

/// The largest transfer text.
const MAX_TRANSFER_LEN: usize = 8192;

/// What the new device hands to a logged-in device (e.g. as a QR code): the pending device's
/// id, the one-time token and its public key.
pub type DeviceTransfer = PrepareRegisterDeviceResponse;

/// On the new device: the body of `POST /api/v1/user/prepare_register_device`. The device can
/// log in with `identifier` and `password` once a logged-in device has finished the
/// registration.
pub fn prepare_register_device_start(identifier: &str, password: &str) -> Result<String> {
    check_identifier(identifier)?;
    let device = DeviceKeys::generate()?;
    json_to_string(&PrepareRegisterDeviceRequest {
        device: device.registration(identifier, password)?,
    })
}

/// On the new device: reads the server's answer and returns the transfer text for a
/// logged-in device.
pub fn done_register_device_start(server_output: &str) -> Result<String> {
    let transfer: DeviceTransfer = parse_response(server_output)?;
    Ok(base64_encode(json_to_string(&transfer)?.as_bytes()))
}

/// On a logged-in device: the body of `PUT /api/v1/user/done_register_device`, every
/// generation of user keys wrapped for the new device's public key from the transfer text,
/// proven with this device's sign key over `nonce` (from `POST /api/v1/user/device_proof`).
pub fn prepare_register_device(
    transfer: &str,
    user_keys: &[KeySet],
    device: &DeviceKeys,
    nonce: &str,
) -> Result<String> {
    let bytes = base64_decode(transfer.trim(), MAX_TRANSFER_LEN)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "device transfer"))?;
    let transfer: DeviceTransfer = json_from_str(&text, MAX_TRANSFER_LEN)?;
    let user_keys = user_keys
        .iter()
        .map(|set| {
            Ok(WrappedKeyUpload {
                key_id: set.id(),
                wrapped_key: set.wrap_for(&transfer.public_key)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let payload = json_to_string(&DoneRegisterDeviceRequest {
        token: transfer.token,
        user_keys,
    })?;
    prepare_device_proof(device, paths::DONE_REGISTER_DEVICE, nonce, payload)
}

/// Reads a page of the device list.
pub fn done_list_devices(server_output: &str) -> Result<Vec<DeviceInfo>> {
    parse_response(server_output)
}
