//! The list items and results the SDK returns, with sentc's field names (a page's last item goes
//! back in as it came out, for the next page). Each converts from and to the core's type.

use sentc_core::crypto::{PublicKey, VerifyKey};
use sentc_core::protocol::group::{
    GroupListItem as CoreGroupListItem, GroupRequestItem, MemberInfo, MemberType as CoreMemberType,
};
use sentc_core::protocol::user::DeviceInfo;

/// A user or a group (sentc's `user_type`: 0 and 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum MemberType {
    /// A user.
    User,
    /// A group (a member of a connected group).
    Group,
}

impl From<CoreMemberType> for MemberType {
    fn from(kind: CoreMemberType) -> Self {
        match kind {
            CoreMemberType::User => Self::User,
            CoreMemberType::Group => Self::Group,
        }
    }
}

impl From<MemberType> for CoreMemberType {
    fn from(kind: MemberType) -> Self {
        match kind {
            MemberType::User => Self::User,
            MemberType::Group => Self::Group,
        }
    }
}

/// sentc's `GroupList` item: a group of the user, a child, or a connected group.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GroupListItem {
    /// The group.
    pub group_id: String,
    /// When the user joined (or the group was created), ms since the epoch.
    pub time: i64,
    /// The parent group, if any.
    pub parent: Option<String>,
}

impl From<CoreGroupListItem> for GroupListItem {
    fn from(item: CoreGroupListItem) -> Self {
        Self {
            group_id: item.group_id,
            time: item.time,
            parent: item.parent_id,
        }
    }
}

impl From<GroupListItem> for CoreGroupListItem {
    fn from(item: GroupListItem) -> Self {
        Self {
            group_id: item.group_id,
            parent_id: item.parent,
            time: item.time,
        }
    }
}

/// sentc's `GroupInviteListItem`: an invite to a group, or a join request this user (or group)
/// sent.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GroupInviteListItem {
    /// The group.
    pub group_id: String,
    /// The rank offered.
    pub rank: i64,
    /// When it was made, ms.
    pub time: i64,
    /// Who is invited (a user, or a group for connected groups).
    pub user_type: MemberType,
}

impl From<GroupRequestItem> for GroupInviteListItem {
    fn from(item: GroupRequestItem) -> Self {
        Self {
            group_id: item.id,
            rank: item.rank,
            time: item.time,
            user_type: item.member_type.into(),
        }
    }
}

impl From<GroupInviteListItem> for GroupRequestItem {
    fn from(item: GroupInviteListItem) -> Self {
        Self {
            id: item.group_id,
            member_type: item.user_type.into(),
            rank: item.rank,
            time: item.time,
        }
    }
}

/// sentc's `GroupJoinReqListItem`: a request to join a group.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GroupJoinReqListItem {
    /// The user (or group) asking.
    pub user_id: String,
    /// When, ms.
    pub time: i64,
    /// A user or a group.
    pub user_type: MemberType,
}

impl From<GroupRequestItem> for GroupJoinReqListItem {
    fn from(item: GroupRequestItem) -> Self {
        Self {
            user_id: item.id,
            time: item.time,
            user_type: item.member_type.into(),
        }
    }
}

impl From<GroupJoinReqListItem> for GroupRequestItem {
    fn from(item: GroupJoinReqListItem) -> Self {
        Self {
            id: item.user_id,
            member_type: item.user_type.into(),
            rank: 0,
            time: item.time,
        }
    }
}

/// sentc's `GroupUserListItem`: a member.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GroupUserListItem {
    /// The user or group id.
    pub user_id: String,
    /// The rank (0 creator, 1 admin, … 4 member).
    pub rank: i64,
    /// When it joined, ms.
    pub joined_time: i64,
    /// A user or a group.
    pub user_type: MemberType,
}

impl From<MemberInfo> for GroupUserListItem {
    fn from(item: MemberInfo) -> Self {
        Self {
            user_id: item.member_id,
            rank: item.rank,
            joined_time: item.joined_time,
            user_type: item.member_type.into(),
        }
    }
}

impl From<GroupUserListItem> for MemberInfo {
    fn from(item: GroupUserListItem) -> Self {
        Self {
            member_id: item.user_id,
            member_type: item.user_type.into(),
            rank: item.rank,
            joined_time: item.joined_time,
        }
    }
}

/// sentc's device list item.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DeviceListItem {
    /// The device.
    pub device_id: String,
    /// When it was added, ms.
    pub time: i64,
    /// Its login identifier.
    pub device_identifier: String,
}

impl From<DeviceInfo> for DeviceListItem {
    fn from(item: DeviceInfo) -> Self {
        Self {
            device_id: item.device_id,
            time: item.created_at,
            device_identifier: item.identifier,
        }
    }
}

impl From<DeviceListItem> for DeviceInfo {
    fn from(item: DeviceListItem) -> Self {
        Self {
            device_id: item.device_id,
            identifier: item.device_identifier,
            created_at: item.time,
        }
    }
}

/// sentc's `OtpRegister`: the TOTP secret (base32, for the authenticator app) and the
/// single-use recovery codes. Secrets: show them once, never log them.
#[derive(Clone, uniffi::Record)]
pub struct OtpRegister {
    /// The TOTP secret.
    pub secret: String,
    /// The TOTP algorithm ("SHA1", what authenticator apps expect).
    pub alg: String,
    /// The recovery codes.
    pub recover: Vec<String>,
}

impl std::fmt::Debug for OtpRegister {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtpRegister")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

/// A public or verify key: its id and its bytes.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PublicKeyData {
    /// The key's id.
    pub key_id: String,
    /// The key (X-Wing encapsulation key, or ML-DSA-65 + Ed25519 verify key).
    pub key: Vec<u8>,
}

/// Searchable hashes with the algorithm and key generation that made them (sentc's
/// `createSearch` result).
#[derive(Debug, Clone, uniffi::Record)]
pub struct SearchableItem {
    /// The hashes to store.
    pub hashes: Vec<String>,
    /// The algorithm.
    pub alg: String,
    /// The key generation.
    pub key_id: String,
}

impl From<sentc_core::keys::SearchableItem> for SearchableItem {
    fn from(item: sentc_core::keys::SearchableItem) -> Self {
        Self {
            hashes: item.hashes,
            alg: item.alg,
            key_id: item.key_id,
        }
    }
}

/// A sortable number with the algorithm and key generation that made it.
#[derive(Debug, Clone, uniffi::Record)]
pub struct SortableItem {
    /// The number (below 2^53).
    pub number: u64,
    /// The algorithm.
    pub alg: String,
    /// The key generation.
    pub key_id: String,
}

impl From<sentc_core::keys::SortableItem> for SortableItem {
    fn from(item: sentc_core::keys::SortableItem) -> Self {
        Self {
            number: item.number,
            alg: item.alg,
            key_id: item.key_id,
        }
    }
}

impl From<PublicKey> for PublicKeyData {
    fn from(key: PublicKey) -> Self {
        Self {
            key_id: key.id().to_string(),
            key: key.as_bytes().to_vec(),
        }
    }
}

impl From<VerifyKey> for PublicKeyData {
    fn from(key: VerifyKey) -> Self {
        Self {
            key_id: key.id().to_string(),
            key: key.as_bytes().to_vec(),
        }
    }
}

/// Converts a page's last item back for the core.
pub(crate) fn last<A, B: From<A>>(item: Option<A>) -> Option<B> {
    item.map(B::from)
}

/// Converts a page for the host.
pub(crate) fn page<A, B: From<A>>(items: Vec<A>) -> Vec<B> {
    items.into_iter().map(B::from).collect()
}
