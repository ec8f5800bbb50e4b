//! The Flutter SDK's bridge against the real server, calling the functions Dart calls, over the
//! transport Dart hands over: the scenario every SDK runs (users, a group, signed data, key
//! rotation, lists and paging, invites and join requests, child and connected groups, symmetric
//! keys, files with progress, searchable and sortable, devices, password, TOTP, key trust, the
//! app's backend).

mod common;

use common::{PASSWORD, Server, code, log_in, totp, unique};
use sentc_flutter::api::backend::Backend;
use sentc_flutter::api::records::MemberType;

#[tokio::test]
async fn users_share_a_group_and_rotate_its_key() {
    let server = Server::start("group").await;
    let (_, alice, _) = server.user("alice").await;
    let (_, bob, _) = server.user("bob").await;
    let group_id = alice.create_group(true).await.unwrap();
    let group = alice.get_group(group_id.clone(), false).await.unwrap();
    group
        .invite_auto(bob.user_id().unwrap(), None)
        .await
        .unwrap();
    let bobs = bob.get_group(group_id.clone(), false).await.unwrap();

    // Signed text: Bob reads it and checks Alice signed it.
    let item = group.encrypt_string("hello bob".into(), true).unwrap();
    assert_eq!(bobs.decrypt_string(item.clone()).unwrap(), "hello bob");
    let alice_id = alice.user_id().unwrap();
    let verified = bobs.decrypt_string_verified(item, alice_id.clone()).await;
    assert_eq!(verified.unwrap(), "hello bob");
    // Bytes bound to a context: another context is refused.
    let bound = bobs
        .encrypt_with_context(b"data".to_vec(), b"note:1".to_vec(), false)
        .unwrap();
    let opened = group.decrypt_with_context(bound.clone(), b"note:1".to_vec(), None);
    assert_eq!(opened.await.unwrap(), b"data");
    let (number, _) = code(
        group
            .decrypt_with_context(bound, b"note:2".to_vec(), None)
            .await,
    );
    assert_eq!(number, 3001);

    // A rotation started by Alice, finished by Bob; old data stays readable.
    let old = group.encrypt(b"before".to_vec(), false).unwrap();
    let new_key = group.key_rotation(false).await.unwrap();
    // The server hands the new key to the members in the background: Bob finishes when it is
    // there.
    let mut bobs = bobs;
    for _ in 0..100 {
        if bobs.key_ids().unwrap().contains(&new_key) {
            break;
        }
        bobs.finish_key_rotation().await.unwrap();
        bobs = bob.get_group(group_id.clone(), false).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(bobs.newest_key_id().unwrap(), new_key);
    assert_eq!(bobs.key_ids().unwrap().len(), 2);
    assert_eq!(bobs.decrypt(old).unwrap(), b"before");
    let group = alice.get_group(group_id, false).await.unwrap();
    let after = bobs.encrypt_string("after".into(), false).unwrap();
    assert_eq!(group.decrypt_string(after).unwrap(), "after");

    // A kicked member reads nothing new.
    group.kick_user(bob.user_id().unwrap()).await.unwrap();
    let (number, _) = code(bob.get_group(group.group_id().unwrap(), false).await);
    assert_eq!(number, 6002);
}

#[tokio::test]
async fn lists_invites_join_requests_and_ranks() {
    let server = Server::start("lists").await;
    let (_, alice, _) = server.user("alice").await;
    let (_, bob, _) = server.user("bob").await;
    let (_, carol, _) = server.user("carol").await;
    let group = alice
        .get_group(alice.create_group(false).await.unwrap(), false)
        .await
        .unwrap();
    let group_id = group.group_id().unwrap();

    // An invite Bob accepts, one Carol rejects.
    group.invite(bob.user_id().unwrap(), Some(2)).await.unwrap();
    let invites = bob.get_group_invites(None).await.unwrap();
    assert_eq!(invites.len(), 1);
    assert_eq!(
        (invites[0].group_id.as_str(), invites[0].rank),
        (group_id.as_str(), 2)
    );
    assert_eq!(invites[0].user_type, MemberType::User);
    bob.accept_group_invite(group_id.clone()).await.unwrap();
    group.invite(carol.user_id().unwrap(), None).await.unwrap();
    carol.reject_group_invite(group_id.clone()).await.unwrap();
    assert!(carol.get_group_invites(None).await.unwrap().is_empty());

    // A join request Alice accepts.
    carol.group_join_request(group_id.clone()).await.unwrap();
    assert_eq!(carol.sent_join_req(None).await.unwrap().len(), 1);
    let requests = group.get_join_requests(None).await.unwrap();
    assert_eq!(requests[0].user_id, carol.user_id().unwrap());
    group
        .accept_join_request(carol.user_id().unwrap(), None, None)
        .await
        .unwrap();
    let members = group.get_member(None).await.unwrap();
    assert_eq!(members.len(), 3);
    // Paging: the page after the first member holds the other two.
    let rest = group.get_member(Some(members[0].clone())).await.unwrap();
    assert_eq!(rest, members[1..].to_vec());

    // Ranks: Bob (2) may not promote himself to admin; Alice makes Carol an admin.
    let bobs = bob.get_group(group_id.clone(), false).await.unwrap();
    assert_eq!(bobs.rank().unwrap(), 2);
    let refused = bobs.update_rank(bob.user_id().unwrap(), 1).await;
    assert_eq!(code(refused), (6004, "GroupRankInvalid".into()));
    group
        .update_rank(carol.user_id().unwrap(), 1)
        .await
        .unwrap();
    let groups = carol.get_groups(None).await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].group_id, group_id);

    // Bob leaves; Alice deletes the group.
    bobs.leave().await.unwrap();
    assert!(bob.get_groups(None).await.unwrap().is_empty());
    group.delete_group().await.unwrap();
    assert!(carol.get_groups(None).await.unwrap().is_empty());
}

