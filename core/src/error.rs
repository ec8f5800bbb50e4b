//! The one error type of sentc, with stable numeric codes.
//!
//! Every failure in the core, on the server and in every binding is an [`Error`] carrying an
//! [`ErrorCode`]. Codes are stable numbers: once released a code keeps its meaning forever, new
//! failures get new numbers. The thousands digit names the [`ErrorArea`], so `3001` is a crypto
//! error. `docs/errors.md` lists every code; a test keeps that table and [`ErrorCode::ALL`] equal.
//!
//! Error messages never contain key material, passwords or plaintext; details are limited to
//! field names, lengths and key ids.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::crypto::KeyId;

/// The result type of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The area an error belongs to; the thousands digit of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorArea {
    /// 1xxx: malformed, truncated, oversized or unsupported input.
    Input,
    /// 2xxx: keys: wrong key, missing key, invalid key material.
    Key,
    /// 3xxx: cryptographic operations: authentication, signatures, password derivation.
    Crypto,
    /// 4xxx: apps and app tokens.
    App,
    /// 5xxx: users, devices, sessions and JWTs.
    User,
    /// 6xxx: groups, members, ranks and key rotation.
    Group,
    /// 7xxx: files.
    File,
    /// 8xxx: multi-factor authentication.
    Otp,
    /// 9xxx: the server itself (storage, internal failures).
    Server,
    /// 10xxx: the client's transport and storage.
    Client,
}

impl ErrorArea {
    /// The range of codes that belong to this area.
    pub const fn codes(self) -> std::ops::Range<u32> {
        let start = match self {
            Self::Input => 1000,
            Self::Key => 2000,
            Self::Crypto => 3000,
            Self::App => 4000,
            Self::User => 5000,
            Self::Group => 6000,
            Self::File => 7000,
            Self::Otp => 8000,
            Self::Server => 9000,
            Self::Client => 10000,
        };
        // Constants: no overflow.
        start..start.saturating_add(1000)
    }

    /// The area's name as used in bindings (`"input"`, `"key"`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Input => "input",
            Self::Key => "key",
            Self::Crypto => "crypto",
            Self::App => "app",
            Self::User => "user",
            Self::Group => "group",
            Self::File => "file",
            Self::Otp => "otp",
            Self::Server => "server",
            Self::Client => "client",
        }
    }
}

/// Declares [`ErrorCode`] with its number, area and message in one table, so the three can
/// never disagree.
macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])* $name:ident = $code:literal, $area:ident, $msg:literal; )*) => {
        /// A stable error code. The numeric value is part of the wire protocol.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u32)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[doc = $doc])* $name = $code, )*
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$name),*];

            /// The stable number of this code.
            pub const fn code(self) -> u32 {
                self as u32
            }

            /// The area this code belongs to.
            pub const fn area(self) -> ErrorArea {
                match self {
                    $(ErrorCode::$name => ErrorArea::$area,)*
                }
            }

            /// The code's name, e.g. "KeyRequired" (every binding's `codeName`).
            pub const fn name(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => stringify!($name),)*
                }
            }

            /// A short, fixed description of the failure.
            pub const fn message(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => $msg,)*
                }
            }

            /// The code with the given number, if there is one.
            pub const fn from_code(code: u32) -> Option<Self> {
                match code {
                    $($code => Some(ErrorCode::$name),)*
                    _ => None,
                }
            }
        }
    };
}

