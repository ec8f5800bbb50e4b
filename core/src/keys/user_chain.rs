//! The chain of a user's key generations, which the server cannot extend, fork or rewrite.
//!
//! Each generation carries a link signature over
//! `user id || previous key id || key id || public key id || verify key id` (framed below): the
//! first generation (the anchor) signs its own link, every later one is signed by the previous
//! generation's sign key. A server cannot make a generation of its own pass (it has no sign
//! key of the chain), cannot replay another user's chain (the user id is signed; ids are chosen
//! by the client), and cannot reorder the list (each link names its predecessor).
//!
//! What a device has verified is a [`ChainState`]. The device keeps it in its store and, sealed
//! under its master key (which only the password opens), on the server.

use super::chain_state::{ChainState, MAX_SEALED_STATE_LEN, check_known};
use super::key_set::KeySet;
use crate::crypto::{
    KeyId, SignKey, Signature, SymmetricKey, VerifyKey, base64_decode, base64_encode,
    json_to_string,
};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::user::{KeySetData, UserKeyLink};

/// The signature context of user key links.
pub const USER_LINK_CONTEXT: &[u8] = b"sentc-user-key-link-v1";
/// The item context a chain state is sealed under.
const STATE_CONTEXT: &[u8] = b"sentc-user-chain-state-v1";

/// The bytes a link signs (and the chain digest hashes).
fn link_message(
    user_id: &str,
    previous: Option<KeyId>,
    key_id: KeyId,
    public_key_id: KeyId,
    verify_key_id: KeyId,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(user_id.len().saturating_add(2 + 1 + 4 * KeyId::LEN));
    out.extend_from_slice(
        &u16::try_from(user_id.len())
            .unwrap_or(u16::MAX)
            .to_be_bytes(),
    );
    out.extend_from_slice(user_id.as_bytes());
    match previous {
        Some(previous) => {
            out.push(1);
            out.extend_from_slice(previous.as_bytes());
        }
        None => out.push(0),
    }
    for id in [key_id, public_key_id, verify_key_id] {
        out.extend_from_slice(id.as_bytes());
    }
    out
}

/// The public parts of a generation a chain check reads: from a device's own key set data, or
/// from another user's published chain ([`UserKeyLink`]).
#[derive(Clone, Copy)]
pub struct LinkView<'a> {
    key_id: KeyId,
    previous_key_id: Option<KeyId>,
    public_key_id: KeyId,
    verify_key: &'a VerifyKey,
    link_signature: &'a str,
}

impl<'a> From<&'a KeySetData> for LinkView<'a> {
    fn from(data: &'a KeySetData) -> Self {
        Self {
            key_id: data.key_id,
            previous_key_id: data.previous_key_id,
            public_key_id: data.public_key.id(),
            verify_key: &data.verify_key,
            link_signature: &data.link_signature,
        }
    }
}

impl<'a> From<&'a UserKeyLink> for LinkView<'a> {
    fn from(link: &'a UserKeyLink) -> Self {
        Self {
            key_id: link.key_id,
            previous_key_id: link.previous_key_id,
            public_key_id: link.public_key.id(),
            verify_key: &link.verify_key,
            link_signature: &link.link_signature,
        }
    }
}

fn data_message(user_id: &str, data: LinkView<'_>) -> Vec<u8> {
    link_message(
        user_id,
        data.previous_key_id,
        data.key_id,
        data.public_key_id,
        data.verify_key.id(),
    )
}

/// The link signature of `new`: by `previous`'s sign key, or by `new`'s own for the first
/// generation (base64).
pub fn sign_user_link(user_id: &str, new: &KeySet, previous: Option<&KeySet>) -> Result<String> {
    let message = link_message(
        user_id,
        previous.map(KeySet::id),
        new.id(),
        new.public_key().id(),
        new.verify_key().id(),
    );
    let signer: &SignKey = previous.map_or(new.sign_key(), KeySet::sign_key);
    let signature = signer.sign(&message, USER_LINK_CONTEXT)?;
    Ok(base64_encode(&signature.to_bytes()))
}

/// Checks `data`'s link: signed by `signer` (the previous generation's verify key, or `data`'s
/// own for the first) over `user_id` and `data`'s ids. `2007 KeyChainInvalid` otherwise.
pub fn verify_user_link<'a>(
    user_id: &str,
    data: impl Into<LinkView<'a>>,
    signer: &VerifyKey,
) -> Result<()> {
    let data = data.into();
    let invalid = || Error::for_key(ErrorCode::KeyChainInvalid, data.key_id);
    let signature = base64_decode(data.link_signature, Signature::ENCODED_LEN)
        .and_then(|bytes| Signature::from_bytes(&bytes))
        .map_err(|_| invalid())?;
    if signature.key_id() != signer.id() {
        return Err(invalid());
    }
    signer
        .verify(&data_message(user_id, data), USER_LINK_CONTEXT, &signature)
        .map_err(|_| invalid())
}

