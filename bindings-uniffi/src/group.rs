//! `Group`: a group the user reaches, with its keys.

use std::sync::Arc;

use sentc_core::keys::SearchableKeys;

use crate::error::{SentcError, guard, guard_async};
use crate::host::{AnyStore, AnyTransport};

pub(crate) type CoreGroup = sentc_core::client::Group<AnyTransport, AnyStore>;

/// A group with its keys. Get one from `User.get_group`.
#[derive(uniffi::Object)]
pub struct Group {
    inner: CoreGroup,
}

impl Group {
    pub(crate) fn new(inner: CoreGroup) -> Arc<Self> {
        Arc::new(Self { inner })
    }
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

#[cfg_attr(feature = "native-http", uniffi::export(async_runtime = "tokio"))]
#[cfg_attr(not(feature = "native-http"), uniffi::export)]
impl Group {
    /// The group's id.
    pub fn group_id(&self) -> Result<String, SentcError> {
        guard(|| self.inner.id())
    }

    /// The ids of the key generations this client holds, oldest first.
    pub fn key_ids(&self) -> Result<Vec<String>, SentcError> {
        guard(|| {
            let keys = self.inner.keys()?;
            Ok(keys.all().iter().map(|key| key.id().to_string()).collect())
        })
    }

    /// sentc's `inviteAuto(userId, rank)`: adds a user directly.
    #[uniffi::method(default(rank = None))]
    pub async fn invite_auto(&self, user_id: String, rank: Option<i64>) -> Result<(), SentcError> {
        guard_async(self.inner.invite_auto(&user_id, rank)).await
    }

    /// sentc's `invite(userId, rank)`: the user accepts with `accept_group_invite`.
    #[uniffi::method(default(rank = None))]
    pub async fn invite(&self, user_id: String, rank: Option<i64>) -> Result<(), SentcError> {
        guard_async(self.inner.invite(&user_id, rank)).await
    }

    /// sentc's `encrypt(data)` with the newest key; `sign` signs with the user's sign key.
    #[uniffi::method(default(sign = false))]
    pub fn encrypt(&self, data: Vec<u8>, sign: bool) -> Result<Vec<u8>, SentcError> {
        guard(|| {
            if sign {
                self.inner.encrypt_signed(&data)
            } else {
                self.inner.encrypt(&data)
            }
        })
    }

    /// sentc's `decrypt(data)` with the key the data names.
    pub fn decrypt(&self, data: Vec<u8>) -> Result<Vec<u8>, SentcError> {
        guard(|| self.inner.decrypt(&data))
    }

    /// sentc's `encryptString(text)` (base64).
    #[uniffi::method(default(sign = false))]
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

    /// sentc's `keyRotation(sign)`: starts a rotation; the new generation's id.
    #[uniffi::method(default(sign = false))]
    pub async fn key_rotation(&self, sign: bool) -> Result<String, SentcError> {
        guard_async(async { Ok(self.inner.key_rotation(sign).await?.to_string()) }).await
    }

    /// Finishes the rotations waiting for this user; how many.
    pub async fn finish_key_rotations(&self) -> Result<u32, SentcError> {
        guard_async(async {
            let finished = self.inner.finish_key_rotations().await?;
            Ok(u32::try_from(finished).unwrap_or(u32::MAX))
        })
        .await
    }

    /// sentc's `createSearchRaw(data, full, limit)`.
    #[uniffi::method(default(full = false, limit = None))]
    pub fn create_search_raw(
        &self,
        data: String,
        full: bool,
        limit: Option<u32>,
    ) -> Result<Vec<String>, SentcError> {
        guard(|| {
            self.inner
                .create_search_raw(&data, full, limit.map(|l| l as usize))
        })
    }

    /// sentc's `createSearch(data, full, limit)`.
    #[uniffi::method(default(full = false, limit = None))]
    pub fn create_search(
        &self,
        data: String,
        full: bool,
        limit: Option<u32>,
    ) -> Result<SearchableItem, SentcError> {
        let item = guard(|| {
            self.inner
                .create_search(&data, full, limit.map(|l| l as usize))
        })?;
        Ok(SearchableItem {
            hashes: item.hashes,
            alg: item.alg,
            key_id: item.key_id,
        })
    }

    /// sentc's `search(data)`: the hash to look up (newest key).
    pub fn search(&self, data: String) -> Result<String, SentcError> {
        guard(|| self.inner.search(&data))
    }

    /// The query's hash under every key generation, newest first.
    pub fn search_all(&self, data: String) -> Result<Vec<String>, SentcError> {
        guard(|| self.inner.search_all(&data))
    }

    /// sentc's `encryptSortableRawNumber(number)`.
    pub fn encrypt_sortable_raw_number(&self, number: u64) -> Result<u64, SentcError> {
        guard(|| self.inner.encrypt_sortable_raw_number(number))
    }

    /// sentc's `encryptSortableNumber(number)`.
    pub fn encrypt_sortable_number(&self, number: u64) -> Result<SortableItem, SentcError> {
        let item = guard(|| self.inner.encrypt_sortable_number(number))?;
        Ok(SortableItem {
            number: item.number,
            alg: item.alg,
            key_id: item.key_id,
        })
    }

    /// The user's rank in the group (0 creator … 4 member).
    pub fn rank(&self) -> Result<i64, SentcError> {
        guard(|| self.inner.rank())
    }

    /// sentc's `updateRank(memberId, rank)`.
    pub async fn change_rank(&self, member_id: String, rank: i64) -> Result<(), SentcError> {
        guard_async(self.inner.change_rank(&member_id, rank)).await
    }

    /// sentc's `kickUser(memberId)`.
    pub async fn kick(&self, member_id: String) -> Result<(), SentcError> {
        guard_async(self.inner.kick(&member_id)).await
    }

    /// sentc's `leave()`.
    pub async fn leave(&self) -> Result<(), SentcError> {
        guard_async(self.inner.leave()).await
    }

    /// sentc's `deleteGroup()`.
    pub async fn delete(&self) -> Result<(), SentcError> {
        guard_async(self.inner.delete()).await
    }

    /// Encrypts bound to `context` (a record and field): it decrypts only with the same context.
    #[uniffi::method(default(sign = false))]
    pub fn encrypt_with_context(
        &self,
        data: Vec<u8>,
        context: Vec<u8>,
        sign: bool,
    ) -> Result<Vec<u8>, SentcError> {
        guard(|| self.inner.encrypt_with_context(&data, &context, sign))
    }

    /// Decrypts data bound to `context`; with `signer_id` its signature must verify.
    #[uniffi::method(default(signer_id = None))]
    pub async fn decrypt_with_context(
        &self,
        data: Vec<u8>,
        context: Vec<u8>,
        signer_id: Option<String>,
    ) -> Result<Vec<u8>, SentcError> {
        guard_async(
            self.inner
                .decrypt_with_context(&data, &context, signer_id.as_deref()),
        )
        .await
    }

    /// sentc's `encryptSortableRawString(data)`.
    pub fn encrypt_sortable_raw_string(&self, data: String) -> Result<u64, SentcError> {
        guard(|| self.inner.encrypt_sortable_raw_string(&data))
    }
}
