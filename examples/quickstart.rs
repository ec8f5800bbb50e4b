//! The sentc quickstart: an embedded server on SQLite in a temporary folder, two users, a group,
//! an encrypted message, a key rotation. Run it with
//!
//! ```sh
//! cargo run --example quickstart
//! ```

use std::time::Duration;

use sentc_core::group::VerifyLevel;
use sentc_examples::{Error, Playground, check, step};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // 1. A server of our own: SQLite in a temporary folder, on a free loopback port, and an app
    //    whose front end may register users (by default only the app backend may).
    let playground = Playground::start("quickstart").await?;
    step(&format!(
        "server running at {} (database in {}); created app {}",
        playground.server.base_url,
        playground.dir.display(),
        playground.app_id
    ));

    // 2. Two users, each with their own client (as on two devices).
    let alice = playground.user("alice", "alice's long password").await?;
    let bob = playground.user("bob", "bob's long password").await?;
    step(
        "registered alice and bob (passwords never leave the client; keys are derived with Argon2id)",
    );
    step(&format!(
        "logged in: alice = {}, bob = {}",
        alice.user_id()?,
        bob.user_id()?
    ));

    // 3. Alice creates a group and invites Bob; Bob accepts.
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

    // 4. An encrypted message.
    let message = alice_group.encrypt_string("meet at noon")?;
    step(&format!(
        "alice encrypted \"meet at noon\": {}…",
        &message[..48]
    ));
    let decrypted = bob_group.decrypt_string(&message)?;
    check("bob's decryption", decrypted.as_str(), "meet at noon")?;
    step(&format!("bob decrypted: \"{decrypted}\""));

    // 5. Key rotation: the server wraps the new key for every member in the background.
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

    // 6. A file: encrypted chunk by chunk under its own key, wrapped by the group's key.
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

    playground.stop();
    step("done");
    Ok(())
}
