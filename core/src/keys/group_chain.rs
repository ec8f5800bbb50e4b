//! The chain of a group's key generations, which the server cannot extend, fork, roll back or
//! replay to another group.
//!
//! Each generation carries a link over
//! `group id || previous key id || key id || public key id || commitment` (framed below; the
//! commitment binds the symmetric key itself). The link is signed by the user who made the
//! generation — the creator, or the rotation starter — with a sign key of that user's verified
//! key chain; only the first generation of a group an app backend created is unsigned, and
//! readers accept that only when they ask for it. A rotation's link is also MAC'd under the
//! previous generation's symmetric key: a server, even with a user account of its own, cannot
//! add a generation members accept without holding the newest one. The group id is chosen by
//! the client and signed, so a link cannot be replayed to another group.
//!
//! What a client has verified of a group's chain is a [`ChainState`], pinned in its store:
//! later chains must extend it.

use super::chain_state::{ChainState, check_known};
use super::group_key::GroupKey;
use crate::crypto::{
    KeyId, PublicKey, SignKey, Signature, VerifyKey, base64_decode, base64_encode,
};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::group::{GroupKeyData, GroupKeyLink, KeySigner};

/// The signature context of group key links.
pub const GROUP_LINK_CONTEXT: &[u8] = b"sentc-group-key-link-v1";
/// The label of a rotation's proof of the previous generation.
const PROOF_LABEL: &[u8] = b"sentc-group-rotation-proof-v1";

/// The link fields of a new generation (see [`GroupKey::data_for`]).
#[derive(Debug, Clone)]
pub struct GroupLink {
    /// The generation it follows.
    pub previous_key_id: Option<KeyId>,
    /// The commitment to its symmetric key (base64).
    pub commitment: String,
    /// The signer.
    pub signed_by: Option<KeySigner>,
    /// The MAC under the previous generation (rotations).
    pub previous_key_proof: Option<String>,
}

/// The public parts of a generation a chain check reads: from a member's key data, or from the
/// group's published chain ([`GroupKeyLink`]).
#[derive(Clone, Copy, PartialEq)]
pub struct GroupLinkView<'a> {
    key_id: KeyId,
    previous_key_id: Option<KeyId>,
    public_key: &'a PublicKey,
    commitment: &'a str,
    signed_by: Option<&'a KeySigner>,
}

impl<'a> From<&'a GroupKeyData> for GroupLinkView<'a> {
    fn from(data: &'a GroupKeyData) -> Self {
        Self {
            key_id: data.key_id,
            previous_key_id: data.previous_key_id,
            public_key: &data.public_key,
            commitment: &data.commitment,
            signed_by: data.signed_by.as_ref(),
        }
    }
}

impl<'a> From<&'a GroupKeyLink> for GroupLinkView<'a> {
    fn from(link: &'a GroupKeyLink) -> Self {
        Self {
            key_id: link.key_id,
            previous_key_id: link.previous_key_id,
            public_key: &link.public_key,
            commitment: &link.commitment,
            signed_by: link.signed_by.as_ref(),
        }
    }
}

impl<'a> From<&GroupLinkView<'a>> for GroupLinkView<'a> {
    fn from(view: &GroupLinkView<'a>) -> Self {
        *view
    }
}

impl GroupLinkView<'_> {
    /// The generation's id.
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// Its signer, if signed.
    pub fn signed_by(&self) -> Option<&KeySigner> {
        self.signed_by
    }

    /// Its public key.
    pub fn public_key(&self) -> &PublicKey {
        self.public_key
    }

    fn message(&self, group_id: &str) -> Result<Vec<u8>> {
        let commitment = base64_decode(self.commitment, 32)
            .ok()
            .and_then(|bytes| <[u8; 32]>::try_from(bytes.as_slice()).ok())
            .ok_or_else(|| Error::for_key(ErrorCode::KeyChainInvalid, self.key_id))?;
        Ok(link_message(
            group_id,
            self.previous_key_id,
            self.key_id,
            self.public_key.id(),
            &commitment,
        ))
    }
}

