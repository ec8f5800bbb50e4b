//! Endpoint paths, shared by the server's router and the client. Templates name their
//! parameters as `{name}`; [`fill`] puts values in.

/// `POST`: register a user (secret token by default).
pub const REGISTER: &str = "/api/v1/register";
/// `POST`: whether an identifier is taken.
pub const EXISTS: &str = "/api/v1/exists";
/// `POST`: the password parameters of an identifier.
pub const PREPARE_LOGIN: &str = "/api/v1/prepare_login";
/// `POST`: prove the password; get the device keys and a challenge, or an MFA request.
pub const DONE_LOGIN: &str = "/api/v1/done_login";
/// `POST`: prove the password and a one-time password.
pub const VALIDATE_MFA: &str = "/api/v1/validate_mfa";
/// `POST`: answer the challenge; get a session and the user keys.
pub const VERIFY_LOGIN: &str = "/api/v1/verify_login";
/// `PUT`: trade a refresh token for a new JWT and refresh token.
pub const REFRESH: &str = "/api/v1/refresh";
/// `DELETE`: delete the logged-in user (fresh JWT; secret token by default).
pub const USER: &str = "/api/v1/user";
/// `POST`: a new device announces itself (no JWT).
pub const PREPARE_REGISTER_DEVICE: &str = "/api/v1/user/prepare_register_device";
/// `PUT`: a logged-in device adds a pending device (device proof).
pub const DONE_REGISTER_DEVICE: &str = "/api/v1/user/done_register_device";
/// `GET`: the user's devices (`?last_time=&last_id=` for the next page).
pub const DEVICES: &str = "/api/v1/user/devices";
/// `DELETE`: delete a device (fresh JWT).
pub const DEVICE: &str = "/api/v1/user/device/{device_id}";
/// `PUT`: change this device's password (fresh JWT).
pub const PASSWORD: &str = "/api/v1/user/password";
/// `PUT`: store this device's sealed key chain state.
pub const CHAIN_STATE: &str = "/api/v1/user/device/chain_state";
/// `POST`: a one-time nonce the device signs to prove it holds its keys.
pub const DEVICE_PROOF: &str = "/api/v1/user/device_proof";
/// `PUT`: set a new password from a logged-in device without the old one (device proof).
pub const RESET_PASSWORD: &str = "/api/v1/user/reset_password";
/// `PUT`: change this device's login identifier (device proof).
pub const IDENTIFIER: &str = "/api/v1/user/identifier";
/// `POST`: start a user key rotation; `GET`: rotations this device has to finish.
pub const KEY_ROTATION: &str = "/api/v1/user/key_rotation";
/// `PUT`: finish a rotation on this device.
pub const KEY_ROTATION_FINISH: &str = "/api/v1/user/key_rotation/{key_id}";
/// `GET`: every generation of user keys wrapped for this device.
pub const USER_KEYS: &str = "/api/v1/user/keys";
/// `GET`: a user's newest public key.
pub const PUBLIC_KEY: &str = "/api/v1/user/{user_id}/public_key";
/// `GET`: a page of a user's key chain, oldest first (`?last_key=`).
pub const USER_KEY_CHAIN: &str = "/api/v1/user/{user_id}/key_chain";
/// `GET`: one of a user's verify keys.
pub const VERIFY_KEY: &str = "/api/v1/user/{user_id}/verify_key/{key_id}";
/// `PATCH`: register TOTP (fresh JWT); `DELETE`: disable it (fresh JWT).
pub const OTP: &str = "/api/v1/user/otp";
/// `PATCH`: new TOTP secret and recovery codes (fresh JWT).
pub const OTP_RESET: &str = "/api/v1/user/otp/reset";
/// `GET`: the unused recovery codes (fresh JWT).
pub const OTP_RECOVERY_CODES: &str = "/api/v1/user/otp/recovery_codes";
/// `POST`: end this device's sessions.
pub const LOGOUT: &str = "/api/v1/user/logout";
/// `DELETE`: end every session of every device of the user (fresh JWT).
pub const SESSIONS: &str = "/api/v1/user/sessions";
/// `DELETE`: end every session of one device (fresh JWT).
pub const DEVICE_SESSIONS: &str = "/api/v1/user/device/{device_id}/sessions";
/// `DELETE` (secret token): disable a user's TOTP.
pub const FORCED_DISABLE_OTP: &str = "/api/v1/user/forced/disable_otp";
/// `DELETE` (secret token): end every session of a user.
pub const FORCED_SESSIONS: &str = "/api/v1/user/forced/sessions";
/// `DELETE` (secret token): delete a user.
pub const FORCED_DELETE: &str = "/api/v1/user/forced/delete";
/// `PUT` (secret token): replace a user's devices and keys.
pub const FORCED_RESET: &str = "/api/v1/user/forced/reset";
/// `GET`: the app's JWT verify keys as a JWKS (no token needed).
pub const JWKS: &str = "/api/v1/app/{app_id}/jwks.json";

