//! Graceful shutdown. On SIGTERM (or SIGINT) the server stops accepting connections, answers
//! `/ready` with 503, lets in-flight requests finish (up to `--shutdown-timeout-ms`), and its
//! workers stop after their current batch and give their job leases back, so another process
//! takes the jobs over at once instead of after the lease.

use tokio::sync::watch;

/// Whether shutdown was requested; cheap to clone, shared by the server and its workers.
#[derive(Debug, Clone)]
pub struct Shutdown {
    sender: watch::Sender<bool>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            sender: watch::Sender::new(false),
        }
    }
}

impl Shutdown {
    /// Requests shutdown (idempotent).
    pub fn request(&self) {
        self.sender.send_replace(true);
    }

    /// Whether shutdown was requested.
    pub fn is_requested(&self) -> bool {
        *self.sender.borrow()
    }

    /// Resolves once shutdown is requested (at once if it was).
    pub async fn requested(&self) {
        let mut receiver = self.sender.subscribe();
        // An error means the sender is gone, which cannot happen while `self` lives.
        let _ = receiver.wait_for(|requested| *requested).await;
    }
}

/// Resolves when the process receives SIGTERM or SIGINT (Ctrl-C).
pub async fn signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = terminate.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::Shutdown;

    #[tokio::test]
    async fn requested_resolves_for_every_clone() {
        let shutdown = Shutdown::default();
        let clone = shutdown.clone();
        assert!(!clone.is_requested());
        let waiter = tokio::spawn(async move { clone.requested().await });
        shutdown.request();
        waiter.await.unwrap();
        assert!(shutdown.is_requested());
        shutdown.requested().await;
    }
}
