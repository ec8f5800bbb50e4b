//! Encrypted notes that the app's backend can search and sort without reading them. Run it with
//!
//! ```sh
//! cargo run --example encrypted_notes
//! ```
//!
//! Alice and Bob share a sentc group. Alice writes notes; each is stored in the app's own
//! SQLite database (not sentc's) as ciphertext, with the searchable hashes of its words' prefixes
//! and the sortable number of its date. Bob asks the backend for "notes with a word starting
//! with X, newest first": the backend compares hashes and orders by the numbers, and Bob decrypts
//! what it returns. The backend never holds a key; the example checks that its database file
//! contains none of the notes' words. After a key rotation Bob still finds old notes
//! (`search_all`), and the client re-encrypts the old notes' dates under the new key, because
//! sortable numbers only compare within one key generation (docs/searchable.md).

use std::collections::BTreeSet;
use std::time::Duration;

use sentc_core::group::VerifyLevel;
use sentc_core::keys::SearchableKeys;
use sentc_examples::{AppUser, Error, Playground, check, step};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use sqlx::{Row, query};

/// The group of the client side.
type Group =
    sentc_core::client::Group<sentc_core::client::HttpTransport, sentc_core::client::MemoryStore>;

/// How many leading characters of each word are searchable.
const PREFIX_LIMIT: usize = 10;

/// What the backend stores for a note: nothing in it is plaintext.
struct StoredNote {
    ciphertext: String,
    date_order: u64,
    date_key: String,
    hashes: Vec<String>,
}

/// The app's backend: its own SQLite database of notes (table `items`: no table name may be a
/// word of a note, or the plaintext check below would find it), their hashes and date numbers.
struct NotesBackend {
    pool: SqlitePool,
}

