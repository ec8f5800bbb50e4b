//! Database access shared by the user endpoints.

use sentc_core::crypto::{KeyId, PublicKey, VerifyKey, WrappedKey};
use sentc_core::protocol::user::{
    DeviceKeysData, DeviceRegistration, KeySetData, OnboardingRecord, UserKeyLink,
};
use sentc_core::{Error, ErrorCode};
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::error::{ApiResult, is_unique_violation};
use crate::generations::{GenerationTable, check_id_free, insert_error};
use crate::secrets::new_id;

/// A device row.
#[derive(Debug, Clone)]
pub struct DeviceRow {
    pub id: String,
    pub user_id: Option<String>,
    pub identifier: String,
    pub password_params: String,
    pub hashed_auth_key: String,
    pub master_key: String,
    pub public_key: String,
    pub verify_key: String,
    pub private_key: String,
    pub sign_key: String,
    pub chain_state: Option<String>,
    pub onboarding: Option<String>,
    pub created_at: i64,
}

/// The columns of [`DeviceRow`], for `concat!` (sqlx takes only static SQL).
macro_rules! device_columns {
    () => {
        "id, user_id, identifier, password_params, hashed_auth_key, master_key, public_key, \
         verify_key, private_key, sign_key, chain_state, onboarding, created_at"
    };
}

impl DeviceRow {
    fn from_row(row: &AnyRow) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            user_id: row.try_get("user_id")?,
            identifier: row.try_get("identifier")?,
            password_params: row.try_get("password_params")?,
            hashed_auth_key: row.try_get("hashed_auth_key")?,
            master_key: row.try_get("master_key")?,
            public_key: row.try_get("public_key")?,
            verify_key: row.try_get("verify_key")?,
            private_key: row.try_get("private_key")?,
            sign_key: row.try_get("sign_key")?,
            chain_state: row.try_get("chain_state")?,
            onboarding: row.try_get("onboarding")?,
            created_at: row.try_get("created_at")?,
        })
    }

    /// The keys a device gets back at login.
    pub fn keys_data(&self) -> ApiResult<DeviceKeysData> {
        Ok(DeviceKeysData {
            user_id: self.user_id.clone().ok_or(ErrorCode::DeviceNotFound)?,
            device_id: self.id.clone(),
            master_key: WrappedKey::from_base64(&self.master_key)?,
            public_key: PublicKey::from_json(&self.public_key)?,
            verify_key: column(&self.verify_key)?,
            private_key: WrappedKey::from_base64(&self.private_key)?,
            sign_key: WrappedKey::from_base64(&self.sign_key)?,
            chain_state: self.chain_state.clone(),
            onboarding: self.onboarding.as_deref().map(column).transpose()?,
        })
    }

    /// The device's public key.
    pub fn public_key(&self) -> ApiResult<PublicKey> {
        Ok(PublicKey::from_json(&self.public_key)?)
    }

    /// The id of the master key (the key the private keys are wrapped under).
    pub fn master_key_id(&self) -> ApiResult<KeyId> {
        Ok(WrappedKey::from_base64(&self.master_key)?.key_id())
    }
}

/// Parses a JSON column written by this server.
pub fn column<T: DeserializeOwned>(text: &str) -> ApiResult<T> {
    serde_json::from_str(text)
        .map_err(|_| Error::with_detail(ErrorCode::Internal, "stored value").into())
}

/// Serializes a value for a JSON column.
pub fn to_column<T: serde::Serialize>(value: &T) -> ApiResult<String> {
    serde_json::to_string(value).map_err(|_| ErrorCode::Internal.into())
}

/// A device of the app by login identifier (registered devices only).
pub async fn device_by_identifier(
    connection: &mut AnyConnection,
    app_id: &str,
    identifier: &str,
) -> ApiResult<Option<DeviceRow>> {
    let sql = concat!(
        "SELECT ",
        device_columns!(),
        " FROM devices WHERE app_id = $1 AND identifier = $2 AND user_id IS NOT NULL"
    );
    let row = sqlx::query(sql)
        .bind(app_id)
        .bind(identifier)
        .fetch_optional(connection)
        .await?;
    row.as_ref().map(DeviceRow::from_row).transpose()
}

