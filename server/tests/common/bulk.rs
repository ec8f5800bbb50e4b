//! Many group members at once, written straight into the database with real keys (registering
//! hundreds of users through Argon2 would take minutes), for tests of large rotations.

use sentc_core::crypto::SymmetricKey;
use sentc_core::keys::KeySet;
use sentc_server::clock::{Clock, SystemClock};
use sentc_server::secrets::new_id;

/// Adds `count` users of `app_id` to `group_id` with rank 4, each holding `symmetric` wrapped
/// to its own new public key.
pub async fn add_members(
    pool: &sqlx::AnyPool,
    app_id: &str,
    group_id: &str,
    symmetric: &SymmetricKey,
    count: usize,
) {
    let key_id = symmetric.id().to_hex();
    let now = SystemClock.now_ms();
    let mut tx = pool.begin().await.unwrap();
    for _ in 0..count {
        let user_id = new_id().unwrap();
        let keys = KeySet::generate().unwrap();
        let data = keys.data_for(keys.public_key(), &user_id, None).unwrap();
        sqlx::query("INSERT INTO users (id, app_id, created_at) VALUES ($1, $2, $3)")
            .bind(&user_id)
            .bind(app_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO user_keys (id, user_id, seq, public_key, verify_key, verify_key_id, private_key, \
             sign_key, public_key_signature, created_at) VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(data.key_id.to_hex()).bind(&user_id).bind(data.public_key.to_json().unwrap())
        .bind(data.verify_key.to_json().unwrap()).bind(data.verify_key.id().to_hex())
        .bind(data.private_key.to_base64()).bind(data.sign_key.to_base64())
        .bind(&data.public_key_signature).bind(now)
        .execute(&mut *tx).await.unwrap();
        sqlx::query(
            "INSERT INTO group_members (group_id, member_id, member_type, rank, joined_at) VALUES ($1, $2, 0, 4, $3)",
        )
        .bind(group_id).bind(&user_id).bind(now).execute(&mut *tx).await.unwrap();
        let wrapped = keys.public_key().wrap_key(symmetric).unwrap();
        sqlx::query(
            "INSERT INTO group_member_keys (group_id, member_id, key_id, wrapped_key) VALUES ($1, $2, $3, $4)",
        )
        .bind(group_id).bind(&user_id).bind(&key_id).bind(wrapped.to_base64())
        .execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
}
