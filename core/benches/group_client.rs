//! Client side of groups: creating one (unsigned and signed) and finishing one key rotation.
//! Run: `cargo bench -p sentc-core --bench group_client`.

use criterion::{Criterion, criterion_group, criterion_main};
use sentc_core::crypto::{PrivateKey, SignKey, base64_encode};
use sentc_core::group::{
    finish_group_key_rotation, prepare_create_group, prepare_group_key_rotation,
};
use sentc_core::keys::{GroupKey, group_chain_anchor};
use sentc_core::protocol::group::{GroupKeyRotationRequest, GroupPendingRotation};

fn groups(c: &mut Criterion) {
    let member = PrivateKey::generate().unwrap();
    let signer = SignKey::generate().unwrap();
    c.bench_function("group create (prepare), unsigned", |b| {
        b.iter(|| prepare_create_group(member.public_key(), None).unwrap())
    });
    c.bench_function("group create (prepare), signed", |b| {
        b.iter(|| prepare_create_group(member.public_key(), Some(("user", &signer))).unwrap())
    });

    // A rotation started by someone else, as the server hands it to this member.
    let previous = GroupKey::generate().unwrap();
    let chain = group_chain_anchor("0123456789abcdef0123456789abcdef", &previous);
    let starter = ("user", &signer);
    let rotation =
        prepare_group_key_rotation(&chain, &previous, member.public_key(), starter).unwrap();
    let request: GroupKeyRotationRequest = serde_json::from_str(&rotation.body).unwrap();
    let mut key = request.key.clone();
    key.wrapped_key = request.new_key_by_ephemeral.clone();
    let pending = GroupPendingRotation {
        member_id: "member".into(),
        previous_key_id: previous.id(),
        encrypted_ephemeral: base64_encode(
            &member
                .public_key()
                .encrypt(request.ephemeral_by_previous.as_bytes())
                .unwrap(),
        ),
        key,
    };
    // Includes the check of the starter's signature and the previous generation's proof.
    c.bench_function("finish one group key rotation", |b| {
        b.iter(|| {
            finish_group_key_rotation(
                &chain,
                &pending,
                signer.verify_key(),
                &member,
                &previous,
                member.public_key(),
            )
            .unwrap()
        })
    });
    c.bench_function("start a group key rotation (prepare)", |b| {
        b.iter(|| {
            prepare_group_key_rotation(&chain, &previous, member.public_key(), starter).unwrap()
        })
    });
}

criterion_group!(benches, groups);
criterion_main!(benches);
