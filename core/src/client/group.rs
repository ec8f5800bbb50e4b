//! Groups in the client: create, fetch (through parents and connected groups), encrypt and
//! decrypt, members, invites, join requests, ranks, children, connected groups, key rotation.

use std::fmt;
use std::sync::{Arc, Mutex};

use super::chain_pins::ChainPin;
use super::group_chain::views;
use super::store::Store;
use super::transport::{Method, Transport};
use super::user::User;
use crate::crypto::{
    Header, KeyId, PrivateKey, PublicKey, SearchKey, SignKey, SortableKey, VerifyKey,
    json_to_string,
};
use crate::error::{Error, ErrorCode, Result};
use crate::group::{
    GroupKeys, MemberKeyBodies, NewGroup, NewRotation, VerifyLevel, finish_group_key_rotation,
    open_group_keys, prepare_change_rank, prepare_create_group, prepare_group_key_rotation,
    prepare_member_keys,
};
use crate::keys::{ChainState, GroupLinkView, KeySet, SearchableKeys, check_known};
use crate::protocol::group::{
    AccessBy, GroupData, GroupIdResponse, GroupKeyData, GroupLight, GroupListItem,
    GroupPendingRotation, GroupRequestItem, InviteResponse, InvitesAllowedRequest, KEYS_PAGE,
    MemberInfo, MemberType,
};
use crate::protocol::paths;
use crate::protocol::user::Empty;

/// A group the user can reach, with its keys. Cheap to clone.
pub struct Group<T, S> {
    user: User<T, S>,
    state: Arc<Mutex<GroupState>>,
    /// The group through whose keys this group's keys are wrapped (its parent, or the member
    /// group of a connected group); `None` when the user is a member.
    holder: Option<Box<Group<T, S>>>,
    /// The member group named in `x-sentc-group-access-id`, for connected groups.
    via: Option<String>,
}

struct GroupState {
    light: GroupLight,
    invites_allowed: bool,
    keys: GroupKeys,
    /// The verified chain up to the newest generation the user holds.
    chain: ChainState,
}

impl<T, S> Clone for Group<T, S> {
    fn clone(&self) -> Self {
        Self {
            user: self.user.clone(),
            state: Arc::clone(&self.state),
            holder: self.holder.clone(),
            via: self.via.clone(),
        }
    }
}

impl<T, S> fmt::Debug for Group<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Group").finish_non_exhaustive()
    }
}

fn list_path(path: &str, last: Option<(i64, &str)>) -> String {
    match last {
        Some((time, id)) => format!(
            "{path}?last_time={time}&last_id={}",
            paths::fill("{id}", &[id])
        ),
        None => path.to_string(),
    }
}

/// Checks the server kept the id the client chose for a new group.
/// An encrypted item from its base64 text (the `*_string` methods' input).
fn item_from_text(text: &str) -> Result<Vec<u8>> {
    crate::crypto::base64_decode(text, crate::crypto::MAX_PLAINTEXT_LEN + 8192)
}

/// Decrypted text (`1001` when the plaintext is not UTF-8).
fn plaintext_text(plaintext: Vec<u8>) -> Result<String> {
    String::from_utf8(plaintext)
        .map_err(|_| Error::with_detail(ErrorCode::MalformedInput, "plaintext is not UTF-8"))
}

fn created(response: &GroupIdResponse, new: &NewGroup) -> Result<()> {
    if response.group_id == new.group_id {
        Ok(())
    } else {
        Err(Error::with_detail(
            ErrorCode::KeysInconsistent,
            "the server named another group id",
        ))
    }
}

impl<T: Transport, S: Store> User<T, S> {
    /// The user's id and newest sign key, which sign every group generation the user makes.
    pub(crate) fn signer(&self) -> Result<(String, SignKey)> {
        Ok((self.user_id()?, self.newest_keys()?.sign_key().clone()))
    }

    fn new_group(&self, member: &PublicKey) -> Result<NewGroup> {
        let (user_id, sign_key) = self.signer()?;
        prepare_create_group(member, Some((&user_id, &sign_key)))
    }

    /// Pins what the user verified of a group's chain; lookups of the group's public chain on
    /// this client may not go back behind it either.
    async fn pin_group(&self, group_id: &str, chain: &ChainState) -> Result<()> {
        let user_id = self.user_id()?;
        let member = ChainPin::Member {
            user_id: &user_id,
            group_id,
        };
        self.client().pin_chain(&member, chain).await?;
        self.client()
            .pin_chain(&ChainPin::Public(group_id), chain)
            .await
    }

    /// Creates a group (its id chosen here); the user becomes its creator (rank 0). The first
    /// generation is signed with the user's sign key — always: `sign` is kept for sentc's
    /// signature, and every generation is signed since it is a link of the group's key chain.
    pub async fn create_group(&self, sign: bool) -> Result<String> {
        let _ = sign;
        let new = self.new_group(&self.public_key()?)?;
        let response: GroupIdResponse = self
            .call(Method::Post, paths::GROUP_CREATE, Some(new.body.clone()))
            .await?;
        created(&response, &new)?;
        self.pin_group(&new.group_id, &new.chain).await?;
        Ok(new.group_id)
    }

