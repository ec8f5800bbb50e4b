//! JWTs: EdDSA (Ed25519) with a key id per app key, short-lived, with a `fresh` claim.
//!
//! Each app has signing keys, sealed under the root key in `app_jwt_keys`; their public halves
//! are published as a JWKS at `/api/v1/app/{app_id}/jwks.json`, so an app backend can verify
//! tokens with any JWT library.
//!
//! Keys rotate (`sentc-server jwt-key rotate`): the new key signs from then on, on every process
//! at once (each token is signed with the newest live key, read from the database), and the old
//! keys get a retire time: they verify the tokens they signed, and stay in the JWKS, until then.
//! A process caches verify keys for `jwt_key_cache_ms`, so a key retired at once (`--revoke`)
//! stops verifying on the other processes within that time.

use std::collections::HashMap;
use std::sync::RwLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use sentc_core::protocol::jwt::{Claims, Header};
use sentc_core::{Error, ErrorCode};
use serde_json::{Value, json};
use sqlx::{AnyConnection, Row};
use zeroize::Zeroizing;

use crate::error::ApiResult;
use crate::secrets::{RootKey, new_id};

/// A verify key as cached: its app, the key, when it retires, and when it was read.
#[derive(Clone)]
struct CachedVerifyKey {
    app_id: String,
    key: VerifyingKey,
    retire_at: Option<i64>,
    read_at: i64,
}

/// Cached keys: verify keys by key id (for `ttl_ms`), and opened signing keys by key id (a key
/// id never changes its key, so those need no expiry).
pub struct KeyCache {
    ttl_ms: i64,
    verify: RwLock<HashMap<String, CachedVerifyKey>>,
    sign: RwLock<HashMap<String, SigningKey>>,
}

impl KeyCache {
    /// A cache trusting what it read for `ttl_ms`.
    pub fn new(ttl_ms: i64) -> Self {
        Self {
            ttl_ms,
            verify: RwLock::default(),
            sign: RwLock::default(),
        }
    }
}

/// One of an app's JWT keys, as listed.
#[derive(Debug, Clone)]
pub struct KeyInfo {
    /// The key id (`kid`).
    pub id: String,
    /// When it was created (ms since the epoch).
    pub created_at: i64,
    /// When it stops verifying; `None` while it signs.
    pub retire_at: Option<i64>,
}

/// Creates an app's signing key.
pub async fn create_signing_key(
    connection: &mut AnyConnection,
    root: &RootKey,
    app_id: &str,
    now_ms: i64,
) -> ApiResult<String> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut_slice()).map_err(|_| ErrorCode::RandomnessUnavailable)?;
    let key = SigningKey::from_bytes(&seed);
    let kid = new_id()?;
    sqlx::query(
        "INSERT INTO app_jwt_keys (id, app_id, sign_key, verify_key, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&kid)
    .bind(app_id)
    .bind(root.seal(seed.as_slice())?)
    .bind(URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes()))
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(kid)
}

/// Rotates an app's signing key: the live keys retire at `retire_at`, a new key signs from now
/// on. Returns the new key's id. Run it in a write transaction ([`crate::db::Db::begin`]): the
/// retirement and the new key commit together.
pub async fn rotate(
    connection: &mut AnyConnection,
    root: &RootKey,
    app_id: &str,
    retire_at: i64,
    now_ms: i64,
) -> ApiResult<String> {
    let app: Option<String> = sqlx::query_scalar("SELECT id FROM apps WHERE id = $1")
        .bind(app_id)
        .fetch_optional(&mut *connection)
        .await?;
    if app.is_none() {
        return Err(ErrorCode::AppNotFound.into());
    }
    sqlx::query(
        "UPDATE app_jwt_keys SET retire_at = $1 WHERE app_id = $2 \
         AND (retire_at IS NULL OR retire_at > $1)",
    )
    .bind(retire_at)
    .bind(app_id)
    .execute(&mut *connection)
    .await?;
    create_signing_key(connection, root, app_id, now_ms).await
}

