//! The one error Dart sees: sentc's stable `code` (docs/errors.md), its `codeName`, its `area`,
//! the `keyId` it is about, and what happened. Every failing call throws it.

/// A sentc error (Dart: `SentcError implements FrbException`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentcError {
    /// The stable code, e.g. 2002.
    pub code: u32,
    /// The code's name, e.g. "KeyRequired".
    pub code_name: String,
    /// "input", "key", "crypto", "app", "user", "group", "file", "otp", "server", "client".
    pub area: String,
    /// The key the error is about (e.g. the missing key of "KeyRequired").
    pub key_id: Option<String>,
    /// What happened, for people (never a secret).
    pub detail: String,
}

impl std::fmt::Display for SentcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.code, self.code_name, self.detail)
    }
}

impl std::error::Error for SentcError {}
