//! Several server processes on one database, as deployed behind a load balancer: a transport
//! that sends each request to the next node in turn, and a way to start the nodes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sentc_core::client::{HttpRequest, HttpResponse, HttpTransport, MemoryStore, Sentc, Transport};

use super::process::{ServerProcess, free_port};

/// A client whose requests alternate between nodes.
pub type AlternatingClient = Sentc<AlternatingTransport, MemoryStore>;

/// Sends request *n* to node *n mod k* (the base URL in the client's options is replaced); clones
/// share the counter and the record of which node answered what.
#[derive(Clone)]
pub struct AlternatingTransport {
    inner: Arc<HttpTransport>,
    nodes: Arc<Vec<String>>,
    next: Arc<AtomicUsize>,
    sent: Arc<std::sync::Mutex<Vec<(usize, String)>>>,
    record: bool,
}

impl AlternatingTransport {
    /// Alternates between these base URLs.
    pub fn new(nodes: Vec<String>) -> Self {
        Self {
            inner: Arc::new(HttpTransport::new().unwrap()),
            nodes: Arc::new(nodes),
            next: Arc::default(),
            sent: Arc::default(),
            record: true,
        }
    }

    /// [`Self::new`] without the record of requests (for long runs).
    pub fn unrecorded(nodes: Vec<String>) -> Self {
        Self {
            record: false,
            ..Self::new(nodes)
        }
    }

    /// (node index, path) of every request sent so far.
    pub fn sent(&self) -> Vec<(usize, String)> {
        self.sent.lock().unwrap().clone()
    }

    /// The nodes the requests to `path` (the path as sent, without the query) went to.
    pub fn nodes_for(&self, path: &str) -> Vec<usize> {
        self.sent()
            .into_iter()
            .filter(|(_, sent)| sent == path)
            .map(|(node, _)| node)
            .collect()
    }
}

impl Transport for AlternatingTransport {
    async fn send(&self, mut request: HttpRequest) -> sentc_core::Result<HttpResponse> {
        let node = self.next.fetch_add(1, Ordering::SeqCst) % self.nodes.len();
        let start = request.url.find("/api/").unwrap();
        let path = request.url[start..].to_owned();
        request.url = format!("{}{path}", self.nodes[node]);
        if self.record {
            let without_query = path.split('?').next().unwrap().to_owned();
            self.sent.lock().unwrap().push((node, without_query));
        }
        self.inner.send(request).await
    }
}

/// A node: its process and base URL.
pub struct Node {
    pub process: ServerProcess,
    pub base_url: String,
}

/// Starts two nodes on one database at the same time (they race to migrate it), each with
/// `env` and its own port.
pub async fn start_two(env: &[(&str, &str)]) -> [Node; 2] {
    let (port_a, port_b) = (free_port(), free_port());
    let (a, b) = tokio::join!(
        ServerProcess::start(port_a, env),
        ServerProcess::start(port_b, env)
    );
    let node = |process, port| Node {
        process,
        base_url: format!("http://127.0.0.1:{port}"),
    };
    [node(a, port_a), node(b, port_b)]
}