    /// The body of a group creation without sending it, for an app backend that creates the
    /// group with its secret token (`POST /api/v1/group/forced/{user_id}`). Signed as by
    /// [`Self::create_group`] (`sign` is kept for sentc's signature); the user's first fetch of
    /// the group pins its chain.
    pub fn prepare_create_group(&self, sign: bool) -> Result<String> {
        let _ = sign;
        Ok(self.new_group(&self.public_key()?)?.body)
    }

    /// Fetches a group the user reaches directly or through parents (loading the parents
    /// first), verifies its key chain (see [`VerifyLevel`]), opens its keys, and finishes
    /// pending key rotations.
    pub async fn get_group(&self, group_id: &str, level: VerifyLevel) -> Result<Group<T, S>> {
        let light: GroupLight = self
            .call(
                Method::Get,
                &paths::fill(paths::GROUP_LIGHT, &[group_id]),
                None,
            )
            .await?;
        let holder = match &light.access_by {
            AccessBy::Direct => None,
            AccessBy::Parent { group_id: parent } => {
                Some(Box::pin(self.get_group(parent, level)).await?)
            }
            AccessBy::Connected { .. } => {
                return Err(Error::with_detail(
                    ErrorCode::GroupAccessDenied,
                    "fetch a connected group through its member group",
                ));
            }
        };
        Group::fetch(self.clone(), group_id, holder, None, level).await
    }

    /// A page of the groups the user is a direct member of.
    pub async fn groups(&self, last: Option<&GroupListItem>) -> Result<Vec<GroupListItem>> {
        let path = list_path(
            paths::GROUPS,
            last.map(|item| (item.time, item.group_id.as_str())),
        );
        self.call(Method::Get, &path, None).await
    }

    /// A page of the user's group invites.
    pub async fn group_invites(
        &self,
        last: Option<&GroupRequestItem>,
    ) -> Result<Vec<GroupRequestItem>> {
        let path = list_path(
            paths::GROUP_MY_INVITES,
            last.map(|item| (item.time, item.id.as_str())),
        );
        self.call(Method::Get, &path, None).await
    }

    /// Accepts an invite.
    pub async fn accept_group_invite(&self, group_id: &str) -> Result<()> {
        let path = paths::fill(paths::GROUP_MY_INVITE, &[group_id]);
        self.call_empty(Method::Patch, &path, None).await
    }

    /// Rejects an invite.
    pub async fn reject_group_invite(&self, group_id: &str) -> Result<()> {
        let path = paths::fill(paths::GROUP_MY_INVITE, &[group_id]);
        self.call_empty(Method::Delete, &path, None).await
    }

    /// Asks to join a group.
    pub async fn group_join_request(&self, group_id: &str) -> Result<()> {
        let path = paths::fill(paths::GROUP_JOIN_REQUEST, &[group_id]);
        self.call_empty(Method::Post, &path, None).await
    }

    /// A page of the user's sent join requests.
    pub async fn sent_join_requests(
        &self,
        last: Option<&GroupRequestItem>,
    ) -> Result<Vec<GroupRequestItem>> {
        let path = list_path(
            paths::GROUP_MY_JOIN_REQUESTS,
            last.map(|item| (item.time, item.id.as_str())),
        );
        self.call(Method::Get, &path, None).await
    }

    /// Withdraws a join request.
    pub async fn delete_join_request(&self, group_id: &str) -> Result<()> {
        let path = paths::fill(paths::GROUP_JOIN_REQUEST, &[group_id]);
        self.call_empty(Method::Delete, &path, None).await
    }

    /// Encrypts data for one user with their public key (its signature checked), signed with
    /// this user's sign key if `sign`.
    pub async fn encrypt_for_user(
        &self,
        user_id: &str,
        data: &[u8],
        sign: bool,
    ) -> Result<Vec<u8>> {
        let public_key = self.client().get_user_public_key(user_id).await?;
        if sign {
            public_key.encrypt_signed(data, self.newest_keys()?.sign_key())
        } else {
            public_key.encrypt(data)
        }
    }

    /// Decrypts data encrypted for this user, with whichever user key generation it names;
    /// verifies the sender's signature if `verify_key` is given.
    pub fn decrypt_from_user(
        &self,
        item: &[u8],
        verify_key: Option<&VerifyKey>,
    ) -> Result<Vec<u8>> {
        let private_key = self.private_key_by_public_id(Header::parse(item)?.key_id)?;
        match verify_key {
            Some(verify_key) => private_key.decrypt_verified(item, verify_key),
            None => private_key.decrypt(item),
        }
    }

    /// [`Self::encrypt_for_user`] for text; the result is base64.
    pub async fn encrypt_string_for_user(
        &self,
        user_id: &str,
        text: &str,
        sign: bool,
    ) -> Result<String> {
        let item = self
            .encrypt_for_user(user_id, text.as_bytes(), sign)
            .await?;
        Ok(crate::crypto::base64_encode(&item))
    }