error_codes! {
    /// The input does not have the expected structure.
    MalformedInput = 1001, Input, "the input is malformed";
    /// Base64 or hex text could not be decoded.
    InvalidEncoding = 1002, Input, "invalid base64 or hex encoding";
    /// JSON text could not be parsed into the expected shape.
    InvalidJson = 1003, Input, "invalid JSON";
    /// The input names a format version this build does not know.
    UnsupportedVersion = 1004, Input, "unsupported format version";
    /// The input names an algorithm this build does not know.
    UnknownAlgorithm = 1005, Input, "unknown algorithm";
    /// The input is larger than the limit for this operation.
    InputTooLarge = 1006, Input, "the input is too large";
    /// The input ends before its declared structure does.
    InputTruncated = 1007, Input, "the input is truncated";
    /// The input is empty where a value is required.
    EmptyInput = 1008, Input, "the input is empty";
    /// An encrypted item holds another kind of content than expected (data vs. a wrapped key).
    UnexpectedContent = 1009, Input, "the encrypted item holds another kind of content";
    /// The request was not received and handled within the server's time limit.
    RequestTimeout = 1010, Input, "the request took too long";
    /// A number outside the range the operation takes (e.g. a sortable number over 2^48 − 1).
    OutOfDomain = 1011, Input, "the value is outside the allowed range";

    /// The data was encrypted or signed with another key than the one given.
    WrongKey = 2001, Key, "the data belongs to another key";
    /// A key is needed that is not available; the error names its id.
    KeyRequired = 2002, Key, "a key is required that is not available";
    /// Key bytes do not form a valid key.
    InvalidKey = 2003, Key, "invalid key material";
    /// A key of another type or algorithm was expected.
    KeyTypeMismatch = 2004, Key, "the key has another type than expected";
    /// A key's id does not match its contents.
    KeyIdMismatch = 2005, Key, "the key id does not match the key";
    /// A key with this id is already stored: a prepared request was sent twice.
    KeyIdTaken = 2006, Key, "a key with this id is already stored";
    /// A key generation is not part of its owner's chain: a link signature does not verify,
    /// or a generation does not follow the one before it.
    KeyChainInvalid = 2007, Key, "a key generation is not part of its owner's verified chain";
    /// The server listed fewer key generations than this device has verified before.
    KeyChainRolledBack = 2008, Key, "the key chain is shorter than this device has seen";
    /// The server listed another generation where this device verified one before, or a
    /// rotation does not extend the newest generation.
    KeyChainForked = 2009, Key, "the key chain forks from what this device has seen";
    /// Another user's key chain no longer extends the identity this client pinned for them
    /// (another anchor after a reset, or a fork): compare safety numbers, then accept it.
    IdentityChanged = 2010, Key, "the user's identity changed since this client pinned it";
    /// An action needs another user's identity pinned first (re-invite) and there is none.
    IdentityNotPinned = 2011, Key, "this client has not pinned the user's identity";

    /// Authenticated decryption failed: the data was modified or the key is wrong.
    DecryptionFailed = 3001, Crypto, "decryption failed: the data was modified or the key is wrong";
    /// A signature does not verify.
    SignatureInvalid = 3002, Crypto, "the signature is invalid";
    /// A signature was required but the data is not signed.
    SignatureMissing = 3003, Crypto, "the data is not signed";
    /// The key encapsulation was rejected.
    DecapsulationFailed = 3004, Crypto, "key decapsulation failed";
    /// The operating system's random number generator failed.
    RandomnessUnavailable = 3005, Crypto, "no randomness available";
    /// Signing failed.
    SigningFailed = 3006, Crypto, "signing failed";
    /// The item is bound to a caller's context and was opened without one, or the reverse.
    ContextMismatch = 3007, Crypto, "the item's context binding does not match";
    /// The password is empty.
    PasswordEmpty = 3101, Crypto, "the password is empty";
    /// The password is longer than allowed.
    PasswordTooLong = 3102, Crypto, "the password is too long";
    /// Password derivation parameters are outside the accepted range.
    PasswordParamsOutOfRange = 3103, Crypto, "password derivation parameters are out of range";
    /// The password derivation function failed.
    KeyDerivationFailed = 3104, Crypto, "key derivation failed";
    /// The server offered other password parameters (another salt, or a lower cost) than this
    /// device saw for the identifier before.
    PasswordParamsChanged = 3105, Crypto, "the server changed the password parameters this device knows";

    /// The request carries no app token.
    AppTokenMissing = 4001, App, "the app token is missing";
    /// The app token is not known.
    AppTokenInvalid = 4002, App, "the app token is invalid";
    /// This endpoint needs the app's secret token.
    SecretTokenRequired = 4003, App, "this endpoint needs the secret token";
    /// The app disabled this endpoint.
    EndpointDisabled = 4004, App, "this endpoint is disabled for the app";
    /// The app does not exist.
    AppNotFound = 4005, App, "the app does not exist";
    /// Too many requests of this kind from this client, app, user or group; try again later.
    RateLimited = 4006, App, "too many requests, try again later";

    /// Login failed: the identifier is unknown or the password is wrong (deliberately one code).
    LoginFailed = 5001, User, "wrong identifier or password";
    /// The identifier is already taken.
    IdentifierTaken = 5002, User, "the identifier is already taken";
    /// The request needs a JWT and carries none.
    JwtMissing = 5003, User, "the request needs a JWT";
    /// The JWT is malformed or its signature does not verify.
    JwtInvalid = 5004, User, "the JWT is invalid";
    /// The JWT has expired.
    JwtExpired = 5005, User, "the JWT has expired";
    /// The operation needs a fresh JWT (from a login, not a refresh).
    FreshJwtRequired = 5006, User, "this operation needs a fresh login";
    /// The refresh token is unknown, expired or revoked.
    RefreshTokenInvalid = 5007, User, "the refresh token is invalid";
    /// A refresh token was used twice; every session of the device was revoked.
    RefreshTokenReplayed = 5008, User, "the refresh token was already used; the sessions of this device are revoked";
    /// The login challenge is wrong or expired.
    ChallengeFailed = 5009, User, "the login challenge failed";
    /// Too many failed logins for this identifier; try again later.
    TooManyLoginAttempts = 5010, User, "too many failed logins, try again later";
    /// The user does not exist.
    UserNotFound = 5011, User, "the user does not exist";
    /// The device does not exist or is not the user's.
    DeviceNotFound = 5012, User, "the device does not exist";
    /// The last device of a user cannot be deleted; delete the user instead.
    LastDevice = 5013, User, "the last device cannot be deleted";
    /// The device registration token is unknown or expired.
    DeviceTokenInvalid = 5014, User, "the device registration token is invalid";
    /// The key rotation does not exist or is already finished for this device.
    KeyRotationNotFound = 5015, User, "no such pending key rotation";
    /// Uploaded keys do not fit together (ids, wrapping keys or signatures disagree).
    KeysInconsistent = 5016, User, "the uploaded keys do not fit together";
    /// The key the operation builds on is not the newest one; fetch and retry.
    KeyNotNewest = 5017, User, "the key is not the newest one";
    /// The user is not logged in on this client.
    NotLoggedIn = 5018, User, "no user is logged in";
    /// The user exists but has no key with this id (e.g. a message signed by someone else).
    UserKeyNotFound = 5019, User, "the user has no key with this id";
    /// The device proof (a one-time nonce signed with the device sign key) is missing, wrong,
    /// used or expired.
    DeviceProofInvalid = 5020, User, "the device proof is invalid or expired";
    /// The user id the client chose at registration is taken.
    UserIdTaken = 5021, User, "the user id is already taken";

    /// The group does not exist.
    GroupNotFound = 6001, Group, "the group does not exist";
    /// The caller has no access to the group.
    GroupAccessDenied = 6002, Group, "no access to the group";
    /// The caller's rank is too low for this action.
    GroupRankTooLow = 6003, Group, "the rank is too low for this action";
    /// The rank is not one that can be given (1 to 4), or not by this member.
    GroupRankInvalid = 6004, Group, "invalid rank";
    /// The creator cannot leave or be removed; delete the group instead.
    GroupCreatorStays = 6005, Group, "the creator cannot leave or be removed";
    /// The group does not take invites or join requests.
    GroupInvitesDisabled = 6006, Group, "the group does not take invites or join requests";
    /// The user or group is already a member, invited, or asked to join.
    GroupMemberExists = 6007, Group, "already a member, invited or asked to join";
    /// No such invite.
    GroupInviteNotFound = 6008, Group, "no such invite";
    /// No such join request.
    GroupJoinRequestNotFound = 6009, Group, "no such join request";
    /// No such member.
    GroupMemberNotFound = 6010, Group, "no such member";
    /// A member cannot remove themselves; leave instead.
    GroupCannotKickSelf = 6011, Group, "members cannot remove themselves";
    /// Only normal groups can be members of connected groups, and only connected groups take
    /// groups as members.
    GroupConnectionInvalid = 6012, Group, "groups can join only connected groups, and connected groups cannot join groups";
    /// The group key rotation does not exist or is already finished for this member.
    GroupKeyRotationNotFound = 6013, Group, "no such pending group key rotation";
    /// A registered symmetric key does not exist.
    SymKeyNotFound = 6014, Group, "no such symmetric key";
    /// The key session of an invite does not exist, belongs to another group or expired.
    GroupKeySessionNotFound = 6015, Group, "no such key session, or it expired";
    /// The group id the client chose is already in use.
    GroupIdTaken = 6016, Group, "the group id is already taken";

    /// A file chunk names another file than the one being read.
    FileChunkForeign = 7001, File, "the chunk belongs to another file";
    /// A file chunk is not the next one: reordered, repeated or after a gap.
    FileChunkOutOfOrder = 7002, File, "the chunk is not the next one of the file";
    /// A file ended before its last chunk.
    FileTruncated = 7003, File, "the file ends before its last chunk";
    /// A chunk came after the file's last chunk.
    FileChunkAfterEnd = 7004, File, "a chunk follows the last chunk of the file";
    /// The file or the part of it does not exist.
    FilePartNotFound = 7005, File, "no such file part";
    /// The file does not exist, was deleted, or the caller may not read it.
    FileNotFound = 7006, File, "no such file";
    /// The upload session does not exist, expired, or belongs to another user.
    FileSessionNotFound = 7007, File, "no such upload session, or it expired";
    /// The app does not allow files (or not this kind of storage).
    FilesDisabled = 7008, File, "the app does not allow files";
    /// The part would take the app's files over its storage quota.
    FileQuotaExceeded = 7009, File, "the app's file storage quota is used up";
    /// The file id (its content key's id) is already in use.
    FileIdTaken = 7010, File, "the file id is already taken";
    /// The upload is finished: no part may follow the last.
    FileUploadFinished = 7011, File, "the file's upload is already finished";
    /// The caller may not change or delete this file.
    FileAccessDenied = 7012, File, "only the file's creator or a group admin may do this";
    /// The file's upload is not finished yet.
    FileIncomplete = 7013, File, "the file's upload is not finished";

    /// The login needs a second factor.
    OtpRequired = 8001, Otp, "the login needs a one-time password";
    /// The one-time password or recovery code is wrong or was already used.
    OtpInvalid = 8002, Otp, "the one-time password is invalid";
    /// Multi-factor authentication is not enabled for this user.
    OtpNotEnabled = 8003, Otp, "multi-factor authentication is not enabled";
    /// Multi-factor authentication is already enabled for this user.
    OtpAlreadyEnabled = 8004, Otp, "multi-factor authentication is already enabled";

    /// The server's storage failed.
    Database = 9001, Server, "the server's database failed";
    /// An unexpected server failure.
    Internal = 9002, Server, "internal server error";
    /// No such endpoint.
    RouteNotFound = 9003, Server, "no such endpoint";
    /// The endpoint does not take this method.
    MethodNotAllowed = 9004, Server, "method not allowed";
    /// The server's configuration is unusable.
    Config = 9005, Server, "invalid server configuration";
    /// The server's file storage failed.
    StorageFailed = 9006, Server, "the server's file storage failed";

    /// The transport could not reach the server or failed.
    TransportFailed = 10001, Client, "the request to the server failed";
    /// The server answered with something that is not a sentc response.
    InvalidServerResponse = 10002, Client, "the server's response is not a valid sentc response";
    /// The server answered with an error code this client does not know.
    UnknownServerError = 10003, Client, "the server returned an unknown error";
    /// The client's store failed.
    StoreFailed = 10004, Client, "the client store failed";
    /// Refreshing the JWT failed.
    RefreshFailed = 10005, Client, "refreshing the session failed";
    /// A binding was used before its client was set up (`Sentc.init` in the browser).
    NotInitialized = 10006, Client, "the client is not initialized: call Sentc.init first";
    /// The app cancelled the operation (a file upload or download); what was done stays.
    Cancelled = 10007, Client, "the operation was cancelled";
    /// Reading or writing a local file or a host's stream failed (a file upload's source or a
    /// download's destination).
    LocalIoFailed = 10008, Client, "reading or writing a local file or stream failed";
}

