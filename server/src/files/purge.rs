//! The durable purge job: deleted files and abandoned uploads (their session expired) lose their
//! parts, then their rows. State lives in the `files` rows, so the job survives a restart; a
//! worker claims one file at a time with a lease, so several server processes can run it.
//! Removing a file's parts is idempotent: a worker that dies midway leaves the file for the
//! next one once the lease has expired.

use std::time::Duration;

use super::store;
use crate::error::ApiResult;
use crate::state::AppState;

/// Runs the job until the state's owner goes away or shutdown is requested: woken at each
/// deletion, and every `rotation_poll_ms` for expired uploads and expired leases.
pub fn spawn_worker(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let Ok(worker) = crate::secrets::worker_id() else {
            return;
        };
        // A file's purge ends by removing its rows, lease included: stopping between files
        // leaves no lease behind.
        while !state.shutdown.is_requested() {
            match purge_one(&state, &worker).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(error) => tracing::warn!(error = %error.0, "file purge failed, retrying later"),
            }
            let poll = Duration::from_millis(state.settings.rotation_poll_ms);
            tokio::select! {
                _ = tokio::time::timeout(poll, state.purge_wakeup.notified()) => {}
                () = state.shutdown.requested() => {}
            }
        }
    })
}

/// Purges one file. Returns whether there was one.
pub async fn purge_one(state: &AppState, worker: &str) -> ApiResult<bool> {
    let mut connection = state.db.pool.acquire().await?;
    let claim = store::claim_purge(
        &mut connection,
        worker,
        state.now_ms(),
        state.settings.rotation_lease_ms,
    )
    .await?;
    drop(connection);
    let Some(claim) = claim else {
        return Ok(false);
    };
    if !claim.extern_storage {
        state.files.delete_file(&claim.file_id).await?;
    }
    let mut tx = state.db.begin().await?;
    store::remove_purged(&mut tx, &claim, worker, state.now_ms()).await?;
    tx.commit().await?;
    Ok(true)
}