    /// Decrypts text made by [`Self::encrypt_string_for_user`] for this user.
    pub fn decrypt_string_from_user(&self, text: &str) -> Result<String> {
        plaintext_text(self.decrypt_from_user(&item_from_text(text)?, None)?)
    }

    /// Decrypts data encrypted for this user and signed by user `sender_id`, verifying the
    /// signature with the sender's verify key that the item names.
    pub async fn decrypt_from_user_verified(
        &self,
        item: &[u8],
        sender_id: &str,
    ) -> Result<Vec<u8>> {
        let verify_key = self.client().signer_verify_key(item, sender_id).await?;
        self.decrypt_from_user(item, Some(&verify_key))
    }

    /// The private key of the user key generation whose public key has the given id.
    pub(crate) fn private_key_by_public_id(&self, public_key_id: KeyId) -> Result<PrivateKey> {
        self.all_keys()?
            .into_iter()
            .find(|keys| keys.public_key().id() == public_key_id)
            .map(|keys| keys.private_key().clone())
            .ok_or_else(|| Error::for_key(ErrorCode::KeyRequired, public_key_id))
    }
}

impl<T: Transport, S: Store> Group<T, S> {
    /// The user this group was fetched by.
    pub(crate) fn user(&self) -> &User<T, S> {
        &self.user
    }

    /// Fetches a group, verifies the generations the user holds against its key chain, and
    /// opens them with the holder's keys (or the user's).
    async fn fetch(
        user: User<T, S>,
        group_id: &str,
        holder: Option<Group<T, S>>,
        via: Option<String>,
        level: VerifyLevel,
    ) -> Result<Self> {
        let base = paths::fill(paths::GROUP, &[group_id]);
        let header = via.as_deref().map(|via| (paths::GROUP_ACCESS_HEADER, via));
        let mut page: GroupData = user.call_with(Method::Get, &base, None, header).await?;
        let mut data = page.keys.clone();
        while page.keys.len() as i64 == KEYS_PAGE {
            let Some(last) = page.keys.last() else { break };
            let path = format!("{base}?last_key={}", last.key_id);
            page = user.call_with(Method::Get, &path, None, header).await?;
            data.extend(page.keys.iter().cloned());
        }
        let (data, chain) = verify_held(&user, group_id, data, level).await?;
        let mut light = page.group.clone();
        light.group_id = group_id.to_string();
        let group = Self {
            user,
            state: Arc::new(Mutex::new(GroupState {
                light,
                invites_allowed: page.invites_allowed,
                keys: GroupKeys::default(),
                chain,
            })),
            holder: holder.map(Box::new),
            via,
        };
        let unlock = |public_key_id| group.holder_private_key(public_key_id);
        let keys = open_group_keys(group_id, &data, unlock)?;
        group.write(|state| state.keys = GroupKeys::new(keys))?;
        let chain = group.chain()?;
        group.user.pin_group(group_id, &chain).await?;
        if page.pending_rotations {
            group.finish_key_rotations().await?;
        }
        Ok(group)
    }

    fn chain(&self) -> Result<ChainState> {
        self.read(|state| state.chain.clone())
    }

    fn read<R>(&self, f: impl FnOnce(&GroupState) -> R) -> Result<R> {
        let state = self
            .state
            .lock()
            .map_err(|_| Error::with_detail(ErrorCode::StoreFailed, "group lock poisoned"))?;
        Ok(f(&state))
    }

