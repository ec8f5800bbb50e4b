//! `Group`: a group the user reaches, with its keys.

use sentc_core::group::VerifyLevel;
use sentc_core::protocol::group::{GroupRequestItem, MemberType as CoreMemberType};

use flutter_rust_bridge::frb;
use sentc_core::client::open_local_file;

use crate::api::error::SentcError;
use crate::api::files::{FileCreateOutput, FileProgress};
use crate::api::records::{
    GroupInviteListItem, GroupJoinReqListItem, GroupListItem, GroupUserListItem, MemberType,
};
use crate::api::shared::shared_methods;
use crate::api::sym_key::{NonRegisteredKey, SymKey};
use crate::convert::{last, page};
use crate::guard::{guard, guard_async};
use crate::host::{AnyStore, AnyTransport};
use crate::progress::DartProgress;

pub(crate) type CoreGroup = sentc_core::client::Group<AnyTransport, AnyStore>;

/// A group with its keys. Get one from `User.get_group`. Method names are sentc's (`kick_user`,
/// `update_rank`, `get_member`, …) in the language's case.
#[frb(opaque)]
pub struct Group {
    inner: CoreGroup,
}

impl Group {
    pub(crate) fn new(inner: CoreGroup) -> Self {
        Self { inner }
    }
}

/// How far a fetched group's chain is trusted: `backend_created` also accepts a first key made
/// by the app's backend with its secret token.
pub(crate) fn verify_level(backend_created: bool) -> VerifyLevel {
    if backend_created {
        VerifyLevel::BackendCreated
    } else {
        VerifyLevel::Chain
    }
}

impl Group {
    // The group.

    /// sentc's `groupId`.
    #[frb(sync, getter)]
    pub fn group_id(&self) -> Result<String, SentcError> {
        guard(|| self.inner.id())
    }

    /// sentc's `parentGroupId`: the parent group, if any.
    #[frb(sync, getter)]
    pub fn parent_group_id(&self) -> Result<Option<String>, SentcError> {
        guard(|| self.inner.parent_id())
    }

    /// sentc's `rank`: the user's rank (0 creator … 4 member).
    #[frb(sync, getter)]
    pub fn rank(&self) -> Result<i64, SentcError> {
        guard(|| self.inner.rank())
    }

    /// Whether non-members may be invited or ask to join.
    #[frb(sync, getter)]
    pub fn invites_allowed(&self) -> Result<bool, SentcError> {
        guard(|| self.inner.invites_allowed())
    }

    /// Whether this is a connected group (groups can be its members).
    #[frb(sync, getter)]
    pub fn is_connected_group(&self) -> Result<bool, SentcError> {
        guard(|| Ok(self.inner.info()?.is_connected_group))
    }

    /// The ids of the key generations this client holds, oldest first.
    #[frb(sync, getter)]
    pub fn key_ids(&self) -> Result<Vec<String>, SentcError> {
        guard(|| {
            let keys = self.inner.keys()?;
            Ok(keys.all().iter().map(|key| key.id().to_string()).collect())
        })
    }

    /// sentc's `newestKeyId`.
    #[frb(sync, getter)]
    pub fn newest_key_id(&self) -> Result<String, SentcError> {
        guard(|| Ok(self.inner.keys()?.newest()?.id().to_string()))
    }

    // Members.

    /// sentc's `getMember(lastFetchedItem)`: a page of members.
    pub async fn get_member(
        &self,
        last_fetched_item: Option<GroupUserListItem>,
    ) -> Result<Vec<GroupUserListItem>, SentcError> {
        let last = last(last_fetched_item);
        guard_async(self.inner.members(last.as_ref()))
            .await
            .map(page)
    }

    /// sentc's `invite(userId, rank)`: the user accepts with `accept_group_invite`.
    pub async fn invite(&self, user_id: String, rank: Option<i64>) -> Result<(), SentcError> {
        guard_async(self.inner.invite(&user_id, rank)).await
    }

    /// sentc's `inviteAuto(userId, rank)`: adds a user directly.
    pub async fn invite_auto(&self, user_id: String, rank: Option<i64>) -> Result<(), SentcError> {
        guard_async(self.inner.invite_auto(&user_id, rank)).await
    }

    /// sentc's `inviteGroup(groupId, rank)`: invites a group into this connected group.
    pub async fn invite_group(
        &self,
        group_id: String,
        rank: Option<i64>,
    ) -> Result<(), SentcError> {
        guard_async(
            self.inner
                .invite_member(&group_id, CoreMemberType::Group, rank, false),
        )
        .await
    }

