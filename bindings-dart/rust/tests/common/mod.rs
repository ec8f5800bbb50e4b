//! What the bridge tests share: the real server embedded on SQLite (one per test), a transport
//! handed over as `SentcTransport.dart` does it (a function returning a future; here the core's
//! HTTP client stands in for Dart's `package:http`), users, TOTP codes and error checks.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use flutter_rust_bridge::DartFnFuture;
use sentc_core::client::{Body, HttpRequest, HttpTransport, Method, Transport};
use sentc_examples::Playground;
use sentc_flutter::api::client::{SentcClient, SentcOptions};
use sentc_flutter::api::error::SentcError;
use sentc_flutter::api::host::{HostRequest, HostResponse, HttpMethod, SentcStore, SentcTransport};
use sentc_flutter::api::user::User;

pub const PASSWORD: &str = "a long password";

/// A test's server.
pub struct Server {
    pub playground: Playground,
}

impl Server {
    pub async fn start(name: &str) -> Self {
        let name = format!("dart-{name}-{}", unique());
        Self {
            playground: Playground::start(&name).await.unwrap(),
        }
    }

    pub fn url(&self) -> String {
        self.playground.server.base_url.clone()
    }

    pub fn token(&self) -> String {
        self.playground.public_token().to_owned()
    }

    pub fn secret(&self) -> String {
        self.playground.secret_token().to_owned()
    }

    pub fn options(&self) -> SentcOptions {
        SentcOptions {
            base_url: self.url(),
            app_token: self.token(),
            store_prefix: None,
        }
    }

    /// A client (one device) on the Dart-callback transport and memory.
    pub fn client(&self) -> SentcClient {
        SentcClient::new(self.options(), dart_transport(), SentcStore::memory())
    }

    /// A registered and logged-in user: the client, the user and the identifier.
    pub async fn user(&self, name: &str) -> (SentcClient, User, String) {
        let identifier = format!("{name}-{}", unique());
        let client = self.client();
        client
            .register(identifier.clone(), PASSWORD.into())
            .await
            .unwrap();
        let user = log_in(&client, &identifier, PASSWORD).await;
        (client, user, identifier)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.playground.server.task.abort();
        std::fs::remove_dir_all(&self.playground.dir).ok();
    }
}

/// A name part no other call (in this or an earlier run) got: the process id and a counter.
pub fn unique() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let next = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{}-{next}", std::process::id())
}

/// Logs in, expecting no second factor.
pub async fn log_in(client: &SentcClient, identifier: &str, password: &str) -> User {
    let result = client
        .login(identifier.into(), password.into())
        .await
        .unwrap();
    assert!(result.mfa.is_none(), "no second factor expected");
    result.user.unwrap()
}

/// A response rewriter of [`dart_transport_with`]: the request's method and URL, and the answer.
pub type Rewrite = Arc<dyn Fn(&HostRequest, &mut HostResponse) + Send + Sync>;

/// The transport Dart hands over (`SentcTransport.dart(send)`), sending with the core's client.
pub fn dart_transport() -> SentcTransport {
    dart_transport_with(Arc::new(|_, _| {}))
}

/// [`dart_transport`], each answer passed through `rewrite` first (a hostile server).
pub fn dart_transport_with(rewrite: Rewrite) -> SentcTransport {
    let http = Arc::new(HttpTransport::new().unwrap());
    SentcTransport::dart(move |request: HostRequest| -> DartFnFuture<HostResponse> {
        let (http, rewrite) = (http.clone(), rewrite.clone());
        Box::pin(async move {
            let response = http.send(core_request(&request)).await.unwrap();
            let mut answer = HostResponse {
                status: response.status,
                body: response.body,
            };
            rewrite(&request, &mut answer);
            answer
        })
    })
}

/// A transport answering every request with `status` and `body`.
pub fn answering(status: u16, body: &'static [u8]) -> SentcTransport {
    SentcTransport::dart(move |_| -> DartFnFuture<HostResponse> {
        Box::pin(async move {
            HostResponse {
                status,
                body: body.to_vec(),
            }
        })
    })
}

fn core_request(request: &HostRequest) -> HttpRequest {
    HttpRequest {
        method: match request.method {
            HttpMethod::Get => Method::Get,
            HttpMethod::Post => Method::Post,
            HttpMethod::Put => Method::Put,
            HttpMethod::Patch => Method::Patch,
            HttpMethod::Delete => Method::Delete,
        },
        url: request.url.clone(),
        // The headers as they came (they name the body's content type), the body as bytes.
        headers: request
            .headers
            .iter()
            .map(|header| (header.name.clone(), header.value.clone()))
            .collect(),
        body: request.body.clone().map(Body::Bytes),
        with_credentials: false,
    }
}

/// The code of a failed call.
#[track_caller]
pub fn code<T>(result: Result<T, SentcError>) -> (u32, String) {
    match result {
        Ok(_) => panic!("the call succeeded; an error was expected"),
        Err(error) => (error.code, error.code_name),
    }
}

/// RFC 6238 with SHA-1, 30 s, 6 digits (what an authenticator app computes) for a base32 secret.
pub fn totp(secret: &str, offset: i64) -> String {
    use hmac::{KeyInit, Mac};
    let key = base32(secret);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let counter = (now / 30 + offset) as u64;
    let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(&key).unwrap();
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let start = usize::from(digest[19] & 0x0f);
    let value = u32::from_be_bytes(digest[start..start + 4].try_into().unwrap()) & 0x7fff_ffff;
    format!("{:06}", value % 1_000_000)
}

fn base32(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut value, mut out) = (0u32, 0u64, Vec::new());
    for c in text.trim_end_matches('=').bytes() {
        let index = ALPHABET.iter().position(|&a| a == c).unwrap() as u64;
        value = (value << 5) | index;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((value >> bits) as u8);
        }
    }
    out
}
