//! Every user flow end to end: the real client against the real server and database.

mod common;

use common::{PASSWORD, TestEnv, code, login};
use sentc_core::ErrorCode;
use sentc_core::client::LoginOutcome;
use sentc_server::totp;

on_both_databases!(
    register_login_and_restore,
    refresh_rotates_tokens,
    second_device_and_key_rotation,
    rotation_catches_up_after_two_rotations,
    change_and_reset_password,
    update_identifier,
    public_key_lookup_and_safety_number,
    mfa_with_totp_and_recovery_codes,
    logout_and_revoke_sessions,
    delete_device_and_user,
    two_logins_of_one_device_at_once,
    sym_keys_for_a_user,
);

/// Two tabs log in to the same device at once: each login has its own challenge.
async fn two_logins_of_one_device_at_once(env: TestEnv) {
    use sentc_core::user::{LoginState, done_login, done_verify_login, prepare_login};
    env.register("twin").await;
    let token = Some(env.public_token.as_str());
    let ask = r#"{"user_identifier":"twin"}"#;
    let (_, params) = env
        .raw("POST", "/api/v1/prepare_login", token, None, Some(ask))
        .await;
    let mut pending = Vec::new();
    for _ in 0..2 {
        let (body, secrets) = prepare_login("twin", PASSWORD, &params).unwrap();
        let (_, response) = env
            .raw("POST", "/api/v1/done_login", token, None, Some(&body))
            .await;
        let LoginState::Challenge(login) = done_login(&secrets, &response).unwrap() else {
            panic!("no MFA here");
        };
        pending.push(login);
    }
    for login in pending {
        let body = login.verify_body().to_string();
        let (_, response) = env
            .raw("POST", "/api/v1/verify_login", token, None, Some(&body))
            .await;
        let session = done_verify_login(*login, "twin", &response, Default::default()).unwrap();
        assert_eq!(session.user_keys.len(), 1);
    }
}