    /// sentc's `inviteGroupAuto(groupId, rank)`.
    pub async fn invite_group_auto(
        &self,
        group_id: String,
        rank: Option<i64>,
    ) -> Result<(), SentcError> {
        guard_async(
            self.inner
                .invite_member(&group_id, CoreMemberType::Group, rank, true),
        )
        .await
    }

    /// sentc's `reInviteUser(userId)`: sends a member every key again (their keys changed).
    pub async fn re_invite_user(&self, user_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.re_invite(&user_id, CoreMemberType::User)).await
    }

    /// sentc's `reInviteGroup(groupId)`.
    pub async fn re_invite_group(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.re_invite(&group_id, CoreMemberType::Group)).await
    }

    /// Allows or stops invites and join requests (sentc's `stopInvites` is `false`).
    pub async fn set_invites_allowed(&self, allowed: bool) -> Result<(), SentcError> {
        guard_async(self.inner.set_invites_allowed(allowed)).await
    }

    /// sentc's `stopInvites()`.
    pub async fn stop_invites(&self) -> Result<(), SentcError> {
        guard_async(self.inner.set_invites_allowed(false)).await
    }

    /// sentc's `getJoinRequests(lastFetchedItem)`.
    pub async fn get_join_requests(
        &self,
        last_fetched_item: Option<GroupJoinReqListItem>,
    ) -> Result<Vec<GroupJoinReqListItem>, SentcError> {
        let last = last(last_fetched_item);
        guard_async(self.inner.join_requests(last.as_ref()))
            .await
            .map(page)
    }

    /// sentc's `acceptJoinRequest(userId, userType, rank)` (`user_type` default a user).
    pub async fn accept_join_request(
        &self,
        user_id: String,
        user_type: Option<MemberType>,
        rank: Option<i64>,
    ) -> Result<(), SentcError> {
        let request = GroupRequestItem {
            id: user_id,
            member_type: user_type.unwrap_or(MemberType::User).into(),
            rank: 0,
            time: 0,
        };
        guard_async(self.inner.accept_join_request(&request, rank)).await
    }

    /// sentc's `rejectJoinRequest(userId)`.
    pub async fn reject_join_request(&self, user_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.reject_join_request(&user_id)).await
    }

    /// sentc's `updateRank(userId, newRank)`.
    pub async fn update_rank(&self, user_id: String, new_rank: i64) -> Result<(), SentcError> {
        guard_async(self.inner.change_rank(&user_id, new_rank)).await
    }

    /// sentc's `kickUser(userId)`.
    pub async fn kick_user(&self, user_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.kick(&user_id)).await
    }

    /// sentc's `leave()`.
    pub async fn leave(&self) -> Result<(), SentcError> {
        guard_async(self.inner.leave()).await
    }

    /// sentc's `deleteGroup()`.
    pub async fn delete_group(&self) -> Result<(), SentcError> {
        guard_async(self.inner.delete()).await
    }

    // Child and connected groups.

    /// sentc's `createChildGroup(sign)`: the child's id.
    pub async fn create_child_group(&self, sign: bool) -> Result<String, SentcError> {
        guard_async(self.inner.create_child_group(sign)).await
    }

    /// sentc's `prepareCreateChildGroup(sign)`: the body of a child (or of a connected group
    /// with this group as member) for `Backend.create_child_group` /
    /// `Backend.create_connected_group`. No network.
    pub fn prepare_create_child_group(&self, sign: bool) -> Result<String, SentcError> {
        guard(|| self.inner.prepare_create_under(sign))
    }

    /// sentc's `getChildGroup(groupId)`, its chain verified.
    pub async fn get_child_group(
        &self,
        group_id: String,
        backend_created: bool,
    ) -> Result<Group, SentcError> {
        let level = verify_level(backend_created);
        guard_async(self.inner.get_child_group(&group_id, level))
            .await
            .map(Group::new)
    }

    /// sentc's `getChildren(lastFetchedItem)`.
    pub async fn get_children(
        &self,
        last_fetched_item: Option<GroupListItem>,
    ) -> Result<Vec<GroupListItem>, SentcError> {
        let last = last(last_fetched_item);
        guard_async(self.inner.children(last.as_ref()))
            .await
            .map(page)
    }

    /// sentc's `createConnectedGroup(sign)`: a connected group this group is a member of.
    pub async fn create_connected_group(&self, sign: bool) -> Result<String, SentcError> {
        guard_async(self.inner.create_connected_group(sign)).await
    }

    /// sentc's `getConnectedGroup(groupId)`: a connected group reached through this one.
    pub async fn get_connected_group(
        &self,
        group_id: String,
        backend_created: bool,
    ) -> Result<Group, SentcError> {
        let level = verify_level(backend_created);
        guard_async(self.inner.get_connected_group(&group_id, level))
            .await
            .map(Group::new)
    }

    /// sentc's `getGroups(lastFetchedItem)`: the connected groups this group is a member of.
    pub async fn get_groups(
        &self,
        last_fetched_item: Option<GroupListItem>,
    ) -> Result<Vec<GroupListItem>, SentcError> {
        let last = last(last_fetched_item);
        guard_async(self.inner.connected_groups(last.as_ref()))
            .await
            .map(page)
    }

    /// sentc's `getGroupInvites(lastFetchedItem)`: connected groups inviting this group.
    pub async fn get_group_invites(
        &self,
        last_fetched_item: Option<GroupInviteListItem>,
    ) -> Result<Vec<GroupInviteListItem>, SentcError> {
        let last = last(last_fetched_item);
        guard_async(self.inner.connected_invites(last.as_ref()))
            .await
            .map(page)
    }

    /// sentc's `acceptGroupInvite(groupId)`, as this group.
    pub async fn accept_group_invite(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.accept_connected_invite(&group_id)).await
    }

    /// sentc's `rejectGroupInvite(groupId)`, as this group.
    pub async fn reject_group_invite(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.reject_connected_invite(&group_id)).await
    }

    /// sentc's `groupJoinRequest(groupId)`: this group asks to join a connected group.
    pub async fn group_join_request(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.join_connected_group(&group_id)).await
    }

    /// sentc's `sentJoinReq(lastFetchedItem)`: this group's join requests.
    pub async fn sent_join_req(
        &self,
        last_fetched_item: Option<GroupInviteListItem>,
    ) -> Result<Vec<GroupInviteListItem>, SentcError> {
        let last = last(last_fetched_item);
        guard_async(self.inner.sent_connected_join_requests(last.as_ref()))
            .await
            .map(page)
    }

    /// sentc's `deleteJoinReq(groupId)`.
    pub async fn delete_join_req(&self, group_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.delete_connected_join_request(&group_id)).await
    }

    // Key rotation.

    /// sentc's `keyRotation(sign)`: starts a rotation; the new generation's id.
    pub async fn key_rotation(&self, sign: bool) -> Result<String, SentcError> {
        guard_async(async { Ok(self.inner.key_rotation(sign).await?.to_string()) }).await
    }

    /// sentc's `finishKeyRotation()`: finishes the rotations waiting for this user; how many.
    pub async fn finish_key_rotation(&self) -> Result<u32, SentcError> {
        guard_async(async {
            let finished = self.inner.finish_key_rotations().await?;
            Ok(u32::try_from(finished).unwrap_or(u32::MAX))
        })
        .await
    }

    // Data.

    /// sentc's `encrypt(data, sign)` with the newest key; `sign` signs with the user's key.
    pub fn encrypt(&self, data: Vec<u8>, sign: bool) -> Result<Vec<u8>, SentcError> {
        guard(|| {
            if sign {
                self.inner.encrypt_signed(&data)
            } else {
                self.inner.encrypt(&data)
            }
        })
    }

    /// sentc's `decrypt(data)` with the key the data names (signature not checked).
    pub fn decrypt(&self, data: Vec<u8>) -> Result<Vec<u8>, SentcError> {
        guard(|| self.inner.decrypt(&data))
    }

    /// sentc's `decrypt(data, true, userId)`: the data must be signed by user `user_id`.
    pub async fn decrypt_verified(
        &self,
        data: Vec<u8>,
        user_id: String,
    ) -> Result<Vec<u8>, SentcError> {
        guard_async(self.inner.decrypt_from(&data, &user_id)).await
    }

    /// sentc's `encryptString(text, sign)` (base64).
    pub fn encrypt_string(&self, text: String, sign: bool) -> Result<String, SentcError> {
        guard(|| {
            if sign {
                self.inner.encrypt_string_signed(&text)
            } else {
                self.inner.encrypt_string(&text)
            }
        })
    }

    /// sentc's `decryptString(text)`.
    pub fn decrypt_string(&self, text: String) -> Result<String, SentcError> {
        guard(|| self.inner.decrypt_string(&text))
    }

    /// sentc's `decryptString(text, true, userId)`.
    pub async fn decrypt_string_verified(
        &self,
        text: String,
        user_id: String,
    ) -> Result<String, SentcError> {
        guard_async(self.inner.decrypt_string_from(&text, &user_id)).await
    }

    /// Encrypts bound to `context` (a record and field): it decrypts only with the same context.
    pub fn encrypt_with_context(
        &self,
        data: Vec<u8>,
        context: Vec<u8>,
        sign: bool,
    ) -> Result<Vec<u8>, SentcError> {
        guard(|| self.inner.encrypt_with_context(&data, &context, sign))
    }

    /// Decrypts data bound to `context`; with `verify_user_id` its signature must verify.
    pub async fn decrypt_with_context(
        &self,
        data: Vec<u8>,
        context: Vec<u8>,
        verify_user_id: Option<String>,
    ) -> Result<Vec<u8>, SentcError> {
        let signer = verify_user_id.as_deref();
        guard_async(self.inner.decrypt_with_context(&data, &context, signer)).await
    }

    /// [`Self::encrypt_with_context`] for text (base64).
    pub fn encrypt_string_with_context(
        &self,
        text: String,
        context: String,
        sign: bool,
    ) -> Result<String, SentcError> {
        guard(|| {
            self.inner
                .encrypt_string_with_context(&text, context.as_bytes(), sign)
        })
    }

    /// [`Self::decrypt_with_context`] for text.
    pub async fn decrypt_string_with_context(
        &self,
        text: String,
        context: String,
        verify_user_id: Option<String>,
    ) -> Result<String, SentcError> {
        let signer = verify_user_id.as_deref();
        guard_async(
            self.inner
                .decrypt_string_with_context(&text, context.as_bytes(), signer),
        )
        .await
    }

    // Symmetric keys for data.

    /// sentc's `registerKey()`: a new key stored on the server, wrapped by the newest group key.
    pub async fn register_key(&self) -> Result<SymKey, SentcError> {
        guard_async(async {
            let master = self.inner.keys()?.newest()?.id();
            Ok(SymKey::from_core(self.inner.register_key().await?, master))
        })
        .await
    }

    /// sentc's `generateNonRegisteredKey()`: a key to keep, wrapped, beside the data.
    pub fn generate_non_registered_key(&self) -> Result<NonRegisteredKey, SentcError> {
        guard(|| {
            let (key, wrapped) = self.inner.generate_key()?;
            Ok(NonRegisteredKey::from_core(key, &wrapped))
        })
    }

    // Files.

    /// sentc's `createFile(path, sign, uploadCallback)`: encrypts and uploads the file at
    /// `path` (its name encrypted beside it), chunk by chunk; `progress` gets the bytes sent
    /// after each part and cancels with `false`.
    pub async fn create_file(
        &self,
        path: String,
        sign: bool,
        progress: Option<FileProgress>,
    ) -> Result<FileCreateOutput, SentcError> {
        let mut progress = DartProgress::new(progress.map(|p| p.report));
        let created = guard_async(async {
            let (mut file, name) = open_local_file(&path)?;
            self.inner
                .create_file_from(&mut file, name.as_deref(), sign, None, &mut progress)
                .await
        })
        .await;
        progress.finish().await;
        created.map(FileCreateOutput::from)
    }

    /// [`Self::create_file`] from memory (for the web, which has no files).
    pub async fn create_file_with_bytes(
        &self,
        data: Vec<u8>,
        file_name: Option<String>,
        sign: bool,
        progress: Option<FileProgress>,
    ) -> Result<FileCreateOutput, SentcError> {
        let mut progress = DartProgress::new(progress.map(|p| p.report));
        let created = guard_async(async {
            let name = file_name.as_deref();
            self.inner
                .create_file_from(&mut data.as_slice(), name, sign, None, &mut progress)
                .await
        })
        .await;
        progress.finish().await;
        created.map(FileCreateOutput::from)
    }

    /// The lowest rank that may upload and delete files in this group.
    pub async fn set_file_rank(&self, rank: i64) -> Result<(), SentcError> {
        guard_async(self.inner.set_file_rank(rank)).await
    }
}

shared_methods!(Group);
