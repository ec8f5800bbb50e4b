//! What this device pinned for each identifier it logs in with, kept in the client's store:
//! the password parameters (a login refuses another salt or a lower cost,
//! [`crate::user::check_password_params`]) and what it verified of the user's key chain (a
//! login refuses a shorter or different chain, [`crate::keys::verify_user_chain`]). Pins
//! survive logout; the device moves them itself when it changes its password or identifier.

use sha2::{Digest, Sha256};

use super::chain_pins::ChainPin;
use super::sentc::Sentc;
use super::store::Store;
use super::transport::{Method, Transport};
use crate::crypto::{PasswordParams, hex_encode, json_from_str, json_to_string};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::ChainState;
use crate::protocol::paths;
use crate::user::{check_password_params, done_prepare_login, prepare_login_start};

/// The largest stored pin.
const MAX_PIN_LEN: usize = 1024;

impl<T: Transport, S: Store> Sentc<T, S> {
    fn pin_key(&self, identifier: &str) -> String {
        self.pin_key_of("password_params", identifier)
    }

    fn pin_key_of(&self, kind: &str, identifier: &str) -> String {
        let digest = Sha256::digest(identifier.as_bytes());
        self.store_key(&format!("{kind}/{}", hex_encode(&digest)))
    }

    /// The key chain state pinned for `identifier`, if this device logged in with it before.
    pub(crate) async fn pinned_user_chain(&self, identifier: &str) -> Result<Option<ChainState>> {
        self.pinned_chain(&ChainPin::Identifier(identifier)).await
    }

    fn onboarding_key(&self, identifier: &str) -> String {
        self.pin_key_of("onboarding", identifier)
    }

    /// The one-time secret of the transfer this device made for `identifier`, kept until its
    /// first login.
    pub(crate) async fn onboarding_secret(
        &self,
        identifier: &str,
    ) -> Result<Option<zeroize::Zeroizing<String>>> {
        self.store().get(&self.onboarding_key(identifier)).await
    }

    /// Keeps the transfer's one-time secret until the first login.
    pub(crate) async fn keep_onboarding_secret(
        &self,
        identifier: &str,
        secret: &str,
    ) -> Result<()> {
        self.store()
            .set(&self.onboarding_key(identifier), secret)
            .await
    }

    /// Forgets the transfer's one-time secret (the first login checked it).
    pub(crate) async fn forget_onboarding_secret(&self, identifier: &str) -> Result<()> {
        self.store().delete(&self.onboarding_key(identifier)).await
    }

    /// Pins `state` for `identifier`.
    pub(crate) async fn pin_user_chain(&self, identifier: &str, state: &ChainState) -> Result<()> {
        self.pin_chain(&ChainPin::Identifier(identifier), state)
            .await
    }

    /// The parameters pinned for `identifier`, if this device logged in with it before.
    pub(crate) async fn pinned_params(&self, identifier: &str) -> Result<Option<PasswordParams>> {
        let Some(text) = self.store().get(&self.pin_key(identifier)).await? else {
            return Ok(None);
        };
        json_from_str(&text, MAX_PIN_LEN)
            .map(Some)
            .map_err(|_| Error::with_detail(ErrorCode::StoreFailed, "stored password parameters"))
    }

    /// Pins `params` for `identifier`.
    pub(crate) async fn pin_params(&self, identifier: &str, params: &PasswordParams) -> Result<()> {
        self.store()
            .set(&self.pin_key(identifier), &json_to_string(params)?)
            .await
    }

    /// Forgets what this device pinned for `identifier` (its password parameters and its key
    /// chain), so the next login accepts what the server offers. For the app to call after it
    /// learned why they changed — its backend reset the user (`/user/forced/reset`), or the
    /// account was deleted and made again — never on its own: a login refused with `3105
    /// PasswordParamsChanged` or `2008`/`2009` may be a server attacking the user.
    pub async fn unpin_identifier(&self, identifier: &str) -> Result<()> {
        self.store().delete(&self.pin_key(identifier)).await?;
        self.unpin_chain(&ChainPin::Identifier(identifier)).await
    }

    /// Moves the pins of `old` to `new` (the device changed its identifier).
    pub(crate) async fn move_pins(&self, old: &str, new: &str) -> Result<()> {
        if let Some(params) = self.pinned_params(old).await? {
            self.pin_params(new, &params).await?;
        }
        if let Some(chain) = self.pinned_user_chain(old).await? {
            self.pin_user_chain(new, &chain).await?;
        }
        self.unpin_identifier(old).await
    }

    /// Asks the server for `identifier`'s password parameters and checks them against the pin
    /// before anything is derived from the password; returns the server's answer and the
    /// parameters (to pin once the login succeeded).
    pub(crate) async fn offered_params(
        &self,
        identifier: &str,
    ) -> Result<(String, PasswordParams)> {
        let start = prepare_login_start(identifier)?;
        let output = self
            .send(Method::Post, paths::PREPARE_LOGIN, Some(start), None)
            .await?;
        let offered = done_prepare_login(&output)?;
        check_password_params(self.pinned_params(identifier).await?.as_ref(), &offered)?;
        Ok((output, offered))
    }
}