async fn register_login_and_restore(env: TestEnv) {
    let registered = env.register("alice").await;
    let (client, user) = env.login("alice").await;
    assert_eq!(user.user_id().unwrap(), registered.user_id);
    assert_eq!(user.device_id().unwrap(), registered.device_id);
    assert!(user.is_fresh().unwrap());

    // The keys work: data encrypted for the user decrypts.
    let keys = user.newest_keys().unwrap();
    let item = keys.symmetric().encrypt(b"hello").unwrap();

    // A reload restores the user from the store.
    let restored = client.get_actual_user().await.unwrap().unwrap();
    assert_eq!(restored.user_id().unwrap(), registered.user_id);
    assert_eq!(
        restored
            .newest_keys()
            .unwrap()
            .symmetric()
            .decrypt(&item)
            .unwrap(),
        b"hello"
    );
    assert_eq!(restored.devices(None).await.unwrap().len(), 1);

    // An identifier can be registered once.
    let body = sentc_core::user::prepare_register("alice", PASSWORD).unwrap();
    let (status, response) = env
        .raw(
            "POST",
            "/api/v1/register",
            Some(&env.secret_token),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(TestEnv::code_of(&response), ErrorCode::IdentifierTaken);
}

async fn refresh_rotates_tokens(env: TestEnv) {
    let (_, user) = env.user("bob").await;
    let first = common::current_jwt(&user).await;
    user.refresh().await.unwrap();
    let second = common::current_jwt(&user).await;
    assert_ne!(first, second);
    // A refreshed JWT is not fresh.
    assert!(!user.is_fresh().unwrap());
    assert_eq!(user.devices(None).await.unwrap().len(), 1);
}

async fn second_device_and_key_rotation(env: TestEnv) {
    let (_, laptop) = env.user("carol").await;
    let before = laptop
        .newest_keys()
        .unwrap()
        .symmetric()
        .encrypt(b"before")
        .unwrap();

    // The new device announces itself, the laptop finishes, the phone logs in.
    let phone_client = env.client();
    let transfer = phone_client
        .register_device_start("carol-phone", "phone password")
        .await
        .unwrap();
    laptop.register_device(&transfer).await.unwrap();
    let phone = login(&phone_client, "carol-phone", "phone password").await;
    assert_eq!(phone.user_id().unwrap(), laptop.user_id().unwrap());
    assert_eq!(laptop.devices(None).await.unwrap().len(), 2);

    // The phone holds the same user keys.
    let old_key = phone.newest_keys().unwrap();
    assert_eq!(old_key.symmetric().decrypt(&before).unwrap(), b"before");

    // Rotate on the laptop; the phone finishes; both read old and new data.
    let new_id = laptop.key_rotation().await.unwrap();
    let after = laptop
        .newest_keys()
        .unwrap()
        .symmetric()
        .encrypt(b"after")
        .unwrap();
    assert_eq!(phone.finish_key_rotations().await.unwrap(), 1);
    assert_eq!(phone.newest_keys().unwrap().id(), new_id);
    for user in [&laptop, &phone] {
        assert_eq!(
            user.keys(old_key.id())
                .unwrap()
                .symmetric()
                .decrypt(&before)
                .unwrap(),
            b"before"
        );
        assert_eq!(
            user.newest_keys()
                .unwrap()
                .symmetric()
                .decrypt(&after)
                .unwrap(),
            b"after"
        );
    }
    // The new public key is what others now see.
    let seen = env
        .client()
        .get_user_public_key(&laptop.user_id().unwrap())
        .await
        .unwrap();
    assert_eq!(seen.id(), laptop.newest_keys().unwrap().public_key().id());
    // Nothing left to finish.
    assert_eq!(phone.finish_key_rotations().await.unwrap(), 0);
}

async fn rotation_catches_up_after_two_rotations(env: TestEnv) {
    let (_, desk) = env.user("dave").await;
    let phone_client = env.client();
    let transfer = phone_client
        .register_device_start("dave-phone", PASSWORD)
        .await
        .unwrap();
    desk.register_device(&transfer).await.unwrap();
    let phone = login(&phone_client, "dave-phone", PASSWORD).await;

    let mut items = vec![
        desk.newest_keys()
            .unwrap()
            .symmetric()
            .encrypt(b"gen 0")
            .unwrap(),
    ];
    for generation in 1..=2 {
        desk.key_rotation().await.unwrap();
        let text = format!("gen {generation}");
        items.push(
            desk.newest_keys()
                .unwrap()
                .symmetric()
                .encrypt(text.as_bytes())
                .unwrap(),
        );
    }
    // The phone was offline for both rotations.
    assert_eq!(phone.finish_key_rotations().await.unwrap(), 2);
    assert_eq!(phone.all_keys().unwrap().len(), 3);
    for (generation, item) in items.iter().enumerate() {
        let header = sentc_core::crypto::Header::parse(item).unwrap();
        let plaintext = phone
            .keys(header.key_id)
            .unwrap()
            .symmetric()
            .decrypt(item)
            .unwrap();
        assert_eq!(plaintext, format!("gen {generation}").as_bytes());
    }
    // A device registered after the rotations gets every generation.
    let tablet_client = env.client();
    let transfer = tablet_client
        .register_device_start("dave-tablet", PASSWORD)
        .await
        .unwrap();
    phone.register_device(&transfer).await.unwrap();
    let tablet = login(&tablet_client, "dave-tablet", PASSWORD).await;
    assert_eq!(tablet.all_keys().unwrap().len(), 3);
}

async fn change_and_reset_password(env: TestEnv) {
    let (client, user) = env.user("erin").await;
    user.change_password(PASSWORD, "new password")
        .await
        .unwrap();
    assert_eq!(
        code(client.login("erin", PASSWORD).await),
        ErrorCode::LoginFailed
    );
    let user = login(&client, "erin", "new password").await;
    let keys_before = user.newest_keys().unwrap().id();

    // Wrong old password.
    assert_eq!(
        code(user.change_password("wrong", "x y z").await),
        ErrorCode::LoginFailed
    );

    // Forgot the password but still logged in here.
    user.reset_password("third password").await.unwrap();
    let user = login(&client, "erin", "third password").await;
    assert_eq!(user.newest_keys().unwrap().id(), keys_before);
}

async fn update_identifier(env: TestEnv) {
    env.register("taken").await;
    let (client, user) = env.user("frank").await;
    user.update_identifier("frank2").await.unwrap();
    assert_eq!(user.identifier().unwrap(), "frank2");
    login(&client, "frank2", PASSWORD).await;
    assert_eq!(
        code(client.login("frank", PASSWORD).await),
        ErrorCode::LoginFailed
    );
    assert_eq!(
        code(user.update_identifier("taken").await),
        ErrorCode::IdentifierTaken
    );
    assert_eq!(
        code(user.update_identifier(" spaced").await),
        ErrorCode::MalformedInput
    );
}

async fn public_key_lookup_and_safety_number(env: TestEnv) {
    let (_, grace) = env.user("grace").await;
    let (_, heidi) = env.user("heidi").await;
    let heidi_id = heidi.user_id().unwrap();

    // Grace encrypts to Heidi's public key; Heidi decrypts.
    let public = env.client().get_user_public_key(&heidi_id).await.unwrap();
    let item = public.encrypt(b"for heidi").unwrap();
    assert_eq!(
        heidi
            .newest_keys()
            .unwrap()
            .private_key()
            .decrypt(&item)
            .unwrap(),
        b"for heidi"
    );
    // Both compute the same safety number.
    let from_grace = grace.safety_number(&heidi_id).await.unwrap();
    let from_heidi = heidi
        .safety_number(&grace.user_id().unwrap())
        .await
        .unwrap();
    assert_eq!(from_grace, from_heidi);
    assert_eq!(
        code(env.client().get_user_public_key("0000").await),
        ErrorCode::UserNotFound
    );

    // Grace signs; Heidi checks it came from Grace, and not from Heidi herself.
    let signed = grace.sign(b"signed by grace").unwrap();
    assert_eq!(
        heidi
            .verify(&grace.user_id().unwrap(), &signed)
            .await
            .unwrap(),
        b"signed by grace"
    );
    assert_eq!(
        code(heidi.verify(&heidi_id, &signed).await),
        ErrorCode::UserKeyNotFound
    );
    let mut forged = signed.clone();
    forged.extend_from_slice(b"!");
    assert_eq!(
        code(heidi.verify(&grace.user_id().unwrap(), &forged).await),
        ErrorCode::SignatureInvalid
    );
}

async fn mfa_with_totp_and_recovery_codes(env: TestEnv) {
    let (client, user) = env.user("ivan").await;
    assert!(!user.mfa().unwrap());
    let otp = user.register_otp().await.unwrap();
    assert!(
        user.mfa().unwrap(),
        "sentc's user_data.mfa follows this device's change"
    );
    assert_eq!(otp.recovery_codes.len(), 6);
    assert_eq!(
        code(user.register_otp().await),
        ErrorCode::OtpAlreadyEnabled
    );
    let secret = totp::base32_decode(otp.secret.expose()).unwrap();
    let now = || sentc_server::clock::Clock::now_ms(&env.clock);

    // Login now asks for the second factor.
    let LoginOutcome::Mfa(mfa) = client.login("ivan", PASSWORD).await.unwrap() else {
        panic!("expected an MFA request");
    };
    assert_eq!(
        code(client.mfa_login(&mfa, "000000", false).await),
        ErrorCode::OtpInvalid
    );
    // A wrong code can be corrected without entering the password again.
    let token = totp::code(&secret, totp::step(now()));
    let user = client.mfa_login(&mfa, &token, false).await.unwrap();
    assert_eq!(user.identifier().unwrap(), "ivan");
    assert!(
        user.mfa().unwrap(),
        "the login says the user has a second factor"
    );
    let restored = client.get_actual_user().await.unwrap().unwrap();
    assert!(restored.mfa().unwrap(), "kept with the session");

    // The same code cannot be used twice.
    let LoginOutcome::Mfa(mfa) = client.login("ivan", PASSWORD).await.unwrap() else {
        panic!("expected an MFA request");
    };
    assert_eq!(
        code(client.mfa_login(&mfa, &token, false).await),
        ErrorCode::OtpInvalid
    );

    // A recovery code works once.
    let recovery = otp.recovery_codes[0].expose().to_string();
    let LoginOutcome::Mfa(mfa) = client.login("ivan", PASSWORD).await.unwrap() else {
        panic!("expected an MFA request");
    };
    let user = client.mfa_login(&mfa, &recovery, true).await.unwrap();
    let left = user.otp_recovery_codes().await.unwrap();
    assert_eq!(left.len(), 5);
    assert!(!left.iter().any(|code| code.expose() == recovery));

    // Reset gives a new secret; disable turns MFA off.
    let reset = user.reset_otp().await.unwrap();
    assert_ne!(reset.secret.expose(), otp.secret.expose());
    user.disable_otp().await.unwrap();
    assert!(!user.mfa().unwrap());
    assert_eq!(code(user.disable_otp().await), ErrorCode::OtpNotEnabled);
    assert!(!login(&client, "ivan", PASSWORD).await.mfa().unwrap());
}

async fn logout_and_revoke_sessions(env: TestEnv) {
    let (_, user) = env.user("judy").await;
    let jwt = common::current_jwt(&user).await;
    user.logout().await.unwrap();
    let (status, body) = env
        .raw(
            "GET",
            "/api/v1/user/devices",
            Some(&env.public_token),
            Some(&jwt),
            None,
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(TestEnv::code_of(&body), ErrorCode::JwtInvalid);
    assert_eq!(code(user.refresh().await), ErrorCode::RefreshTokenInvalid);

    // Revoking every session ends the other device's sessions too.
    let (_, first) = env.login("judy").await;
    let (_, second) = env.login("judy").await;
    first.revoke_all_sessions().await.unwrap();
    assert_eq!(code(second.devices(None).await), ErrorCode::JwtInvalid);
}

async fn delete_device_and_user(env: TestEnv) {
    let (_, main) = env.user("kim").await;
    let other_client = env.client();
    let transfer = other_client
        .register_device_start("kim-2", PASSWORD)
        .await
        .unwrap();
    main.register_device(&transfer).await.unwrap();
    let other = login(&other_client, "kim-2", PASSWORD).await;
    let own_device = main.device_id().unwrap();
    let held = other.newest_keys().unwrap().id();

    main.delete_device(&other.device_id().unwrap())
        .await
        .unwrap();
    assert_eq!(main.devices(None).await.unwrap().len(), 1);
    assert_eq!(code(other.devices(None).await), ErrorCode::JwtInvalid);
    // The user keys rotated: the removed device holds none of the new generation.
    let newest = main.newest_keys().unwrap().id();
    assert_ne!(newest, held);
    assert_eq!(main.all_keys().unwrap().len(), 2);
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM device_keys WHERE key_id = $1",
            &newest.to_hex()
        )
        .await,
        1
    );
    assert_eq!(
        code(main.delete_device(&own_device).await),
        ErrorCode::LastDevice
    );

    // A device that deletes itself is logged out on its side (its sessions end with it), and
    // does not fail on the key rotation it can no longer make.
    let third_client = env.client();
    let transfer = third_client
        .register_device_start("kim-3", PASSWORD)
        .await
        .unwrap();
    main.register_device(&transfer).await.unwrap();
    let third = login(&third_client, "kim-3", PASSWORD).await;
    assert!(third_client.get_actual_user().await.unwrap().is_some());
    third
        .delete_device(&third.device_id().unwrap())
        .await
        .unwrap();
    assert!(third_client.get_actual_user().await.unwrap().is_none());
    assert_eq!(main.devices(None).await.unwrap().len(), 1);
    assert_eq!(
        code(main.delete_device("unknown").await),
        ErrorCode::DeviceNotFound
    );

    // User delete needs the secret token by default; an app can open it to the front end.
    assert_eq!(code(main.delete().await), ErrorCode::SecretTokenRequired);
    let options = std::collections::BTreeMap::from([(
        sentc_server::apps::Endpoint::UserDelete,
        sentc_server::apps::Access::Public,
    )]);
    let (_, public, secret) = env.create_app(options).await;
    let body = sentc_core::user::prepare_register("lee", PASSWORD).unwrap();
    env.raw("POST", "/api/v1/register", Some(&secret), None, Some(&body))
        .await;
    let client = env.client_with(sentc_core::client::SentcOptions::new(
        &env.base_url,
        &public,
    ));
    let lee = login(&client, "lee", PASSWORD).await;
    lee.delete().await.unwrap();
    assert_eq!(
        code(client.login("lee", PASSWORD).await),
        ErrorCode::LoginFailed
    );
    assert!(client.get_actual_user().await.unwrap().is_none());
}