    fn write<R>(&self, f: impl FnOnce(&mut GroupState) -> R) -> Result<R> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| Error::with_detail(ErrorCode::StoreFailed, "group lock poisoned"))?;
        Ok(f(&mut state))
    }

    /// The private key (of the user or the holder group) a key of this group is wrapped to.
    fn holder_private_key(&self, public_key_id: KeyId) -> Result<PrivateKey> {
        match &self.holder {
            Some(holder) => holder.keys()?.private_key(public_key_id),
            None => self.user.private_key_by_public_id(public_key_id),
        }
    }

    /// The newest public key of the key holder (the user or the holder group).
    fn holder_public_key(&self) -> Result<PublicKey> {
        match &self.holder {
            Some(holder) => Ok(holder.keys()?.newest()?.public_key().clone()),
            None => self.user.public_key(),
        }
    }

    pub(crate) fn header(&self) -> Option<(&'static str, &str)> {
        self.via
            .as_deref()
            .map(|via| (paths::GROUP_ACCESS_HEADER, via))
    }

    async fn call<R: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<R> {
        self.user.call_with(method, path, body, self.header()).await
    }

    async fn call_empty(&self, method: Method, path: &str, body: Option<String>) -> Result<()> {
        self.call::<Empty>(method, path, body).await.map(drop)
    }

    fn path(&self, template: &str, more: &[&str]) -> Result<String> {
        let id = self.id()?;
        let mut values = vec![id.as_str()];
        values.extend_from_slice(more);
        Ok(paths::fill(template, &values))
    }

    /// The group's id.
    pub fn id(&self) -> Result<String> {
        self.read(|state| state.light.group_id.clone())
    }

    /// The user's rank in the group.
    pub fn rank(&self) -> Result<i64> {
        self.read(|state| state.light.rank)
    }

    /// The parent group's id.
    pub fn parent_id(&self) -> Result<Option<String>> {
        self.read(|state| state.light.parent_id.clone())
    }

    /// How the user reaches the group.
    pub fn access_by(&self) -> Result<AccessBy> {
        self.read(|state| state.light.access_by.clone())
    }

    /// Whether the group takes invites and join requests.
    pub fn invites_allowed(&self) -> Result<bool> {
        self.read(|state| state.invites_allowed)
    }

    /// The group's key generations.
    pub fn keys(&self) -> Result<GroupKeys> {
        self.read(|state| state.keys.clone())
    }

    /// The group's verified key chain up to the newest generation the user holds.
    pub fn key_chain(&self) -> Result<ChainState> {
        self.read(|state| state.chain.clone())
    }

    /// Encrypts with the newest generation.
    pub fn encrypt(&self, data: &[u8]) -> Result<Vec<u8>> {
        self.read(|state| state.keys.encrypt(data, None))?
    }

    /// Encrypts with the newest generation and signs with the user's sign key.
    pub fn encrypt_signed(&self, data: &[u8]) -> Result<Vec<u8>> {
        let signer = self.user.newest_keys()?;
        self.read(|state| state.keys.encrypt(data, Some(signer.sign_key())))?
    }

    /// Decrypts with the generation the item names ([`ErrorCode::KeyRequired`] names a missing
    /// one: finish key rotations or fetch the group again).
    pub fn decrypt(&self, item: &[u8]) -> Result<Vec<u8>> {
        self.read(|state| state.keys.decrypt(item, None))?
    }

    /// Decrypts and verifies the signature with the sender's verify key.
    pub fn decrypt_verified(&self, item: &[u8], verify_key: &VerifyKey) -> Result<Vec<u8>> {
        self.read(|state| state.keys.decrypt(item, Some(verify_key)))?
    }

    /// Decrypts an item signed by user `signer_id`: fetches the verify key the item names (the
    /// server must list it as that user's) and fails unless the signature verifies.
    pub async fn decrypt_from(&self, item: &[u8], signer_id: &str) -> Result<Vec<u8>> {
        let verify_key = self
            .user
            .client()
            .signer_verify_key(item, signer_id)
            .await?;
        self.decrypt_verified(item, &verify_key)
    }

    /// Encrypts a string (base64 result).
    pub fn encrypt_string(&self, text: &str) -> Result<String> {
        self.read(|state| state.keys.encrypt_string(text, None))?
    }

    /// Encrypts a string and signs it with the user's sign key.
    pub fn encrypt_string_signed(&self, text: &str) -> Result<String> {
        let signer = self.user.newest_keys()?;
        self.read(|state| state.keys.encrypt_string(text, Some(signer.sign_key())))?
    }

    /// Decrypts a string made by [`Self::encrypt_string`].
    pub fn decrypt_string(&self, text: &str) -> Result<String> {
        self.read(|state| state.keys.decrypt_string(text, None))?
    }

    /// Decrypts a string made by [`Self::encrypt_string_signed`] of user `signer_id`, verifying
    /// the signature as [`Self::decrypt_from`] does.
    pub async fn decrypt_string_from(&self, text: &str, signer_id: &str) -> Result<String> {
        let item = item_from_text(text)?;
        let verify_key = self
            .user
            .client()
            .signer_verify_key(&item, signer_id)
            .await?;
        self.read(|state| state.keys.decrypt_string(text, Some(&verify_key)))?
    }

    /// Encrypts with the newest generation bound to `context` (e.g. a record id and field
    /// name): the item decrypts only with the same context, so a server cannot move it to
    /// another record or field. Signed with the user's sign key if `sign`.
    pub fn encrypt_with_context(&self, data: &[u8], context: &[u8], sign: bool) -> Result<Vec<u8>> {
        let signer = if sign {
            Some(self.user.newest_keys()?)
        } else {
            None
        };
        let signer = signer.as_ref().map(KeySet::sign_key);
        self.read(|state| state.keys.encrypt_with_context(data, context, signer))?
    }

    /// Decrypts an item made by [`Self::encrypt_with_context`] with the same `context`; with
    /// `signer_id`, also checks the signature of that user (as [`Self::decrypt_from`]).
    pub async fn decrypt_with_context(
        &self,
        item: &[u8],
        context: &[u8],
        signer_id: Option<&str>,
    ) -> Result<Vec<u8>> {
        let verify_key = match signer_id {
            Some(signer_id) => Some(
                self.user
                    .client()
                    .signer_verify_key(item, signer_id)
                    .await?,
            ),
            None => None,
        };
        self.read(|state| {
            state
                .keys
                .decrypt_with_context(item, context, verify_key.as_ref())
        })?
    }

    /// [`Self::encrypt_with_context`] for a string (base64 result).
    pub fn encrypt_string_with_context(
        &self,
        text: &str,
        context: &[u8],
        sign: bool,
    ) -> Result<String> {
        self.encrypt_with_context(text.as_bytes(), context, sign)
            .map(|item| crate::crypto::base64_encode(&item))
    }

    /// Decrypts a string made by [`Self::encrypt_string_with_context`] (see
    /// [`Self::decrypt_with_context`]).
    pub async fn decrypt_string_with_context(
        &self,
        text: &str,
        context: &[u8],
        signer_id: Option<&str>,
    ) -> Result<String> {
        let item = item_from_text(text)?;
        plaintext_text(self.decrypt_with_context(&item, context, signer_id).await?)
    }

    /// The user's access as the server sees it now; this group's [`Self::info`] takes it (the
    /// group's id stays the one it was fetched by).
    pub async fn light(&self) -> Result<GroupLight> {
        let mut light: GroupLight = self
            .call(Method::Get, &self.path(paths::GROUP_LIGHT, &[])?, None)
            .await?;
        light.group_id = self.id()?;
        self.write(|state| state.light = light.clone())?;
        Ok(light)
    }

    /// The user's access as of the fetch (or the last [`Self::light`]): rank, times, parent,
    /// whether it is a connected group, how the user reaches it.
    pub fn info(&self) -> Result<GroupLight> {
        self.read(|state| state.light.clone())
    }

    /// A page of members.
    pub async fn members(&self, last: Option<&MemberInfo>) -> Result<Vec<MemberInfo>> {
        let base = self.path(paths::GROUP_MEMBERS, &[])?;
        let path = list_path(
            &base,
            last.map(|member| (member.joined_time, member.member_id.as_str())),
        );
        self.call(Method::Get, &path, None).await
    }

    /// The newest public key of a member to be (a user, checked against their verify key; or a
    /// group).
    async fn member_public_key(
        &self,
        member_id: &str,
        member_type: MemberType,
    ) -> Result<PublicKey> {
        let client = self.user.client();
        match member_type {
            MemberType::User => client.get_user_public_key(member_id).await,
            MemberType::Group => client.get_group_public_key(member_id).await,
        }
    }

    /// Sends every generation wrapped for a member: the newest page with the request at
    /// `path`, older pages through the key session it answers with.
    async fn send_keys(
        &self,
        path: String,
        member_id: &str,
        member_type: MemberType,
        rank: Option<i64>,
    ) -> Result<()> {
        let bodies = self
            .prepare_keys_for_new_member(member_id, member_type, rank)
            .await?;
        let response: InviteResponse = self.call(Method::Put, &path, Some(bodies.first)).await?;
        match response.session_id {
            Some(session_id) => self.send_key_pages(&session_id, bodies.rest).await,
            None => Ok(()),
        }
    }

    /// The bodies that give a member every generation, wrapped for its newest public key from
    /// its verified key chain (for an app backend that sends the invite itself): `first` for
    /// the invite, the rest (if the answer names a key session) for
    /// [`Self::send_key_session`].
    pub async fn prepare_keys_for_new_member(
        &self,
        member_id: &str,
        member_type: MemberType,
        rank: Option<i64>,
    ) -> Result<MemberKeyBodies> {
        let public_key = self.member_public_key(member_id, member_type).await?;
        prepare_member_keys(&self.keys()?, &public_key, rank)
    }

    /// Sends the older generations to a member whose invite (sent by the app backend with the
    /// first body of [`Self::prepare_keys_for_new_member`]) was answered with `session_id`.
    pub async fn send_key_session(
        &self,
        session_id: &str,
        member_id: &str,
        member_type: MemberType,
    ) -> Result<()> {
        let bodies = self
            .prepare_keys_for_new_member(member_id, member_type, None)
            .await?;
        self.send_key_pages(session_id, bodies.rest).await
    }

    async fn send_key_pages(&self, session_id: &str, pages: Vec<String>) -> Result<()> {
        let session_path = self.path(paths::GROUP_KEY_SESSION, &[session_id])?;
        for body in pages {
            self.call_empty(Method::Put, &session_path, Some(body))
                .await?;
        }
        Ok(())
    }

    /// Invites a user (rank 1-4, default 4); they accept with [`User::accept_group_invite`].
    pub async fn invite(&self, user_id: &str, rank: Option<i64>) -> Result<()> {
        self.invite_member(user_id, MemberType::User, rank, false)
            .await
    }

    /// Adds a user at once, without an invite to accept.
    pub async fn invite_auto(&self, user_id: &str, rank: Option<i64>) -> Result<()> {
        self.invite_member(user_id, MemberType::User, rank, true)
            .await
    }

    /// Invites a user, or a normal group into this connected group (rank 1-4, default 4): every
    /// generation wrapped for the member's newest public key, from its verified key chain. A
    /// user accepts with [`User::accept_group_invite`], a group's admins with
    /// [`Group::accept_connected_invite`]; with `auto` the member is added at once.
    pub async fn invite_member(
        &self,
        member_id: &str,
        member_type: MemberType,
        rank: Option<i64>,
        auto: bool,
    ) -> Result<()> {
        let base = self.path(paths::GROUP_INVITE, &[member_id])?;
        let query = match (member_type, auto) {
            (MemberType::User, false) => "",
            (MemberType::User, true) => "?auto=true",
            (MemberType::Group, false) => "?group=true",
            (MemberType::Group, true) => "?group=true&auto=true",
        };
        self.send_keys(format!("{base}{query}"), member_id, member_type, rank)
            .await
    }

    /// Wraps every generation anew for a member's newest public key; the rank stays. A re-invite
    /// is what follows a member's key change, so it must not be this client's first sight of
    /// the member: a user member's identity must be pinned already (this client invited or
    /// looked them up before), else `2011 IdentityNotPinned`. To re-invite anyway, look the
    /// user up first ([`super::Sentc::get_user_public_key`] pins on first use) — ideally after
    /// comparing safety numbers. The key comes from their verified chain: after a forced reset
    /// of that user this is `2010 IdentityChanged` until the app accepts the change.
    pub async fn re_invite(&self, member_id: &str, member_type: MemberType) -> Result<()> {
        if member_type == MemberType::User
            && self
                .user
                .client()
                .pinned_identity(member_id)
                .await?
                .is_none()
        {
            return Err(Error::with_detail(
                ErrorCode::IdentityNotPinned,
                format!("user {member_id}"),
            ));
        }
        let path = self.path(paths::GROUP_RE_INVITE, &[member_id])?;
        self.send_keys(path, member_id, member_type, None).await
    }

    /// Allows or stops invites and join requests.
    pub async fn set_invites_allowed(&self, allowed: bool) -> Result<()> {
        let body = json_to_string(&InvitesAllowedRequest { allowed })?;
        self.call_empty(
            Method::Patch,
            &self.path(paths::GROUP_INVITES_ALLOWED, &[])?,
            Some(body),
        )
        .await?;
        self.write(|state| state.invites_allowed = allowed)
    }

    /// A page of join requests (ranks 0-2).
    pub async fn join_requests(
        &self,
        last: Option<&GroupRequestItem>,
    ) -> Result<Vec<GroupRequestItem>> {
        let base = self.path(paths::GROUP_JOIN_REQUESTS, &[])?;
        self.call(
            Method::Get,
            &list_path(&base, last.map(|item| (item.time, item.id.as_str()))),
            None,
        )
        .await
    }

    /// Accepts a join request of a user or a group.
    pub async fn accept_join_request(
        &self,
        request: &GroupRequestItem,
        rank: Option<i64>,
    ) -> Result<()> {
        let path = self.path(paths::GROUP_JOIN_REQUEST_OF, &[&request.id])?;
        self.send_keys(path, &request.id, request.member_type, rank)
            .await
    }

    /// Rejects a join request.
    pub async fn reject_join_request(&self, member_id: &str) -> Result<()> {
        self.call_empty(
            Method::Delete,
            &self.path(paths::GROUP_JOIN_REQUEST_OF, &[member_id])?,
            None,
        )
        .await
    }

    /// Changes a member's rank.
    pub async fn change_rank(&self, member_id: &str, rank: i64) -> Result<()> {
        let body = prepare_change_rank(member_id, rank)?;
        self.call_empty(
            Method::Put,
            &self.path(paths::GROUP_CHANGE_RANK, &[])?,
            Some(body),
        )
        .await
    }

    /// Removes a member.
    pub async fn kick(&self, member_id: &str) -> Result<()> {
        self.call_empty(
            Method::Delete,
            &self.path(paths::GROUP_KICK, &[member_id])?,
            None,
        )
        .await
    }

    /// Leaves the group.
    pub async fn leave(&self) -> Result<()> {
        self.call_empty(Method::Delete, &self.path(paths::GROUP_LEAVE, &[])?, None)
            .await
    }

    /// Deletes the group and its children (ranks 0-1).
    pub async fn delete(&self) -> Result<()> {
        self.call_empty(Method::Delete, &self.path(paths::GROUP, &[])?, None)
            .await
    }

    async fn create_under(&self, template: &str) -> Result<String> {
        let new = self.user.new_group(self.keys()?.newest()?.public_key())?;
        let response: GroupIdResponse = self
            .call(
                Method::Post,
                &self.path(template, &[])?,
                Some(new.body.clone()),
            )
            .await?;
        created(&response, &new)?;
        self.user.pin_group(&new.group_id, &new.chain).await?;
        Ok(new.group_id)
    }

    /// The body of a child or connected group whose keys are wrapped for this group, without
    /// sending it, for an app backend that creates the group with its secret token
    /// (`POST /api/v1/group/forced/{user_id}/{group_id}/child` or `/connected`). Signed by the
    /// user (`sign` is kept for sentc's signature).
    pub fn prepare_create_under(&self, sign: bool) -> Result<String> {
        let _ = sign;
        Ok(self
            .user
            .new_group(self.keys()?.newest()?.public_key())?
            .body)
    }

    /// Creates a child group (ranks 0-1); members of this group reach it with their rank.
    pub async fn create_child_group(&self, sign: bool) -> Result<String> {
        let _ = sign;
        self.create_under(paths::GROUP_CHILD).await
    }

    /// Fetches a child group through this group.
    pub async fn get_child_group(&self, child_id: &str, level: VerifyLevel) -> Result<Group<T, S>> {
        Group::fetch(
            self.user.clone(),
            child_id,
            Some(self.clone()),
            self.via.clone(),
            level,
        )
        .await
    }

    /// A page of first-level children.
    pub async fn children(&self, last: Option<&GroupListItem>) -> Result<Vec<GroupListItem>> {
        let base = self.path(paths::GROUP_CHILD, &[])?;
        self.call(
            Method::Get,
            &list_path(&base, last.map(|item| (item.time, item.group_id.as_str()))),
            None,
        )
        .await
    }

    /// Creates a connected group whose first member is this group (ranks 0-1).
    pub async fn create_connected_group(&self, sign: bool) -> Result<String> {
        let _ = sign;
        self.create_under(paths::GROUP_CONNECTED).await
    }

    /// Fetches a connected group this group is a member of.
    pub async fn get_connected_group(
        &self,
        group_id: &str,
        level: VerifyLevel,
    ) -> Result<Group<T, S>> {
        Group::fetch(
            self.user.clone(),
            group_id,
            Some(self.clone()),
            Some(self.id()?),
            level,
        )
        .await
    }

    /// A page of the connected groups this group is a member of.
    pub async fn connected_groups(
        &self,
        last: Option<&GroupListItem>,
    ) -> Result<Vec<GroupListItem>> {
        let base = self.path(paths::GROUP_GROUPS, &[])?;
        self.call(
            Method::Get,
            &list_path(&base, last.map(|item| (item.time, item.group_id.as_str()))),
            None,
        )
        .await
    }

    /// Asks, as this group, to join a connected group (ranks 0-1).
    pub async fn join_connected_group(&self, target_id: &str) -> Result<()> {
        self.call_empty(
            Method::Post,
            &self.path(paths::GROUP_GROUP_JOIN_REQUEST, &[target_id])?,
            None,
        )
        .await
    }

    /// Withdraws this group's join request.
    pub async fn delete_connected_join_request(&self, target_id: &str) -> Result<()> {
        self.call_empty(
            Method::Delete,
            &self.path(paths::GROUP_GROUP_JOIN_REQUEST, &[target_id])?,
            None,
        )
        .await
    }

    /// A page of this group's sent join requests.
    pub async fn sent_connected_join_requests(
        &self,
        last: Option<&GroupRequestItem>,
    ) -> Result<Vec<GroupRequestItem>> {
        let base = self.path(paths::GROUP_GROUP_JOIN_REQUESTS, &[])?;
        self.call(
            Method::Get,
            &list_path(&base, last.map(|item| (item.time, item.id.as_str()))),
            None,
        )
        .await
    }

    /// A page of the invites of connected groups to this group (ranks 0-1).
    pub async fn connected_invites(
        &self,
        last: Option<&GroupRequestItem>,
    ) -> Result<Vec<GroupRequestItem>> {
        let base = self.path(paths::GROUP_GROUP_INVITES, &[])?;
        self.call(
            Method::Get,
            &list_path(&base, last.map(|item| (item.time, item.id.as_str()))),
            None,
        )
        .await
    }

    /// Accepts, as this group, a connected group's invite (ranks 0-1).
    pub async fn accept_connected_invite(&self, target_id: &str) -> Result<()> {
        self.answer_connected_invite(target_id, true).await
    }

    /// Rejects, as this group, a connected group's invite (ranks 0-1).
    pub async fn reject_connected_invite(&self, target_id: &str) -> Result<()> {
        self.answer_connected_invite(target_id, false).await
    }

    /// Accepts (`true`) or rejects, as this group, a connected group's invite (ranks 0-1).
    pub async fn answer_connected_invite(&self, target_id: &str, accept: bool) -> Result<()> {
        let path = self.path(paths::GROUP_GROUP_INVITE, &[target_id])?;
        let method = if accept {
            Method::Patch
        } else {
            Method::Delete
        };
        self.call_empty(method, &path, None).await
    }

    /// Starts a key rotation; the server wraps the new generation for every other member in the
    /// background. The new generation is signed with the user's sign key — always (`sign` is
    /// kept for sentc's signature): it is a link of the group's key chain. Returns its id.
    pub async fn key_rotation(&self, sign: bool) -> Result<KeyId> {
        let _ = sign;
        self.finish_key_rotations().await?;
        let new = self.prepare_rotation()?;
        self.call_empty(
            Method::Post,
            &self.path(paths::GROUP_KEY_ROTATION, &[])?,
            Some(new.body),
        )
        .await?;
        let id = new.key.id();
        self.write(|state| {
            state.keys.add(new.key);
            state.chain = new.chain.clone();
        })?;
        self.user.pin_group(&self.id()?, &new.chain).await?;
        Ok(id)
    }

    /// The body of a key rotation without sending it, for an app backend that decides when to
    /// rotate (docs/groups.md "Rotation decided by an app backend"): it posts the body to
    /// `POST /api/v1/group/{id}/key_rotation` with this user's JWT. Members (this one too, by
    /// fetching the group again) then get the new generation as after [`Self::key_rotation`].
    /// Finish pending rotations first, so the rotation builds on the newest generation.
    pub fn prepare_key_rotation(&self, sign: bool) -> Result<String> {
        let _ = sign;
        Ok(self.prepare_rotation()?.body)
    }

    fn prepare_rotation(&self) -> Result<NewRotation> {
        let (user_id, sign_key) = self.user.signer()?;
        let previous = self.keys()?.newest()?.clone();
        prepare_group_key_rotation(
            &self.chain()?,
            &previous,
            &self.holder_public_key()?,
            (&user_id, &sign_key),
        )
    }

    /// Finishes every rotation waiting for this user's key holder, oldest first, a page at a
    /// time. Returns how many.
    pub async fn finish_key_rotations(&self) -> Result<usize> {
        let base = self.path(paths::GROUP_KEY_ROTATION, &[])?;
        let mut finished: usize = 0;
        let mut last: Option<KeyId> = None;
        loop {
            let path = match last {
                Some(key_id) => format!("{base}?last_key={}", key_id.to_hex()),
                None => base.clone(),
            };
            let page: Vec<GroupPendingRotation> = self.call(Method::Get, &path, None).await?;
            for rotation in &page {
                self.finish_key_rotation(rotation).await?;
                finished = finished.saturating_add(1);
            }
            last = page.last().map(|rotation| rotation.key.key_id);
            if (page.len() as i64) < KEYS_PAGE {
                break;
            }
        }
        Ok(finished)
    }

    async fn finish_key_rotation(&self, rotation: &GroupPendingRotation) -> Result<()> {
        let recipient = rotation.recipient()?;
        let member_private = match self.holder_private_key(recipient) {
            Err(err) if err.code() == ErrorCode::KeyRequired && self.holder.is_none() => {
                // A user key generation this device has not finished yet.
                self.user.finish_key_rotations().await?;
                self.holder_private_key(recipient)?
            }
            other => other?,
        };
        let signer = rotation
            .key
            .signed_by
            .as_ref()
            .ok_or_else(|| Error::for_key(ErrorCode::SignatureMissing, rotation.key.key_id))?;
        let verify_key = self.user.client().group_signer_key(signer).await?;
        let previous = self.keys()?.get(rotation.previous_key_id)?.clone();
        let (body, new, chain) = finish_group_key_rotation(
            &self.chain()?,
            rotation,
            &verify_key,
            &member_private,
            &previous,
            &self.holder_public_key()?,
        )?;
        let path = self.path(
            paths::GROUP_KEY_ROTATION_FINISH,
            &[&rotation.key.key_id.to_hex()],
        )?;
        self.call_empty(Method::Put, &path, Some(body)).await?;
        self.write(|state| {
            state.keys.add(new);
            state.chain = chain.clone();
        })?;
        self.user.pin_group(&self.id()?, &chain).await
    }
}

