//! sentc for Swift, Kotlin and Python over uniffi: `Sentc`, `User` and `Group` with sentc's
//! names, async where the core is async, one error type, and networking and storage the host
//! may supply. This crate only converts types and maps errors; everything else is the core's.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod backend;
mod error;
mod files;
mod group;
mod host;
mod records;
mod sentc;
mod shared;
mod sym_key;
#[cfg(feature = "test-exports")]
mod test_exports;
mod user;

pub use backend::Backend;
pub use error::SentcError;
pub use files::{
    ByteSink, ByteSource, DownloadResult, FileCreateOutput, FileMetaInformation, FileMetaWithKey,
    FileProgress,
};
pub use group::Group;
pub use host::{
    HostRequest, HostResponse, HostStore, HostTransport, HttpHeader, HttpMethod, StoreKeySource,
};
pub use records::{
    DeviceListItem, GroupInviteListItem, GroupJoinReqListItem, GroupListItem, GroupUserListItem,
    MemberType, OtpRegister, PublicKeyData, SearchableItem, SortableItem,
};
pub use sentc::{LoginResult, MfaStep, Sentc, SentcOptions};
pub use sym_key::{NonRegisteredKey, SymKey};
pub use user::{OtpRegisterUrl, User};

uniffi::setup_scaffolding!();
