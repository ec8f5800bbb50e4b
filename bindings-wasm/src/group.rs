//! `Group`: a group the user reaches, with its keys; every method of the core `Group` in
//! camelCase.

use sentc_core::ErrorCode;
use sentc_core::protocol::group::{GroupListItem, GroupRequestItem, MemberInfo, MemberType};
use wasm_bindgen::prelude::*;

use crate::convert::{from_object, from_optional, to_object};
use crate::error::{IntoJs, JsResult, js_error};
use crate::host::{FetchTransport, HostStore};
use crate::promise::promise;
use crate::searchable;
use crate::sym_key::{SymKey, key_and_wrapped, parse_verify_key, wrapped_key};
use crate::user::verify_level;

/// The core group with the browser's transport and storage.
pub type CoreGroup = sentc_core::client::Group<FetchTransport, HostStore>;

/// A group with its keys. Get one from `user.getGroup`.
#[wasm_bindgen]
pub struct Group {
    inner: CoreGroup,
}

impl From<CoreGroup> for Group {
    fn from(inner: CoreGroup) -> Self {
        Self { inner }
    }
}

fn member_type(name: Option<String>) -> JsResult<MemberType> {
    match name.as_deref() {
        None | Some("user") => Ok(MemberType::User),
        Some("group") => Ok(MemberType::Group),
        Some(_) => Err(js_error(
            ErrorCode::MalformedInput,
            "member type must be \"user\" or \"group\"",
        )),
    }
}

#[wasm_bindgen]
impl Group {
    /// The group's id.
    #[wasm_bindgen(getter, js_name = groupId)]
    pub fn group_id(&self) -> JsResult<String> {
        self.inner.id().js()
    }

    /// The user's access as of the fetch or the last `light()`: rank, parent, times, whether it
    /// is a connected group, and how the user reaches it.
    #[wasm_bindgen(getter, unchecked_return_type = "GroupLight")]
    pub fn info(&self) -> JsResult<JsValue> {
        to_object(&self.inner.info().js()?)
    }

    /// Whether invites and join requests are allowed.
    #[wasm_bindgen(getter, js_name = invitesAllowed)]
    pub fn invites_allowed(&self) -> JsResult<bool> {
        self.inner.invites_allowed().js()
    }

    /// The ids of the key generations this client holds, oldest first.
    #[wasm_bindgen(getter, js_name = keyIds)]
    pub fn key_ids(&self) -> JsResult<Vec<String>> {
        let keys = self.inner.keys().js()?;
        Ok(keys.all().iter().map(|key| key.id().to_hex()).collect())
    }

    /// The searchable hashes of `data` with the newest key: `{ hashes, alg, key_id }` (sentc's
    /// `createSearch`; `full` hashes only the whole value, else its first `limit` prefixes).
    #[wasm_bindgen(js_name = createSearch, unchecked_return_type = "SearchableItem")]
    pub fn create_search(&self, data: &str, full: bool, limit: Option<u32>) -> JsResult<JsValue> {
        searchable::create(&self.inner, data, full, limit)
    }

    /// The hash of the query `data`: under the newest key, or under every key (newest first).
    #[wasm_bindgen(js_name = searchHashes)]
    pub fn search_hashes(&self, data: &str, every_key: bool) -> JsResult<Vec<String>> {
        searchable::query(&self.inner, data, every_key)
    }

    /// The sortable number of a number (0 to 2^48 − 1) or string: `{ number, alg, key_id }`.
    #[wasm_bindgen(js_name = encryptSortable, unchecked_return_type = "SortableItem")]
    pub fn encrypt_sortable(&self, value: JsValue) -> JsResult<JsValue> {
        searchable::sortable(&self.inner, &value)
    }

    /// Encrypts bytes with the newest key; `sign` signs with the user's sign key.
    pub fn encrypt(&self, data: &[u8], sign: Option<bool>) -> JsResult<Vec<u8>> {
        if sign.unwrap_or(false) {
            self.inner.encrypt_signed(data)
        } else {
            self.inner.encrypt(data)
        }
        .js()
    }

