//! Request and response bodies of the group endpoints (docs/groups.md), shared by client and server.

use serde::{Deserialize, Serialize};

use crate::crypto::{KeyId, PublicKey, WrappedKey};

/// The creator's rank.
pub const RANK_CREATOR: i64 = 0;
/// The lowest rank (a new member's default).
pub const RANK_MEMBER: i64 = 4;
/// Keys per page: of a group fetch, of a list of pending rotations, and of the generations one
/// invite request carries.
pub const KEYS_PAGE: i64 = 50;

/// Who signed a generation of group keys (its link, `sentc_core::keys::sign_group_link`): the
/// creator or rotation starter, with a sign key of their verified user key chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySigner {
    /// The signing user.
    pub user_id: String,
    /// The id of the user's verify key that checks the signature.
    pub verify_key_id: KeyId,
    /// The detached signature (base64).
    pub signature: String,
}

/// One generation of group keys as uploaded and downloaded for one member. The symmetric key
/// is wrapped to the member's public key (a user's, or a parent or member group's); the private
/// key is wrapped under the symmetric key. The link fields place it in the group's key chain
/// (`sentc_core::keys::verify_group_chain`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupKeyData {
    /// The generation's id (its symmetric key's id).
    pub key_id: KeyId,
    /// The symmetric key wrapped for the member.
    pub wrapped_key: WrappedKey,
    /// The generation's public key (child and connected groups' keys are wrapped to it).
    pub public_key: PublicKey,
    /// The private key, wrapped under the symmetric key.
    pub private_key: WrappedKey,
    /// The generation it follows in the group's chain (`None` for the first).
    #[serde(default)]
    pub previous_key_id: Option<KeyId>,
    /// The commitment to the symmetric key (`SymmetricKey::commitment`, base64).
    pub commitment: String,
    /// The link's signer; `None` only for a first generation made by an app backend.
    #[serde(default)]
    pub signed_by: Option<KeySigner>,
    /// For a rotation: the link MAC'd under the previous generation's symmetric key (base64),
    /// so members see the rotation was made by someone who held that generation.
    #[serde(default)]
    pub previous_key_proof: Option<String>,
}

/// One generation of a group's key chain as anyone may read it (`GET
/// /api/v1/group/{id}/key_chain`): the public parts and the link, no wrapped keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupKeyLink {
    /// The generation's id.
    pub key_id: KeyId,
    /// The generation it follows (`None` for the first).
    #[serde(default)]
    pub previous_key_id: Option<KeyId>,
    /// Its public key.
    pub public_key: PublicKey,
    /// The commitment to its symmetric key (base64).
    pub commitment: String,
    /// The link's signer.
    #[serde(default)]
    pub signed_by: Option<KeySigner>,
}

/// `POST /api/v1/group` (and `/child`, `/connected`): the first generation of keys, wrapped for
/// the creator (its user public key, or the parent or member group's public key).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateGroupRequest {
    /// The new group's id, chosen by the client (32 hex digits; the first generation's link
    /// signs it, so it cannot be replayed to another group). `6016 GroupIdTaken` if in use.
    pub group_id: String,
    /// The first generation.
    pub key: GroupKeyData,
}

/// The id of a new group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupIdResponse {
    /// The group's id.
    pub group_id: String,
}

/// How the caller reaches a group. On the wire `{"kind": "direct" | "parent" | "connected",
/// "group_id": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AccessByWire", into = "AccessByWire")]
pub enum AccessBy {
    /// The user is a member.
    Direct,
    /// Through the parent group (the group's keys are wrapped to the parent's public key).
    Parent {
        /// The parent.
        group_id: String,
    },
    /// Through a group that is a member of this connected group (or of its ancestors).
    Connected {
        /// The member group.
        group_id: String,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum AccessKind {
    Direct,
    Parent,
    Connected,
}

/// [`AccessBy`] as a flat struct: serde's internally tagged enums buffer every field first,
/// which costs the browser build several KB.
#[derive(Serialize, Deserialize)]
struct AccessByWire {
    kind: AccessKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group_id: Option<String>,
}

impl TryFrom<AccessByWire> for AccessBy {
    type Error = &'static str;

    fn try_from(wire: AccessByWire) -> Result<Self, Self::Error> {
        match (wire.kind, wire.group_id) {
            (AccessKind::Direct, _) => Ok(Self::Direct),
            (AccessKind::Parent, Some(group_id)) => Ok(Self::Parent { group_id }),
            (AccessKind::Connected, Some(group_id)) => Ok(Self::Connected { group_id }),
            _ => Err("missing field `group_id`"),
        }
    }
}

impl From<AccessBy> for AccessByWire {
    fn from(access: AccessBy) -> Self {
        let (kind, group_id) = match access {
            AccessBy::Direct => (AccessKind::Direct, None),
            AccessBy::Parent { group_id } => (AccessKind::Parent, Some(group_id)),
            AccessBy::Connected { group_id } => (AccessKind::Connected, Some(group_id)),
        };
        Self { kind, group_id }
    }
}

/// `GET /api/v1/group/{id}/light`: access without keys, for app backends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLight {
    /// The group.
    pub group_id: String,
    /// Its parent.
    pub parent_id: Option<String>,
    /// The caller's rank.
    pub rank: i64,
    /// When the group was created (ms).
    pub created_time: i64,
    /// When the caller's access began (ms).
    pub joined_time: i64,
    /// Whether it is a connected group (groups can be members).
    pub is_connected_group: bool,
    /// How the caller reaches it.
    pub access_by: AccessBy,
}

/// `GET /api/v1/group/{id}`: the group and a page of its keys for the caller.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupData {
    /// Access and metadata.
    pub group: GroupLight,
    /// Whether non-members may be invited or ask to join.
    pub invites_allowed: bool,
    /// A page of key generations, oldest first (`?last_key=` for the next page).
    pub keys: Vec<GroupKeyData>,
    /// Whether a rotation waits for the caller's member to finish.
    pub pending_rotations: bool,
}

