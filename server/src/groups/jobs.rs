//! The durable rotation job: after a rotation starts, the server encrypts the chain
//! (`ephemeral_by_previous`, which it cannot read) to every other key holder's newest public
//! key: members, pending invitees and the parent group.
//!
//! The job lives in `group_rotation_jobs`. A worker takes it with a lease (any server process
//! sharing the database may), processes key holders in member id order in batches, and commits
//! each batch together with its cursor: a crash loses at most the uncommitted batch, which the
//! next worker redoes once the lease has expired. Pending rows are keyed by (group, key,
//! member), so nothing is wrapped twice.

use std::time::Duration;

use sentc_core::crypto::{PublicKey, WrappedKey, base64_encode};

use sentc_core::ErrorCode;
use sqlx::Row;

use crate::error::ApiResult;
use crate::state::AppState;

/// A claimed job.
struct Job {
    id: String,
    group_id: String,
    key_id: String,
    skip_member: String,
    cursor: String,
}

/// Runs jobs until the state's owner goes away or shutdown is requested: woken at each rotation
/// start, and every `rotation_poll_ms` to take over jobs whose lease expired.
pub fn spawn_worker(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let Ok(worker) = crate::secrets::worker_id() else {
            return;
        };
        while !state.shutdown.is_requested() {
            match run_one(&state, &worker).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(error) => {
                    tracing::warn!(error = %error.0, "rotation job failed, retrying later")
                }
            }
            let poll = Duration::from_millis(state.settings.rotation_poll_ms);
            tokio::select! {
                _ = tokio::time::timeout(poll, state.rotation_wakeup.notified()) => {}
                () = state.shutdown.requested() => {}
            }
        }
    })
}

/// Takes one job and runs it to the end, or, when shutdown is requested, to the end of the
/// current batch. Returns whether there was one.
pub async fn run_one(state: &AppState, worker: &str) -> ApiResult<bool> {
    let Some(mut job) = claim(state, worker).await? else {
        return Ok(false);
    };
    while !batch(state, worker, &mut job).await? {
        if state.shutdown.is_requested() {
            release(state, worker, &job).await?;
            return Ok(true);
        }
        if state.settings.rotation_pause_ms > 0 {
            tokio::time::sleep(Duration::from_millis(state.settings.rotation_pause_ms)).await;
        }
    }
    Ok(true)
}

/// Gives a job's lease back (at shutdown, after a committed batch): another process takes the
/// job over at its next poll instead of after the lease.
async fn release(state: &AppState, worker: &str, job: &Job) -> ApiResult<()> {
    let mut connection = state.db.pool.acquire().await?;
    super::store::release_rotation_job(&mut connection, &job.id, worker).await?;
    tracing::info!("shutdown: rotation job handed back after a committed batch");
    Ok(())
}

/// Takes the oldest open job whose lease is free.
async fn claim(state: &AppState, worker: &str) -> ApiResult<Option<Job>> {
    let now = state.now_ms();
    let row = sqlx::query(
        "UPDATE group_rotation_jobs SET lease_owner = $1, lease_until = $2 \
         WHERE id = (SELECT id FROM group_rotation_jobs WHERE done = 0 AND lease_until < $3 \
                     ORDER BY created_at LIMIT 1) \
         AND lease_until < $3 \
         RETURNING id, group_id, key_id, skip_member, cursor",
    )
    .bind(worker)
    .bind(now + state.settings.rotation_lease_ms)
    .bind(now)
    .fetch_optional(&state.db.pool)
    .await?;
    row.map(|row| {
        Ok(Job {
            id: row.try_get("id")?,
            group_id: row.try_get("group_id")?,
            key_id: row.try_get("key_id")?,
            skip_member: row.try_get("skip_member")?,
            cursor: row.try_get("cursor")?,
        })
    })
    .transpose()
}

