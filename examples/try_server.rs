//! Registers and logs in a user against a running sentc server, e.g. one started with
//! `cargo run -p sentc-server -- --dev` (which prints its public token):
//!
//! ```sh
//! cargo run --example try_server -- http://127.0.0.1:3000 <public token> [--jwt]
//! ```
//!
//! With `--jwt` it prints only the logged-in user's JWT (scripts/schemathesis.sh calls the API
//! as that user).

use sentc_core::client::{HttpTransport, LoginOutcome, MemoryStore, Sentc, SentcOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(base_url), Some(token)) = (args.next(), args.next()) else {
        eprintln!("usage: try_server <base url> <public token>");
        std::process::exit(2);
    };
    let client = Sentc::new(
        SentcOptions::new(base_url, token),
        HttpTransport::new()?,
        MemoryStore::default(),
    );
    let only_jwt = args.next().as_deref() == Some("--jwt");
    let pid = std::process::id();
    let identifier = format!("alice-{pid}");
    let password = "a long password that stays on this machine";

    let user_id = client.register(&identifier, password).await?;
    let LoginOutcome::User(user) = client.login(&identifier, password).await? else {
        return Err("unexpected second factor".into());
    };
    if only_jwt {
        println!("{}", user.jwt().await?);
        return Ok(());
    }
    println!("registered {identifier} as user {user_id}");
    println!("logged in on device {}", user.device_id()?);
    let keys = user.newest_keys()?;
    let item = keys.symmetric().encrypt_string("hello from sentc")?;
    println!("encrypted with the user key {}: {item}", keys.id());
    println!("decrypted: {}", keys.symmetric().decrypt_string(&item)?);
    println!("devices: {}", user.devices(None).await?.len());
    Ok(())
}
