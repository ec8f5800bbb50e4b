//! The response envelope every endpoint answers with (docs/design.md §4):
//!
//! ```json
//! {"status": true, "result": <value>}
//! {"status": false, "err_msg": "<text>", "err_code": <number>}
//! ```
//!
//! The server writes it with [`ok_body`] and [`error_body`]; every `done_*` function reads it
//! with [`parse_response`] first, so a server error arrives as the same typed [`Error`].

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::crypto::KeyId;
use crate::error::{Error, ErrorCode, Result};

/// The largest response body a client parses.
pub const MAX_RESPONSE_LEN: usize = 16 * 1024 * 1024;

#[derive(Serialize)]
struct Ok<'a, T> {
    status: bool,
    result: &'a T,
}

#[derive(Serialize, Deserialize)]
struct Failure {
    status: bool,
    err_msg: String,
    err_code: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_id: Option<KeyId>,
}

/// The result stays raw text and is parsed once into its type: going through
/// `serde_json::Value` would build a second deserializer per response type (measured: the
/// browser build's size).
#[derive(Deserialize)]
struct Raw<'a> {
    status: bool,
    #[serde(default, borrow)]
    result: Option<&'a serde_json::value::RawValue>,
    #[serde(default)]
    err_msg: Option<String>,
    #[serde(default)]
    err_code: Option<u32>,
    #[serde(default)]
    key_id: Option<KeyId>,
}

/// The success envelope around `result`.
pub fn ok_body<T: Serialize>(result: &T) -> String {
    serde_json::to_string(&Ok {
        status: true,
        result,
    })
    .unwrap_or_else(|_| error_body(&Error::new(ErrorCode::Internal)))
}

/// The error envelope for `error`.
pub fn error_body(error: &Error) -> String {
    let failure = Failure {
        status: false,
        err_msg: error.message(),
        err_code: error.code().code(),
        key_id: error.key_id(),
    };
    serde_json::to_string(&failure).unwrap_or_else(|_| {
        format!(
            r#"{{"status":false,"err_msg":"internal server error","err_code":{}}}"#,
            ErrorCode::Internal.code()
        )
    })
}

/// Reads a server response: the result of a success, or the server's error.
pub fn parse_response<T: DeserializeOwned>(body: &str) -> Result<T> {
    parse_result(response_result(body)?)
}

/// Reads the raw text of a success's result ([`response_result`]) as its type.
pub fn parse_result<T: DeserializeOwned>(result: &str) -> Result<T> {
    serde_json::from_str(result)
        .map_err(|err| Error::with_detail(ErrorCode::InvalidServerResponse, err.to_string()))
}

/// The raw text of a success's result (`null` when absent), or the server's error. Not
/// generic: one copy of the envelope's parser whatever the result's type.
pub fn response_result(body: &str) -> Result<&str> {
    if body.len() > MAX_RESPONSE_LEN {
        return Err(Error::with_detail(
            ErrorCode::InputTooLarge,
            "server response",
        ));
    }
    let raw: Raw = serde_json::from_str(body)
        .map_err(|err| Error::with_detail(ErrorCode::InvalidServerResponse, err.to_string()))?;
    if !raw.status {
        let code = raw.err_code.unwrap_or(ErrorCode::Internal.code());
        return Err(Error::from_server(
            code,
            raw.err_msg.as_deref().unwrap_or(""),
            raw.key_id,
        ));
    }
    Ok(raw.result.map_or("null", serde_json::value::RawValue::get))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_round_trip() {
        let body = ok_body(&vec![1, 2, 3]);
        assert_eq!(body, r#"{"status":true,"result":[1,2,3]}"#);
        assert_eq!(parse_response::<Vec<u8>>(&body).unwrap(), vec![1, 2, 3]);
    }

    #[test]
    fn errors_keep_code_and_detail() {
        let err = Error::with_detail(ErrorCode::InputTooLarge, "identifier");
        let body = error_body(&err);
        assert_eq!(
            body,
            r#"{"status":false,"err_msg":"the input is too large: identifier","err_code":1006}"#
        );
        assert_eq!(parse_response::<()>(&body).unwrap_err(), err);
    }

    #[test]
    fn unknown_codes_and_garbage() {
        let body = r#"{"status":false,"err_msg":"new thing","err_code":77777}"#;
        let err = parse_response::<()>(body).unwrap_err();
        assert_eq!(err.code(), ErrorCode::UnknownServerError);
        assert!(err.to_string().contains("77777"));
        for garbage in ["", "{", "[]", r#"{"status":"yes"}"#, "<html>502</html>"] {
            assert_eq!(
                parse_response::<()>(garbage).unwrap_err().code(),
                ErrorCode::InvalidServerResponse
            );
        }
        let wrong_shape = r#"{"status":true,"result":"text"}"#;
        assert_eq!(
            parse_response::<Vec<u8>>(wrong_shape).unwrap_err().code(),
            ErrorCode::InvalidServerResponse
        );
    }
}
