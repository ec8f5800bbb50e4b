//! The list items and results the SDK returns, with sentc's field names (a page's last item goes
//! back in as it came out, for the next page). The conversions to and from the core's types are
//! in `convert.rs`, outside the surface Dart sees.

/// A user or a group (sentc's `user_type`: 0 and 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberType {
    /// A user.
    User,
    /// A group (a member of a connected group).
    Group,
}

/// sentc's `GroupList` item: a group of the user, a child, or a connected group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupListItem {
    /// The group.
    pub group_id: String,
    /// When the user joined (or the group was created), ms since the epoch.
    pub time: i64,
    /// The parent group, if any.
    pub parent: Option<String>,
}

/// sentc's `GroupInviteListItem`: an invite to a group, or a join request this user (or group)
/// sent.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// sentc's `GroupJoinReqListItem`: a request to join a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupJoinReqListItem {
    /// The user (or group) asking.
    pub user_id: String,
    /// When, ms.
    pub time: i64,
    /// A user or a group.
    pub user_type: MemberType,
}

/// sentc's `GroupUserListItem`: a member.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// sentc's device list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceListItem {
    /// The device.
    pub device_id: String,
    /// When it was added, ms.
    pub time: i64,
    /// Its login identifier.
    pub device_identifier: String,
}

/// sentc's `OtpRegister`: the TOTP secret (base32, for the authenticator app) and the
/// single-use recovery codes. Secrets: show them once, never log them.
#[derive(Clone)]
pub struct OtpRegister {
    /// The TOTP secret.
    pub secret: String,
    /// The TOTP algorithm ("SHA1", what authenticator apps expect).
    pub alg: String,
    /// The recovery codes.
    pub recover: Vec<String>,
}

/// A public or verify key: its id and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKeyData {
    /// The key's id.
    pub key_id: String,
    /// The key (X-Wing encapsulation key, or ML-DSA-65 + Ed25519 verify key).
    pub key: Vec<u8>,
}

/// Searchable hashes with the algorithm and key generation that made them (sentc's
/// `createSearch` result).
#[derive(Debug, Clone)]
pub struct SearchableItem {
    /// The hashes to store.
    pub hashes: Vec<String>,
    /// The algorithm.
    pub alg: String,
    /// The key generation.
    pub key_id: String,
}

/// A sortable number with the algorithm and key generation that made it.
#[derive(Debug, Clone)]
pub struct SortableItem {
    /// The number (below 2^53).
    pub number: u64,
    /// The algorithm.
    pub alg: String,
    /// The key generation.
    pub key_id: String,
}

/// sentc's `registerOtp` result: the `otpauth://` URL for a QR code and the recovery codes.
#[derive(Clone)]
pub struct OtpRegisterUrl {
    /// The URL (holds the secret: show it once, never log it).
    pub url: String,
    /// The single-use recovery codes.
    pub recover: Vec<String>,
}
