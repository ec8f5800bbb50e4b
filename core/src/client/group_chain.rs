//! Group key chains in the client: every group generation a client opens, wraps to or finishes
//! is checked against the group's key chain (`crate::keys::verify_group_chain`), with the
//! signers' verify keys taken from their verified user chains, and against the state this
//! client pinned for the group, which only moves forward.
//!
//! Two pins per group ([`ChainPin`]): what a user opened as a member (it grows only when the user
//! holds a newer generation) and what any lookup of the group's public chain, or any member on
//! this client, saw (for invites of and join requests to groups).

use super::chain_pins::ChainPin;
use super::sentc::Sentc;
use super::store::Store;
use super::transport::{Method, Transport};
use crate::crypto::{PublicKey, VerifyKey};
use crate::error::{Error, ErrorCode, Result};
use crate::group::VerifyLevel;
use crate::keys::{ChainState, GroupLinkView, group_chain_signers, verify_group_chain};
use crate::protocol::group::{GroupKeyLink, KEYS_PAGE, KeySigner};
use crate::protocol::paths;

/// The links of a chain as the verifier reads them.
pub(crate) fn views<'a, L: 'a>(links: &'a [L]) -> Vec<GroupLinkView<'a>>
where
    &'a L: Into<GroupLinkView<'a>>,
{
    links.iter().map(Into::into).collect()
}

impl<T: Transport, S: Store> Sentc<T, S> {
    /// The verify key a group link's signer names, from the signer's verified user chain;
    /// `2007 KeyChainInvalid` if the chain has no such key or the user no longer exists.
    pub(crate) async fn group_signer_key(&self, signer: &KeySigner) -> Result<VerifyKey> {
        match self
            .get_user_verify_key(&signer.user_id, signer.verify_key_id)
            .await
        {
            Err(error)
                if matches!(
                    error.code(),
                    ErrorCode::UserKeyNotFound | ErrorCode::UserNotFound
                ) =>
            {
                Err(Error::with_detail(
                    ErrorCode::KeyChainInvalid,
                    format!("signer {} outside their key chain", signer.user_id),
                ))
            }
            other => other,
        }
    }

    /// Verifies a group's links (oldest first) against `known` with the signers' verify keys
    /// from their chains; the state after each link.
    pub(crate) async fn verify_group_links(
        &self,
        group_id: &str,
        links: &[GroupLinkView<'_>],
        known: Option<&ChainState>,
        level: VerifyLevel,
    ) -> Result<Vec<ChainState>> {
        let mut keys: Vec<(KeySigner, VerifyKey)> = Vec::new();
        for signer in group_chain_signers(links, known) {
            let key = self.group_signer_key(&signer).await?;
            keys.push((signer, key));
        }
        let lookup = |signer: &KeySigner| {
            keys.iter()
                .find(|(known, _)| known == signer)
                .map(|(_, key)| key.clone())
        };
        verify_group_chain(
            group_id,
            links,
            known,
            level.allows_backend_created(),
            lookup,
        )
    }

    /// A group's public key chain (oldest first), verified against what lookups pinned before,
    /// and the state after each link.
    pub(crate) async fn public_group_chain(
        &self,
        group_id: &str,
        level: VerifyLevel,
    ) -> Result<(Vec<GroupKeyLink>, Vec<ChainState>)> {
        let base = paths::fill(paths::GROUP_KEY_CHAIN, &[group_id]);
        let mut links: Vec<GroupKeyLink> = Vec::new();
        loop {
            let path = match links.last() {
                Some(last) => format!("{base}?last_key={}", last.key_id.to_hex()),
                None => base.clone(),
            };
            let page: Vec<GroupKeyLink> = self.request(Method::Get, &path, None, None).await?;
            let full = page.len() as i64 >= KEYS_PAGE;
            links.extend(page);
            if !full {
                break;
            }
        }
        let pin = ChainPin::Public(group_id);
        let known = self.pinned_chain(&pin).await?;
        let states = self
            .verify_group_links(group_id, &views(&links), known.as_ref(), level)
            .await?;
        if let Some(state) = states.last() {
            self.pin_chain(&pin, state).await?;
        }
        Ok((links, states))
    }

    /// A group's key chain (oldest first) as anyone may read it, verified: each generation
    /// signed by its maker with a key of their verified user chain, extending what this client
    /// saw of the group before (`2009 KeyChainForked`, `2008 KeyChainRolledBack` otherwise).
    pub async fn group_key_chain(
        &self,
        group_id: &str,
        level: VerifyLevel,
    ) -> Result<Vec<GroupKeyLink>> {
        Ok(self.public_group_chain(group_id, level).await?.0)
    }

    /// A group's newest public key, from its verified key chain (to invite a group into a
    /// connected group, or to ask to join one).
    pub async fn get_group_public_key(&self, group_id: &str) -> Result<PublicKey> {
        self.group_key_chain(group_id, VerifyLevel::Chain)
            .await?
            .pop()
            .map(|link| link.public_key)
            .ok_or_else(|| Error::new(ErrorCode::GroupNotFound))
    }
}