/// The bytes a link signs, MACs and digests.
fn link_message(
    group_id: &str,
    previous: Option<KeyId>,
    key_id: KeyId,
    public_key_id: KeyId,
    commitment: &[u8; 32],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(group_id.len().saturating_add(2 + 1 + 3 * KeyId::LEN + 32));
    out.extend_from_slice(
        &u16::try_from(group_id.len())
            .unwrap_or(u16::MAX)
            .to_be_bytes(),
    );
    out.extend_from_slice(group_id.as_bytes());
    match previous {
        Some(previous) => {
            out.push(1);
            out.extend_from_slice(previous.as_bytes());
        }
        None => out.push(0),
    }
    out.extend_from_slice(key_id.as_bytes());
    out.extend_from_slice(public_key_id.as_bytes());
    out.extend_from_slice(commitment);
    out
}

/// The link of `new` in group `group_id`: after `previous` (and MAC'd under it), signed by
/// `signer` (a user id and that user's newest sign key; `None` only for a first generation an
/// app backend makes).
pub fn sign_group_link(
    group_id: &str,
    new: &GroupKey,
    previous: Option<&GroupKey>,
    signer: Option<(&str, &SignKey)>,
) -> Result<GroupLink> {
    let commitment = new.symmetric().commitment();
    let message = link_message(
        group_id,
        previous.map(GroupKey::id),
        new.id(),
        new.public_key().id(),
        &commitment,
    );
    let signed_by = signer
        .map(|(user_id, sign_key)| {
            let signature = sign_key.sign(&message, GROUP_LINK_CONTEXT)?;
            Ok::<_, Error>(KeySigner {
                user_id: user_id.to_string(),
                verify_key_id: sign_key.id(),
                signature: base64_encode(&signature.to_bytes()),
            })
        })
        .transpose()?;
    let previous_key_proof =
        previous.map(|previous| base64_encode(&previous.symmetric().mac(PROOF_LABEL, &message)));
    Ok(GroupLink {
        previous_key_id: previous.map(GroupKey::id),
        commitment: base64_encode(&commitment),
        signed_by,
        previous_key_proof,
    })
}

/// Checks a link's signature with `verify_key`, the signer's (which the caller took from the
/// signer's verified user key chain). `2007 KeyChainInvalid` otherwise, also for an unsigned
/// link.
pub fn verify_group_link<'a>(
    group_id: &str,
    link: impl Into<GroupLinkView<'a>>,
    verify_key: &VerifyKey,
) -> Result<()> {
    let link = link.into();
    let invalid = || Error::for_key(ErrorCode::KeyChainInvalid, link.key_id);
    let signer = link.signed_by.ok_or_else(invalid)?;
    let signature = base64_decode(&signer.signature, Signature::ENCODED_LEN)
        .and_then(|bytes| Signature::from_bytes(&bytes))
        .map_err(|_| invalid())?;
    if signature.key_id() != verify_key.id() || signer.verify_key_id != verify_key.id() {
        return Err(invalid());
    }
    verify_key
        .verify(&link.message(group_id)?, GROUP_LINK_CONTEXT, &signature)
        .map_err(|_| invalid())
}

/// Checks what only a member can: the opened generation `key` is the one the link commits to,
/// and — for a rotation whose previous generation the member holds — that the link was MAC'd
/// under it. `2007 KeyChainInvalid` otherwise.
pub fn check_member_link(
    group_id: &str,
    data: &GroupKeyData,
    key: &GroupKey,
    previous: Option<&GroupKey>,
) -> Result<()> {
    let invalid = || Error::for_key(ErrorCode::KeyChainInvalid, data.key_id);
    if key.id() != data.key_id
        || base64_encode(&key.symmetric().commitment()) != data.commitment
        || previous
            .map(GroupKey::id)
            .is_some_and(|id| Some(id) != data.previous_key_id)
    {
        return Err(invalid());
    }
    let Some(previous) = previous else {
        return Ok(());
    };
    let message = GroupLinkView::from(data).message(group_id)?;
    let expected = previous.symmetric().mac(PROOF_LABEL, &message);
    let given = data
        .previous_key_proof
        .as_deref()
        .and_then(|proof| base64_decode(proof, 32).ok())
        .ok_or_else(invalid)?;
    if bool::from(subtle::ConstantTimeEq::ct_eq(
        expected.as_slice(),
        given.as_slice(),
    )) {
        Ok(())
    } else {
        Err(invalid())
    }
}

/// The state of a new group's chain (its creator pins it).
pub fn group_chain_anchor(group_id: &str, first: &GroupKey) -> ChainState {
    let message = link_message(
        group_id,
        None,
        first.id(),
        first.public_key().id(),
        &first.symmetric().commitment(),
    );
    ChainState::empty(group_id, first.id()).advanced(first.id(), &message)
}