/// Verifies the generations a user holds of a group against its key chain and the user's pin
/// for it; returns them in chain order with the state after the newest. A list from the first
/// generation is verified as it is; a shorter one (an invite whose older pages are still on
/// their way) is placed in the group's public chain.
async fn verify_held<T: Transport, S: Store>(
    user: &User<T, S>,
    group_id: &str,
    data: Vec<GroupKeyData>,
    level: VerifyLevel,
) -> Result<(Vec<GroupKeyData>, ChainState)> {
    let client = user.client();
    let user_id = user.user_id()?;
    let pin = ChainPin::Member {
        user_id: &user_id,
        group_id,
    };
    let known = client.pinned_chain(&pin).await?;
    let no_keys = || Error::with_detail(ErrorCode::KeyRequired, "the group has no keys for you");
    if data
        .first()
        .is_some_and(|first| first.previous_key_id.is_none())
    {
        let mut states = client
            .verify_group_links(group_id, &views(&data), known.as_ref(), level)
            .await?;
        let state = states.pop().ok_or_else(no_keys)?;
        return Ok((data, state));
    }
    let (links, mut states) = client.public_group_chain(group_id, level).await?;
    let mut placed: Vec<(usize, GroupKeyData)> = Vec::with_capacity(data.len());
    for held in data {
        let index = links
            .iter()
            .position(|link| GroupLinkView::from(link) == GroupLinkView::from(&held))
            .ok_or_else(|| Error::for_key(ErrorCode::KeyChainInvalid, held.key_id))?;
        placed.push((index, held));
    }
    placed.sort_by_key(|(index, _)| *index);
    let newest = placed.last().map(|(index, _)| *index).ok_or_else(no_keys)?;
    states.truncate(newest.saturating_add(1));
    check_known(group_id, &states, &known.iter().collect::<Vec<_>>())?;
    let state = states.pop().ok_or_else(no_keys)?;
    Ok((placed.into_iter().map(|(_, held)| held).collect(), state))
}

/// Searchable hashes and sortable numbers with the group's generations (sentc's
/// `createSearchRaw`, `search`, `encryptSortableNumber`, ...).
impl<T: Transport, S: Store> SearchableKeys for Group<T, S> {
    fn search_key(&self) -> Result<SearchKey> {
        self.read(|state| state.keys.search_key())?
    }

    fn every_search_key(&self) -> Result<Vec<SearchKey>> {
        self.read(|state| state.keys.every_search_key())?
    }

    fn sortable_key(&self) -> Result<SortableKey> {
        self.read(|state| state.keys.sortable_key())?
    }
}
