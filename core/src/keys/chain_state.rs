//! What a client has verified of a key chain — a user's ([`super::user_chain`]) or a group's
//! ([`super::group_chain`]): the owner, how many generations, the newest one's id, and a digest
//! of every link so far. A chain the server sends later must contain the known one as its
//! prefix — the digest says so without checking its signatures again — and only the links
//! after it are verified. Fewer generations than known is a rollback, a different prefix a fork.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::crypto::{KeyId, base64_decode, base64_encode, json_from_str, json_to_string};
use crate::error::{Error, ErrorCode, Result};

pub(super) const STATE_VERSION: u8 = 1;
/// The largest chain state (as JSON, or sealed).
pub const MAX_SEALED_STATE_LEN: usize = 4096;

/// What a client has verified of one owner's key chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainState {
    pub(super) v: u8,
    /// The user or group whose chain it is.
    pub owner_id: String,
    /// How many generations, from the first.
    pub length: u64,
    /// The newest generation's id.
    pub head: KeyId,
    /// SHA-256 over the link messages so far, chained (base64).
    pub(super) digest: String,
}

impl ChainState {
    /// The state before any generation.
    pub(super) fn empty(owner_id: &str, head: KeyId) -> Self {
        Self {
            v: STATE_VERSION,
            owner_id: owner_id.to_string(),
            length: 0,
            head,
            digest: base64_encode(&[0u8; 32]),
        }
    }

    /// The state after one more generation, `key_id`, whose link message is `message`.
    pub(super) fn advanced(&self, key_id: KeyId, message: &[u8]) -> Self {
        let digest = base64_decode(&self.digest, 32)
            .ok()
            .and_then(|bytes| <[u8; 32]>::try_from(bytes.as_slice()).ok())
            .unwrap_or([0u8; 32]);
        Self {
            v: STATE_VERSION,
            owner_id: self.owner_id.clone(),
            length: self.length.saturating_add(1),
            head: key_id,
            digest: base64_encode(&next_digest(&digest, message)),
        }
    }

    /// Parses a state kept in the client's store.
    pub fn from_json(text: &str) -> Result<Self> {
        let state: Self = json_from_str(text, MAX_SEALED_STATE_LEN)?;
        if state.v != STATE_VERSION {
            return Err(Error::with_detail(
                ErrorCode::UnsupportedVersion,
                format!("chain state version {}", state.v),
            ));
        }
        Ok(state)
    }

    /// The state as JSON, for the client's store.
    pub fn to_json(&self) -> Result<String> {
        json_to_string(self)
    }
}

fn next_digest(previous: &[u8; 32], message: &[u8]) -> [u8; 32] {
    Sha256::new()
        .chain_update(b"sentc-user-chain-digest-v1")
        .chain_update(previous)
        .chain_update(message)
        .finalize()
        .into()
}

/// Checks a listed chain (`states`: the state after each of its links, oldest first) against
/// every known state of the same owner: each must be one of the listed prefixes
/// (`2008 KeyChainRolledBack` when the list is shorter, `2009 KeyChainForked` when it differs).
/// Returns how many links are already verified (the longest known state's length).
pub fn check_known(owner_id: &str, states: &[ChainState], known: &[&ChainState]) -> Result<usize> {
    let mut verified = 0usize;
    for known in known {
        if known.owner_id != owner_id {
            return Err(Error::with_detail(
                ErrorCode::KeyChainInvalid,
                "the chain state is another owner's",
            ));
        }
        let index = usize::try_from(known.length).unwrap_or(usize::MAX);
        if index == 0 {
            continue;
        }
        let Some(ours) = index.checked_sub(1).and_then(|i| states.get(i)) else {
            return Err(Error::with_detail(
                ErrorCode::KeyChainRolledBack,
                format!(
                    "{} generations known, {} listed",
                    known.length,
                    states.len()
                ),
            ));
        };
        if ours.digest != known.digest || ours.head != known.head {
            return Err(Error::for_key(ErrorCode::KeyChainForked, ours.head));
        }
        verified = verified.max(index);
    }
    Ok(verified)
}
