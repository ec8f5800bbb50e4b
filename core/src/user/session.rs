//! A logged-in user's state on one device, and its local export for the client's store.

use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::crypto::{
    KeyId, PrivateKey, SecretKey, SignKey, SymmetricKey, json_from_str, json_to_string,
};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{ChainState, DeviceKeys, KeySet};

const EXPORT_VERSION: u8 = 2;
const MAX_EXPORT_LEN: usize = 4 * 1024 * 1024;

/// A logged-in user on this device: the session tokens, the device keys and every
/// generation of user keys (oldest first).
#[derive(Clone)]
pub struct UserSession {
    /// The user's id.
    pub user_id: String,
    /// This device's id.
    pub device_id: String,
    /// This device's login identifier.
    pub identifier: String,
    /// The current JWT.
    pub jwt: String,
    /// The current refresh token (single use).
    pub refresh_token: Zeroizing<String>,
    /// This device's keys.
    pub device: DeviceKeys,
    /// Every generation of user keys this device holds, in chain order (oldest first).
    pub user_keys: Vec<KeySet>,
    /// What the device has verified of the user's key chain.
    pub chain: ChainState,
    /// Whether the server holds this chain state sealed (otherwise the client uploads it).
    pub chain_sealed: bool,
    /// Whether the user has a second factor enabled, as of the login or this device's last
    /// change of it (informational).
    pub mfa: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Export {
    v: u8,
    user_id: String,
    device_id: String,
    identifier: String,
    jwt: String,
    refresh_token: String,
    device: [String; 3],
    user_keys: Vec<[String; 3]>,
    chain: String,
    #[serde(default)]
    mfa: bool,
}

impl UserSession {
    /// The newest generation of user keys.
    pub fn newest_keys(&self) -> Result<&KeySet> {
        // "Newest" is the head of the verified chain, never the server's order.
        self.keys(self.chain.head)
    }

    /// Adds a generation this device verified as the chain's next (`chain` is the state after
    /// it).
    pub fn push_generation(&mut self, keys: KeySet, chain: ChainState) {
        self.user_keys.push(keys);
        self.chain = chain;
        self.chain_sealed = false;
    }

    /// The generation with the given id.
    pub fn keys(&self, key_id: KeyId) -> Result<&KeySet> {
        self.user_keys
            .iter()
            .find(|keys| keys.id() == key_id)
            .ok_or_else(|| Error::for_key(ErrorCode::KeyRequired, key_id))
    }

    /// Exports the session in clear for the client's own storage (which should encrypt it).
    pub fn export_local(&self) -> Result<Zeroizing<String>> {
        let export =
            |key: &dyn Fn() -> Result<Zeroizing<String>>| key().map(|text| text.to_string());
        let device = [
            export(&|| self.device.master_key().export_local())?,
            export(&|| self.device.private_key().export_local())?,
            export(&|| self.device.sign_key().export_local())?,
        ];
        let user_keys = self
            .user_keys
            .iter()
            .map(|set| {
                Ok([
                    export(&|| set.symmetric().export_local())?,
                    export(&|| set.private_key().export_local())?,
                    export(&|| set.sign_key().export_local())?,
                ])
            })
            .collect::<Result<Vec<_>>>()?;
        let export = Export {
            v: EXPORT_VERSION,
            user_id: self.user_id.clone(),
            device_id: self.device_id.clone(),
            identifier: self.identifier.clone(),
            jwt: self.jwt.clone(),
            refresh_token: self.refresh_token.to_string(),
            device,
            user_keys,
            chain: self.chain.to_json()?,
            mfa: self.mfa,
        };
        let text = json_to_string(&export).map(Zeroizing::new);
        scrub(export);
        text
    }

    /// Restores a session exported by [`Self::export_local`].
    pub fn import_local(text: &str) -> Result<Self> {
        let export: Export = json_from_str(text, MAX_EXPORT_LEN)?;
        let result = Self::from_export(&export);
        scrub(export);
        result
    }

    fn from_export(export: &Export) -> Result<Self> {
        if export.v != EXPORT_VERSION {
            return Err(Error::with_detail(
                ErrorCode::UnsupportedVersion,
                format!("session export version {}", export.v),
            ));
        }
        let [master, private, sign] = &export.device;
        let device = DeviceKeys::from_parts(
            SymmetricKey::import_local(master)?,
            PrivateKey::import_local(private)?,
            SignKey::import_local(sign)?,
        );
        let user_keys = export
            .user_keys
            .iter()
            .map(|[symmetric, private, sign]| {
                KeySet::from_parts(
                    SymmetricKey::import_local(symmetric)?,
                    PrivateKey::import_local(private)?,
                    SignKey::import_local(sign)?,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            user_id: export.user_id.clone(),
            device_id: export.device_id.clone(),
            identifier: export.identifier.clone(),
            jwt: export.jwt.clone(),
            refresh_token: Zeroizing::new(export.refresh_token.clone()),
            device,
            user_keys,
            chain: ChainState::from_json(&export.chain)?,
            chain_sealed: true,
            mfa: export.mfa,
        })
    }
}

/// Clears the secret strings of an export.
fn scrub(export: Export) {
    let Export {
        refresh_token,
        device,
        user_keys,
        ..
    } = export;
    drop(Zeroizing::new(refresh_token));
    for key in device.into_iter().chain(user_keys.into_iter().flatten()) {
        drop(Zeroizing::new(key));
    }
}

impl fmt::Debug for UserSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserSession")
            .field("user_id", &self.user_id)
            .field("device_id", &self.device_id)
            .finish_non_exhaustive()
    }
}

impl crate::keys::SearchableKeys for UserSession {
    fn search_key(&self) -> Result<crate::crypto::SearchKey> {
        Ok(self.newest_keys()?.search_key().clone())
    }

    /// Newest first: the reverse of the chain order the session keeps.
    fn every_search_key(&self) -> Result<Vec<crate::crypto::SearchKey>> {
        Ok(self
            .user_keys
            .iter()
            .rev()
            .map(|keys| keys.search_key().clone())
            .collect())
    }

    fn sortable_key(&self) -> Result<crate::crypto::SortableKey> {
        Ok(self.newest_keys()?.sortable_key().clone())
    }
}
