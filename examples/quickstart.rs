//! The sentc quickstart: an embedded server on SQLite in a temporary folder, two users, a group,
//! an encrypted message, a key rotation. Run it with
//!
//! ```sh
//! cargo run --example quickstart
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use sentc_core::client::{HttpTransport, LoginOutcome, MemoryStore, Sentc, SentcOptions};
use sentc_core::group::VerifyLevel;
use sentc_server::apps::{self, Access, Endpoint};
use sentc_server::clock::{Clock, SystemClock};
use sentc_server::files::storage::StorageConfig;
use sentc_server::secrets::RootKey;
use sentc_server::state::Settings;
use sentc_server::{Config, start_embedded};

type Error = Box<dyn std::error::Error + Send + Sync>;

fn step(text: &str) {
    println!("▸ {text}");
}

/// Fails the quickstart (non-zero exit) when a result is not what it must be.
fn check<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), Error> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, expected {want:?}").into())
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    // 1. A server of our own: SQLite in a temporary folder, on a free loopback port.
    let dir = std::env::temp_dir().join(format!("sentc-quickstart-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let (root_key, _) = RootKey::generate()?;
    let server = start_embedded(Config {
        database_url: format!("sqlite://{}/sentc.db?mode=rwc", dir.display()),
        root_key: root_key.clone(),
        clock: Arc::new(SystemClock),
        settings: Settings::default(),
        file_storage: StorageConfig::Local(dir.join("files")),
    })
    .await?;
    step(&format!(
        "server running at {} (database in {})",
        server.base_url,
        dir.display()
    ));

    // 2. An app whose front end may register users (by default only the app backend may).
    let mut connection = server.state.db.pool.acquire().await?;
    let options = BTreeMap::from([(Endpoint::Register, Access::Public)]);
    let app = apps::create(
        &mut connection,
        &root_key,
        "quickstart",
        &options,
        SystemClock.now_ms(),
    )
    .await
    .map_err(|err| err.0)?;
    drop(connection);
    step(&format!("created app {}", app.id));

    // 3. Two users, each with their own client (as on two devices).
    let client = || -> Result<Sentc<HttpTransport, MemoryStore>, Error> {
        let options = SentcOptions::new(&server.base_url, app.public_token.as_str());
        Ok(Sentc::new(
            options,
            HttpTransport::new()?,
            MemoryStore::default(),
        ))
    };
    let (alice_client, bob_client) = (client()?, client()?);
    alice_client
        .register("alice", "alice's long password")
        .await?;
    bob_client.register("bob", "bob's long password").await?;
    step(
        "registered alice and bob (passwords never leave the client; keys are derived with Argon2id)",
    );
    let LoginOutcome::User(alice) = alice_client.login("alice", "alice's long password").await?
    else {
        return Err("unexpected second factor".into());
    };
    let LoginOutcome::User(bob) = bob_client.login("bob", "bob's long password").await? else {
        return Err("unexpected second factor".into());
    };
    step(&format!(
        "logged in: alice = {}, bob = {}",
        alice.user_id()?,
        bob.user_id()?
    ));

    // 4. Alice creates a group and invites Bob; Bob accepts.
    let group_id = alice.create_group(true).await?;
    let alice_group = alice.get_group(&group_id, VerifyLevel::Chain).await?;
    step(&format!(
        "alice created group {group_id} (its key is signed by alice)"
    ));
    alice_group.invite(&bob.user_id()?, None).await?;
    bob.accept_group_invite(&group_id).await?;
    let bob_group = bob.get_group(&group_id, VerifyLevel::Chain).await?;
    step(
        "alice invited bob with the group keys wrapped to his public key (X25519 + ML-KEM-768); bob accepted",
    );

    // 5. An encrypted message.
    let message = alice_group.encrypt_string("meet at noon")?;
    step(&format!(
        "alice encrypted \"meet at noon\": {}…",
        &message[..48]
    ));
    let decrypted = bob_group.decrypt_string(&message)?;
    check("bob's decryption", decrypted.as_str(), "meet at noon")?;
    step(&format!("bob decrypted: \"{decrypted}\""));

    // 6. Key rotation: the server wraps the new key for every member in the background.
    let new_key = alice_group.key_rotation(true).await?;
    step(&format!("alice rotated the group key; new key {new_key}"));
    let mut finished = 0;
    for _ in 0..100 {
        finished = bob_group.finish_key_rotations().await?;
        if finished > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    check("rotations bob finished", finished, 1)?;
    let held = bob_group.keys()?.all().len();
    check("keys bob holds", held, 2)?;
    step(&format!(
        "bob finished {finished} rotation and now holds {held} keys"
    ));
    let after = bob_group.encrypt_string("noon is fine")?;
    let decrypted = alice_group.decrypt_string(&after)?;
    check("alice's decryption", decrypted.as_str(), "noon is fine")?;
    step(&format!(
        "bob encrypted with the new key; alice decrypted: \"{decrypted}\""
    ));
    let old = bob_group.decrypt_string(&message)?;
    check("the old message", old.as_str(), "meet at noon")?;
    step(&format!(
        "the old message still decrypts for bob: \"{old}\""
    ));

    // 7. A file: encrypted chunk by chunk under its own key, wrapped by the group's key.
    let report: Vec<u8> = (0..3_000_000u32).map(|index| (index % 251) as u8).collect();
    let created = alice_group
        .create_file(&report, Some("report.bin"), false, Some(1024 * 1024))
        .await?;
    step(&format!(
        "alice uploaded report.bin ({} bytes) as 3 encrypted parts; file {}",
        report.len(),
        created.file_id
    ));
    let (read, meta, _) = bob_group.download_file(created.file_id, None).await?;
    check("bob's download", read == report, true)?;
    step(&format!(
        "bob downloaded and decrypted {:?} ({} bytes, {} parts)",
        meta.file_name.unwrap_or_default(),
        read.len(),
        meta.meta.part_list.len()
    ));

    server.task.abort();
    std::fs::remove_dir_all(&dir).ok();
    step("done");
    Ok(())
}