#[tokio::test]
async fn child_and_connected_groups() {
    let server = Server::start("children").await;
    let (_, alice, _) = server.user("alice").await;
    let (_, bob, _) = server.user("bob").await;
    let parent = alice
        .get_group(alice.create_group(false).await.unwrap(), false)
        .await
        .unwrap();
    let child_id = parent.create_child_group(false).await.unwrap();
    let child = parent
        .get_child_group(child_id.clone(), false)
        .await
        .unwrap();
    assert_eq!(
        child.parent_group_id().unwrap(),
        Some(parent.group_id().unwrap())
    );
    assert_eq!(
        parent.get_children(None).await.unwrap()[0].group_id,
        child_id
    );
    // A member of the parent reaches the child through it.
    parent
        .invite_auto(bob.user_id().unwrap(), None)
        .await
        .unwrap();
    let bobs_parent = bob
        .get_group(parent.group_id().unwrap(), false)
        .await
        .unwrap();
    let bobs_child = bobs_parent.get_child_group(child_id, false).await.unwrap();
    let item = child.encrypt_string("for the child".into(), false).unwrap();
    assert_eq!(bobs_child.decrypt_string(item).unwrap(), "for the child");

    // A connected group: the parent is a member of it.
    let connected_id = parent.create_connected_group(false).await.unwrap();
    let connected = parent
        .get_connected_group(connected_id.clone(), false)
        .await
        .unwrap();
    assert!(connected.is_connected_group().unwrap());
    let listed = parent.get_groups(None).await.unwrap();
    assert_eq!(listed[0].group_id, connected_id);
    let item = connected.encrypt_string("connected".into(), false).unwrap();
    let bobs_connected = bobs_parent
        .get_connected_group(connected_id, false)
        .await
        .unwrap();
    assert_eq!(bobs_connected.decrypt_string(item).unwrap(), "connected");
}