/// Checks an anchor (a first generation): no predecessor, and its own link.
pub fn verify_user_anchor<'a>(user_id: &str, data: impl Into<LinkView<'a>>) -> Result<()> {
    let data = data.into();
    if data.previous_key_id.is_some() {
        return Err(Error::for_key(ErrorCode::KeyChainInvalid, data.key_id));
    }
    verify_user_link(user_id, data, data.verify_key)
}

impl ChainState {
    /// The state of a chain with only its anchor (a new user).
    pub fn anchor(user_id: &str, anchor: &KeySet) -> Self {
        let message = link_message(
            user_id,
            None,
            anchor.id(),
            anchor.public_key().id(),
            anchor.verify_key().id(),
        );
        Self::empty(user_id, anchor.id()).advanced(anchor.id(), &message)
    }

    /// Seals the state under the device master key, for the server to keep.
    pub fn seal(&self, master_key: &SymmetricKey) -> Result<String> {
        let text = json_to_string(self)?;
        master_key
            .encrypt_with_context(text.as_bytes(), STATE_CONTEXT, None)
            .map(|item| base64_encode(&item))
    }

    /// Opens a state sealed by [`Self::seal`]; it must be `user_id`'s.
    pub fn open_sealed(sealed: &str, master_key: &SymmetricKey, user_id: &str) -> Result<Self> {
        let item = base64_decode(sealed, MAX_SEALED_STATE_LEN)?;
        let text = master_key.decrypt_with_context(&item, STATE_CONTEXT, None)?;
        let text = String::from_utf8(text)
            .map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "chain state"))?;
        let state = Self::from_json(&text)?;
        if state.owner_id != user_id {
            return Err(Error::with_detail(
                ErrorCode::KeyChainInvalid,
                "the chain state is another user's",
            ));
        }
        Ok(state)
    }

    /// The state after the generation `data`, which must follow this state's head and carry a
    /// link signed by the head generation (`head`, which the device holds). A rotation built
    /// on an older generation is a fork (`2009`).
    pub fn extend(&self, data: &KeySetData, head: &KeySet) -> Result<Self> {
        if head.id() != self.head || data.previous_key_id != Some(self.head) {
            return Err(Error::for_key(ErrorCode::KeyChainForked, data.key_id));
        }
        verify_user_link(&self.owner_id, data, head.verify_key())?;
        Ok(self.after(data.into()))
    }

    fn after(&self, data: LinkView<'_>) -> Self {
        self.advanced(data.key_id, &data_message(&self.owner_id, data))
    }
}

/// Verifies a user's chain as the server lists it (oldest first) against what this device
/// knows (`known`: its store's state and the sealed one, either may be missing) and returns
/// the new state. The links up to the longest known state are checked by digest; later ones by
/// signature. Without any known state the anchor is taken on first use and every link is
/// checked.
pub fn verify_user_chain<'a, L: 'a>(
    user_id: &str,
    chain: &'a [L],
    known: &[&ChainState],
) -> Result<ChainState>
where
    &'a L: Into<LinkView<'a>>,
{
    let chain: Vec<LinkView<'a>> = chain.iter().map(Into::into).collect();
    let anchor = chain
        .first()
        .ok_or_else(|| Error::with_detail(ErrorCode::KeyChainInvalid, "no generations"))?;
    if anchor.previous_key_id.is_some() {
        return Err(Error::for_key(ErrorCode::KeyChainInvalid, anchor.key_id));
    }
    // Digests of every prefix, and each known state must be one of them.
    let mut states: Vec<ChainState> = Vec::with_capacity(chain.len());
    let mut state = ChainState::empty(user_id, anchor.key_id);
    for (index, data) in chain.iter().enumerate() {
        let follows = match index.checked_sub(1).and_then(|i| chain.get(i)) {
            Some(previous) => data.previous_key_id == Some(previous.key_id),
            None => data.previous_key_id.is_none(),
        };
        if !follows {
            return Err(Error::for_key(ErrorCode::KeyChainInvalid, data.key_id));
        }
        state = state.after(*data);
        states.push(state.clone());
    }
    let verified = check_known(user_id, &states, known)?;
    // Links beyond what is known are verified by signature.
    for (index, data) in chain.iter().enumerate().skip(verified) {
        match index.checked_sub(1).and_then(|i| chain.get(i)) {
            Some(previous) => verify_user_link(user_id, *data, previous.verify_key)?,
            None => verify_user_anchor(user_id, *data)?,
        }
    }
    states
        .pop()
        .ok_or_else(|| Error::with_detail(ErrorCode::KeyChainInvalid, "no generations"))
}
