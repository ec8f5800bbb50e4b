//! Login: `/prepare_login`, `/done_login`, `/validate_mfa`, `/verify_login`.
//!
//! An unknown identifier is indistinguishable from a known one: `prepare_login` answers with
//! deterministic fake parameters, and a wrong password and an unknown identifier give the same
//! error body after the same work (the auth key is compared against a dummy hash).

use axum::Extension;
use axum::extract::State;
use sentc_core::crypto::{
    AuthKey, HashedAuthKey, PasswordParams, SALT_LEN, base64_decode, base64_encode,
};
use sentc_core::protocol::user::{
    DoneLoginRequest, DoneLoginResponse, IdentifierRequest, LoginResponse, PrepareLoginResponse,
    ValidateMfaRequest, VerifyLoginRequest,
};
use sentc_core::user::check_identifier;
use sentc_core::{Error, ErrorCode};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::store::{self, DeviceRow};
use super::{otp, session};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiOk, ClientAddr, RequestApp};
use crate::rate_limit::{self, Limit, LoginAttempt};
use crate::state::AppState;

const CHALLENGE_LEN: usize = 32;

/// `POST /api/v1/prepare_login`.
pub async fn prepare_login(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    ApiJson(request): ApiJson<IdentifierRequest>,
) -> ApiResult<ApiOk<PrepareLoginResponse>> {
    check_identifier(&request.user_identifier)?;
    let mut connection = state.db.pool.acquire().await?;
    let device =
        store::device_by_identifier(&mut connection, &app.app.id, &request.user_identifier).await?;
    let password_params = match device {
        Some(device) => store::column(&device.password_params)?,
        None => fake_params(&state, &app.app.id, &request.user_identifier),
    };
    Ok(ApiOk(PrepareLoginResponse { password_params }))
}

/// The parameters an unknown identifier gets: the defaults with a salt derived from the root
/// key, the app and the identifier, so the same identifier always gets the same answer.
fn fake_params(state: &AppState, app_id: &str, identifier: &str) -> PasswordParams {
    let label = [
        b"fake-salt\0".as_slice(),
        app_id.as_bytes(),
        b"\0",
        identifier.as_bytes(),
    ]
    .concat();
    let derived = state.root.derive(&label);
    let mut salt = [0u8; SALT_LEN];
    salt.copy_from_slice(&derived[..SALT_LEN]);
    PasswordParams::with_salt(salt)
}

/// The limits a login step of `identifier` from `client` counts against.
fn login_limits(
    state: &AppState,
    app_id: &str,
    identifier: &str,
    client: &ClientAddr,
) -> [Limit; 2] {
    [
        Limit::login_identifier(state, app_id, identifier),
        Limit::login_address(state, app_id, client),
    ]
}

/// Checks the auth key. Every failure (unknown identifier, wrong password, malformed key) is the
/// same [`ErrorCode::LoginFailed`]; the caller counts the attempt with [`LoginAttempt`] before
/// this runs.
async fn authenticate(
    connection: &mut AnyConnection,
    app_id: &str,
    identifier: &str,
    auth_key: &str,
) -> ApiResult<DeviceRow> {
    check_identifier(identifier)?;
    let device = store::device_by_identifier(connection, app_id, identifier).await?;
    // Unknown identifiers are checked against a dummy hash so both paths do the same work.
    let stored = match &device {
        Some(device) => HashedAuthKey::from_base64(&device.hashed_auth_key)?,
        None => HashedAuthKey::from_base64(&base64_encode(&[0u8; 32]))?,
    };
    let verified = AuthKey::from_base64(auth_key).is_ok_and(|key| stored.verify(&key));
    match device {
        Some(device) if verified => Ok(device),
        _ => Err(ErrorCode::LoginFailed.into()),
    }
}

/// `POST /api/v1/done_login`.
pub async fn done_login(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    client: ClientAddr,
    ApiJson(request): ApiJson<DoneLoginRequest>,
) -> ApiResult<ApiOk<DoneLoginResponse>> {
    let app_id = &app.app.id;
    let identifier = &request.user_identifier;
    let limits = login_limits(&state, app_id, identifier, &client);
    let mut attempt = LoginAttempt::begin(&state, &limits).await?;
    let result = async {
        let tx = attempt.connection();
        let device = authenticate(tx, app_id, identifier, request.auth_key.expose()).await?;
        let user_id = device.user_id.clone().ok_or(ErrorCode::DeviceNotFound)?;
        let response = if otp::is_enabled(tx, &user_id).await? {
            DoneLoginResponse::Mfa
        } else {
            challenge(&state, tx, &device).await?
        };
        Ok(ApiOk(response))
    }
    .await;
    attempt.finish(result).await
}