/// The state after `new`, a generation that must extend `state`'s head (`2009 KeyChainForked`
/// otherwise) with a link signed by `verify_key` (its signer's, from their verified chain).
pub fn extend_group_chain<'a>(
    state: &ChainState,
    new: impl Into<GroupLinkView<'a>>,
    verify_key: &VerifyKey,
) -> Result<ChainState> {
    let new = new.into();
    if new.previous_key_id != Some(state.head) {
        return Err(Error::for_key(ErrorCode::KeyChainForked, new.key_id));
    }
    verify_group_link(&state.owner_id, new, verify_key)?;
    Ok(state.advanced(new.key_id, &new.message(&state.owner_id)?))
}

/// The state after `new`, a generation this client made itself on `state`'s head.
pub fn extend_own_group_chain(
    state: &ChainState,
    new: &GroupKey,
    link: &GroupLink,
) -> Result<ChainState> {
    if link.previous_key_id != Some(state.head) {
        return Err(Error::for_key(ErrorCode::KeyChainForked, new.id()));
    }
    let commitment = new.symmetric().commitment();
    let message = link_message(
        &state.owner_id,
        link.previous_key_id,
        new.id(),
        new.public_key().id(),
        &commitment,
    );
    Ok(state.advanced(new.id(), &message))
}

/// Verifies a group's chain as the server lists it (oldest first) against the state this
/// client pinned (`known`) and returns the state after each link (never empty): the links must
/// follow each other from a first generation; those up to the pin are checked by digest, later
/// ones by signature, with the signer's verify key from `verify_key` (the caller looked each up
/// in the signer's verified user chain; `None` if it is not there). An unsigned first generation passes only with
/// `backend_created`.
pub fn verify_group_chain<'a, L: 'a>(
    group_id: &str,
    chain: &'a [L],
    known: Option<&ChainState>,
    backend_created: bool,
    verify_key: impl Fn(&KeySigner) -> Option<VerifyKey>,
) -> Result<Vec<ChainState>>
where
    &'a L: Into<GroupLinkView<'a>>,
{
    let chain: Vec<GroupLinkView<'a>> = chain.iter().map(Into::into).collect();
    verify_link_views(group_id, &chain, known, backend_created, &verify_key)
}

