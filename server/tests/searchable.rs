//! Searchable hashes and sortable numbers with real groups and users (docs/searchable.md): the
//! real client against the real server, through key rotations.

mod common;

use common::{TestEnv, TestGroup, code, group_of, group_with};
use sentc_core::ErrorCode;
use sentc_core::crypto::KeyId;
use sentc_core::keys::SearchableKeys;

on_both_databases!(
    members_share_hashes_and_numbers,
    hashes_of_every_generation_are_found_after_two_rotations,
    a_users_own_hashes_follow_its_rotation,
);

async fn members_share_hashes_and_numbers(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let group = group_with(&alice, &[&bob]).await;
    let bobs = group_of(&bob, &group.id().unwrap()).await;

    let stored = group
        .create_search("invoice 2026-11", false, Some(7))
        .unwrap();
    assert_eq!(stored.hashes.len(), 7);
    assert_eq!(stored.key_id, newest(&group).to_string());
    assert!(stored.hashes.contains(&bobs.search("invoice").unwrap()));
    assert!(
        !stored.hashes.contains(&bobs.search("invoice ").unwrap()),
        "8 characters: past the limit"
    );
    let full = bobs
        .create_search_raw("invoice 2026-11", true, None)
        .unwrap();
    assert_eq!(full, vec![group.search("invoice 2026-11").unwrap()]);

    let numbers: Vec<u64> = [5, 1_700_000_000, 1_700_000_060]
        .iter()
        .map(|n| group.encrypt_sortable_raw_number(*n).unwrap())
        .collect();
    assert!(numbers.windows(2).all(|pair| pair[0] < pair[1]));
    assert_eq!(bobs.encrypt_sortable_raw_number(5).unwrap(), numbers[0]);
    let item = bobs.encrypt_sortable_string("Zürich").unwrap();
    assert_eq!(
        item.number,
        group.encrypt_sortable_raw_string("Zürich").unwrap()
    );
    assert_eq!(item.key_id, stored.key_id);

    assert_eq!(
        code(group.create_search_raw("", false, None)),
        ErrorCode::EmptyInput
    );
    assert_eq!(
        code(group.create_search_raw("abc", false, Some(0))),
        ErrorCode::MalformedInput
    );
    assert_eq!(
        code(group.encrypt_sortable_raw_number(1 << 48)),
        ErrorCode::OutOfDomain
    );
    assert_eq!(
        code(group.encrypt_sortable_raw_string("")),
        ErrorCode::EmptyInput
    );
}

/// Values hashed under each of three generations (before, between and after two rotations
/// started by different members) are all found by `search_all`, for random values; plain
/// `search` finds only the newest generation's.
async fn hashes_of_every_generation_are_found_after_two_rotations(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let (_, bob) = env.user("bob").await;
    let group = group_with(&alice, &[&bob]).await;
    let group_id = group.id().unwrap();
    let mut values = RandomValues(0x5eed);
    let mut stored: Vec<(String, Vec<String>)> = Vec::new();
    let mut hash_some = |holder: &TestGroup, stored: &mut Vec<(String, Vec<String>)>| {
        for _ in 0..12 {
            let value = values.next();
            stored.push((
                value.clone(),
                holder.create_search_raw(&value, false, None).unwrap(),
            ));
        }
    };

    hash_some(&group, &mut stored);
    group.key_rotation(false).await.unwrap();
    env.wait_for_rotations().await;
    let bobs = group_of(&bob, &group_id).await;
    hash_some(&bobs, &mut stored);
    bobs.key_rotation(true).await.unwrap();
    env.wait_for_rotations().await;
    let group = group_of(&alice, &group_id).await;
    hash_some(&group, &mut stored);
    let bobs = group_of(&bob, &group_id).await;
    assert_eq!(bobs.keys().unwrap().all().len(), 3);

    for (generation, (value, hashes)) in stored.iter().enumerate() {
        let prefix: String = value.chars().take(3).collect();
        let found = bobs.search_all(&prefix).unwrap();
        assert_eq!(found.len(), 3, "one hash per generation");
        assert!(
            found.iter().any(|hash| hashes.contains(hash)),
            "value {generation} ({value:?}) found"
        );
        // Plain search uses the newest generation only: the last twelve values.
        let newest = hashes.contains(&bobs.search(&prefix).unwrap());
        assert_eq!(newest, generation >= 24, "value {generation}");
    }
}

async fn a_users_own_hashes_follow_its_rotation(env: TestEnv) {
    let (_, alice) = env.user("alice").await;
    let before = alice.create_search("my diary", false, None).unwrap();
    let sortable = alice.encrypt_sortable_number(20_261_202).unwrap();
    alice.key_rotation().await.unwrap();
    let after = alice.search("my").unwrap();
    assert!(
        !before.hashes.contains(&after),
        "the new generation hashes differently"
    );
    let all = alice.search_all("my").unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0], after, "newest first");
    assert!(before.hashes.contains(&all[1]));
    assert_ne!(
        alice.encrypt_sortable_number(20_261_202).unwrap().key_id,
        sortable.key_id
    );
}

fn newest(group: &TestGroup) -> KeyId {
    group.keys().unwrap().newest().unwrap().id()
}

/// Random values from a fixed seed (SplitMix64): words of 3 to 12 characters, some not ASCII.
struct RandomValues(u64);

impl RandomValues {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn next(&mut self) -> String {
        const LETTERS: &[char] = &['a', 'b', 'k', 'z', 'é', 'ß', 'Я', '東', '1', ' '];
        let length = 3 + self.next_u64() % 10;
        (0..length)
            .map(|_| LETTERS[(self.next_u64() % LETTERS.len() as u64) as usize])
            .collect()
    }
}
