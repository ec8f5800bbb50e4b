//! Device proofs on the server: one-time nonces for a logged-in device, and the check that a
//! proven request was signed by that device's sign key over one of its unused nonces.

use axum::extract::State;
use sentc_core::crypto::{base64_decode, base64_encode};
use sentc_core::protocol::user::{DeviceProofNonce, DeviceProvenRequest};
use sentc_core::user::{DEVICE_PROOF_NONCE_LEN, verify_device_proof};
use sentc_core::{Error, ErrorCode};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::store::{self, column};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiOk, Session};
use crate::state::AppState;

/// Unexpired nonces one device may hold at once.
const MAX_OPEN_NONCES: i64 = 16;

/// `POST /api/v1/user/device_proof`: a nonce for this device, valid for the challenge
/// lifetime and one request.
pub async fn nonce(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<ApiOk<DeviceProofNonce>> {
    let mut nonce = [0u8; DEVICE_PROOF_NONCE_LEN];
    getrandom::fill(&mut nonce).map_err(|_| ErrorCode::RandomnessUnavailable)?;
    let now = state.now_ms();
    let mut tx = state.db.begin().await?;
    store::delete_expired_proof_nonces(&mut tx, &session.device_id, now).await?;
    if store::open_proof_nonces(&mut tx, &session.device_id).await? >= MAX_OPEN_NONCES {
        return Err(Error::with_detail(ErrorCode::RateLimited, "device proof nonces").into());
    }
    store::insert_proof_nonce(
        &mut tx,
        &nonce_hash(&nonce),
        &session.device_id,
        now + state.settings.challenge_lifetime_ms,
    )
    .await?;
    tx.commit().await?;
    Ok(ApiOk(DeviceProofNonce {
        nonce: base64_encode(&nonce),
    }))
}

fn nonce_hash(nonce: &[u8]) -> String {
    base64_encode(&Sha256::digest(nonce))
}

/// Checks that the session's device proved `request` for `action` (the endpoint path), uses
/// its nonce up, and parses the payload. Every proof failure is `5020 DeviceProofInvalid`.
pub async fn check<T: DeserializeOwned>(
    state: &AppState,
    connection: &mut AnyConnection,
    session: &Session,
    action: &str,
    request: &DeviceProvenRequest,
) -> ApiResult<T> {
    let invalid = || ApiError::from(ErrorCode::DeviceProofInvalid);
    let nonce = base64_decode(&request.nonce, DEVICE_PROOF_NONCE_LEN).map_err(|_| invalid())?;
    let expires_at =
        store::take_proof_nonce(&mut *connection, &nonce_hash(&nonce), &session.device_id)
            .await?
            .ok_or_else(invalid)?;
    if expires_at <= state.now_ms() {
        return Err(invalid());
    }
    let device = store::device_by_id(connection, &session.device_id).await?;
    let payload = verify_device_proof(&column(&device.verify_key)?, action, request)?;
    serde_json::from_str(payload)
        .map_err(|err| Error::with_detail(ErrorCode::InvalidJson, err.to_string()).into())
}