/// [`verify_group_chain`] once for every kind of link (one copy of the code in the browser
/// build).
fn verify_link_views(
    group_id: &str,
    chain: &[GroupLinkView<'_>],
    known: Option<&ChainState>,
    backend_created: bool,
    verify_key: &dyn Fn(&KeySigner) -> Option<VerifyKey>,
) -> Result<Vec<ChainState>> {
    let first = chain
        .first()
        .ok_or_else(|| Error::with_detail(ErrorCode::KeyChainInvalid, "no generations"))?;
    let mut states: Vec<ChainState> = Vec::with_capacity(chain.len());
    let mut state = ChainState::empty(group_id, first.key_id);
    for (index, link) in chain.iter().enumerate() {
        let follows = match index.checked_sub(1).and_then(|i| chain.get(i)) {
            Some(previous) => link.previous_key_id == Some(previous.key_id),
            None => link.previous_key_id.is_none(),
        };
        if !follows {
            return Err(Error::for_key(ErrorCode::KeyChainInvalid, link.key_id));
        }
        state = state.advanced(link.key_id, &link.message(group_id)?);
        states.push(state.clone());
    }
    let verified = check_known(group_id, &states, &known.into_iter().collect::<Vec<_>>())?;
    for (index, link) in chain.iter().enumerate().skip(verified) {
        match link.signed_by {
            None if index == 0 && backend_created => {}
            None => return Err(Error::for_key(ErrorCode::SignatureMissing, link.key_id)),
            Some(signer) => {
                let key = verify_key(signer)
                    .ok_or_else(|| Error::for_key(ErrorCode::KeyChainInvalid, link.key_id))?;
                verify_group_link(group_id, *link, &key)?;
            }
        }
    }
    Ok(states)
}

/// The signers whose verify keys [`verify_group_chain`] will need: those of the links after
/// `known` (each once).
pub fn group_chain_signers<'a, L: 'a>(chain: &'a [L], known: Option<&ChainState>) -> Vec<KeySigner>
where
    &'a L: Into<GroupLinkView<'a>>,
{
    let skip = known
        .and_then(|state| usize::try_from(state.length).ok())
        .unwrap_or(0);
    let mut signers: Vec<KeySigner> = Vec::new();
    for link in chain.iter().skip(skip).map(Into::<GroupLinkView<'a>>::into) {
        if let Some(signer) = link.signed_by
            && !signers.contains(signer)
        {
            signers.push(signer.clone());
        }
    }
    signers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::PrivateKey;

    fn data(
        group_id: &str,
        key: &GroupKey,
        previous: Option<&GroupKey>,
        signer: &SignKey,
    ) -> GroupKeyData {
        let member = PrivateKey::generate().unwrap();
        let link = sign_group_link(group_id, key, previous, Some(("alice", signer))).unwrap();
        key.data_for(member.public_key(), &link).unwrap()
    }

    #[test]
    fn a_chain_verifies_and_extends_its_pin() {
        let signer = SignKey::generate().unwrap();
        let lookup = |_: &KeySigner| Some(signer.verify_key().clone());
        let (a, b) = (GroupKey::generate().unwrap(), GroupKey::generate().unwrap());
        let chain = vec![
            data("g", &a, None, &signer),
            data("g", &b, Some(&a), &signer),
        ];
        let last = |states: Vec<ChainState>| states.last().cloned().unwrap();
        let state = last(verify_group_chain("g", &chain[..1], None, false, lookup).unwrap());
        assert_eq!(state, group_chain_anchor("g", &a));
        let longer = last(verify_group_chain("g", &chain, Some(&state), false, lookup).unwrap());
        assert_eq!((longer.length, longer.head), (2, b.id()));
        assert_eq!(
            extend_group_chain(&state, &chain[1], signer.verify_key()).unwrap(),
            longer
        );
        check_member_link("g", &chain[1], &b, Some(&a)).unwrap();
        // Rolled back, replayed to another group, reordered, unsigned: refused.
        let code = |result: Result<Vec<ChainState>>| result.unwrap_err().code();
        assert_eq!(
            code(verify_group_chain(
                "g",
                &chain[..1],
                Some(&longer),
                false,
                lookup
            )),
            ErrorCode::KeyChainRolledBack
        );
        assert_eq!(
            code(verify_group_chain("h", &chain, None, false, lookup)),
            ErrorCode::KeyChainInvalid
        );
        let reordered = vec![chain[1].clone(), chain[0].clone()];
        assert_eq!(
            code(verify_group_chain("g", &reordered, None, false, lookup)),
            ErrorCode::KeyChainInvalid
        );
        let mut unsigned = chain.clone();
        unsigned[0].signed_by = None;
        assert_eq!(
            code(verify_group_chain("g", &unsigned, None, false, lookup)),
            ErrorCode::SignatureMissing
        );
        verify_group_chain("g", &unsigned, None, true, lookup).unwrap();
        // A proof under another key, or none: refused.
        let mut unproven = chain[1].clone();
        unproven.previous_key_proof = None;
        assert_eq!(
            check_member_link("g", &unproven, &b, Some(&a))
                .unwrap_err()
                .code(),
            ErrorCode::KeyChainInvalid
        );
        let other = GroupKey::generate().unwrap();
        assert!(check_member_link("g", &chain[1], &b, Some(&other)).is_err());
    }

    #[test]
    fn a_second_successor_of_a_pinned_generation_is_a_fork() {
        let signer = SignKey::generate().unwrap();
        let lookup = |_: &KeySigner| Some(signer.verify_key().clone());
        let a = GroupKey::generate().unwrap();
        let (b, c) = (GroupKey::generate().unwrap(), GroupKey::generate().unwrap());
        let first = data("g", &a, None, &signer);
        let pinned = verify_group_chain(
            "g",
            &[first.clone(), data("g", &b, Some(&a), &signer)],
            None,
            false,
            lookup,
        )
        .unwrap()
        .pop()
        .unwrap();
        let fork = [first, data("g", &c, Some(&a), &signer)];
        assert_eq!(
            verify_group_chain("g", &fork, Some(&pinned), false, lookup)
                .unwrap_err()
                .code(),
            ErrorCode::KeyChainForked
        );
        assert_eq!(
            extend_group_chain(&pinned, &fork[1], signer.verify_key())
                .unwrap_err()
                .code(),
            ErrorCode::KeyChainForked
        );
    }
}
