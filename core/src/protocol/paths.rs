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
/// `PUT`: a logged-in device adds a pending device.
pub const DONE_REGISTER_DEVICE: &str = "/api/v1/user/done_register_device";
/// `GET`: the user's devices (`?last_time=&last_id=` for the next page).
pub const DEVICES: &str = "/api/v1/user/devices";
/// `DELETE`: delete a device (fresh JWT).
pub const DEVICE: &str = "/api/v1/user/device/{device_id}";
/// `PUT`: change this device's password (fresh JWT).
pub const PASSWORD: &str = "/api/v1/user/password";
/// `PUT`: set a new password from a logged-in device without the old one.
pub const RESET_PASSWORD: &str = "/api/v1/user/reset_password";
/// `PUT`: change this device's login identifier.
pub const IDENTIFIER: &str = "/api/v1/user/identifier";
/// `POST`: start a user key rotation; `GET`: rotations this device has to finish.
pub const KEY_ROTATION: &str = "/api/v1/user/key_rotation";
/// `PUT`: finish a rotation on this device.
pub const KEY_ROTATION_FINISH: &str = "/api/v1/user/key_rotation/{key_id}";
/// `GET`: every generation of user keys wrapped for this device.
pub const USER_KEYS: &str = "/api/v1/user/keys";
/// `GET`: a user's newest public key.
pub const PUBLIC_KEY: &str = "/api/v1/user/{user_id}/public_key";
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

/// Fills a template's `{name}` parameters in order, percent-encoding each value.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
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
        rest = rest.get(start + len + 1..).unwrap_or_default();
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
