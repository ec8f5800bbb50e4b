//! Conversions between the core's types and the ones Dart sees (`api::records`), kept out of the
//! `api` module so the codegen sees only the types.

use sentc_core::crypto::{PublicKey, VerifyKey};
use sentc_core::protocol::group::{
    GroupListItem as CoreGroupListItem, GroupRequestItem, MemberInfo, MemberType as CoreMemberType,
};
use sentc_core::protocol::user::DeviceInfo;

use crate::api::records::{
    DeviceListItem, GroupInviteListItem, GroupJoinReqListItem, GroupListItem, GroupUserListItem,
    MemberType, OtpRegister, PublicKeyData, SearchableItem, SortableItem,
};

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

impl std::fmt::Debug for OtpRegister {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtpRegister")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
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

impl std::fmt::Debug for crate::api::records::OtpRegisterUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtpRegisterUrl").finish_non_exhaustive()
    }
}

/// A key id from its text.
pub(crate) fn key_id(text: &str) -> sentc_core::Result<sentc_core::crypto::KeyId> {
    text.parse()
}

/// A wrapped key from its base64 text.
pub(crate) fn wrapped_key(text: &str) -> sentc_core::Result<sentc_core::crypto::WrappedKey> {
    sentc_core::crypto::WrappedKey::from_base64(text)
}
