//! The `otpauth://` URL an authenticator app reads from a QR code (the key URI format of Google
//! Authenticator, which the others follow): sentc's `registerOtp(issuer, audience)` result.

/// `otpauth://totp/{issuer}:{audience}?secret={secret}&algorithm=SHA1&issuer={issuer}`, the
/// label and issuer percent-encoded as JavaScript's `encodeURIComponent` does (so every SDK
/// gives the same URL).
pub fn otp_auth_url(issuer: &str, audience: &str, secret: &str) -> String {
    let issuer = encode_component(issuer);
    let audience = encode_component(audience);
    format!("otpauth://totp/{issuer}:{audience}?secret={secret}&algorithm=SHA1&issuer={issuer}")
}

/// `encodeURIComponent`: every byte of the UTF-8 form except `A-Z a-z 0-9 - _ . ! ~ * ' ( )`
/// as `%XX`.
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_and_issuer_are_encoded_like_encode_uri_component() {
        // encodeURIComponent("My App") == "My%20App", encodeURIComponent("ä@x.de") ==
        // "%C3%A4%40x.de" (checked in Node).
        assert_eq!(
            otp_auth_url("My App", "ä@x.de", "ABC"),
            "otpauth://totp/My%20App:%C3%A4%40x.de?secret=ABC&algorithm=SHA1&issuer=My%20App"
        );
    }
}
