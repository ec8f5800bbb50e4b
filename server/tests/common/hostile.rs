//! A hostile server: a transport between the real client and the real server (on loopback)
//! that rewrites chosen responses, as a server that wants to plant, fork, hide or roll back
//! keys would. Rules match a request by method and path; each rewrites the response body's
//! `result` (the envelope stays).

use std::sync::{Arc, Mutex};

use sentc_core::client::{
    HttpRequest, HttpResponse, HttpTransport, MemoryStore, Method, Sentc, Transport, User,
};

/// A client behind a hostile server.
pub type HostileClient = Sentc<HostileTransport, MemoryStore>;
/// A user logged in behind a hostile server.
pub type HostileUser = User<HostileTransport, MemoryStore>;

type Rewrite = Arc<dyn Fn(&mut serde_json::Value) + Send + Sync>;

struct Rule {
    method: Method,
    path: String,
    rewrite: Rewrite,
}

/// The transport; clones share their rules, so a test keeps one to change the rules while the
/// client owns another.
#[derive(Clone)]
pub struct HostileTransport {
    inner: Arc<HttpTransport>,
    rules: Arc<Mutex<Vec<Rule>>>,
}

impl HostileTransport {
    pub fn new() -> Self {
        Self {
            inner: Arc::new(HttpTransport::new().unwrap()),
            rules: Arc::default(),
        }
    }

    /// From now on, rewrites the `result` of responses to `method path` (the path without the
    /// query string, as sent).
    pub fn rewrite(
        &self,
        method: Method,
        path: &str,
        rewrite: impl Fn(&mut serde_json::Value) + Send + Sync + 'static,
    ) {
        self.rules.lock().unwrap().push(Rule {
            method,
            path: path.to_string(),
            rewrite: Arc::new(rewrite),
        });
    }

    /// Behaves honestly again.
    pub fn honest(&self) {
        self.rules.lock().unwrap().clear();
    }

    fn rules_for(&self, request: &HttpRequest) -> Vec<Rewrite> {
        let path = request
            .url
            .split_once("/api/")
            .map(|(_, rest)| format!("/api/{}", rest.split('?').next().unwrap_or_default()))
            .unwrap_or_default();
        self.rules
            .lock()
            .unwrap()
            .iter()
            .filter(|rule| rule.method == request.method && rule.path == path)
            .map(|rule| rule.rewrite.clone())
            .collect()
    }
}

impl Transport for HostileTransport {
    async fn send(&self, request: HttpRequest) -> sentc_core::Result<HttpResponse> {
        let rules = self.rules_for(&request);
        let mut response = self.inner.send(request).await?;
        if rules.is_empty() {
            return Ok(response);
        }
        let mut body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
        if body["status"] == true {
            for rewrite in rules {
                rewrite(&mut body["result"]);
            }
        }
        response.body = body.to_string().into_bytes();
        Ok(response)
    }
}

/// The named fields of a JSON object (e.g. the public link of an uploaded generation, as a key
/// chain lists it).
pub fn fields_of(value: &serde_json::Value, fields: &[&str]) -> serde_json::Value {
    let mut picked = serde_json::Map::new();
    for field in fields {
        picked.insert((*field).into(), value[*field].clone());
    }
    picked.into()
}