/// A device by id.
pub async fn device_by_id(connection: &mut AnyConnection, device_id: &str) -> ApiResult<DeviceRow> {
    let sql = concat!("SELECT ", device_columns!(), " FROM devices WHERE id = $1");
    let row = sqlx::query(sql)
        .bind(device_id)
        .fetch_optional(connection)
        .await?
        .ok_or(ErrorCode::DeviceNotFound)?;
    DeviceRow::from_row(&row)
}

/// A user's devices, oldest first.
pub async fn devices_of_user(
    connection: &mut AnyConnection,
    user_id: &str,
) -> ApiResult<Vec<DeviceRow>> {
    let sql = concat!(
        "SELECT ",
        device_columns!(),
        " FROM devices WHERE user_id = $1 ORDER BY created_at, id"
    );
    let rows = sqlx::query(sql).bind(user_id).fetch_all(connection).await?;
    rows.iter().map(DeviceRow::from_row).collect()
}

/// The user of a login identifier.
pub async fn user_by_identifier(
    connection: &mut AnyConnection,
    app_id: &str,
    identifier: &str,
) -> ApiResult<String> {
    device_by_identifier(connection, app_id, identifier)
        .await?
        .and_then(|device| device.user_id)
        .ok_or_else(|| ErrorCode::UserNotFound.into())
}

/// Inserts a device of a user with the given id (new, or the id of its registration).
/// Fails with `5002 IdentifierTaken` if another device of the app has the identifier.
pub async fn insert_device(
    connection: &mut AnyConnection,
    id: &str,
    app_id: &str,
    user_id: &str,
    registration: &DeviceRegistration,
    now_ms: i64,
) -> ApiResult<()> {
    let query = sqlx::query(
        "INSERT INTO devices (id, app_id, user_id, identifier, password_params, hashed_auth_key, \
         master_key, public_key, verify_key, private_key, sign_key, created_at, chain_state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(id)
    .bind(app_id)
    .bind(user_id);
    let result = bind_registration(query, registration)?
        .bind(now_ms)
        .bind(registration.chain_state.as_deref())
        .execute(connection)
        .await;
    match result {
        Ok(_) => Ok(()),
        Err(error) if is_unique_violation(&error) => Err(ErrorCode::IdentifierTaken.into()),
        Err(error) => Err(error.into()),
    }
}

/// A query on the `any` driver.
type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, <sqlx::Any as sqlx::Database>::Arguments>;

/// Binds a device registration's columns, in the order `devices` and `device_registrations`
/// both declare them: identifier, password parameters, hashed auth key, master key, public
/// key, verify key, private key, sign key.
fn bind_registration<'q>(
    query: AnyQuery<'q>,
    registration: &'q DeviceRegistration,
) -> ApiResult<AnyQuery<'q>> {
    Ok(query
        .bind(&registration.device_identifier)
        .bind(to_column(&registration.password_params)?)
        .bind(&registration.hashed_auth_key)
        .bind(registration.master_key.to_base64())
        .bind(registration.public_key.to_json()?)
        .bind(registration.verify_key.to_json()?)
        .bind(registration.private_key.to_base64())
        .bind(registration.sign_key.to_base64()))
}

/// Removes an app's device registrations created at or before `created_before`.
pub async fn purge_registrations(
    connection: &mut AnyConnection,
    app_id: &str,
    created_before: i64,
) -> ApiResult<()> {
    sqlx::query("DELETE FROM device_registrations WHERE app_id = $1 AND created_at <= $2")
        .bind(app_id)
        .bind(created_before)
        .execute(connection)
        .await?;
    Ok(())
}

/// How many device registrations of the app wait for a logged-in device.
pub async fn open_registrations(connection: &mut AnyConnection, app_id: &str) -> ApiResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM device_registrations WHERE app_id = $1")
            .bind(app_id)
            .fetch_one(connection)
            .await?,
    )
}