impl ErrorCode {
    /// The HTTP status the server answers with for this code.
    pub const fn http_status(self) -> u16 {
        match self {
            Self::InputTooLarge | Self::FileQuotaExceeded => 413,
            Self::AppTokenMissing
            | Self::AppTokenInvalid
            | Self::LoginFailed
            | Self::JwtMissing
            | Self::JwtInvalid
            | Self::JwtExpired
            | Self::RefreshTokenInvalid
            | Self::RefreshTokenReplayed
            | Self::ChallengeFailed
            | Self::DeviceProofInvalid
            | Self::OtpInvalid => 401,
            Self::SecretTokenRequired | Self::EndpointDisabled | Self::FreshJwtRequired => 403,
            Self::AppNotFound
            | Self::UserNotFound
            | Self::UserKeyNotFound
            | Self::DeviceNotFound
            | Self::KeyRotationNotFound
            | Self::RouteNotFound
            | Self::GroupNotFound
            | Self::GroupInviteNotFound
            | Self::GroupJoinRequestNotFound
            | Self::GroupMemberNotFound
            | Self::GroupKeyRotationNotFound
            | Self::GroupKeySessionNotFound
            | Self::SymKeyNotFound
            | Self::FilePartNotFound
            | Self::FileNotFound
            | Self::FileSessionNotFound => 404,
            Self::GroupAccessDenied
            | Self::GroupRankTooLow
            | Self::GroupInvitesDisabled
            | Self::GroupCreatorStays
            | Self::FilesDisabled
            | Self::FileAccessDenied => 403,
            Self::MethodNotAllowed => 405,
            Self::RequestTimeout => 408,
            Self::IdentifierTaken
            | Self::OtpAlreadyEnabled
            | Self::KeyNotNewest
            | Self::KeyIdTaken
            | Self::UserIdTaken
            | Self::GroupIdTaken
            | Self::GroupMemberExists
            | Self::FileIdTaken
            | Self::FileUploadFinished => 409,
            Self::TooManyLoginAttempts | Self::RateLimited => 429,
            Self::Database | Self::Internal | Self::Config | Self::StorageFailed => 500,
            _ => 400,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message(), self.code())
    }
}