/// Wraps the chain for the next batch of key holders and commits it with the cursor. Returns
/// whether the job is done.
async fn batch(state: &AppState, worker: &str, job: &mut Job) -> ApiResult<bool> {
    let mut tx = state.db.begin().await?;
    let chain: Option<String> =
        sqlx::query_scalar("SELECT ephemeral_by_previous FROM group_keys WHERE id = $1")
            .bind(&job.key_id)
            .fetch_optional(&mut *tx)
            .await?
            .flatten();
    // The next key holders with their newest public keys, in one round trip.
    let holders = sqlx::query(
        "SELECT h.member_id, CASE WHEN h.member_type = 0 \
           THEN (SELECT public_key FROM user_keys WHERE user_id = h.member_id ORDER BY seq DESC LIMIT 1) \
           ELSE (SELECT public_key FROM group_keys WHERE group_id = h.member_id ORDER BY seq DESC LIMIT 1) \
         END AS public_key FROM ( \
           SELECT member_id, member_type FROM group_members WHERE group_id = $1 AND member_id > $2 \
           UNION SELECT member_id, member_type FROM group_requests WHERE group_id = $1 AND kind = 0 AND member_id > $2 \
           UNION SELECT parent_id AS member_id, 1 AS member_type FROM groups \
                 WHERE id = $1 AND parent_id IS NOT NULL AND parent_id > $2 \
         ) h ORDER BY h.member_id LIMIT $3",
    )
    .bind(&job.group_id)
    .bind(&job.cursor)
    .bind(state.settings.rotation_batch)
    .fetch_all(&mut *tx)
    .await?;
    let Some(chain) = chain.filter(|_| !holders.is_empty()) else {
        // Finished (or the generation is gone with its group).
        sqlx::query("UPDATE group_rotation_jobs SET done = 1 WHERE id = $1 AND lease_owner = $2")
            .bind(&job.id)
            .bind(worker)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Ok(true);
    };
    let mut targets = Vec::with_capacity(holders.len());
    let mut last = job.cursor.clone();
    for row in &holders {
        let member_id: String = row.try_get("member_id")?;
        let public_key: Option<String> = row.try_get("public_key")?;
        last.clone_from(&member_id);
        // A holder without keys (e.g. a user being deleted) is skipped, not fatal.
        if let (false, Some(public_key)) = (member_id == job.skip_member, public_key) {
            targets.push((member_id, public_key));
        }
    }
    let wrapped = encrypt_all(chain, targets).await?;
    insert_pending(&mut tx, job, &wrapped).await?;
    let owned = sqlx::query(
        "UPDATE group_rotation_jobs SET cursor = $1, lease_until = $2 WHERE id = $3 AND lease_owner = $4",
    )
    .bind(&last)
    .bind(state.now_ms() + state.settings.rotation_lease_ms)
    .bind(&job.id)
    .bind(worker)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if owned != 1 {
        // Another worker took the job over; its progress stands.
        return Err(
            sentc_core::Error::with_detail(ErrorCode::Internal, "rotation job lease lost").into(),
        );
    }
    tx.commit().await?;
    job.cursor = last;
    Ok(false)
}

/// Stores a batch's blobs with one multi-row insert (a round trip per row was most of the
/// job's time on PostgreSQL). Blobs already there (a redone batch) stay as they are.
async fn insert_pending(
    tx: &mut sqlx::AnyConnection,
    job: &Job,
    wrapped: &[(String, String)],
) -> ApiResult<()> {
    if wrapped.is_empty() {
        return Ok(());
    }
    let rows: Vec<String> = (0..wrapped.len())
        .map(|i| format!("($1, $2, ${}, ${})", 3 + 2 * i, 4 + 2 * i))
        .collect();
    // Only numbered placeholders are formatted in; every value is bound.
    let sql = format!(
        "INSERT INTO group_pending_rotations (group_id, key_id, member_id, encrypted_ephemeral) \
         VALUES {} ON CONFLICT (group_id, key_id, member_id) DO NOTHING",
        rows.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&job.group_id)
        .bind(&job.key_id);
    for (member_id, encrypted) in wrapped {
        query = query.bind(member_id).bind(encrypted);
    }
    query.execute(tx).await?;
    Ok(())
}

/// Encrypts the chain to each key, off the async threads (X-Wing is ~100 µs per key).
async fn encrypt_all(
    chain: String,
    targets: Vec<(String, String)>,
) -> ApiResult<Vec<(String, String)>> {
    let work = move || -> ApiResult<Vec<(String, String)>> {
        let chain = WrappedKey::from_base64(&chain)?;
        targets
            .into_iter()
            .map(|(member_id, key)| {
                let key = PublicKey::from_json(&key)?;
                Ok((member_id, base64_encode(&key.encrypt(chain.as_bytes())?)))
            })
            .collect()
    };
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| sentc_core::Error::new(ErrorCode::Internal))?
}
