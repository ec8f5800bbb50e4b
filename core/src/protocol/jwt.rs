//! JWT claims of sentc sessions, and reading them on the client without verifying.
//!
//! The server signs with EdDSA (Ed25519) under a key id (`kid`) and publishes the keys as a
//! JWKS, so an app backend can verify tokens with any JWT library. A client only needs the
//! expiry (to refresh in time) and the ids, which it reads without verifying: it is not the
//! party that relies on the token.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};

/// The claims of a sentc JWT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer: always `"sentc"`.
    pub iss: String,
    /// Audience: the app's id.
    pub aud: String,
    /// Subject: the user's id.
    pub sub: String,
    /// The device's id.
    pub device_id: String,
    /// Issued at (seconds since the Unix epoch).
    pub iat: i64,
    /// Expires at (seconds since the Unix epoch).
    pub exp: i64,
    /// Whether the token came straight from a login (a password was entered), rather than a
    /// refresh. Sensitive operations require it.
    pub fresh: bool,
    /// The device's session version when the token was issued; revoking the device's
    /// sessions increments it, which invalidates every earlier JWT at once.
    pub session_version: i64,
}

/// The JOSE header of a sentc JWT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always `"EdDSA"`.
    pub alg: String,
    /// Always `"JWT"`.
    pub typ: String,
    /// The id of the app's signing key.
    pub kid: String,
}

/// Reads the claims of a JWT without verifying its signature (client side only).
pub fn read_claims_unverified(jwt: &str) -> Result<Claims> {
    if jwt.len() > 4096 {
        return Err(Error::with_detail(ErrorCode::JwtInvalid, "too long"));
    }
    let payload = jwt
        .split('.')
        .nth(1)
        .ok_or_else(|| Error::with_detail(ErrorCode::JwtInvalid, "not a JWT"))?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| Error::with_detail(ErrorCode::JwtInvalid, "payload encoding"))?;
    serde_json::from_slice(&bytes)
        .map_err(|_| Error::with_detail(ErrorCode::JwtInvalid, "payload JSON"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_claims_and_rejects_garbage() {
        let claims = Claims {
            iss: "sentc".into(),
            aud: "app".into(),
            sub: "user".into(),
            device_id: "device".into(),
            iat: 1,
            exp: 2,
            fresh: true,
            session_version: 0,
        };
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
        let jwt = format!("e30.{payload}.c2ln");
        assert_eq!(read_claims_unverified(&jwt).unwrap(), claims);
        for garbage in ["", "abc", "a.!!!.c", "a.e30.c"] {
            assert_eq!(
                read_claims_unverified(garbage).unwrap_err().code(),
                ErrorCode::JwtInvalid
            );
        }
    }
}
