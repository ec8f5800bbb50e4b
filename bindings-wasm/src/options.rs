//! `Sentc.init` options: the JS object of the sentc JS API (`base_url`, `app_token`,
//! `refresh: { endpoint, endpoint_url, endpoint_fn }`, `storage`, `fetch`, `store_prefix`).

use std::sync::Arc;

use js_sys::{Function, Reflect};
use sentc_core::ErrorCode;
use sentc_core::client::{MemoryStore, RefreshOption, SentcOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::error::{JsResult, js_error};
use crate::host::{FetchTransport, FunctionRefresh, HostStore, now_seconds};

/// The refresh strategies, numbered as in the sentc JS API.
const REFRESH_COOKIE: u32 = 0;
const REFRESH_FUNCTION: u32 = 1;
const REFRESH_API: u32 = 2;

/// Everything the client is made of.
pub struct Parsed {
    /// Core options.
    pub options: SentcOptions,
    /// HTTP.
    pub transport: FetchTransport,
    /// Storage.
    pub store: HostStore,
}

fn field(object: &JsValue, name: &str) -> JsResult<JsValue> {
    Reflect::get(object, &name.into())
}

fn string_field(object: &JsValue, name: &str, required: bool) -> JsResult<Option<String>> {
    let value = field(object, name)?;
    if value.is_undefined() || value.is_null() {
        if required {
            return Err(js_error(
                ErrorCode::Config,
                &format!("options.{name} is required"),
            ));
        }
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| {
        js_error(
            ErrorCode::Config,
            &format!("options.{name} must be a string"),
        )
    })
}

fn function_field(object: &JsValue, name: &str) -> JsResult<Option<Function>> {
    let value = field(object, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_into::<Function>()
        .map(Some)
        .map_err(|_| js_error(ErrorCode::Config, &format!("{name} must be a function")))
}

fn refresh(options: &JsValue) -> JsResult<RefreshOption> {
    let refresh = field(options, "refresh")?;
    if refresh.is_undefined() || refresh.is_null() {
        return Ok(RefreshOption::Sdk);
    }
    let endpoint = field(&refresh, "endpoint")?
        .as_f64()
        .unwrap_or(f64::from(REFRESH_API));
    match endpoint as u32 {
        REFRESH_COOKIE => Ok(RefreshOption::Cookie {
            endpoint_url: string_field(&refresh, "endpoint_url", true)?.unwrap_or_default(),
        }),
        REFRESH_FUNCTION => {
            let function = function_field(&refresh, "endpoint_fn")?.ok_or_else(|| {
                js_error(
                    ErrorCode::Config,
                    "refresh.endpoint_fn is required for endpoint 1",
                )
            })?;
            Ok(RefreshOption::Function(Arc::new(FunctionRefresh::new(
                function,
            ))))
        }
        REFRESH_API => Ok(RefreshOption::Sdk),
        _ => Err(js_error(
            ErrorCode::Config,
            "refresh.endpoint must be 0, 1 or 2",
        )),
    }
}

/// The storage the options ask for: `"memory"` (or none) or a storage object. The package's JS
/// layer opens the default, the encrypted IndexedDB storage (js/storage.js), and passes it as
/// an object.
fn store(options: &JsValue) -> JsResult<HostStore> {
    let storage = field(options, "storage")?;
    if storage.is_undefined() || storage.is_null() {
        return Ok(HostStore::Memory(MemoryStore::default()));
    }
    match storage.as_string().as_deref() {
        Some("memory") => Ok(HostStore::Memory(MemoryStore::default())),
        Some(other) => Err(js_error(
            ErrorCode::Config,
            &format!("unknown storage {other:?}: use \"indexeddb\", \"memory\" or an object"),
        )),
        None => Ok(HostStore::Js(storage)),
    }
}

/// Reads the options object.
pub fn parse(options: &JsValue) -> JsResult<Parsed> {
    if !options.is_object() {
        return Err(js_error(ErrorCode::Config, "options must be an object"));
    }
    let base_url = string_field(options, "base_url", true)?.unwrap_or_default();
    let app_token = string_field(options, "app_token", true)?.unwrap_or_default();
    let mut core = SentcOptions::new(base_url, app_token);
    core.refresh = refresh(options)?;
    core.clock = Some(now_seconds);
    if let Some(prefix) = string_field(options, "store_prefix", false)? {
        core.store_prefix = prefix;
    }
    let store = store(options)?;
    Ok(Parsed {
        options: core,
        transport: FetchTransport::new(function_field(options, "fetch")?),
        store,
    })
}
