//! A file transfer's progress reported to Dart. The core's loops ask synchronously after each
//! part whether to go on, but a Dart function answers later: each report is sent at once, and
//! the answers are collected as they arrive: a `false` cancels the transfer at the next part
//! (`10007 Cancelled`). At the end the transfer waits for the reports still on their way, so Dart
//! sees every one before the call returns.

use std::future::Future;
use std::task::{Context, Poll};

use flutter_rust_bridge::DartFnFuture;
use sentc_core::client::TransferProgress;

use crate::callback::DartFn;
use sentc_core::client::CatchUnwind;

/// The progress of one transfer.
pub(crate) struct DartProgress {
    report: Option<DartFn<u64, bool>>,
    pending: Vec<CatchUnwind<dyn Future<Output = bool> + Send>>,
    cancelled: bool,
}

impl DartProgress {
    /// Reports to `report`, or nowhere.
    pub(crate) fn new(report: Option<DartFn<u64, bool>>) -> Self {
        Self {
            report,
            pending: Vec::new(),
            cancelled: false,
        }
    }

    /// Polls every report on its way once; a `false` (or a Dart function that threw) cancels.
    fn collect(&mut self) {
        let mut context = Context::from_waker(std::task::Waker::noop());
        self.pending.retain_mut(
            |future| match std::pin::Pin::new(future).poll(&mut context) {
                Poll::Ready(Ok(go_on)) => {
                    self.cancelled |= !go_on;
                    false
                }
                Poll::Ready(Err(())) => {
                    self.cancelled = true;
                    false
                }
                Poll::Pending => true,
            },
        );
    }

    /// Waits for the reports still on their way.
    pub(crate) async fn finish(self) {
        for future in self.pending {
            let _ = future.await;
        }
    }
}

impl TransferProgress for DartProgress {
    fn progress(&mut self, done: u64) -> bool {
        if let Some(report) = &self.report {
            let future: DartFnFuture<bool> = report(done);
            // The first poll sends the report to Dart.
            self.pending.push(CatchUnwind(future));
            self.collect();
        }
        !self.cancelled
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[test]
    fn every_report_is_sent_and_a_false_cancels() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let report: DartFn<u64, bool> = Arc::new(move |done| {
            log.lock().unwrap().push(done);
            Box::pin(async move { done < 20 })
        });
        let mut progress = DartProgress::new(Some(report));
        assert!(progress.progress(10));
        assert!(!progress.progress(20));
        assert_eq!(*seen.lock().unwrap(), vec![10, 20]);
    }

    #[test]
    fn a_report_that_throws_cancels() {
        let report: DartFn<u64, bool> = Arc::new(|_| Box::pin(async { panic!("Dart threw") }));
        let mut progress = DartProgress::new(Some(report));
        assert!(!progress.progress(1));
    }
}