impl NotesBackend {
    async fn open(path: &std::path::Path) -> Result<Self, Error> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true);
        let pool = SqlitePool::connect_with(options).await?;
        query(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, ciphertext TEXT NOT NULL, \
             date_order INTEGER NOT NULL, date_key TEXT NOT NULL)",
        )
        .execute(&pool)
        .await?;
        query("CREATE INDEX items_by_date ON items (date_order)")
            .execute(&pool)
            .await?;
        query("CREATE TABLE item_hashes (item_id INTEGER NOT NULL, hash TEXT NOT NULL)")
            .execute(&pool)
            .await?;
        query("CREATE INDEX item_hashes_by_hash ON item_hashes (hash)")
            .execute(&pool)
            .await?;
        Ok(Self { pool })
    }

    /// Stores a note with its hashes, in one transaction.
    async fn store(&self, note: &StoredNote) -> Result<i64, Error> {
        let mut tx = self.pool.begin().await?;
        let id: i64 = query(
            "INSERT INTO items (ciphertext, date_order, date_key) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(&note.ciphertext)
        .bind(i64::try_from(note.date_order)?)
        .bind(&note.date_key)
        .fetch_one(&mut *tx)
        .await?
        .get(0);
        for hash in &note.hashes {
            query("INSERT INTO item_hashes (item_id, hash) VALUES (?, ?)")
                .bind(id)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The notes with any of `hashes`, newest first: SQL on hashes and numbers only.
    async fn find(&self, hashes: &[String]) -> Result<Vec<String>, Error> {
        let marks = vec!["?"; hashes.len()].join(", ");
        let sql = format!(
            "SELECT DISTINCT n.id, n.ciphertext, n.date_order FROM items n \
             JOIN item_hashes h ON h.item_id = n.id WHERE h.hash IN ({marks}) \
             ORDER BY n.date_order DESC"
        );
        // Only placeholders are formatted in: the hashes are bound.
        let mut found = query(sqlx::AssertSqlSafe(sql));
        for hash in hashes {
            found = found.bind(hash);
        }
        let rows = found.fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|row| row.get::<String, _>(1)).collect())
    }

    /// The notes whose date number was made with another key than `key_id`.
    async fn dated_by_other_keys(&self, key_id: &str) -> Result<Vec<(i64, String)>, Error> {
        let rows = query("SELECT id, ciphertext FROM items WHERE date_key <> ?")
            .bind(key_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
    }

    async fn set_date(&self, id: i64, date_order: u64, date_key: &str) -> Result<(), Error> {
        query("UPDATE items SET date_order = ?, date_key = ? WHERE id = ?")
            .bind(i64::try_from(date_order)?)
            .bind(date_key)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// A note as the clients see it: `date` in seconds since 1970, the text.
fn note_text(date: u64, text: &str) -> String {
    format!("{date}|{text}")
}

fn parse_note(plain: &str) -> Result<(u64, String), Error> {
    let (date, text) = plain.split_once('|').ok_or("a note without a date")?;
    Ok((date.parse()?, text.to_string()))
}

/// The words of a note, lowercased by the client (the hashes are of exact bytes: the app
/// decides what "the same word" means).
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Client side: encrypts a note for the backend.
fn prepare_note(group: &Group, date: u64, text: &str) -> Result<StoredNote, Error> {
    let mut hashes = BTreeSet::new();
    for word in words(text) {
        hashes.extend(group.create_search_raw(&word, false, Some(PREFIX_LIMIT))?);
    }
    let date_order = group.encrypt_sortable_number(date)?;
    Ok(StoredNote {
        ciphertext: group.encrypt_string(&note_text(date, text))?,
        date_order: date_order.number,
        date_key: date_order.key_id,
        hashes: hashes.into_iter().collect(),
    })
}

/// Client side: asks the backend for notes with a word starting with `prefix`, newest first.
async fn search(backend: &NotesBackend, group: &Group, prefix: &str) -> Result<Vec<String>, Error> {
    let hashes = group.search_all(&prefix.to_lowercase())?;
    let mut notes = Vec::new();
    for ciphertext in backend.find(&hashes).await? {
        notes.push(parse_note(&group.decrypt_string(&ciphertext)?)?.1);
    }
    Ok(notes)
}

const NOTES: &[(u64, &str)] = &[
    (1_764_000_000, "Meeting with the auditors on Monday"),
    (1_764_300_000, "Buy milk, bread and coffee"),
    (1_763_500_000, "Meetup talk: encrypted search"),
    (1_764_600_000, "Quarterly meeting notes: budget approved"),
    (1_762_000_000, "Coffee with Maria"),
];

#[tokio::main]
async fn main() -> Result<(), Error> {
    let playground = Playground::start("encrypted-notes").await?;
    let alice = playground.user("alice", "alice's long password").await?;
    let bob = playground.user("bob", "bob's long password").await?;
    let (alices, bobs) = shared_group(&alice, &bob).await?;
    let database = playground.dir.join("notes.db");
    let backend = NotesBackend::open(&database).await?;
    step("sentc on SQLite, alice and bob in a group, the notes backend's own SQLite database");

    for (date, text) in NOTES {
        backend.store(&prepare_note(&alices, *date, text)?).await?;
    }
    step(&format!(
        "alice stored {} notes: ciphertext, prefix hashes of their words, date numbers",
        NOTES.len()
    ));

    let found = search(&backend, &bobs, "MEET").await?;
    check(
        "notes with a word starting with \"meet\", newest first",
        found,
        expected("meet"),
    )?;
    step("bob: \"meet\" finds the three meeting notes, newest first, ordered by the backend");
    check(
        "coffee",
        search(&backend, &bobs, "coffee").await?,
        expected("coffee"),
    )?;

    // The database and its write-ahead log, as they are on disk.
    let mut stored = std::fs::read(&database)?;
    stored.extend(std::fs::read(playground.dir.join("notes.db-wal")).unwrap_or_default());
    for (_, text) in NOTES {
        for word in words(text).iter().filter(|word| word.len() > 3) {
            check(
                &format!("the backend's database holds \"{word}\""),
                contains(&stored, word.as_bytes()),
                false,
            )?;
        }
    }
    step("the backend's database holds no word of any note");

    alices.key_rotation(true).await?;
    finish_rotation(&bobs).await?;
    backend
        .store(&prepare_note(
            &bobs,
            1_764_900_000,
            "Meeting moved to Friday",
        )?)
        .await?;
    // Dates encrypted under the old key do not compare with new ones: the client re-encrypts them.
    let newest = bobs.sortable_key()?.id().to_string();
    for (id, ciphertext) in backend.dated_by_other_keys(&newest).await? {
        let (date, _) = parse_note(&bobs.decrypt_string(&ciphertext)?)?;
        backend
            .set_date(id, bobs.encrypt_sortable_raw_number(date)?, &newest)
            .await?;
    }
    let found = search(&backend, &alices, "meet").await?;
    let mut want = vec!["Meeting moved to Friday".to_string()];
    want.extend(expected("meet"));
    check("after the rotation", found, want)?;
    step(
        "after a key rotation: old and new notes found (search_all), dates re-encrypted, still newest first",
    );

    playground.stop();
    step("done");
    Ok(())
}

async fn shared_group(alice: &AppUser, bob: &AppUser) -> Result<(Group, Group), Error> {
    let group_id = alice.create_group(true).await?;
    let alices = alice.get_group(&group_id, VerifyLevel::Chain).await?;
    alices.invite_auto(&bob.user_id()?, None).await?;
    let bobs = bob.get_group(&group_id, VerifyLevel::Chain).await?;
    Ok((alices, bobs))
}

async fn finish_rotation(group: &Group) -> Result<(), Error> {
    for _ in 0..100 {
        if group.finish_key_rotations().await? > 0 {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err("the rotation did not reach bob".into())
}

/// The texts of the notes with a word starting with `prefix`, newest first (in plaintext, to
/// check the backend's answer).
fn expected(prefix: &str) -> Vec<String> {
    let mut notes: Vec<&(u64, &str)> = NOTES
        .iter()
        .filter(|(_, text)| words(text).iter().any(|word| word.starts_with(prefix)))
        .collect();
    notes.sort_by_key(|note| std::cmp::Reverse(note.0));
    notes.iter().map(|(_, text)| text.to_string()).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
