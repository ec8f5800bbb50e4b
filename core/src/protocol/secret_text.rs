//! Secret text on the wire: authentication keys, refresh tokens, device registration tokens,
//! one-time passwords. Held in zeroizing memory, redacted in `Debug`, and without `PartialEq`
//! (compare secrets in constant time where they are checked).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// A secret string of a request or response body.
#[derive(Clone, Default)]
pub struct SecretText(Zeroizing<String>);

impl SecretText {
    /// Wraps a secret string.
    pub fn new(text: impl Into<String>) -> Self {
        Self(Zeroizing::new(text.into()))
    }

    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for SecretText {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&str> for SecretText {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<Zeroizing<String>> for SecretText {
    fn from(text: Zeroizing<String>) -> Self {
        Self(text)
    }
}

impl From<SecretText> for Zeroizing<String> {
    fn from(text: SecretText) -> Self {
        text.0
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretText(<redacted>)")
    }
}

impl Serialize for SecretText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::SecretText;

    #[test]
    fn debug_is_redacted_and_serde_is_plain_text() {
        let secret = SecretText::new("hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
        let back: SecretText = serde_json::from_str("\"hunter2\"").unwrap();
        assert_eq!(back.expose(), "hunter2");
    }

    #[test]
    fn otp_secrets_do_not_show_in_debug() {
        let answer = r#"{"secret":"JBSWY3DPEHPK3PXP","recovery_codes":["code-one"]}"#;
        let registered: crate::protocol::user::OtpRegisterResponse =
            serde_json::from_str(answer).unwrap();
        let shown = format!("{registered:?}");
        assert!(
            !shown.contains("JBSWY3DPEHPK3PXP") && !shown.contains("code-one"),
            "{shown}"
        );
        assert_eq!(serde_json::to_string(&registered).unwrap(), answer);
    }
}