/// A key made for another user (sentc's `user.registerKey(replyId)`): wrapped for their public
/// key, opened only by them, still open after they rotate their keys.
async fn sym_keys_for_a_user(env: TestEnv) {
    let (_, ivan) = env.user("ivan").await;
    let (_, judy) = env.user("judy").await;
    let judy_id = judy.user_id().unwrap();

    let (registered, _) = ivan.register_key_for(&judy_id).await.unwrap();
    let fetched = judy.fetch_key(registered.id()).await.unwrap();
    let item = registered.encrypt(b"for judy").unwrap();
    assert_eq!(fetched.decrypt(&item).unwrap(), b"for judy");
    // Wrapped for Judy's key: Ivan cannot open what he registered.
    assert_eq!(
        code(ivan.fetch_key(registered.id()).await),
        ErrorCode::KeyRequired
    );

    let (key, wrapped) = ivan.generate_key_for(&judy_id).await.unwrap();
    assert_eq!(judy.open_key(&wrapped).unwrap().id(), key.id());
    assert_eq!(code(ivan.open_key(&wrapped)), ErrorCode::KeyRequired);

    // Judy rotates: keys wrapped for her earlier generation still open.
    judy.key_rotation().await.unwrap();
    judy.finish_key_rotations().await.unwrap();
    assert_eq!(judy.open_key(&wrapped).unwrap().id(), key.id());
    assert_eq!(
        judy.fetch_key(registered.id()).await.unwrap().id(),
        registered.id()
    );

    // Only the creator deletes.
    assert_eq!(
        code(judy.delete_key(registered.id()).await),
        ErrorCode::SymKeyNotFound
    );
    ivan.delete_key(registered.id()).await.unwrap();
    assert_eq!(
        code(judy.fetch_key(registered.id()).await),
        ErrorCode::SymKeyNotFound
    );
    assert_eq!(
        code(ivan.generate_key_for("0000").await),
        ErrorCode::UserNotFound
    );
}
