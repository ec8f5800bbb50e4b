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
type BytesRewrite = Arc<dyn Fn(&mut Vec<u8>) + Send + Sync>;

enum Action {
    /// Rewrites the envelope's `result`.
    Json(Rewrite),
    /// Rewrites a binary body (a file part).
    Bytes(BytesRewrite),
    /// Answers with the response to another path (e.g. another part, another file's part).
    Redirect(String),
}

struct Rule {
    method: Method,
    path: String,
    action: Action,
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
        self.push(method, path, Action::Json(Arc::new(rewrite)));
    }

    /// From now on, rewrites the binary bodies of responses to `method path` (file parts).
    pub fn rewrite_bytes(
        &self,
        method: Method,
        path: &str,
        rewrite: impl Fn(&mut Vec<u8>) + Send + Sync + 'static,
    ) {
        self.push(method, path, Action::Bytes(Arc::new(rewrite)));
    }

    /// From now on, answers `method path` with what the server answers for `to`.
    pub fn redirect(&self, method: Method, path: &str, to: &str) {
        self.push(method, path, Action::Redirect(to.to_string()));
    }

    fn push(&self, method: Method, path: &str, action: Action) {
        self.rules.lock().unwrap().push(Rule {
            method,
            path: path.to_string(),
            action,
        });
    }

    /// Behaves honestly again.
    pub fn honest(&self) {
        self.rules.lock().unwrap().clear();
    }

    fn rules_for(
        &self,
        request: &HttpRequest,
    ) -> Vec<(Option<Rewrite>, Option<BytesRewrite>, Option<String>)> {
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
            .map(|rule| match &rule.action {
                Action::Json(rewrite) => (Some(rewrite.clone()), None, None),
                Action::Bytes(rewrite) => (None, Some(rewrite.clone()), None),
                Action::Redirect(to) => (None, None, Some(to.clone())),
            })
            .collect()
    }
}

impl Transport for HostileTransport {
    async fn send(&self, mut request: HttpRequest) -> sentc_core::Result<HttpResponse> {
        let rules = self.rules_for(&request);
        if let Some(to) = rules.iter().find_map(|(_, _, to)| to.clone()) {
            let (base, _) = request.url.split_once("/api/").unwrap();
            request.url = format!("{base}{to}");
        }
        let mut response = self.inner.send(request).await?;
        let json: Vec<Rewrite> = rules
            .iter()
            .filter_map(|(json, _, _)| json.clone())
            .collect();
        for rewrite in rules.iter().filter_map(|(_, bytes, _)| bytes.clone()) {
            rewrite(&mut response.body);
        }
        if json.is_empty() {
            return Ok(response);
        }
        let mut body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
        if body["status"] == true {
            for rewrite in json {
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