/// `POST /api/v1/validate_mfa`.
pub async fn validate_mfa(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    client: ClientAddr,
    ApiJson(request): ApiJson<ValidateMfaRequest>,
) -> ApiResult<ApiOk<DoneLoginResponse>> {
    let app_id = &app.app.id;
    let identifier = &request.user_identifier;
    let limits = login_limits(&state, app_id, identifier, &client);
    let mut attempt = LoginAttempt::begin(&state, &limits).await?;
    let result = async {
        let tx = attempt.connection();
        let device = authenticate(tx, app_id, identifier, request.auth_key.expose()).await?;
        let user_id = device.user_id.clone().ok_or(ErrorCode::DeviceNotFound)?;
        otp::check_token(
            &state,
            tx,
            &user_id,
            request.token.expose(),
            request.recovery,
        )
        .await?;
        Ok(ApiOk(challenge(&state, tx, &device).await?))
    }
    .await;
    attempt.finish(result).await
}

/// Stores a new challenge for the device and returns it encrypted to the device public key,
/// with the device keys.
async fn challenge(
    state: &AppState,
    connection: &mut AnyConnection,
    device: &DeviceRow,
) -> ApiResult<DoneLoginResponse> {
    let mut challenge = [0u8; CHALLENGE_LEN];
    getrandom::fill(&mut challenge).map_err(|_| ErrorCode::RandomnessUnavailable)?;
    // Several logins of one device may be under way at once (two tabs); each gets its own
    // challenge. Expired ones of the device go first.
    let now = state.now_ms();
    sqlx::query("DELETE FROM login_challenges WHERE device_id = $1 AND expires_at <= $2")
        .bind(&device.id)
        .bind(now)
        .execute(&mut *connection)
        .await?;
    sqlx::query(
        "INSERT INTO login_challenges (challenge_hash, device_id, expires_at) VALUES ($1, $2, $3)",
    )
    .bind(base64_encode(&Sha256::digest(challenge)))
    .bind(&device.id)
    .bind(now + state.settings.challenge_lifetime_ms)
    .execute(connection)
    .await?;
    let encrypted = device.public_key()?.encrypt(&challenge)?;
    Ok(DoneLoginResponse::Keys {
        device: Box::new(device.keys_data()?),
        challenge: base64_encode(&encrypted),
    })
}

/// `POST /api/v1/verify_login`.
pub async fn verify_login(
    State(state): State<AppState>,
    Extension(app): Extension<RequestApp>,
    client: ClientAddr,
    ApiJson(request): ApiJson<VerifyLoginRequest>,
) -> ApiResult<ApiOk<LoginResponse>> {
    let app_id = &app.app.id;
    let identifier = &request.user_identifier;
    let limits = login_limits(&state, app_id, identifier, &client);
    let mut attempt = LoginAttempt::begin(&state, &limits).await?;
    let result = async {
        let tx = attempt.connection();
        let device = authenticate(tx, app_id, identifier, request.auth_key.expose()).await?;
        take_challenge(&state, tx, &device.id, request.challenge.expose()).await?;
        let user_id = device.user_id.clone().ok_or(ErrorCode::DeviceNotFound)?;
        let (jwt, refresh_token) =
            session::issue(&state, tx, app_id, &user_id, &device.id, true).await?;
        let user_keys = store::user_keys_for_device(tx, &device.id).await?;
        let mfa = otp::is_enabled(tx, &user_id).await?;
        // A completed login forgets the identifier's earlier failures.
        rate_limit::clear(tx, &limits[0]).await?;
        Ok(ApiOk(LoginResponse {
            user_id,
            device_id: device.id,
            jwt,
            refresh_token: refresh_token.into(),
            user_keys,
            mfa,
        }))
    }
    .await;
    attempt.finish(result).await
}

/// Consumes the device's challenge if `answer` matches it and it has not expired.
async fn take_challenge(
    state: &AppState,
    connection: &mut AnyConnection,
    device_id: &str,
    answer: &str,
) -> ApiResult<()> {
    let failed = || ApiError::from(Error::new(ErrorCode::ChallengeFailed));
    let answer = base64_decode(answer, CHALLENGE_LEN).map_err(|_| failed())?;
    // Looking up by the hash of a 256-bit random value reveals nothing worth timing.
    let expires_at: i64 = sqlx::query_scalar(
        "DELETE FROM login_challenges WHERE challenge_hash = $1 AND device_id = $2 \
         RETURNING expires_at",
    )
    .bind(base64_encode(&Sha256::digest(&answer)))
    .bind(device_id)
    .fetch_optional(connection)
    .await?
    .ok_or_else(failed)?;
    if expires_at <= state.now_ms() {
        return Err(failed());
    }
    Ok(())
}
