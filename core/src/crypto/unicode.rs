//! Unicode normalisation for searchable values: the same text typed on two systems can be
//! different code points ("é" as one, or as "e" and a combining accent). Hashing after
//! normalising finds both. The browser SDK uses JavaScript's `String.prototype.normalize`
//! (tests/vectors/searchable.json shows both give the same bytes).

use std::str::FromStr;

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, ErrorCode};

/// A Unicode normalisation form (UAX #15).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnicodeForm {
    /// Canonical composition.
    Nfc,
    /// Canonical decomposition.
    Nfd,
    /// Compatibility composition (also folds e.g. "ﬁ" to "fi").
    Nfkc,
    /// Compatibility decomposition.
    Nfkd,
}

impl FromStr for UnicodeForm {
    type Err = Error;

    /// `"NFC"`, `"NFD"`, `"NFKC"` or `"NFKD"`, as JavaScript names them.
    fn from_str(name: &str) -> Result<Self, Error> {
        match name {
            "NFC" => Ok(Self::Nfc),
            "NFD" => Ok(Self::Nfd),
            "NFKC" => Ok(Self::Nfkc),
            "NFKD" => Ok(Self::Nfkd),
            _ => Err(Error::with_detail(
                ErrorCode::MalformedInput,
                "normalisation form: NFC, NFD, NFKC or NFKD",
            )),
        }
    }
}

/// `text` in the normalisation form `form`.
pub fn normalize_unicode(text: &str, form: UnicodeForm) -> String {
    match form {
        UnicodeForm::Nfc => text.nfc().collect(),
        UnicodeForm::Nfd => text.nfd().collect(),
        UnicodeForm::Nfkc => text.nfkc().collect(),
        UnicodeForm::Nfkd => text.nfkd().collect(),
    }
}
