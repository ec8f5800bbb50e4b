//! A group's key generations: open them, encrypt with the newest, decrypt with any.

use std::fmt;

use crate::crypto::{Header, KeyId, PrivateKey, SignKey, VerifyKey, base64_decode, base64_encode};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{GroupKey, check_member_link};
use crate::protocol::group::GroupKeyData;

/// Which groups to open. Every level verifies the group's whole key chain: each generation
/// linked to the one before, signed by its maker with a key of their verified user chain,
/// extending what this client pinned for the group (sentc's "verify the group key", always on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VerifyLevel {
    /// Groups users made: every generation signed.
    #[default]
    Chain,
    /// Also groups an app backend created with its secret token, whose first generation no user
    /// signed (trusting the app's backend for it); every rotation is still signed.
    BackendCreated,
}

impl VerifyLevel {
    /// Whether a first generation without a signer passes.
    pub fn allows_backend_created(self) -> bool {
        self == Self::BackendCreated
    }
}

/// Opens a member's generations of group `group_id` (in chain order). `unlock` returns the
/// member private key a generation's symmetric key is wrapped to (by that public key's id;
/// [`ErrorCode::KeyRequired`] names a missing one). Each must be the generation its link
/// commits to and, after the first, carry a valid proof under the one before it
/// ([`crate::keys::check_member_link`]); the links themselves are checked with
/// [`crate::keys::verify_group_chain`].
pub fn open_group_keys(
    group_id: &str,
    data: &[GroupKeyData],
    unlock: impl Fn(KeyId) -> Result<PrivateKey>,
) -> Result<Vec<GroupKey>> {
    let mut opened: Vec<GroupKey> = Vec::with_capacity(data.len());
    for data in data {
        let member = unlock(data.wrapped_key.wrapping_key_id())?;
        let key = GroupKey::open(data, member.unwrap_key(&data.wrapped_key)?)?;
        let previous = data
            .previous_key_id
            .and_then(|id| opened.iter().find(|key| key.id() == id));
        check_member_link(group_id, data, &key, previous)?;
        opened.push(key);
    }
    Ok(opened)
}

/// A group's generations, oldest first.
#[derive(Clone, Default)]
pub struct GroupKeys {
    keys: Vec<GroupKey>,
}

impl GroupKeys {
    /// The generations.
    pub fn new(keys: Vec<GroupKey>) -> Self {
        let mut all = Self::default();
        for key in keys {
            all.add(key);
        }
        all
    }

    /// Adds a generation (ignored if already present).
    pub fn add(&mut self, key: GroupKey) {
        if !self.keys.iter().any(|known| known.id() == key.id()) {
            self.keys.push(key);
        }
    }

    /// Every generation, oldest first.
    pub fn all(&self) -> &[GroupKey] {
        &self.keys
    }

    /// The newest generation.
    pub fn newest(&self) -> Result<&GroupKey> {
        self.keys
            .last()
            .ok_or_else(|| Error::with_detail(ErrorCode::KeyRequired, "the group has no keys"))
    }

    /// The generation with the given id; [`ErrorCode::KeyRequired`] names it if missing.
    pub fn get(&self, key_id: KeyId) -> Result<&GroupKey> {
        self.keys
            .iter()
            .find(|key| key.id() == key_id)
            .ok_or_else(|| Error::for_key(ErrorCode::KeyRequired, key_id))
    }

    /// The private key whose public key has the given id (to open what is wrapped to the
    /// group, e.g. a child group's keys).
    pub fn private_key(&self, public_key_id: KeyId) -> Result<PrivateKey> {
        self.keys
            .iter()
            .find(|key| key.public_key().id() == public_key_id)
            .ok_or_else(|| Error::for_key(ErrorCode::KeyRequired, public_key_id))?
            .private_key()
            .cloned()
    }

    /// Encrypts with the newest generation, signed if `signer` is given.
    pub fn encrypt(&self, plaintext: &[u8], signer: Option<&SignKey>) -> Result<Vec<u8>> {
        let key = self.newest()?.symmetric();
        match signer {
            Some(signer) => key.encrypt_signed(plaintext, signer),
            None => key.encrypt(plaintext),
        }
    }

    /// Decrypts with the generation the item names, verifying its signature if `verify_key` is
    /// given.
    pub fn decrypt(&self, item: &[u8], verify_key: Option<&VerifyKey>) -> Result<Vec<u8>> {
        let key = self.get(Header::parse(item)?.key_id)?.symmetric();
        match verify_key {
            Some(verify_key) => key.decrypt_verified(item, verify_key),
            None => key.decrypt(item),
        }
    }

    /// Encrypts with the newest generation bound to the caller's `context` (a record id and
    /// field name, say): it decrypts only with the same context. Signed if `signer` is given;
    /// the signature covers the context.
    pub fn encrypt_with_context(
        &self,
        plaintext: &[u8],
        context: &[u8],
        signer: Option<&SignKey>,
    ) -> Result<Vec<u8>> {
        self.newest()?
            .symmetric()
            .encrypt_with_context(plaintext, context, signer)
    }

    /// Decrypts an item made by [`Self::encrypt_with_context`] with the same `context`,
    /// verifying its signature if `verify_key` is given.
    pub fn decrypt_with_context(
        &self,
        item: &[u8],
        context: &[u8],
        verify_key: Option<&VerifyKey>,
    ) -> Result<Vec<u8>> {
        self.get(Header::parse(item)?.key_id)?
            .symmetric()
            .decrypt_with_context(item, context, verify_key)
    }

    /// Encrypts a string; the result is base64.
    pub fn encrypt_string(&self, text: &str, signer: Option<&SignKey>) -> Result<String> {
        self.encrypt(text.as_bytes(), signer)
            .map(|item| base64_encode(&item))
    }

    /// Decrypts a string made by [`Self::encrypt_string`].
    pub fn decrypt_string(&self, text: &str, verify_key: Option<&VerifyKey>) -> Result<String> {
        let item = base64_decode(text, crate::crypto::MAX_PLAINTEXT_LEN + 8192)?;
        String::from_utf8(self.decrypt(&item, verify_key)?)
            .map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "plaintext is not UTF-8"))
    }
}

impl fmt::Debug for GroupKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.keys.iter().map(GroupKey::id))
            .finish()
    }
}

impl crate::keys::SearchableKeys for GroupKeys {
    fn search_key(&self) -> Result<crate::crypto::SearchKey> {
        Ok(self.newest()?.search_key().clone())
    }

    fn every_search_key(&self) -> Result<Vec<crate::crypto::SearchKey>> {
        Ok(self
            .keys
            .iter()
            .rev()
            .map(|key| key.search_key().clone())
            .collect())
    }

    fn sortable_key(&self) -> Result<crate::crypto::SortableKey> {
        Ok(self.newest()?.sortable_key().clone())
    }
}