    /// Decrypts with the key the data names (error 2002 with `keyId` if this client lacks it);
    /// with `verify_user_id`, the signature of that user must verify.
    pub fn decrypt(&self, data: Vec<u8>, verify_user_id: Option<String>) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            match verify_user_id {
                Some(signer) => inner.decrypt_from(&data, &signer).await,
                None => inner.decrypt(&data),
            }
            .js()
        })
    }

    /// Decrypts without a signature check and without a promise (sentc's `decryptSync`).
    #[wasm_bindgen(js_name = decryptSync)]
    pub fn decrypt_sync(&self, data: &[u8]) -> JsResult<Vec<u8>> {
        self.inner.decrypt(data).js()
    }

    /// Decrypts a string without a signature check and without a promise.
    #[wasm_bindgen(js_name = decryptStringSync)]
    pub fn decrypt_string_sync(&self, text: &str) -> JsResult<String> {
        self.inner.decrypt_string(text).js()
    }

    /// Encrypts a string with the newest key (base64 result); `sign` signs it.
    #[wasm_bindgen(js_name = encryptString)]
    pub fn encrypt_string(&self, text: &str, sign: Option<bool>) -> JsResult<String> {
        if sign.unwrap_or(false) {
            self.inner.encrypt_string_signed(text)
        } else {
            self.inner.encrypt_string(text)
        }
        .js()
    }

    /// Decrypts a string made by `encryptString`; with `verify_user_id`, that user's signature
    /// must verify.
    #[wasm_bindgen(js_name = decryptString)]
    pub fn decrypt_string(&self, text: String, verify_user_id: Option<String>) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            match verify_user_id {
                Some(signer) => inner.decrypt_string_from(&text, &signer).await,
                None => inner.decrypt_string(&text),
            }
            .js()
        })
    }

    /// Encrypts bytes bound to `context` (e.g. `"invoice 17 / amount"`): they decrypt only
    /// with the same context, so the server cannot move them to another record or field.
    /// `sign` signs with the user's sign key (the signature covers the context).
    #[wasm_bindgen(js_name = encryptWithContext)]
    pub fn encrypt_with_context(
        &self,
        data: &[u8],
        context: &str,
        sign: Option<bool>,
    ) -> JsResult<Vec<u8>> {
        self.inner
            .encrypt_with_context(data, context.as_bytes(), sign.unwrap_or(false))
            .js()
    }

    /// Decrypts bytes made by `encryptWithContext` with the same context (error 3001 for
    /// another context, 3007 for data without one); with `verify_user_id`, that user's
    /// signature must verify.
    #[wasm_bindgen(js_name = decryptWithContext)]
    pub fn decrypt_with_context(
        &self,
        data: Vec<u8>,
        context: String,
        verify_user_id: Option<String>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            inner
                .decrypt_with_context(&data, context.as_bytes(), verify_user_id.as_deref())
                .await
                .js()
        })
    }

    /// `encryptWithContext` for a string (base64 result).
    #[wasm_bindgen(js_name = encryptStringWithContext)]
    pub fn encrypt_string_with_context(
        &self,
        text: &str,
        context: &str,
        sign: Option<bool>,
    ) -> JsResult<String> {
        self.inner
            .encrypt_string_with_context(text, context.as_bytes(), sign.unwrap_or(false))
            .js()
    }

    /// Decrypts a string made by `encryptStringWithContext` with the same context.
    #[wasm_bindgen(js_name = decryptStringWithContext)]
    pub fn decrypt_string_with_context(
        &self,
        text: String,
        context: String,
        verify_user_id: Option<String>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            inner
                .decrypt_string_with_context(&text, context.as_bytes(), verify_user_id.as_deref())
                .await
                .js()
        })
    }

    /// The user's access as the server sees it now.
    #[wasm_bindgen(unchecked_return_type = "Promise<GroupLight>")]
    pub fn light(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { to_object(&inner.light().await.js()?) })
    }

    /// A page of members.
    #[wasm_bindgen(unchecked_return_type = "Promise<MemberInfo[]>")]
    pub fn members(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MemberInfo")] last: Option<JsValue>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let last: Option<MemberInfo> = from_optional(last)?;
            to_object(&inner.members(last.as_ref()).await.js()?)
        })
    }

    /// Invites a user, or (`member_type` "group") a normal group into this connected group
    /// (rank 1-4, default 4); `auto` adds the member at once, else it accepts.
    pub fn invite(
        &self,
        member_id: String,
        rank: Option<i32>,
        member_type: Option<String>,
        auto: Option<bool>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let member_type = self::member_type(member_type)?;
            inner
                .invite_member(
                    &member_id,
                    member_type,
                    rank.map(i64::from),
                    auto.unwrap_or(false),
                )
                .await
                .js()
        })
    }

    /// Sends a member every key again (after their keys changed); the rank stays.
    #[wasm_bindgen(js_name = reInvite)]
    pub fn re_invite(&self, member_id: String, member_type: Option<String>) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            inner
                .re_invite(&member_id, self::member_type(member_type)?)
                .await
                .js()
        })
    }

    /// The invite bodies for an app backend that sends the invite itself: every generation
    /// wrapped for the member's verified public key, a page each; the first goes with the
    /// invite, the rest to the key session its answer names. Given that `session_id`, sends the
    /// rest itself and returns nothing.
    #[wasm_bindgen(js_name = prepareKeysForNewMember)]
    pub fn prepare_keys_for_new_member(
        &self,
        member_id: String,
        rank: Option<i32>,
        member_type: Option<String>,
        session_id: Option<String>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let member_type = self::member_type(member_type)?;
            if let Some(session_id) = session_id {
                inner
                    .send_key_session(&session_id, &member_id, member_type)
                    .await
                    .js()?;
                return Ok(Vec::new());
            }
            let bodies = inner
                .prepare_keys_for_new_member(&member_id, member_type, rank.map(i64::from))
                .await
                .js()?;
            Ok(std::iter::once(bodies.first).chain(bodies.rest).collect())
        })
    }

    /// The body of a rank change, for an app backend that sends it with the user's JWT.
    #[wasm_bindgen(js_name = prepareChangeRank)]
    pub fn prepare_change_rank(member_id: &str, rank: i32) -> JsResult<String> {
        sentc_core::group::prepare_change_rank(member_id, i64::from(rank)).js()
    }

    /// Allows (`true`) or stops invites and join requests.
    #[wasm_bindgen(js_name = setInvitesAllowed)]
    pub fn set_invites_allowed(&self, allowed: bool) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.set_invites_allowed(allowed).await.js() })
    }

    /// A page of join requests to this group (ranks 0-2).
    #[wasm_bindgen(js_name = joinRequests, unchecked_return_type = "Promise<GroupRequestItem[]>")]
    pub fn join_requests(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupRequestItem")] last: Option<JsValue>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let last: Option<GroupRequestItem> = from_optional(last)?;
            to_object(&inner.join_requests(last.as_ref()).await.js()?)
        })
    }

    /// Accepts a join request (an item of `joinRequests`), with a rank (default 4).
    #[wasm_bindgen(js_name = acceptJoinRequest)]
    pub fn accept_join_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupRequestItem")] request: JsValue,
        rank: Option<i32>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let request: GroupRequestItem = from_object(&request)?.ok_or_else(|| {
                js_error(ErrorCode::MalformedInput, "a join request item is required")
            })?;
            inner
                .accept_join_request(&request, rank.map(i64::from))
                .await
                .js()
        })
    }

    /// Rejects a join request.
    #[wasm_bindgen(js_name = rejectJoinRequest)]
    pub fn reject_join_request(&self, member_id: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.reject_join_request(&member_id).await.js() })
    }

    /// Changes a member's rank.
    #[wasm_bindgen(js_name = changeRank)]
    pub fn change_rank(&self, member_id: String, rank: i32) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.change_rank(&member_id, i64::from(rank)).await.js() })
    }

    /// Removes a member of the same or a lower rank.
    pub fn kick(&self, member_id: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.kick(&member_id).await.js() })
    }

    /// Leaves the group (not the creator).
    pub fn leave(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.leave().await.js() })
    }

    /// Deletes the group and its children (ranks 0-1).
    #[wasm_bindgen(js_name = "delete")]
    pub fn delete(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.delete().await.js() })
    }

    /// Creates a child group (ranks 0-1). Returns its id.
    #[wasm_bindgen(js_name = createChildGroup)]
    pub fn create_child_group(&self, sign: Option<bool>) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.create_child_group(sign.unwrap_or(false)).await.js() })
    }

    /// The body of a child or connected group, for an app backend that creates it with its
    /// secret token.
    #[wasm_bindgen(js_name = prepareCreateChildGroup)]
    pub fn prepare_create_under(&self, sign: Option<bool>) -> JsResult<String> {
        self.inner.prepare_create_under(sign.unwrap_or(false)).js()
    }

    /// Fetches a child group through this group.
    #[wasm_bindgen(js_name = getChildGroup)]
    pub fn get_child_group(&self, child_id: String, verify: Option<u8>) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let child = inner
                .get_child_group(&child_id, verify_level(verify)?)
                .await
                .js()?;
            Ok(Self::from(child))
        })
    }

    /// A page of first-level children.
    #[wasm_bindgen(unchecked_return_type = "Promise<GroupListItem[]>")]
    pub fn children(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupListItem")] last: Option<JsValue>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let last: Option<GroupListItem> = from_optional(last)?;
            to_object(&inner.children(last.as_ref()).await.js()?)
        })
    }

    /// Creates a connected group whose first member is this group (ranks 0-1). Returns its id.
    #[wasm_bindgen(js_name = createConnectedGroup)]
    pub fn create_connected_group(&self, sign: Option<bool>) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            inner
                .create_connected_group(sign.unwrap_or(false))
                .await
                .js()
        })
    }

    /// Fetches a connected group this group is a member of.
    #[wasm_bindgen(js_name = getConnectedGroup)]
    pub fn get_connected_group(&self, group_id: String, verify: Option<u8>) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let group = inner
                .get_connected_group(&group_id, verify_level(verify)?)
                .await
                .js()?;
            Ok(Self::from(group))
        })
    }

    /// A page of the connected groups this group is a member of.
    #[wasm_bindgen(js_name = connectedGroups, unchecked_return_type = "Promise<GroupListItem[]>")]
    pub fn connected_groups(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupListItem")] last: Option<JsValue>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let last: Option<GroupListItem> = from_optional(last)?;
            to_object(&inner.connected_groups(last.as_ref()).await.js()?)
        })
    }

    /// Asks, as this group, to join a connected group.
    #[wasm_bindgen(js_name = joinConnectedGroup)]
    pub fn join_connected_group(&self, target_id: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.join_connected_group(&target_id).await.js() })
    }

    /// Withdraws this group's join request to a connected group.
    #[wasm_bindgen(js_name = deleteConnectedJoinRequest)]
    pub fn delete_connected_join_request(&self, target_id: String) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.delete_connected_join_request(&target_id).await.js() })
    }

    /// A page of this group's sent join requests.
    #[wasm_bindgen(
        js_name = sentConnectedJoinRequests,
        unchecked_return_type = "Promise<GroupRequestItem[]>"
    )]
    pub fn sent_connected_join_requests(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupRequestItem")] last: Option<JsValue>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let last: Option<GroupRequestItem> = from_optional(last)?;
            to_object(
                &inner
                    .sent_connected_join_requests(last.as_ref())
                    .await
                    .js()?,
            )
        })
    }

    /// A page of connected groups' invites to this group (ranks 0-1).
    #[wasm_bindgen(js_name = connectedInvites, unchecked_return_type = "Promise<GroupRequestItem[]>")]
    pub fn connected_invites(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupRequestItem")] last: Option<JsValue>,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let last: Option<GroupRequestItem> = from_optional(last)?;
            to_object(&inner.connected_invites(last.as_ref()).await.js()?)
        })
    }

    /// Accepts (`true`) or rejects, as this group, a connected group's invite.
    #[wasm_bindgen(js_name = answerConnectedInvite)]
    pub fn answer_connected_invite(&self, target_id: String, accept: bool) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move { inner.answer_connected_invite(&target_id, accept).await.js() })
    }

    /// Starts a key rotation (signed if `sign`); members finish it. Returns the new key id.
    #[wasm_bindgen(js_name = keyRotation)]
    pub fn key_rotation(&self, sign: Option<bool>) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            Ok(inner
                .key_rotation(sign.unwrap_or(false))
                .await
                .js()?
                .to_hex())
        })
    }

    /// The body of a key rotation, for an app backend that sends it with the user's JWT.
    #[wasm_bindgen(js_name = prepareKeyRotation)]
    pub fn prepare_key_rotation(&self, sign: Option<bool>) -> JsResult<String> {
        self.inner.prepare_key_rotation(sign.unwrap_or(false)).js()
    }

    /// Finishes the rotations waiting for this user, oldest first. Returns how many.
    #[wasm_bindgen(js_name = finishKeyRotations)]
    pub fn finish_key_rotations(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        promise(async move {
            let count = inner.finish_key_rotations().await.js()?;
            Ok(u32::try_from(count).unwrap_or(u32::MAX))
        })
    }

    /// A new symmetric key wrapped by the group's newest key, not stored on the server:
    /// `[key, wrapped, groupKeyId]`; keep `wrapped` (base64) beside the data, open it with
    /// `openKey`. With `sign`, the wrapping is signed with the user's sign key.
    #[wasm_bindgen(js_name = generateKey, unchecked_return_type = "[SymKey, string, string]")]
    pub fn generate_key(&self, sign: Option<bool>) -> JsResult<js_sys::Array> {
        let (key, wrapped) = if sign.unwrap_or(false) {
            self.inner.generate_signed_key()
        } else {
            self.inner.generate_key()
        }
        .js()?;
        Ok(key_and_wrapped(key, &wrapped))
    }

    /// Opens a key made by `generateKey` (or fetched by `User.fetchWrappedKey`); with a verify
    /// key (as `Sentc.getUserVerifyKey` gives it), its wrapping must be signed by that key.
    #[wasm_bindgen(js_name = openKey)]
    pub fn open_key(&self, wrapped: &str, verify_key: Option<String>) -> JsResult<SymKey> {
        let wrapped = wrapped_key(wrapped)?;
        let key = match verify_key {
            Some(verify_key) => self
                .inner
                .open_key_verified(&wrapped, &parse_verify_key(&verify_key)?),
            None => self.inner.open_key(&wrapped),
        };
        Ok(SymKey::from(key.js()?))
    }
}