/// Stores a new device registration under its token's hash; returns its id (the device's
/// id once added). The identifier is not checked here: it is not reserved until added.
pub async fn insert_registration(
    connection: &mut AnyConnection,
    app_id: &str,
    registration: &DeviceRegistration,
    token_hash: &str,
    now_ms: i64,
) -> ApiResult<String> {
    let id = new_id()?;
    let query = sqlx::query(
        "INSERT INTO device_registrations (id, app_id, identifier, password_params, hashed_auth_key, \
         master_key, public_key, verify_key, private_key, sign_key, token_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(app_id);
    bind_registration(query, registration)?
        .bind(token_hash)
        .bind(now_ms)
        .execute(connection)
        .await?;
    Ok(id)
}

/// A device registration taken out of the waiting list.
pub struct TakenRegistration {
    /// Its id.
    pub id: String,
    /// When it was announced.
    pub created_at: i64,
    /// What the new device uploaded.
    pub registration: DeviceRegistration,
}

/// Removes and returns the app's device registration with the token's hash.
pub async fn take_registration(
    connection: &mut AnyConnection,
    app_id: &str,
    token_hash: &str,
) -> ApiResult<Option<TakenRegistration>> {
    let row = sqlx::query(
        "DELETE FROM device_registrations WHERE token_hash = $1 AND app_id = $2 \
         RETURNING id, identifier, password_params, hashed_auth_key, master_key, public_key, \
         verify_key, private_key, sign_key, created_at",
    )
    .bind(token_hash)
    .bind(app_id)
    .fetch_optional(connection)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(Some(TakenRegistration {
        id: row.try_get("id")?,
        created_at: row.try_get("created_at")?,
        registration: DeviceRegistration {
            device_identifier: row.try_get("identifier")?,
            password_params: column(&row.try_get::<String, _>("password_params")?)?,
            hashed_auth_key: row.try_get("hashed_auth_key")?,
            master_key: WrappedKey::from_base64(&row.try_get::<String, _>("master_key")?)?,
            public_key: PublicKey::from_json(&row.try_get::<String, _>("public_key")?)?,
            verify_key: column(&row.try_get::<String, _>("verify_key")?)?,
            private_key: WrappedKey::from_base64(&row.try_get::<String, _>("private_key")?)?,
            sign_key: WrappedKey::from_base64(&row.try_get::<String, _>("sign_key")?)?,
            // A new device has verified nothing yet.
            chain_state: None,
        },
    }))
}

/// Removes a device's expired proof nonces.
pub async fn delete_expired_proof_nonces(
    connection: &mut AnyConnection,
    device_id: &str,
    now_ms: i64,
) -> ApiResult<()> {
    sqlx::query("DELETE FROM device_proof_nonces WHERE device_id = $1 AND expires_at <= $2")
        .bind(device_id)
        .bind(now_ms)
        .execute(connection)
        .await?;
    Ok(())
}

/// How many proof nonces a device holds.
pub async fn open_proof_nonces(connection: &mut AnyConnection, device_id: &str) -> ApiResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM device_proof_nonces WHERE device_id = $1")
            .bind(device_id)
            .fetch_one(connection)
            .await?,
    )
}

/// Stores a proof nonce's hash for a device.
pub async fn insert_proof_nonce(
    connection: &mut AnyConnection,
    nonce_hash: &str,
    device_id: &str,
    expires_at: i64,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO device_proof_nonces (nonce_hash, device_id, expires_at) VALUES ($1, $2, $3)",
    )
    .bind(nonce_hash)
    .bind(device_id)
    .bind(expires_at)
    .execute(connection)
    .await?;
    Ok(())
}

/// Uses up a device's proof nonce; returns when it expires, or `None` if the device has no
/// such nonce.
pub async fn take_proof_nonce(
    connection: &mut AnyConnection,
    nonce_hash: &str,
    device_id: &str,
) -> ApiResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "DELETE FROM device_proof_nonces WHERE nonce_hash = $1 AND device_id = $2 \
         RETURNING expires_at",
    )
    .bind(nonce_hash)
    .bind(device_id)
    .fetch_optional(connection)
    .await?)
}

