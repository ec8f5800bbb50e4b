//! The Rust participant of the cross-language scenario (bindings-uniffi/tests/cross_language.py
//! runs it beside a Kotlin, a Python and a JavaScript user on one server). Each run is one step; the users
//! share what they made through a state file of `key=value` lines:
//!
//! ```sh
//! cargo run --example cross_language -- <server url> <public token> <state file> <step>
//! ```
//!
//! Steps: `register`; `round1` (decrypts Python's item, encrypts its own, starts a group key
//! rotation); `round2` (decrypts the Kotlin and JavaScript items, made with the rotated key).

use std::collections::BTreeMap;
use std::io::Write;

use sentc_core::client::{HttpTransport, LoginOutcome, MemoryStore, Sentc, SentcOptions};
use sentc_core::group::VerifyLevel;
use sentc_examples::{AppUser, Error, check};

const PASSWORD: &str = "a long password";

fn read_state(path: &str) -> Result<BTreeMap<String, String>, Error> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect())
}

fn write_state(path: &str, key: &str, value: &str) -> Result<(), Error> {
    let mut file = std::fs::OpenOptions::new().append(true).open(path)?;
    writeln!(file, "{key}={value}")?;
    Ok(())
}

fn get<'a>(state: &'a BTreeMap<String, String>, key: &str) -> Result<&'a str, Error> {
    state
        .get(key)
        .map(String::as_str)
        .ok_or_else(|| format!("the state has no {key}").into())
}

async fn login(client: &Sentc<HttpTransport, MemoryStore>, id: &str) -> Result<AppUser, Error> {
    match client.login(id, PASSWORD).await? {
        LoginOutcome::User(user) => Ok(user),
        LoginOutcome::Mfa(_) => Err("unexpected second factor".into()),
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, token, path, step] = args.as_slice() else {
        return Err("usage: cross_language <url> <token> <state file> <step>".into());
    };
    let client = Sentc::new(
        SentcOptions::new(url, token),
        HttpTransport::new()?,
        MemoryStore::default(),
    );
    let state = read_state(path)?;
    match step.as_str() {
        "register" => {
            let identifier = format!("rust-{}", get(&state, "run")?);
            let user_id = client.register(&identifier, PASSWORD).await?;
            write_state(path, "rust.identifier", &identifier)?;
            write_state(path, "rust.user_id", &user_id)?;
        }
        "round1" => {
            let user = login(&client, get(&state, "rust.identifier")?).await?;
            let group = user
                .get_group(get(&state, "group")?, VerifyLevel::Chain)
                .await?;
            let from_python = group
                .decrypt_string_from(get(&state, "python.item")?, get(&state, "python.user_id")?)
                .await?;
            check("python's item", from_python.as_str(), "from python")?;
            write_state(
                path,
                "rust.item",
                &group.encrypt_string_signed("from rust")?,
            )?;
            let key = group.key_rotation(true).await?;
            write_state(path, "rotation.key", &key.to_string())?;
        }
        "round2" => {
            let user = login(&client, get(&state, "rust.identifier")?).await?;
            let group = user
                .get_group(get(&state, "group")?, VerifyLevel::Chain)
                .await?;
            for (who, text) in [("kotlin", "from kotlin"), ("js", "from javascript")] {
                let item = get(&state, &format!("{who}.item"))?;
                let signer = get(&state, &format!("{who}.user_id"))?;
                let plain = group.decrypt_string_from(item, signer).await?;
                check(&format!("{who}'s item"), plain.as_str(), text)?;
            }
        }
        other => return Err(format!("no step {other}").into()),
    }
    println!("rust: {step} done");
    Ok(())
}