/// A sentc error: a stable [`ErrorCode`] plus non-secret detail.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    detail: Option<Cow<'static, str>>,
    key_id: Option<KeyId>,
}

impl Error {
    /// An error with only a code.
    pub const fn new(code: ErrorCode) -> Self {
        Self {
            code,
            detail: None,
            key_id: None,
        }
    }

    /// An error with a code and a detail text. The detail must not contain secrets.
    pub fn with_detail(code: ErrorCode, detail: impl Into<Cow<'static, str>>) -> Self {
        Self {
            code,
            detail: Some(detail.into()),
            key_id: None,
        }
    }

    /// An error that names the key it is about, such as [`ErrorCode::KeyRequired`].
    pub fn for_key(code: ErrorCode, key_id: KeyId) -> Self {
        Self {
            code,
            detail: None,
            key_id: Some(key_id),
        }
    }

    /// The stable code.
    pub const fn code(&self) -> ErrorCode {
        self.code
    }

    /// The area of the code.
    pub const fn area(&self) -> ErrorArea {
        self.code.area()
    }

    /// The detail text, if any.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// The key this error is about, e.g. the missing key of [`ErrorCode::KeyRequired`].
    pub const fn key_id(&self) -> Option<KeyId> {
        self.key_id
    }

    /// The message without the code: `"<code message>: <detail>"`, as sent in `err_msg`.
    pub fn message(&self) -> String {
        match &self.detail {
            Some(detail) => format!("{}: {detail}", self.code.message()),
            None => self.code.message().to_string(),
        }
    }