/// Inserts a generation of user keys (without any member's copy).
pub async fn insert_key_set(
    connection: &mut AnyConnection,
    user_id: &str,
    data: &KeySetData,
    seq: i64,
    rotation: Option<(&KeyId, &WrappedKey, &str)>,
    now_ms: i64,
) -> ApiResult<()> {
    check_id_free(connection, GenerationTable::User, data.key_id).await?;
    sqlx::query(
        "INSERT INTO user_keys (id, user_id, seq, public_key, verify_key, verify_key_id, private_key, \
         sign_key, public_key_signature, previous_key_id, new_key_by_ephemeral, started_by_device, \
         created_at, link_signature) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(data.key_id.to_hex())
    .bind(user_id)
    .bind(seq)
    .bind(data.public_key.to_json()?)
    .bind(data.verify_key.to_json()?)
    .bind(data.verify_key.id().to_hex())
    .bind(data.private_key.to_base64())
    .bind(data.sign_key.to_base64())
    .bind(&data.public_key_signature)
    .bind(rotation.map(|(previous, _, _)| previous.to_hex()))
    .bind(rotation.map(|(_, wrapped, _)| wrapped.to_base64()))
    .bind(rotation.map(|(_, _, device)| device.to_string()))
    .bind(now_ms)
    .bind(&data.link_signature)
    .execute(connection)
    .await
    .map_err(insert_error)?;
    Ok(())
}

/// Stores a member device's copy of a generation's symmetric key.
pub async fn insert_device_key(
    connection: &mut AnyConnection,
    device_id: &str,
    key_id: &KeyId,
    wrapped_key: &WrappedKey,
) -> ApiResult<()> {
    sqlx::query("INSERT INTO device_keys (device_id, key_id, wrapped_key) VALUES ($1, $2, $3)")
        .bind(device_id)
        .bind(key_id.to_hex())
        .bind(wrapped_key.to_base64())
        .execute(connection)
        .await?;
    Ok(())
}

/// Every generation of user keys this device holds a copy of, oldest first.
pub async fn user_keys_for_device(
    connection: &mut AnyConnection,
    device_id: &str,
) -> ApiResult<Vec<KeySetData>> {
    let rows = sqlx::query(
        "SELECT k.id, d.wrapped_key, k.public_key, k.verify_key, k.private_key, k.sign_key, \
         k.public_key_signature, k.previous_key_id, k.link_signature FROM device_keys d \
         JOIN user_keys k ON k.id = d.key_id WHERE d.device_id = $1 ORDER BY k.seq",
    )
    .bind(device_id)
    .fetch_all(connection)
    .await?;
    rows.iter().map(key_set_from_row).collect()
}

/// A key set row (with a member's `wrapped_key` column) as wire data.
pub fn key_set_from_row(row: &AnyRow) -> ApiResult<KeySetData> {
    Ok(KeySetData {
        key_id: row.try_get::<String, _>("id")?.parse()?,
        wrapped_key: WrappedKey::from_base64(&row.try_get::<String, _>("wrapped_key")?)?,
        public_key: PublicKey::from_json(&row.try_get::<String, _>("public_key")?)?,
        verify_key: column(&row.try_get::<String, _>("verify_key")?)?,
        private_key: WrappedKey::from_base64(&row.try_get::<String, _>("private_key")?)?,
        sign_key: WrappedKey::from_base64(&row.try_get::<String, _>("sign_key")?)?,
        public_key_signature: row.try_get("public_key_signature")?,
        previous_key_id: row
            .try_get::<Option<String>, _>("previous_key_id")?
            .map(|id| id.parse())
            .transpose()?,
        link_signature: row.try_get("link_signature")?,
    })
}

/// A page of a user's key chain (public halves and links) after generation number
/// `after_seq`, oldest first.
pub async fn key_chain_page(
    connection: &mut AnyConnection,
    user_id: &str,
    after_seq: i64,
    limit: i64,
) -> ApiResult<Vec<UserKeyLink>> {
    let rows = sqlx::query(
        "SELECT id, previous_key_id, public_key, verify_key, link_signature FROM user_keys \
         WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(user_id)
    .bind(after_seq)
    .bind(limit)
    .fetch_all(connection)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(UserKeyLink {
                key_id: row.try_get::<String, _>("id")?.parse()?,
                previous_key_id: row
                    .try_get::<Option<String>, _>("previous_key_id")?
                    .map(|id| id.parse())
                    .transpose()?,
                public_key: PublicKey::from_json(&row.try_get::<String, _>("public_key")?)?,
                verify_key: column(&row.try_get::<String, _>("verify_key")?)?,
                link_signature: row.try_get("link_signature")?,
            })
        })
        .collect()
}

