//! Other users' identities: their key chains, verified from the anchor this client pinned for
//! them on first use (as Signal pins identity keys). Every public key and verify key this client
//! takes for another user — to invite them, encrypt for them, check their signatures — comes
//! from that verified chain, never from the server's word alone. The pins live in the client's
//! store: several tabs share them, they survive logout, and they only move forward. A chain
//! that no longer extends the pin (another anchor after a forced reset, or a fork) is
//! `2010 IdentityChanged` until the app accepts it ([`Sentc::accept_identity_change`]).

use super::chain_pins::ChainPin;
use super::sentc::Sentc;
use super::store::Store;
use super::transport::{Method, Transport};
use crate::crypto::{KeyId, PublicKey, VerifyKey};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{ChainState, verify_user_chain};
use crate::protocol::paths;
use crate::protocol::user::{ROTATIONS_PAGE, UserKeyLink};

impl<T: Transport, S: Store> Sentc<T, S> {
    /// The chain state pinned for `user_id`, if this client met the user before.
    pub async fn pinned_identity(&self, user_id: &str) -> Result<Option<ChainState>> {
        self.pinned_chain(&ChainPin::Identity(user_id)).await
    }

    /// Forgets the identity pinned for `user_id`: the next lookup takes the user's chain on
    /// first use again. For the app to call when the user confirmed the change (a new safety
    /// number compared out of band, or the app's backend reset that user) — never on its own:
    /// `2010 IdentityChanged` may be a server planting keys.
    pub async fn accept_identity_change(&self, user_id: &str) -> Result<()> {
        self.cache_verify_keys(user_id, None);
        self.unpin_chain(&ChainPin::Identity(user_id)).await
    }

    /// `user_id`'s key chain (oldest first), verified against the pinned identity (taken on
    /// first use), which then moves forward to it.
    pub async fn user_key_chain(&self, user_id: &str) -> Result<Vec<UserKeyLink>> {
        let base = paths::fill(paths::USER_KEY_CHAIN, &[user_id]);
        let mut links: Vec<UserKeyLink> = Vec::new();
        loop {
            let path = match links.last() {
                Some(last) => format!("{base}?last_key={}", last.key_id.to_hex()),
                None => base.clone(),
            };
            let page: Vec<UserKeyLink> = self.request(Method::Get, &path, None, None).await?;
            let full = page.len() as i64 >= ROTATIONS_PAGE;
            links.extend(page);
            if !full {
                break;
            }
        }
        let pinned = self.pinned_identity(user_id).await?;
        let state = match verify_user_chain(user_id, &links, &pinned.iter().collect::<Vec<_>>()) {
            Err(error) if error.code() == ErrorCode::KeyChainForked => {
                return Err(Error::with_detail(
                    ErrorCode::IdentityChanged,
                    format!("user {user_id}"),
                ));
            }
            other => other?,
        };
        self.pin_chain(&ChainPin::Identity(user_id), &state).await?;
        let verify_keys = links.iter().map(|link| link.verify_key.clone()).collect();
        self.cache_verify_keys(user_id, Some(verify_keys));
        Ok(links)
    }

    /// A user's newest public key, from their verified chain. Compare safety numbers
    /// ([`super::User::safety_number`]) to be sure the chain is the user's.
    pub async fn get_user_public_key(&self, user_id: &str) -> Result<PublicKey> {
        self.user_key_chain(user_id)
            .await?
            .pop()
            .map(|link| link.public_key)
            .ok_or_else(|| Error::new(ErrorCode::UserNotFound))
    }

    /// A user's newest verify key, from their verified chain.
    pub async fn get_user_newest_verify_key(&self, user_id: &str) -> Result<VerifyKey> {
        self.user_key_chain(user_id)
            .await?
            .pop()
            .map(|link| link.verify_key)
            .ok_or_else(|| Error::new(ErrorCode::UserNotFound))
    }

    /// The verify key with id `key_id` of a generation in user `user_id`'s verified chain;
    /// `5019 UserKeyNotFound` if the chain has none. Keys found once are remembered for the
    /// client's lifetime (a chain only grows), so only an unknown id fetches the chain.
    pub async fn get_user_verify_key(&self, user_id: &str, key_id: KeyId) -> Result<VerifyKey> {
        let cached = self
            .cached_verify_keys(user_id)
            .and_then(|keys| keys.into_iter().find(|key| key.id() == key_id));
        if let Some(key) = cached {
            return Ok(key);
        }
        self.user_key_chain(user_id)
            .await?
            .into_iter()
            .map(|link| link.verify_key)
            .find(|key| key.id() == key_id)
            .ok_or_else(|| Error::for_key(ErrorCode::UserKeyNotFound, key_id))
    }

    /// A user's anchor verify key (their first generation's), from their verified chain: the
    /// identity that safety numbers compare.
    pub async fn get_user_anchor_verify_key(&self, user_id: &str) -> Result<VerifyKey> {
        self.user_key_chain(user_id)
            .await?
            .into_iter()
            .next()
            .map(|link| link.verify_key)
            .ok_or_else(|| Error::new(ErrorCode::UserNotFound))
    }
}
