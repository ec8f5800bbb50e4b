//! A `sentc-server` process (the real binary), for tests that kill it as a crash would.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server process; dropped (killed and reaped) on every path, panics included.
pub struct ServerProcess {
    child: Child,
}

/// A free loopback port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl ServerProcess {
    /// Starts the server on `port` with these environment variables and waits until it is
    /// healthy.
    pub async fn start(port: u16, env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sentc-server"));
        command.env("SENTC_LISTEN", format!("127.0.0.1:{port}"));
        for (name, value) in env {
            command.env(name, value);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self { child };
        let health = format!("http://127.0.0.1:{port}/api/v1/health");
        for _ in 0..300 {
            if is_healthy(&health).await {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("sentc-server did not start");
    }

    /// SIGKILL, as a crash would.
    pub fn kill(self) {
        drop(self);
    }
}

/// Whether the health endpoint answers 200 with the success envelope (a port answered by
/// anything else does not count).
async fn is_healthy(url: &str) -> bool {
    let Ok(response) = reqwest::get(url).await else {
        return false;
    };
    if response.status() != 200 {
        return false;
    }
    let body = response.text().await.unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(&body)
        .is_ok_and(|value| value["status"] == true && value["result"]["ok"] == true)
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