/// Whether a user of the app exists.
pub async fn user_exists(
    connection: &mut AnyConnection,
    app_id: &str,
    user_id: &str,
) -> ApiResult<bool> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND app_id = $2")
            .bind(user_id)
            .bind(app_id)
            .fetch_optional(connection)
            .await?;
    Ok(found.is_some())
}

/// A generation's verify key, if it is one of the user's.
pub async fn user_verify_key(
    connection: &mut AnyConnection,
    user_id: &str,
    key_id: &KeyId,
) -> ApiResult<VerifyKey> {
    let stored: String =
        sqlx::query_scalar("SELECT verify_key FROM user_keys WHERE user_id = $1 AND id = $2")
            .bind(user_id)
            .bind(key_id.to_hex())
            .fetch_optional(connection)
            .await?
            .ok_or_else(|| Error::for_key(ErrorCode::UserKeyNotFound, *key_id))?;
    column(&stored)
}

/// The verify key with id `verify_key_id` of one of `user_id`'s generations, if any.
pub async fn user_verify_key_by_id(
    connection: &mut AnyConnection,
    user_id: &str,
    verify_key_id: KeyId,
) -> ApiResult<Option<VerifyKey>> {
    let text: Option<String> = sqlx::query_scalar(
        "SELECT verify_key FROM user_keys WHERE user_id = $1 AND verify_key_id = $2",
    )
    .bind(user_id)
    .bind(verify_key_id.to_hex())
    .fetch_optional(connection)
    .await?;
    text.as_deref().map(column::<VerifyKey>).transpose()
}

/// Stores the onboarding record the adding device left for a new device.
pub async fn set_onboarding(
    connection: &mut AnyConnection,
    device_id: &str,
    record: &OnboardingRecord,
) -> ApiResult<()> {
    sqlx::query("UPDATE devices SET onboarding = $1 WHERE id = $2")
        .bind(to_column(record)?)
        .bind(device_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// Stores a device's sealed chain state.
pub async fn set_chain_state(
    connection: &mut AnyConnection,
    device_id: &str,
    sealed: &str,
) -> ApiResult<()> {
    sqlx::query("UPDATE devices SET chain_state = $1 WHERE id = $2")
        .bind(sealed)
        .bind(device_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// The id and sequence number of a user's newest generation.
pub async fn newest_key(connection: &mut AnyConnection, user_id: &str) -> ApiResult<(String, i64)> {
    let row =
        sqlx::query("SELECT id, seq FROM user_keys WHERE user_id = $1 ORDER BY seq DESC LIMIT 1")
            .bind(user_id)
            .fetch_optional(connection)
            .await?
            .ok_or(ErrorCode::UserNotFound)?;
    Ok((row.try_get("id")?, row.try_get("seq")?))
}

/// The sequence number of a generation of the user.
pub async fn key_seq(
    connection: &mut AnyConnection,
    user_id: &str,
    key_id: &str,
) -> ApiResult<i64> {
    let seq: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM user_keys WHERE user_id = $1 AND id = $2")
            .bind(user_id)
            .bind(key_id)
            .fetch_optional(connection)
            .await?;
    seq.ok_or_else(|| {
        Error::with_detail(ErrorCode::MalformedInput, "not a key of this user").into()
    })
}

/// Ends every session of a device: its refresh tokens go, and the session version moves on
/// so its JWTs stop working at once.
pub async fn revoke_device_sessions(
    connection: &mut AnyConnection,
    device_id: &str,
) -> ApiResult<()> {
    sqlx::query("DELETE FROM refresh_tokens WHERE device_id = $1")
        .bind(device_id)
        .execute(&mut *connection)
        .await?;
    sqlx::query("UPDATE devices SET session_version = session_version + 1 WHERE id = $1")
        .bind(device_id)
        .execute(connection)
        .await?;
    Ok(())
}

/// Ends every session of every device of a user.
pub async fn revoke_user_sessions(connection: &mut AnyConnection, user_id: &str) -> ApiResult<()> {
    sqlx::query(
        "DELETE FROM refresh_tokens WHERE device_id IN (SELECT id FROM devices WHERE user_id = $1)",
    )
    .bind(user_id)
    .execute(&mut *connection)
    .await?;
    sqlx::query("UPDATE devices SET session_version = session_version + 1 WHERE user_id = $1")
        .bind(user_id)
        .execute(connection)
        .await?;
    Ok(())
}