/// An app's keys, oldest first.
pub async fn list(connection: &mut AnyConnection, app_id: &str) -> ApiResult<Vec<KeyInfo>> {
    let rows = sqlx::query(
        "SELECT id, created_at, retire_at FROM app_jwt_keys WHERE app_id = $1 ORDER BY created_at",
    )
    .bind(app_id)
    .fetch_all(connection)
    .await?;
    if rows.is_empty() {
        return Err(ErrorCode::AppNotFound.into());
    }
    rows.iter()
        .map(|row| {
            Ok(KeyInfo {
                id: row.try_get("id")?,
                created_at: row.try_get("created_at")?,
                retire_at: row.try_get("retire_at")?,
            })
        })
        .collect()
}

/// The app's newest live signing key (read every time, so a rotation on another process
/// applies at once; the opened key is cached by id).
async fn signing_key(
    connection: &mut AnyConnection,
    root: &RootKey,
    cache: &KeyCache,
    app_id: &str,
) -> ApiResult<(String, SigningKey)> {
    let kid: String = sqlx::query_scalar(
        "SELECT id FROM app_jwt_keys WHERE app_id = $1 AND retire_at IS NULL \
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(app_id)
    .fetch_optional(&mut *connection)
    .await?
    .ok_or(ErrorCode::AppNotFound)?;
    if let Some(key) = cache
        .sign
        .read()
        .ok()
        .and_then(|map| map.get(&kid).cloned())
    {
        return Ok((kid, key));
    }
    let sealed: String = sqlx::query_scalar("SELECT sign_key FROM app_jwt_keys WHERE id = $1")
        .bind(&kid)
        .fetch_one(&mut *connection)
        .await?;
    let seed = root.open(&sealed)?;
    let seed: &[u8; 32] = seed
        .as_slice()
        .try_into()
        .map_err(|_| Error::with_detail(ErrorCode::Internal, "stored JWT key"))?;
    let key = SigningKey::from_bytes(seed);
    if let Ok(mut map) = cache.sign.write() {
        map.insert(kid.clone(), key.clone());
    }
    Ok((kid, key))
}

/// The verify key of `kid` with its app, unless it is retired at `now_ms`.
async fn verifying_key(
    connection: &mut AnyConnection,
    cache: &KeyCache,
    kid: &str,
    now_ms: i64,
) -> ApiResult<(String, VerifyingKey)> {
    let cached = cache
        .verify
        .read()
        .ok()
        .and_then(|map| map.get(kid).cloned())
        .filter(|entry| now_ms < entry.read_at.saturating_add(cache.ttl_ms));
    let entry = match cached {
        Some(entry) => entry,
        None => {
            let entry = read_verifying_key(connection, kid, now_ms).await?;
            if let Ok(mut map) = cache.verify.write() {
                map.insert(kid.to_string(), entry.clone());
            }
            entry
        }
    };
    if entry.retire_at.is_some_and(|at| at <= now_ms) {
        return Err(Error::with_detail(ErrorCode::JwtInvalid, "retired key").into());
    }
    Ok((entry.app_id, entry.key))
}

async fn read_verifying_key(
    connection: &mut AnyConnection,
    kid: &str,
    now_ms: i64,
) -> ApiResult<CachedVerifyKey> {
    let row = sqlx::query("SELECT app_id, verify_key, retire_at FROM app_jwt_keys WHERE id = $1")
        .bind(kid)
        .fetch_optional(connection)
        .await?
        .ok_or_else(|| Error::with_detail(ErrorCode::JwtInvalid, "unknown key id"))?;
    let encoded: String = row.try_get("verify_key")?;
    Ok(CachedVerifyKey {
        app_id: row.try_get("app_id")?,
        key: decode_verifying_key(&encoded)?,
        retire_at: row.try_get("retire_at")?,
        read_at: now_ms,
    })
}

fn decode_verifying_key(encoded: &str) -> Result<VerifyingKey, Error> {
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|_| Error::with_detail(ErrorCode::Internal, "stored JWT verify key"))?;
    let bytes: [u8; 32] = bytes
        .try_into()
        .map_err(|_| Error::with_detail(ErrorCode::Internal, "stored JWT verify key"))?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|_| Error::with_detail(ErrorCode::Internal, "stored JWT verify key"))
}

