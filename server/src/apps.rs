//! Apps: a public token (front ends) and a secret token (backends), stored hashed, and per
//! endpoint options saying which token an endpoint accepts or whether it is disabled.

use std::collections::BTreeMap;

use sentc_core::{Error, ErrorCode};
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};
use zeroize::Zeroizing;

use crate::error::ApiResult;
use crate::jwt;
use crate::secrets::{RootKey, hash_token, new_id, new_token};

/// Which token an endpoint accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// The public or the secret token.
    Public,
    /// Only the secret token (an app backend).
    Secret,
    /// Nobody.
    Disabled,
}

/// The endpoints an app configures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Endpoint {
    Register,
    UserExists,
    Login,
    Refresh,
    UserDelete,
    RegisterDevice,
    Devices,
    DeleteDevice,
    ChangePassword,
    ResetPassword,
    UpdateIdentifier,
    UserKeys,
    KeyRotation,
    PublicKeys,
    Otp,
    Sessions,
    /// Every group endpoint.
    Groups,
    /// Registered symmetric keys.
    SymKeys,
    /// Files (register, parts, metadata, rename, delete).
    Files,
    /// The backend-only endpoints (`/user/forced/...`, `/group/forced/...`); never open to the
    /// public token.
    Forced,
}

impl Endpoint {
    /// The access an app has unless it sets another. As sentc does (docs/server.md), everything is open to the
    /// public token except register and user delete; unlike the seed, the identifier
    /// availability check also needs the secret token, so a front end cannot enumerate users
    /// (the login endpoints reveal nothing either).
    pub const fn default_access(self) -> Access {
        match self {
            Self::Register | Self::UserDelete | Self::UserExists | Self::Forced => Access::Secret,
            _ => Access::Public,
        }
    }
}

/// Which token a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// The public token.
    Public,
    /// The secret token.
    Secret,
}

/// An app as requests see it.
#[derive(Debug, Clone)]
pub struct App {
    /// The app's id.
    pub id: String,
    /// Overrides of the default access per endpoint.
    pub options: BTreeMap<Endpoint, Access>,
}

impl App {
    /// The access of an endpoint for this app.
    pub fn access(&self, endpoint: Endpoint) -> Access {
        if endpoint == Endpoint::Forced {
            return Access::Secret;
        }
        self.options
            .get(&endpoint)
            .copied()
            .unwrap_or(endpoint.default_access())
    }

    /// Fails unless a request with `token` may call `endpoint`.
    pub fn check(&self, endpoint: Endpoint, token: TokenKind) -> Result<(), Error> {
        match (self.access(endpoint), token) {
            (Access::Disabled, _) => Err(ErrorCode::EndpointDisabled.into()),
            (Access::Secret, TokenKind::Public) => Err(ErrorCode::SecretTokenRequired.into()),
            _ => Ok(()),
        }
    }
}

/// A new app and its tokens (shown once; only hashes are stored).
pub struct CreatedApp {
    /// The app's id.
    pub id: String,
    /// The public token.
    pub public_token: Zeroizing<String>,
    /// The secret token.
    pub secret_token: Zeroizing<String>,
}

/// Creates an app with its JWT signing key.
pub async fn create(
    connection: &mut AnyConnection,
    root: &RootKey,
    name: &str,
    options: &BTreeMap<Endpoint, Access>,
    now_ms: i64,
) -> ApiResult<CreatedApp> {
    let app = CreatedApp {
        id: new_id()?,
        public_token: new_token("sentc_pk_")?,
        secret_token: new_token("sentc_sk_")?,
    };
    insert(connection, root, &app, name, options, now_ms).await?;
    Ok(app)
}

/// Creates the demo app of `--dev` unless it exists. Its id and tokens derive from the root
/// key, so they are the same at every start and can be printed again.
pub async fn ensure_dev_app(
    connection: &mut AnyConnection,
    root: &RootKey,
    now_ms: i64,
) -> ApiResult<CreatedApp> {
    let token = |label: &[u8]| {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(root.derive(label))
    };
    let app = CreatedApp {
        id: sentc_core::crypto::hex_encode(&root.derive(b"dev-app-id")[..16]),
        public_token: Zeroizing::new(format!("sentc_pk_{}", token(b"dev-public-token"))),
        secret_token: Zeroizing::new(format!("sentc_sk_{}", token(b"dev-secret-token"))),
    };
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM apps WHERE id = $1")
        .bind(&app.id)
        .fetch_optional(&mut *connection)
        .await?;
    if exists.is_none() {
        let options = BTreeMap::from([
            (Endpoint::Register, Access::Public),
            (Endpoint::UserExists, Access::Public),
        ]);
        insert(connection, root, &app, "dev", &options, now_ms).await?;
    }
    Ok(app)
}

async fn insert(
    connection: &mut AnyConnection,
    root: &RootKey,
    app: &CreatedApp,
    name: &str,
    options: &BTreeMap<Endpoint, Access>,
    now_ms: i64,
) -> ApiResult<()> {
    let options = serde_json::to_string(options).map_err(|_| ErrorCode::Internal)?;
    sqlx::query(
        "INSERT INTO apps (id, name, public_token_hash, secret_token_hash, options, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&app.id)
    .bind(name)
    .bind(hash_token(&app.public_token))
    .bind(hash_token(&app.secret_token))
    .bind(options)
    .bind(now_ms)
    .execute(&mut *connection)
    .await?;
    jwt::create_signing_key(connection, root, &app.id, now_ms).await?;
    Ok(())
}

/// The app a token belongs to, and which of its tokens it is.
pub async fn find_by_token(
    connection: &mut AnyConnection,
    token: &str,
) -> ApiResult<Option<(App, TokenKind)>> {
    let hash = hash_token(token);
    let row = sqlx::query(
        "SELECT id, options, public_token_hash FROM apps \
         WHERE public_token_hash = $1 OR secret_token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(&mut *connection)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let options: String = row.try_get("options")?;
    let public_hash: String = row.try_get("public_token_hash")?;
    let app = App {
        id: row.try_get("id")?,
        options: serde_json::from_str(&options).map_err(|_| ErrorCode::Internal)?,
    };
    let kind = if public_hash == hash {
        TokenKind::Public
    } else {
        TokenKind::Secret
    };
    Ok(Some((app, kind)))
}