#[tokio::test]
async fn data_for_a_user_signatures_and_sym_keys() {
    let server = Server::start("user-data").await;
    let (alice_client, alice, _) = server.user("alice").await;
    let (_, bob, _) = server.user("bob").await;
    let bob_id = bob.user_id().unwrap();
    let alice_id = alice.user_id().unwrap();

    let item = alice.encrypt_string("for bob".into(), bob_id.clone(), true);
    let item = item.await.unwrap();
    assert_eq!(bob.decrypt_string(item).unwrap(), "for bob");
    let bytes = alice.encrypt(b"bytes".to_vec(), bob_id.clone(), true).await;
    let verified = bob.decrypt_verified(bytes.unwrap(), alice_id.clone()).await;
    assert_eq!(verified.unwrap(), b"bytes");
    let signed = alice.sign(b"statement".to_vec()).unwrap();
    assert_eq!(
        bob.verify(alice_id.clone(), signed).await.unwrap(),
        b"statement"
    );
    // Both compute the same safety number.
    let theirs = bob.create_safety_number(alice_id.clone()).await.unwrap();
    assert_eq!(
        alice.create_safety_number(bob_id.clone()).await.unwrap(),
        theirs
    );

    // A registered key for Bob; Alice fetches it again by id.
    let key = alice.register_key(Some(bob_id.clone())).await.unwrap();
    let data = key.encrypt_string("with a sym key".into()).unwrap();
    let fetched = bob
        .fetch_key(key.key_id(), key.master_key_id())
        .await
        .unwrap();
    assert_eq!(fetched.decrypt_string(data).unwrap(), "with a sym key");
    // A key kept beside the data.
    let kept = alice.generate_non_registered_key(None).await.unwrap();
    let data = kept.key.encrypt(b"beside".to_vec()).unwrap();
    let opened = alice
        .get_non_registered_key(kept.key.master_key_id(), kept.encrypted_key.clone())
        .unwrap();
    assert_eq!(opened.decrypt(data).unwrap(), b"beside");
    alice.delete_key(key.key_id()).await.unwrap();
    let gone = bob.fetch_key(key.key_id(), key.master_key_id()).await;
    assert_eq!(code(gone), (6014, "SymKeyNotFound".into()));

    // Key lookups and trust: the lookups above pinned Bob's identity; his rotation extends it.
    let pinned = alice_client.pinned_identity(bob_id.clone()).await.unwrap();
    assert_eq!(pinned, Some(bob.newest_key_id().unwrap()));
    let public = alice_client
        .get_user_public_key(bob_id.clone())
        .await
        .unwrap();
    assert!(public.key.len() > 1000, "X-Wing: ML-KEM-768 + X25519");
    let bad = alice_client.get_user_verify_key(bob_id.clone(), "not a key id".into());
    assert_eq!(code(bad.await), (1002, "InvalidEncoding".into()));
    let new_key = bob.key_rotation().await.unwrap();
    let rotated = alice_client
        .get_user_public_key(bob_id.clone())
        .await
        .unwrap();
    assert_ne!(rotated.key_id, public.key_id);
    let pinned = alice_client.pinned_identity(bob_id.clone()).await.unwrap();
    assert_eq!(pinned, Some(new_key));
    alice_client
        .accept_identity_change(bob_id.clone())
        .await
        .unwrap();
    assert_eq!(alice_client.pinned_identity(bob_id).await.unwrap(), None);
}

#[tokio::test]
async fn searchable_and_sortable() {
    let server = Server::start("search").await;
    let (_, alice, _) = server.user("alice").await;
    let group = alice
        .get_group(alice.create_group(false).await.unwrap(), false)
        .await
        .unwrap();
    let item = group
        .create_search("hello world".into(), false, None)
        .unwrap();
    assert_eq!(item.key_id, group.newest_key_id().unwrap());
    assert!(item.hashes.contains(&group.search("hello".into()).unwrap()));
    let full = group.create_search_raw("hello".into(), true, None).unwrap();
    assert_eq!(full, vec![group.search("hello".into()).unwrap()]);
    let limited = group.create_search_raw("hello".into(), false, Some(2));
    assert_eq!(limited.unwrap().len(), 2);
    assert_eq!(group.search_all("x".into()).unwrap().len(), 1);
    let (a, b) = (
        group.encrypt_sortable_raw_number(10).unwrap(),
        group.encrypt_sortable_raw_number(20).unwrap(),
    );
    assert!(a < b);
    let (a, b) = (
        group.encrypt_sortable_raw_string("apple".into()).unwrap(),
        group.encrypt_sortable_raw_string("banana".into()).unwrap(),
    );
    assert!(a < b);
    let sortable = group.encrypt_sortable_number(5).unwrap();
    assert_eq!(sortable.key_id, group.newest_key_id().unwrap());
}

