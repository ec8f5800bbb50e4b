//! Async exports as JS promises through one spawner. An `async fn` export instantiates the
//! promise glue (future_to_promise, spawn_local's task) for its own future type; boxing each
//! export's future first leaves one copy of that glue for all of them (−14 KB gzip of .wasm,
//! BENCHMARKS.md). An export whose future must borrow its arguments stays an `async fn`.

use std::future::Future;
use std::pin::Pin;

use wasm_bindgen::JsValue;

use crate::error::JsResult;

/// An export's work as a promise that resolves to its value or rejects with its error.
pub fn promise<T: Resolve>(work: impl Future<Output = JsResult<T>> + 'static) -> js_sys::Promise {
    spawn(Box::pin(async move { work.await.map(Resolve::into_js) }))
}

fn spawn(work: Pin<Box<dyn Future<Output = JsResult<JsValue>>>>) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(work)
}

/// What an async export resolves to, as the JS value wasm-bindgen would have made of it.
pub trait Resolve {
    /// The JS value.
    fn into_js(self) -> JsValue;
}

impl Resolve for () {
    fn into_js(self) -> JsValue {
        JsValue::UNDEFINED
    }
}

impl Resolve for Vec<u8> {
    fn into_js(self) -> JsValue {
        js_sys::Uint8Array::from(self.as_slice()).into()
    }
}

impl Resolve for Vec<String> {
    fn into_js(self) -> JsValue {
        self.into_iter()
            .map(JsValue::from)
            .collect::<js_sys::Array>()
            .into()
    }
}

impl<T: Into<JsValue>> Resolve for Option<T> {
    fn into_js(self) -> JsValue {
        self.map_or(JsValue::UNDEFINED, Into::into)
    }
}

macro_rules! resolve_into {
    ($($type:ty),*) => {
        $(impl Resolve for $type {
            fn into_js(self) -> JsValue {
                self.into()
            }
        })*
    };
}

resolve_into!(
    JsValue,
    String,
    bool,
    u32,
    js_sys::Array,
    crate::group::Group,
    crate::user::User,
    crate::sym_key::SymKey
);