/// A group in a list (my groups, children, a group's connected groups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupListItem {
    /// The group.
    pub group_id: String,
    /// Its parent.
    pub parent_id: Option<String>,
    /// The time the list is ordered by (joined or created, ms).
    pub time: i64,
}

/// What kind of member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberType {
    /// A user.
    User,
    /// A group (members of connected groups).
    Group,
}

/// A member in the member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInfo {
    /// The user or group id.
    pub member_id: String,
    /// A user or a group.
    pub member_type: MemberType,
    /// The rank.
    pub rank: i64,
    /// When it joined (ms).
    pub joined_time: i64,
}

/// A group key generation wrapped for a new member.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberKeyUpload {
    /// The generation.
    pub key_id: KeyId,
    /// Its symmetric key wrapped to the member's newest public key.
    pub wrapped_key: WrappedKey,
}

/// Invite, auto-invite, accept a join request, re-invite: the rank (default 4; kept on
/// re-invite) and key generations wrapped for the member's newest public key: all of them, or,
/// when the group has more than [`KEYS_PAGE`], the newest [`KEYS_PAGE`] (the answer then opens
/// a key session for the rest).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    /// The rank to give (1 to 4).
    #[serde(default)]
    pub rank: Option<i64>,
    /// Generations of group keys wrapped for the member.
    pub keys: Vec<MemberKeyUpload>,
}

/// The answer to an invite, join acceptance or re-invite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteResponse {
    /// The key session for the generations the first request did not carry
    /// (`PUT /api/v1/group/{id}/key_session/{session_id}`); `None` when it carried all.
    pub session_id: Option<String>,
}

/// `PUT /api/v1/group/{id}/key_session/{session_id}`: up to [`KEYS_PAGE`] more generations for
/// the member of a key session, wrapped for the same public key as the first request.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySessionRequest {
    /// Generations of group keys wrapped for the member.
    pub keys: Vec<MemberKeyUpload>,
}

/// An invite or a join request in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRequestItem {
    /// The group (for invites and sent join requests) or the requester (for received join
    /// requests).
    pub id: String,
    /// A user or a group.
    pub member_type: MemberType,
    /// The offered rank (invites).
    pub rank: i64,
    /// When it was made (ms).
    pub time: i64,
}

/// `PUT /api/v1/group/{id}/change_rank`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeRankRequest {
    /// The member.
    pub member_id: String,
    /// The new rank (1 to 4).
    pub rank: i64,
}

/// `PATCH /api/v1/group/{id}/invites`: allow or stop invites and join requests.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitesAllowedRequest {
    /// Whether invites and join requests are allowed.
    pub allowed: bool,
}

/// `POST /api/v1/group/{id}/key_rotation`: as for users, with the new generation wrapped for the
/// starter's member (itself, or the parent or member group it reaches the group through).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupKeyRotationRequest {
    /// The generation it replaces (must be the newest).
    pub previous_key_id: KeyId,
    /// The new generation.
    pub key: GroupKeyData,
    /// The new symmetric key wrapped under the ephemeral key (signed if the rotation is).
    pub new_key_by_ephemeral: WrappedKey,
    /// The ephemeral key wrapped under the previous symmetric key.
    pub ephemeral_by_previous: WrappedKey,
}

/// A rotation the caller's member still has to finish.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupPendingRotation {
    /// The member whose copy is missing (the user, or the parent or member group).
    pub member_id: String,
    /// The generation it replaces.
    pub previous_key_id: KeyId,
    /// `ephemeral_by_previous` encrypted by the server to the member's public key (base64).
    pub encrypted_ephemeral: String,
    /// The new generation; `wrapped_key` is the new symmetric key under the ephemeral key.
    pub key: GroupKeyData,
}

/// `PUT /api/v1/group/{id}/key_rotation/{key_id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinishGroupRotationRequest {
    /// The member the copy is for.
    pub member_id: String,
    /// The new symmetric key wrapped to the member's public key.
    pub wrapped_key: WrappedKey,
}

/// `POST /api/v1/keys/sym_key`: a registered symmetric key, wrapped under a group or user key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SymKeyRequest {
    /// The key, wrapped under the master key.
    pub wrapped_key: WrappedKey,
}

/// A registered symmetric key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SymKeyResponse {
    /// The key's id.
    pub key_id: KeyId,
    /// The key, wrapped under the master key named in its header.
    pub wrapped_key: WrappedKey,
    /// The user who registered it.
    pub creator_id: String,
}