#[tokio::test]
async fn devices_password_and_otp() {
    let server = Server::start("devices").await;
    let (client, alice, identifier) = server.user("alice").await;
    let device = format!("phone-{}", unique());
    let transfer = server
        .client()
        .register_device_start(device.clone(), "device password".into())
        .await
        .unwrap();
    alice.register_device(transfer).await.unwrap();
    let phone = log_in(&server.client(), &device, "device password").await;
    assert_eq!(phone.user_id().unwrap(), alice.user_id().unwrap());
    let mut devices: Vec<String> = (alice.get_devices(None).await.unwrap().into_iter())
        .map(|d| d.device_identifier)
        .collect();
    devices.sort();
    let mut expected = vec![identifier.clone(), device];
    expected.sort();
    assert_eq!(devices, expected);
    alice
        .delete_device(PASSWORD.into(), phone.device_id().unwrap(), None, false)
        .await
        .unwrap();
    assert_eq!(alice.get_devices(None).await.unwrap().len(), 1);

    alice
        .change_password(PASSWORD.into(), "a new password".into(), None, false)
        .await
        .unwrap();
    let old = client.login(identifier.clone(), PASSWORD.into()).await;
    assert_eq!(code(old).1, "LoginFailed");
    let alice = log_in(&client, &identifier, "a new password").await;

    // TOTP on: the login needs a code, a wrong one is refused, a recovery code works once.
    let register = alice
        .register_otp(
            "sentc test".into(),
            identifier.clone(),
            "a new password".into(),
            None,
            false,
        )
        .await
        .unwrap();
    assert!(register.url.starts_with("otpauth://totp/sentc%20test:"));
    assert_eq!(register.recover.len(), 6);
    assert!(alice.enabled_mfa().unwrap());
    let secret = register.url.split("secret=").nth(1).unwrap();
    let secret = secret.split('&').next().unwrap().to_owned();
    let step = client
        .login(identifier.clone(), "a new password".into())
        .await
        .unwrap();
    let step = step.mfa.unwrap();
    let wrong = if totp(&secret, 0) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let refused = client.mfa_login(wrong.into(), &step).await;
    assert_eq!(code(refused).1, "OtpInvalid");
    let alice = client.mfa_login(totp(&secret, 0), &step).await.unwrap();
    let codes = alice
        .get_otp_recover_keys(
            "a new password".into(),
            Some(register.recover[0].clone()),
            true,
        )
        .await
        .unwrap();
    assert_eq!(codes, register.recover[1..].to_vec());
    let again = client
        .login(identifier.clone(), "a new password".into())
        .await
        .unwrap();
    let alice = client
        .mfa_recovery_login(codes[0].clone(), &again.mfa.unwrap())
        .await
        .unwrap();
    alice
        .disable_otp("a new password".into(), Some(codes[1].clone()), true)
        .await
        .unwrap();
    assert!(!alice.enabled_mfa().unwrap());
    log_in(&client, &identifier, "a new password").await;
}

#[tokio::test]
async fn the_backend_registers_and_manages_users_with_the_secret_token() {
    let server = Server::start("backend").await;
    let backend = Backend::new(server.url(), server.secret(), common::dart_transport());
    let client = server.client();
    let identifier = format!("backend-{}", unique());
    let available = backend.check_user_identifier_available(identifier.clone());
    assert!(available.await.unwrap());
    let body = client
        .prepare_register(identifier.clone(), PASSWORD.into())
        .unwrap();
    assert!(!body.contains(PASSWORD));
    let user_id = backend.register(body).await.unwrap();
    let taken = client
        .prepare_register(identifier.clone(), "x".into())
        .unwrap();
    assert_eq!(code(backend.register(taken).await).1, "IdentifierTaken");
    let me = log_in(&client, &identifier, PASSWORD).await;
    assert_eq!(me.user_id().unwrap(), user_id);

    let group_id = backend
        .create_group(user_id.clone(), me.prepare_group_create(false).unwrap())
        .await
        .unwrap();
    let group = me.get_group(group_id.clone(), false).await.unwrap();
    let child_id = backend
        .create_child_group(
            user_id.clone(),
            group_id,
            group.prepare_create_child_group(false).unwrap(),
        )
        .await
        .unwrap();
    let child = group.get_child_group(child_id.clone(), false).await;
    assert_eq!(
        child.unwrap().parent_group_id().unwrap(),
        group.group_id().ok()
    );
    backend.delete_group(child_id).await.unwrap();
    assert!(group.get_children(None).await.unwrap().is_empty());

    backend.revoke_sessions(identifier.clone()).await.unwrap();
    assert_eq!(code(me.get_groups(None).await), (5004, "JwtInvalid".into()));
    // A forgotten password: new keys made on the device, the backend resets.
    let reset = client
        .prepare_reset_user(user_id.clone(), identifier.clone(), "a new password".into())
        .unwrap();
    backend.reset_user(reset).await.unwrap();
    let pinned = client
        .login(identifier.clone(), "a new password".into())
        .await;
    assert_eq!(code(pinned).1, "PasswordParamsChanged");
    client.unpin_identifier(identifier.clone()).await.unwrap();
    let fresh = log_in(&client, &identifier, "a new password").await;
    assert_ne!(fresh.newest_key_id().unwrap(), me.newest_key_id().unwrap());
    backend.delete_user(identifier.clone()).await.unwrap();
    let other = server.client();
    let gone = other
        .login(identifier.clone(), "a new password".into())
        .await;
    assert_eq!(code(gone).1, "LoginFailed");
    let public = Backend::new(server.url(), server.token(), common::dart_transport());
    let refused = public.delete_user(identifier).await;
    assert_eq!(code(refused).1, "SecretTokenRequired");
}