    /// Rebuilds an error from a server's `err_code` and `err_msg`. Unknown codes (from a newer
    /// server) become [`ErrorCode::UnknownServerError`] naming the code.
    pub fn from_server(code: u32, message: &str, key_id: Option<KeyId>) -> Self {
        let shown: String = message.chars().take(500).collect();
        let Some(known) = ErrorCode::from_code(code) else {
            return Self::with_detail(
                ErrorCode::UnknownServerError,
                format!("code {code}: {shown}"),
            );
        };
        let detail = shown
            .strip_prefix(known.message())
            .map(|rest| rest.trim_start_matches(": ").to_string())
            .unwrap_or(shown);
        Self {
            code: known,
            detail: (!detail.is_empty()).then_some(Cow::Owned(detail)),
            key_id,
        }
    }
}

impl From<ErrorCode> for Error {
    fn from(code: ErrorCode) -> Self {
        Self::new(code)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code.code(), self.code.message())?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        if let Some(key_id) = &self.key_id {
            write!(f, " (key {key_id})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_their_area() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.code()), "duplicate code {}", code.code());
            assert!(
                code.area().codes().contains(&code.code()),
                "{code:?} lies outside {:?}",
                code.area()
            );
            assert_eq!(ErrorCode::from_code(code.code()), Some(*code));
        }
        assert_eq!(ErrorCode::from_code(0), None);
    }

    #[test]
    fn display_names_code_and_detail() {
        let err = Error::with_detail(ErrorCode::InputTooLarge, "plaintext");
        assert_eq!(err.to_string(), "[1006] the input is too large: plaintext");
    }
}
