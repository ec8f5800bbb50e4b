//! The key hierarchy of docs/design.md §3:
//!
//! ```text
//! password --Argon2id--> master-key-encryption key --AEAD--> device master key
//! device master key --AEAD--> device private key + device sign key      (per device)
//! device public key --KEM--> user keys (symmetric key, key pair, sign key pair)
//! ```
//!
//! [`DeviceKeys`] are one device's keys, [`KeySet`] one generation of user (later also group)
//! keys; [`safety_number`] lets two users compare identities out of band.

mod chain_state;
mod derived;
mod device;
mod group_chain;
mod group_key;
mod key_set;
mod public_halves;
mod rotation_chain;
mod safety_number;
mod searchable;
mod user_chain;

pub use chain_state::{ChainState, MAX_SEALED_STATE_LEN, check_known};
pub use device::{DeviceKeys, check_device_registration};
pub use group_chain::{
    GROUP_LINK_CONTEXT, GroupLink, GroupLinkView, check_member_link, extend_group_chain,
    extend_own_group_chain, group_chain_anchor, group_chain_signers, sign_group_link,
    verify_group_chain, verify_group_link,
};
pub use group_key::{GroupKey, check_group_key_ids};
pub use key_set::{KeySet, PUBLIC_KEY_SIGNATURE_CONTEXT, check_key_set_data, check_key_set_ids};
pub use rotation_chain::{check_rotation_chain, open_rotation_ephemeral};
pub use safety_number::safety_number;
pub use searchable::{SearchableItem, SearchableKeys, SortableItem};
pub use user_chain::{
    USER_LINK_CONTEXT, sign_user_link, verify_user_anchor, verify_user_chain, verify_user_link,
};
