//! `Sentc`: the static entry points of the sentc JS API (init, register, login, lookups) and
//! the sans-IO `prepare*` / `done*` functions for apps that call the server from their backend.

use std::cell::RefCell;
use std::rc::Rc;

use sentc_core::ErrorCode;
use sentc_core::client::{LoginOutcome, Sentc as CoreSentc};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::convert::to_object;
use crate::error::{IntoJs, JsResult, js_error};
use crate::host::{FetchTransport, HostStore};
use crate::options;
use crate::promise::promise;
use crate::user::User;

/// The core client with the browser's transport and storage.
pub type Client = CoreSentc<FetchTransport, HostStore>;

thread_local! {
    /// The client `Sentc.init` set up (one per page or worker, as in the sentc JS API).
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// The client, or `NotInitialized`.
pub fn client() -> JsResult<Client> {
    CLIENT
        .with(|client| client.borrow().clone())
        .ok_or_else(|| js_error(ErrorCode::NotInitialized, "Sentc.init was not called"))
}

/// The refresh strategies of `Sentc.init({ refresh: { endpoint } })`.
#[wasm_bindgen(js_name = REFRESH_ENDPOINT)]
#[derive(Debug, Clone, Copy)]
pub enum RefreshEndpoint {
    /// The app's endpoint, with the browser's cookies (`endpoint_url`).
    Cookie = 0,
    /// The app's function (`endpoint_fn`).
    CookieFn = 1,
    /// The SDK refreshes with the sentc API itself (the default).
    Api = 2,
}

/// A login waiting for its second factor (returned by `Sentc.login`). A wrong code leaves it
/// usable for another try. The JS layer tells it apart from a `User` by its class.
#[wasm_bindgen]
pub struct MfaLogin {
    state: Rc<sentc_core::client::MfaLogin>,
}

/// The entry points. Call `Sentc.init` first.
#[wasm_bindgen]
pub struct Sentc {}

#[wasm_bindgen]
impl Sentc {
    /// Sets up the client: `{ base_url, app_token, refresh?, storage?, fetch?, store_prefix? }`.
    pub fn init(
        #[wasm_bindgen(unchecked_param_type = "SentcOptions")] options: JsValue,
    ) -> JsResult<()> {
        let parsed = options::parse(&options)?;
        let client = Client::new(parsed.options, parsed.transport, parsed.store);
        CLIENT.with(|slot| *slot.borrow_mut() = Some(client));
        Ok(())
    }

    /// The registration body for `POST /api/v1/register`, for an app backend that registers
    /// users with its secret token. No network.
    #[wasm_bindgen(js_name = prepareRegister)]
    pub fn prepare_register(identifier: &str, password: &str) -> JsResult<String> {
        sentc_core::user::prepare_register(identifier, password).js()
    }

    /// Reads the server's answer to a registration: the new user id. Throws on an error answer.
    #[wasm_bindgen(js_name = doneRegister)]
    pub fn done_register(server_output: &str) -> JsResult<String> {
        sentc_core::user::done_register(server_output)
            .map(|response| response.user_id)
            .js()
    }

    /// The body of the app backend's `PUT /api/v1/user/forced/reset` for user `user_id`, who
    /// logs in with `identifier` and `new_password` afterwards: new keys made here (the backend
    /// never sees them or the password). Data for the old keys is lost. No network.
    #[wasm_bindgen(js_name = prepareResetUser)]
    pub fn prepare_reset_user(
        user_id: &str,
        identifier: &str,
        new_password: &str,
    ) -> JsResult<String> {
        sentc_core::user::prepare_forced_reset(user_id, identifier, new_password).js()
    }

    /// Registers a user with the public token (the app must allow it). Returns the user id.
    pub fn register(identifier: String, password: String) -> js_sys::Promise {
        promise(async move { client()?.register(&identifier, &password).await.js() })
    }

    /// The body of `POST /api/v1/exists` for `identifier`, for an app backend. No network.
    #[wasm_bindgen(js_name = prepareIdentifier)]
    pub fn prepare_identifier(identifier: &str) -> JsResult<String> {
        sentc_core::user::prepare_identifier(identifier).js()
    }

    /// Reads the answer to `POST /api/v1/exists`: whether the identifier is taken.
    #[wasm_bindgen(js_name = doneUserExists)]
    pub fn done_user_exists(server_output: &str) -> JsResult<bool> {
        sentc_core::user::done_user_exists(server_output).js()
    }

    /// Whether an identifier is taken (the app must allow it for the public token).
    #[wasm_bindgen(js_name = userExists)]
    pub fn user_exists(identifier: String) -> js_sys::Promise {
        promise(async move { client()?.user_exists(&identifier).await.js() })
    }

    /// Forgets what this browser pinned for `identifier`: its password parameters (a login the
    /// server answers with others fails with 3105 PasswordParamsChanged) and its key chain
    /// (2008/2009). Call it only once you know why they changed (your backend reset the user),
    /// never on its own.
    #[wasm_bindgen(js_name = unpinIdentifier)]
    pub fn unpin_identifier(identifier: String) -> js_sys::Promise {
        promise(async move { client()?.unpin_identifier(&identifier).await.js() })
    }

    /// Logs in; the password never leaves the page. Resolves to a `User`, or to an `MfaLogin`
    /// when the user has a second factor: finish with `Sentc.mfaLogin`.
    #[wasm_bindgen(unchecked_return_type = "Promise<User | MfaLogin>")]
    pub fn login(identifier: String, password: String) -> js_sys::Promise {
        promise(async move {
            match client()?.login(&identifier, &password).await.js()? {
                LoginOutcome::User(user) => Ok(JsValue::from(User::from(user))),
                LoginOutcome::Mfa(state) => Ok(MfaLogin {
                    state: Rc::new(state),
                }
                .into()),
            }
        })
    }

    /// Finishes a login with the code of the authenticator app.
    #[wasm_bindgen(js_name = mfaLogin, unchecked_return_type = "Promise<User>")]
    pub fn mfa_login(token: String, mfa: &MfaLogin) -> js_sys::Promise {
        Self::finish_mfa(token, mfa, false)
    }

    /// Finishes a login with one of the recovery codes.
    #[wasm_bindgen(js_name = mfaRecoveryLogin, unchecked_return_type = "Promise<User>")]
    pub fn mfa_recovery_login(recovery_code: String, mfa: &MfaLogin) -> js_sys::Promise {
        Self::finish_mfa(recovery_code, mfa, true)
    }

    fn finish_mfa(token: String, mfa: &MfaLogin, recovery: bool) -> js_sys::Promise {
        let state = Rc::clone(&mfa.state);
        future_to_promise(async move {
            let user = client()?.mfa_login(&state, &token, recovery).await.js()?;
            Ok(User::from(user).into())
        })
    }

    /// The user logged in on this page before (restored from storage after a reload), or
    /// `undefined`.
    #[wasm_bindgen(js_name = getActualUser)]
    pub fn get_actual_user() -> js_sys::Promise {
        promise(async move { Ok(client()?.get_actual_user().await.js()?.map(User::from)) })
    }

    /// On a new device: the announcement for `POST /api/v1/user/prepare_register_device` (its
    /// `body`), to send through the app's backend and finish with `doneRegisterDeviceStart`.
    #[wasm_bindgen(js_name = prepareRegisterDeviceStart)]
    pub fn prepare_register_device_start(
        identifier: &str,
        password: &str,
    ) -> JsResult<DeviceStart> {
        let (body, start) =
            sentc_core::user::prepare_register_device_start(identifier, password).js()?;
        Ok(DeviceStart {
            identifier: identifier.to_string(),
            body,
            start,
        })
    }

    /// Reads the server's answer: the transfer text for a logged-in device
    /// (`user.registerDevice(transfer)`); keeps the transfer's one-time secret for this
    /// device's first login.
    #[wasm_bindgen(js_name = doneRegisterDeviceStart)]
    // Stays `async fn`: the future borrows `start`, which holds the device's secrets and is
    // not cloned into a 'static future.
    pub async fn done_register_device_start(
        start: &DeviceStart,
        server_output: String,
    ) -> JsResult<String> {
        client()?
            .done_register_device_start(&start.identifier, &start.start, &server_output)
            .await
            .js()
    }

    /// On a new device: announces it and returns the transfer text for a logged-in device.
    #[wasm_bindgen(js_name = registerDeviceStart)]
    pub fn register_device_start(identifier: String, password: String) -> js_sys::Promise {
        promise(async move {
            client()?
                .register_device_start(&identifier, &password)
                .await
                .js()
        })
    }

    /// Forgets the identity this browser pinned for another user (their key chain, taken on
    /// first use): the next lookup pins their chain anew. Call it only when the change is
    /// known to be real (a new safety number compared out of band, or your backend reset that
    /// user): 2010 IdentityChanged may be a server planting keys.
    #[wasm_bindgen(js_name = acceptIdentityChange)]
    pub fn accept_identity_change(user_id: String) -> js_sys::Promise {
        promise(async move { client()?.accept_identity_change(&user_id).await.js() })
    }

    /// A user's newest public key (`{ v, alg, id, key }`), from their key chain verified
    /// against the identity this browser pinned for them (2010 IdentityChanged if it no longer
    /// extends it).
    #[wasm_bindgen(js_name = getUserPublicKey, unchecked_return_type = "Promise<PublicKeyJson>")]
    pub fn get_user_public_key(user_id: String) -> js_sys::Promise {
        promise(async move { to_object(&client()?.get_user_public_key(&user_id).await.js()?) })
    }

    /// One of a user's verify keys by id, from their verified key chain.
    #[wasm_bindgen(js_name = getUserVerifyKey, unchecked_return_type = "Promise<PublicKeyJson>")]
    pub fn get_user_verify_key(user_id: String, key_id: String) -> js_sys::Promise {
        promise(async move {
            let key_id = key_id.parse().js()?;
            to_object(&client()?.get_user_verify_key(&user_id, key_id).await.js()?)
        })
    }

    /// A group's newest public key.
    #[wasm_bindgen(js_name = getGroupPublicKey, unchecked_return_type = "Promise<PublicKeyJson>")]
    pub fn get_group_public_key(group_id: String) -> js_sys::Promise {
        promise(async move { to_object(&client()?.get_group_public_key(&group_id).await.js()?) })
    }
}

/// A new device between `prepareRegisterDeviceStart` and `doneRegisterDeviceStart`.
#[wasm_bindgen]
pub struct DeviceStart {
    identifier: String,
    body: String,
    start: sentc_core::user::DeviceStart,
}

#[wasm_bindgen]
impl DeviceStart {
    /// The body of `POST /api/v1/user/prepare_register_device`.
    #[wasm_bindgen(getter)]
    pub fn body(&self) -> String {
        self.body.clone()
    }
}
