//! Key chain states a client pins in its store ([`ChainPin`]): its own user's chain per
//! identifier, other users' identities, and group chains. A pin only moves forward: a state
//! shorter than the stored one is not written (another tab moved on; the next check against
//! the stored state catches a fork).

use sha2::{Digest, Sha256};

use super::sentc::Sentc;
use super::store::Store;
use super::transport::Transport;
use crate::crypto::hex_encode;
use crate::error::{Error, ErrorCode, Result};
use crate::keys::ChainState;
use crate::protocol::paths;

/// Where a pin is kept.
pub(crate) enum ChainPin<'a> {
    /// A user's own held generations of a group.
    Member {
        /// The user.
        user_id: &'a str,
        /// The group.
        group_id: &'a str,
    },
    /// A group's public chain as lookups saw it.
    Public(&'a str),
    /// Another user's key chain.
    Identity(&'a str),
    /// This device's own user's key chain, per identifier it logs in with.
    Identifier(&'a str),
}

impl<T: Transport, S: Store> Sentc<T, S> {
    fn chain_pin_key(&self, pin: &ChainPin<'_>) -> String {
        let name = match pin {
            ChainPin::Member { user_id, group_id } => {
                paths::fill("group/{user}/{group}", &[user_id, group_id])
            }
            ChainPin::Public(group_id) => paths::fill("group_chain/{group}", &[group_id]),
            ChainPin::Identity(user_id) => paths::fill("identity/{user}", &[user_id]),
            ChainPin::Identifier(identifier) => {
                format!(
                    "user_chain/{}",
                    hex_encode(&Sha256::digest(identifier.as_bytes()))
                )
            }
        };
        self.store_key(&name)
    }

    /// The chain state pinned at `pin`, if any.
    pub(crate) async fn pinned_chain(&self, pin: &ChainPin<'_>) -> Result<Option<ChainState>> {
        let Some(text) = self.store().get(&self.chain_pin_key(pin)).await? else {
            return Ok(None);
        };
        ChainState::from_json(&text)
            .map(Some)
            .map_err(|_| Error::with_detail(ErrorCode::StoreFailed, "stored chain state"))
    }

    /// Pins `state` at `pin` unless the store already holds a longer one (another tab moved
    /// on; the next check against it catches a fork).
    pub(crate) async fn pin_chain(&self, pin: &ChainPin<'_>, state: &ChainState) -> Result<()> {
        let newer = self
            .pinned_chain(pin)
            .await?
            .is_some_and(|pinned| pinned.length > state.length);
        if newer {
            return Ok(());
        }
        self.store()
            .set(&self.chain_pin_key(pin), &state.to_json()?)
            .await
    }

    /// Forgets the state pinned at `pin`.
    pub(crate) async fn unpin_chain(&self, pin: &ChainPin<'_>) -> Result<()> {
        self.store().delete(&self.chain_pin_key(pin)).await
    }
}
