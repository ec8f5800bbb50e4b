//! The Flutter SDK's participant in the cross-language scenario (bindings-uniffi/tests/
//! cross_language.py runs it beside a Rust, a Kotlin, a Python and a JavaScript user on one
//! server): the functions Dart calls, through the bridge crate's API. Each run is one step; the
//! users share what they made through a state file of `key=value` lines:
//!
//! ```sh
//! cargo run -p sentc-flutter --features native-http --example cross_language_dart -- \
//!   <server url> <public token> <state file> <step>
//! ```
//!
//! Steps: `register`; `round1` (after the Rust user started a group key rotation: decrypts the
//! Python and Rust items and checks their signers, finishes the rotation, encrypts its own item
//! with the new key).

use std::collections::BTreeMap;
use std::io::Write;

use sentc_flutter::api::client::{SentcClient, SentcOptions};
use sentc_flutter::api::host::{SentcStore, SentcTransport};
use sentc_flutter::api::user::User;

type Error = Box<dyn std::error::Error + Send + Sync>;

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

fn get(state: &BTreeMap<String, String>, key: &str) -> Result<String, Error> {
    state
        .get(key)
        .cloned()
        .ok_or_else(|| format!("the state has no {key}").into())
}

async fn login(client: &SentcClient, identifier: String) -> Result<User, Error> {
    let result = client.login(identifier, PASSWORD.into()).await?;
    result.user.ok_or_else(|| "unexpected second factor".into())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, token, path, step] = args.as_slice() else {
        return Err("usage: cross_language <url> <token> <state file> <step>".into());
    };
    let options = SentcOptions {
        base_url: url.clone(),
        app_token: token.clone(),
        store_prefix: None,
    };
    let client = SentcClient::new(options, SentcTransport::native()?, SentcStore::memory());
    let state = read_state(path)?;
    match step.as_str() {
        "register" => {
            let identifier = format!("dart-{}", get(&state, "run")?);
            let user_id = client.register(identifier.clone(), PASSWORD.into()).await?;
            write_state(path, "dart.identifier", &identifier)?;
            write_state(path, "dart.user_id", &user_id)?;
        }
        "round1" => {
            let user = login(&client, get(&state, "dart.identifier")?).await?;
            let group_id = get(&state, "group")?;
            let rotated = get(&state, "rotation.key")?;
            let mut group = user.get_group(group_id.clone(), false).await?;
            for _ in 0..100 {
                if group.key_ids()?.contains(&rotated) {
                    break;
                }
                group.finish_key_rotation().await?;
                group = user.get_group(group_id.clone(), false).await?;
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            if group.newest_key_id()? != rotated {
                return Err("the rotation did not arrive".into());
            }
            for (who, text) in [("python", "from python"), ("rust", "from rust")] {
                let item = get(&state, &format!("{who}.item"))?;
                let signer = get(&state, &format!("{who}.user_id"))?;
                let plain = group.decrypt_string_verified(item, signer).await?;
                if plain != text {
                    return Err(format!("{who}'s item: got {plain:?}").into());
                }
            }
            let item = group.encrypt_string("from dart".into(), true)?;
            write_state(path, "dart.item", &item)?;
        }
        other => return Err(format!("no step {other}").into()),
    }
    println!("dart: {step} done");
    Ok(())
}
