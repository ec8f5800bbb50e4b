//! What the browser supplies to the core client: HTTP through `fetch` (the global one, found
//! with `globalThis` so it works in windows and workers, or the app's), storage (a JS object
//! with `get`/`set`/`delete`, or memory), the JWT refresh function, and the clock.

use js_sys::{Function, Object, Promise, Reflect};
use sentc_core::client::{
    Body, BoxFuture, HttpRequest, HttpResponse, MemoryStore, RefreshHandler, Store, Transport,
};
use sentc_core::{Error, ErrorCode, Result};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use zeroize::Zeroizing;

/// Seconds since the Unix epoch from `Date.now()`, so the client refreshes a JWT before it
/// expires.
pub fn now_seconds() -> i64 {
    // Date.now() is a whole number of milliseconds well inside i64.
    (js_sys::Date::now() / 1000.0) as i64
}

/// Calls `object[method](...args)` and awaits the result if it is a promise.
async fn call_method(object: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: Function = Reflect::get(object, &method.into())?.dyn_into()?;
    let result = function.apply(object, &args.iter().collect())?;
    JsFuture::from(Promise::resolve(&result)).await
}

/// A short, non-secret description of a thrown JS value.
fn describe(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "a non-Error value was thrown".into())
}

/// HTTP through `fetch`.
pub struct FetchTransport {
    /// The app's fetch, or `None` for `globalThis.fetch`.
    fetch: Option<Function>,
}

impl FetchTransport {
    /// A transport with the app's fetch function, or the global one.
    pub fn new(fetch: Option<Function>) -> Self {
        Self { fetch }
    }

    fn init(request: &HttpRequest) -> Result<Object, JsValue> {
        let init = Object::new();
        let headers = Object::new();
        for (name, value) in &request.headers {
            Reflect::set(&headers, &name.into(), &value.into())?;
        }
        Reflect::set(&init, &"method".into(), &request.method.as_str().into())?;
        Reflect::set(&init, &"headers".into(), &headers)?;
        match &request.body {
            Some(Body::Json(text)) => Reflect::set(&init, &"body".into(), &text.into())?,
            Some(Body::Bytes(bytes)) => {
                let array = js_sys::Uint8Array::from(bytes.as_slice());
                Reflect::set(&init, &"body".into(), &array)?
            }
            None => true,
        };
        // Cookies only for the cookie refresh strategy; never for API calls.
        let credentials = if request.with_credentials {
            "include"
        } else {
            "omit"
        };
        Reflect::set(&init, &"credentials".into(), &credentials.into())?;
        Ok(init)
    }

    async fn fetch(&self, request: &HttpRequest) -> Result<HttpResponse, JsValue> {
        let global = js_sys::global();
        let fetch: Function = match &self.fetch {
            Some(fetch) => fetch.clone(),
            None => Reflect::get(&global, &"fetch".into())?.dyn_into()?,
        };
        let init: JsValue = Self::init(request)?.into();
        let promise = fetch.call2(&global, &request.url.as_str().into(), &init)?;
        let response = JsFuture::from(Promise::resolve(&promise)).await?;
        let status = Reflect::get(&response, &"status".into())?
            .as_f64()
            .ok_or_else(|| JsValue::from_str("the response has no status"))?;
        let body = call_method(&response, "arrayBuffer", &[]).await?;
        Ok(HttpResponse {
            status: u16::try_from(status as i64).unwrap_or(0),
            body: js_sys::Uint8Array::new(&body).to_vec(),
        })
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        self.fetch(&request)
            .await
            .map_err(|error| Error::with_detail(ErrorCode::TransportFailed, describe(&error)))
    }
}

/// Storage: memory, or a JS object whose `get(key)`, `set(key, value)` and `delete(key)` may
/// return promises (the IndexedDB storage of `js/storage.js`, or the app's).
pub enum HostStore {
    /// In memory: the user is gone after a reload.
    Memory(MemoryStore),
    /// A JS storage object.
    Js(JsValue),
}

impl HostStore {
    async fn call(storage: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue> {
        call_method(storage, method, args)
            .await
            .map_err(|error| Error::with_detail(ErrorCode::StoreFailed, describe(&error)))
    }
}

impl Store for HostStore {
    async fn get(&self, key: &str) -> Result<Option<Zeroizing<String>>> {
        match self {
            Self::Memory(store) => store.get(key).await,
            Self::Js(storage) => Ok(Self::call(storage, "get", &[key.into()])
                .await?
                .as_string()
                .map(Zeroizing::new)),
        }
    }

    async fn set(&self, key: &str, value: &str) -> Result<()> {
        match self {
            Self::Memory(store) => store.set(key, value).await,
            Self::Js(storage) => Self::call(storage, "set", &[key.into(), value.into()])
                .await
                .map(drop),
        }
    }

    async fn delete(&self, key: &str) -> Result<()> {
        match self {
            Self::Memory(store) => store.delete(key).await,
            Self::Js(storage) => Self::call(storage, "delete", &[key.into()]).await.map(drop),
        }
    }
}

/// The app's refresh function: gets the old JWT, resolves to a new one.
pub struct FunctionRefresh {
    function: Function,
}

impl FunctionRefresh {
    /// Wraps the app's function.
    pub fn new(function: Function) -> Self {
        Self { function }
    }
}

impl RefreshHandler for FunctionRefresh {
    fn refresh(&self, old_jwt: String) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move {
            let failed =
                |error: &JsValue| Error::with_detail(ErrorCode::RefreshFailed, describe(error));
            let result = self
                .function
                .call1(&JsValue::UNDEFINED, &old_jwt.into())
                .map_err(|error| failed(&error))?;
            let jwt = JsFuture::from(Promise::resolve(&result))
                .await
                .map_err(|error| failed(&error))?;
            jwt.as_string().ok_or_else(|| {
                Error::with_detail(
                    ErrorCode::RefreshFailed,
                    "the refresh function returned no string",
                )
            })
        })
    }
}