/// `POST`: create a group.
pub const GROUP_CREATE: &str = "/api/v1/group";
/// `GET`: my groups (`?last_time=&last_id=`).
pub const GROUPS: &str = "/api/v1/groups";
/// `GET`: a group and a page of its keys (`?last_key=`); `DELETE`: delete it (rank 0-1).
pub const GROUP: &str = "/api/v1/group/{group_id}";
/// `GET`: the caller's access to a group, without keys.
pub const GROUP_LIGHT: &str = "/api/v1/group/{group_id}/light";
/// `GET`: a page of a group's key chain, oldest first (`?last_key=`; app token only).
pub const GROUP_KEY_CHAIN: &str = "/api/v1/group/{group_id}/key_chain";
/// `GET`: members (`?last_time=&last_id=`).
pub const GROUP_MEMBERS: &str = "/api/v1/group/{group_id}/members";
/// `PUT`: invite a user (they accept); `?auto=true` adds them at once; `?group=true` invites a
/// group (the id is a group's) into a connected group, its admins accept.
pub const GROUP_INVITE: &str = "/api/v1/group/{group_id}/invite/{user_id}";
/// `PUT`: wrap the keys anew for a member, keeping the rank.
pub const GROUP_RE_INVITE: &str = "/api/v1/group/{group_id}/re_invite/{member_id}";
/// `PUT`: more generations for the member of an invite's key session.
pub const GROUP_KEY_SESSION: &str = "/api/v1/group/{group_id}/key_session/{session_id}";
/// `PATCH`: allow or stop invites and join requests.
pub const GROUP_INVITES_ALLOWED: &str = "/api/v1/group/{group_id}/invites";
/// `GET`: my invites (`?last_time=&last_id=`).
pub const GROUP_MY_INVITES: &str = "/api/v1/groups/invites";
/// `PATCH`: accept my invite to a group; `DELETE`: reject it.
pub const GROUP_MY_INVITE: &str = "/api/v1/group/{group_id}/my_invite";
/// `POST`: ask to join a group; `DELETE`: withdraw the request.
pub const GROUP_JOIN_REQUEST: &str = "/api/v1/group/{group_id}/join_request";
/// `GET`: my sent join requests.
pub const GROUP_MY_JOIN_REQUESTS: &str = "/api/v1/groups/join_requests";
/// `GET`: join requests to a group (rank 0-2).
pub const GROUP_JOIN_REQUESTS: &str = "/api/v1/group/{group_id}/join_requests";
/// `PUT`: accept a join request (with the keys); `DELETE`: reject it (rank 0-2).
pub const GROUP_JOIN_REQUEST_OF: &str = "/api/v1/group/{group_id}/join_requests/{member_id}";
/// `POST`: a group asks to join a connected group; `DELETE`: withdraws it (rank 0-1 in the group).
pub const GROUP_GROUP_JOIN_REQUEST: &str = "/api/v1/group/{group_id}/join_connected/{target_id}";
/// `GET`: a group's sent join requests.
pub const GROUP_GROUP_JOIN_REQUESTS: &str = "/api/v1/group/{group_id}/join_connected";
/// `GET`: the invites of connected groups to a group (rank 0-1 in the group).
pub const GROUP_GROUP_INVITES: &str = "/api/v1/group/{group_id}/connected_invites";
/// `PATCH`: a group accepts a connected group's invite; `DELETE`: rejects it (rank 0-1).
pub const GROUP_GROUP_INVITE: &str = "/api/v1/group/{group_id}/connected_invites/{target_id}";
/// `PUT`: change a member's rank.
pub const GROUP_CHANGE_RANK: &str = "/api/v1/group/{group_id}/change_rank";
/// `DELETE`: remove a member.
pub const GROUP_KICK: &str = "/api/v1/group/{group_id}/kick/{member_id}";
/// `DELETE`: leave a group.
pub const GROUP_LEAVE: &str = "/api/v1/group/{group_id}/leave";
/// `POST`: create a child group; `GET`: the children (`?last_time=&last_id=`).
pub const GROUP_CHILD: &str = "/api/v1/group/{group_id}/child";
/// `POST`: create a connected group that this group is a member of.
pub const GROUP_CONNECTED: &str = "/api/v1/group/{group_id}/connected";
/// `GET`: the connected groups this group is a member of.
pub const GROUP_GROUPS: &str = "/api/v1/group/{group_id}/groups";
/// `POST`: start a key rotation; `GET`: rotations the caller's member has to finish.
pub const GROUP_KEY_ROTATION: &str = "/api/v1/group/{group_id}/key_rotation";
/// `PUT`: finish a rotation for a member.
pub const GROUP_KEY_ROTATION_FINISH: &str = "/api/v1/group/{group_id}/key_rotation/{key_id}";
/// `DELETE` (secret token): delete the group `{id}`; `POST`: create a group for the user `{id}`.
pub const GROUP_FORCED: &str = "/api/v1/group/forced/{id}";
/// `POST` (secret token): create a child of `{group_id}` for the user `{id}`.
pub const GROUP_FORCED_CHILD: &str = "/api/v1/group/forced/{id}/{group_id}/child";
/// `POST` (secret token): create a connected group from `{group_id}` for the user `{id}`.
pub const GROUP_FORCED_CONNECTED: &str = "/api/v1/group/forced/{id}/{group_id}/connected";
/// `POST`: register a symmetric key.
pub const SYM_KEY: &str = "/api/v1/keys/sym_key";
/// `GET`: a registered symmetric key; `DELETE`: delete it (its creator).
pub const SYM_KEY_OF: &str = "/api/v1/keys/sym_key/{key_id}";
/// `POST`: register a file for a user (or for nobody else).
pub const FILE: &str = "/api/v1/file";
/// `POST`: register a file for a group.
pub const GROUP_FILE: &str = "/api/v1/group/{group_id}/file";
/// `POST` (bytes): upload part `{sequence}` of an upload session; `{end}` is `true` for the last.
/// With the secret token and no body: register a part stored by the app's own storage.
pub const FILE_PART_UPLOAD: &str = "/api/v1/file/part/{session_id}/{sequence}/{end}";
/// `GET`: a file's metadata; `PUT`: rename it; `DELETE`: delete it.
pub const FILE_OF: &str = "/api/v1/file/{file_id}";
/// `GET`: the parts after `{last_sequence}` (a page of the part list).
pub const FILE_PART_FETCH: &str = "/api/v1/file/{file_id}/part_fetch/{last_sequence}";
/// `GET`: one part's bytes.
pub const FILE_PART: &str = "/api/v1/file/{file_id}/part/{sequence}";
/// `GET` / `PUT` (secret token): the app's file options.
pub const FILE_OPTIONS: &str = "/api/v1/file_options";
/// `GET` (secret token): parts of deleted files in the app's own storage; `POST`: the ones
/// removed.
pub const FILE_DELETED_PARTS: &str = "/api/v1/file_deleted_parts";
/// `PATCH`: the highest rank that may create files in the group (admins).
pub const GROUP_FILE_RANK: &str = "/api/v1/group/{group_id}/file_rank";
/// The header naming the member group through which a connected group is accessed.
pub const GROUP_ACCESS_HEADER: &str = "x-sentc-group-access-id";

/// Fills a template's `{name}` parameters in order, percent-encoding each value.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len().saturating_add(64));
    let mut values = values.iter();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest.get(start..).and_then(|tail| tail.find('}')) else {
            break;
        };
        out.push_str(rest.get(..start).unwrap_or_default());
        if let Some(value) = values.next() {
            encode_into(&mut out, value);
        }
        rest = rest
            .get(start.saturating_add(len).saturating_add(1)..)
            .unwrap_or_default();
    }
    out.push_str(rest);
    out
}

fn encode_into(out: &mut String, value: &str) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_encodes() {
        assert_eq!(
            fill(VERIFY_KEY, &["u1", "k/2"]),
            "/api/v1/user/u1/verify_key/k%2F2"
        );
        assert_eq!(fill(REGISTER, &[]), REGISTER);
    }
}
