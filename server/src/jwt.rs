//! JWTs: EdDSA (Ed25519) with a key id per app key, short-lived, with a `fresh` claim.
//!
//! Each app has a signing key, sealed under the root key in `app_jwt_keys`; its public half is
//! published as a JWKS at `/api/v1/app/{app_id}/jwks.json`, so an app backend can verify
//! tokens with any JWT library. Verify keys are cached per process (they never change).

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

/// Cached keys: verify keys by key id, and each app's signing key.
#[derive(Default)]
pub struct KeyCache {
    verify: RwLock<HashMap<String, (String, VerifyingKey)>>,
    sign: RwLock<HashMap<String, (String, SigningKey)>>,
}

/// Creates an app's signing key.
pub async fn create_signing_key(
    connection: &mut AnyConnection,
    root: &RootKey,
    app_id: &str,
    now_ms: i64,
) -> ApiResult<()> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut_slice()).map_err(|_| ErrorCode::RandomnessUnavailable)?;
    let key = SigningKey::from_bytes(&seed);
    sqlx::query(
        "INSERT INTO app_jwt_keys (id, app_id, sign_key, verify_key, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(new_id()?)
    .bind(app_id)
    .bind(root.seal(seed.as_slice())?)
    .bind(URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes()))
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(())
}

async fn signing_key(
    connection: &mut AnyConnection,
    root: &RootKey,
    cache: &KeyCache,
    app_id: &str,
) -> ApiResult<(String, SigningKey)> {
    if let Some(found) = cache
        .sign
        .read()
        .ok()
        .and_then(|map| map.get(app_id).cloned())
    {
        return Ok(found);
    }
    let row = sqlx::query(
        "SELECT id, sign_key FROM app_jwt_keys WHERE app_id = $1 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(app_id)
    .fetch_optional(connection)
    .await?
    .ok_or(ErrorCode::AppNotFound)?;
    let kid: String = row.try_get("id")?;
    let sealed: String = row.try_get("sign_key")?;
    let seed = root.open(&sealed)?;
    let seed: &[u8; 32] = seed
        .as_slice()
        .try_into()
        .map_err(|_| Error::with_detail(ErrorCode::Internal, "stored JWT key"))?;
    let key = SigningKey::from_bytes(seed);
    if let Ok(mut map) = cache.sign.write() {
        map.insert(app_id.to_string(), (kid.clone(), key.clone()));
    }
    Ok((kid, key))
}

async fn verifying_key(
    connection: &mut AnyConnection,
    cache: &KeyCache,
    kid: &str,
) -> ApiResult<(String, VerifyingKey)> {
    if let Some(found) = cache
        .verify
        .read()
        .ok()
        .and_then(|map| map.get(kid).cloned())
    {
        return Ok(found);
    }
    let row = sqlx::query("SELECT app_id, verify_key FROM app_jwt_keys WHERE id = $1")
        .bind(kid)
        .fetch_optional(connection)
        .await?
        .ok_or_else(|| Error::with_detail(ErrorCode::JwtInvalid, "unknown key id"))?;
    let app_id: String = row.try_get("app_id")?;
    let encoded: String = row.try_get("verify_key")?;
    let key = decode_verifying_key(&encoded)?;
    if let Ok(mut map) = cache.verify.write() {
        map.insert(kid.to_string(), (app_id.clone(), key));
    }
    Ok((app_id, key))
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
    let (key_app, key) = verifying_key(connection, cache, &header.kid).await?;
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

/// The app's JWT verify keys as a JSON Web Key Set (RFC 8037 OKP keys).
pub async fn jwks(connection: &mut AnyConnection, app_id: &str) -> ApiResult<Value> {
    let rows = sqlx::query(
        "SELECT id, verify_key FROM app_jwt_keys WHERE app_id = $1 ORDER BY created_at",
    )
    .bind(app_id)
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
