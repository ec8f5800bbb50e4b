//! The group half of the protocol as sans-IO functions (docs/groups.md), and [`GroupKeys`], a group's
//! generations with encrypt and decrypt.

mod create;
mod keys;
mod members;
mod rotation;

pub use create::{NewGroup, done_create_group, prepare_create_group};
pub use keys::{GroupKeys, VerifyLevel, open_group_keys};
pub use members::{
    MemberKeyBodies, check_rank, done_member_keys, prepare_change_rank, prepare_member_keys,
};
pub use rotation::{NewRotation, finish_group_key_rotation, prepare_group_key_rotation};