/// Signs claims with the app's key.
pub async fn issue(
    connection: &mut AnyConnection,
    root: &RootKey,
    cache: &KeyCache,
    claims: &Claims,
) -> ApiResult<String> {
    let (kid, key) = signing_key(connection, root, cache, &claims.aud).await?;
    let header = Header {
        alg: "EdDSA".into(),
        typ: "JWT".into(),
        kid,
    };
    let signing_input = format!("{}.{}", encode_json(&header)?, encode_json(claims)?);
    let signature = key.sign(signing_input.as_bytes());
    Ok(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    ))
}

fn encode_json<T: serde::Serialize>(value: &T) -> ApiResult<String> {
    let json = serde_json::to_vec(value).map_err(|_| ErrorCode::Internal)?;
    Ok(URL_SAFE_NO_PAD.encode(json))
}

/// Verifies a JWT for `app_id` at `now_ms`: the signature (EdDSA only, by a key of this app),
/// the issuer, the audience and the expiry.
pub async fn verify(
    connection: &mut AnyConnection,
    cache: &KeyCache,
    app_id: &str,
    token: &str,
    now_ms: i64,
) -> ApiResult<Claims> {
    let invalid = |what: &'static str| Error::with_detail(ErrorCode::JwtInvalid, what);
    if token.len() > 4096 {
        return Err(invalid("too long").into());
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("not a JWT").into());
    };
    let decode = |part: &str| {
        URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| invalid("encoding"))
    };
    let header: Header = serde_json::from_slice(&decode(header)?).map_err(|_| invalid("header"))?;
    if header.alg != "EdDSA" {
        return Err(invalid("algorithm").into());
    }
    let (key_app, key) = verifying_key(connection, cache, &header.kid, now_ms).await?;
    if key_app != app_id {
        return Err(invalid("key of another app").into());
    }
    let signature: [u8; 64] = decode(signature)?
        .try_into()
        .map_err(|_| invalid("signature length"))?;
    let signing_input_len = token.len() - token.rsplit('.').next().map_or(0, str::len) - 1;
    let signing_input = token.get(..signing_input_len).unwrap_or_default();
    key.verify_strict(
        signing_input.as_bytes(),
        &ed25519_dalek::Signature::from_bytes(&signature),
    )
    .map_err(|_| invalid("signature"))?;
    let claims: Claims =
        serde_json::from_slice(&decode(payload)?).map_err(|_| invalid("claims"))?;
    if claims.iss != "sentc" || claims.aud != app_id {
        return Err(invalid("issuer or audience").into());
    }
    if claims.exp * 1000 <= now_ms {
        return Err(ErrorCode::JwtExpired.into());
    }
    Ok(claims)
}

/// The app's JWT verify keys not retired at `now_ms`, as a JSON Web Key Set (RFC 8037 OKP
/// keys).
pub async fn jwks(connection: &mut AnyConnection, app_id: &str, now_ms: i64) -> ApiResult<Value> {
    let rows = sqlx::query(
        "SELECT id, verify_key FROM app_jwt_keys WHERE app_id = $1 \
         AND (retire_at IS NULL OR retire_at > $2) ORDER BY created_at",
    )
    .bind(app_id)
    .bind(now_ms)
    .fetch_all(connection)
    .await?;
    if rows.is_empty() {
        return Err(ErrorCode::AppNotFound.into());
    }
    let keys = rows
        .iter()
        .map(|row| {
            Ok(json!({
                "kty": "OKP",
                "crv": "Ed25519",
                "alg": "EdDSA",
                "use": "sig",
                "kid": row.try_get::<String, _>("id")?,
                "x": row.try_get::<String, _>("verify_key")?,
            }))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(json!({ "keys": keys }))
}
