//! The failure paths: each gives its stable code, and a failed write leaves no rows behind.

mod common;

use std::collections::BTreeMap;

use common::{PASSWORD, TestEnv, code, login};
use sentc_core::ErrorCode;
use sentc_core::protocol::paths;
use sentc_core::protocol::user::{DoneLoginRequest, RefreshRequest, RegisterRequest};
use sentc_core::user::prepare_register;
use sentc_server::apps::{Access, Endpoint};

on_both_databases!(
    unknown_identifier_and_wrong_password_look_the_same,
    failed_logins_are_rate_limited,
    expired_jwt_is_refreshed_by_the_client,
    fresh_jwt_required_for_sensitive_operations,
    tokens_and_endpoint_options,
    malformed_and_oversized_bodies,
    oversized_bodies_are_answered_not_reset,
    replayed_refresh_token_revokes_the_device,
    jwt_checks,
    challenge_must_match,
    inconsistent_registrations_leave_nothing_behind,
    device_and_rotation_mistakes,
    unparsable_path_parameters_get_the_envelope,
);

/// Path parameters that do not parse (found by schemathesis: axum answered them in plain text).
async fn unparsable_path_parameters_get_the_envelope(env: TestEnv) {
    let (_, user) = env.user("path-user").await;
    let jwt = user.jwt().await.unwrap();
    for path in [
        "/api/v1/file/abc/part/not-a-number",
        "/api/v1/file/abc/part_fetch/-x",
        "/api/v1/group/%FF%FE/members",
        "/api/v1/user/%C3%28/public_key",
    ] {
        let (status, body) = env.raw_with("GET", path, &jwt, None, None).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(TestEnv::code_of(&body), ErrorCode::MalformedInput, "{path}");
    }
    let (status, body) = env
        .raw_with(
            "POST",
            "/api/v1/file/part/abc/0/maybe",
            &jwt,
            Some("x"),
            None,
        )
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&body)),
        (400, ErrorCode::MalformedInput)
    );
}

/// The `done_login` body for a password under the parameters `prepare_login` gives.
async fn done_login_body(env: &TestEnv, identifier: &str, password: &str) -> String {
    common::start_login(env, identifier, password).await.0
}

async fn unknown_identifier_and_wrong_password_look_the_same(env: TestEnv) {
    env.register("mallory").await;
    // prepare_login answers for unknown identifiers too, the same way every time.
    let ask = |id: &str| format!(r#"{{"user_identifier":"{id}"}}"#);
    let (_, first) = env
        .raw(
            "POST",
            "/api/v1/prepare_login",
            Some(&env.public_token),
            None,
            Some(&ask("nobody")),
        )
        .await;
    let (_, second) = env
        .raw(
            "POST",
            "/api/v1/prepare_login",
            Some(&env.public_token),
            None,
            Some(&ask("nobody")),
        )
        .await;
    let (_, real) = env
        .raw(
            "POST",
            "/api/v1/prepare_login",
            Some(&env.public_token),
            None,
            Some(&ask("mallory")),
        )
        .await;
    assert_eq!(first, second);
    assert_eq!(first.len(), real.len());

    let wrong_password = done_login_body(&env, "mallory", "wrong password").await;
    let unknown = done_login_body(&env, "nobody", PASSWORD).await;
    let (status_a, body_a) = env
        .raw(
            "POST",
            "/api/v1/done_login",
            Some(&env.public_token),
            None,
            Some(&wrong_password),
        )
        .await;
    let (status_b, body_b) = env
        .raw(
            "POST",
            "/api/v1/done_login",
            Some(&env.public_token),
            None,
            Some(&unknown),
        )
        .await;
    assert_eq!(status_a, status_b);
    assert_eq!(body_a, body_b);
    assert_eq!(TestEnv::code_of(&body_a), ErrorCode::LoginFailed);
    assert_eq!(
        code(env.client().login("nobody", PASSWORD).await),
        ErrorCode::LoginFailed
    );
}

async fn failed_logins_are_rate_limited(env: TestEnv) {
    env.register("nina").await;
    let wrong = done_login_body(&env, "nina", "wrong").await;
    for _ in 0..10 {
        let (_, body) = env
            .raw(
                "POST",
                "/api/v1/done_login",
                Some(&env.public_token),
                None,
                Some(&wrong),
            )
            .await;
        assert_eq!(TestEnv::code_of(&body), ErrorCode::LoginFailed);
    }
    // Now even the right password is refused, and unknown identifiers behave the same.
    let client = env.client();
    assert_eq!(
        code(client.login("nina", PASSWORD).await),
        ErrorCode::TooManyLoginAttempts
    );
    let (status, body) = env
        .raw(
            "POST",
            "/api/v1/done_login",
            Some(&env.public_token),
            None,
            Some(&wrong),
        )
        .await;
    assert_eq!(status, 429);
    assert_eq!(TestEnv::code_of(&body), ErrorCode::TooManyLoginAttempts);
    // After the window, login works again.
    env.advance_minutes(16);
    login(&client, "nina", PASSWORD).await;
}

async fn expired_jwt_is_refreshed_by_the_client(env: TestEnv) {
    let (_, user) = env.user("olga").await;
    let old = common::current_jwt(&user).await;
    env.advance_minutes(16);
    let (status, body) = env
        .raw(
            "GET",
            "/api/v1/user/devices",
            Some(&env.public_token),
            Some(&old),
            None,
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(TestEnv::code_of(&body), ErrorCode::JwtExpired);
    // The client's clock says the JWT is still valid; the server's answer makes it refresh.
    assert_eq!(user.devices(None).await.unwrap().len(), 1);
    assert_ne!(common::current_jwt(&user).await, old);

    // With a clock that is far ahead, the client refreshes before sending.
    fn later() -> i64 {
        i64::MAX / 4
    }
    let mut options = sentc_core::client::SentcOptions::new(&env.base_url, &env.public_token);
    options.clock = Some(later);
    let client = env.client_with(options);
    let user = login(&client, "olga", PASSWORD).await;
    let before = user.current_jwt().unwrap();
    assert_eq!(user.devices(None).await.unwrap().len(), 1);
    assert_ne!(user.current_jwt().unwrap(), before);
}

async fn fresh_jwt_required_for_sensitive_operations(env: TestEnv) {
    let (_, user) = env.user("pat").await;
    user.refresh().await.unwrap();
    assert_eq!(code(user.register_otp().await), ErrorCode::FreshJwtRequired);
    assert_eq!(
        code(user.revoke_all_sessions().await),
        ErrorCode::FreshJwtRequired
    );
    assert_eq!(
        code(user.change_password(PASSWORD, "x y z w").await),
        ErrorCode::FreshJwtRequired
    );
    let device = user.device_id().unwrap();
    assert_eq!(
        code(user.delete_device(&device).await),
        ErrorCode::FreshJwtRequired
    );
    // Logging in again gives a fresh JWT.
    user.reauthenticate(PASSWORD, None).await.unwrap();
    assert!(user.is_fresh().unwrap());
    user.register_otp().await.unwrap();
}

async fn tokens_and_endpoint_options(env: TestEnv) {
    let body = prepare_register("quinn", PASSWORD).unwrap();
    // Register needs the secret token by default.
    let (status, response) = env
        .raw(
            "POST",
            "/api/v1/register",
            Some(&env.public_token),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(TestEnv::code_of(&response), ErrorCode::SecretTokenRequired);
    assert_eq!(
        code(env.client().register("quinn", PASSWORD).await),
        ErrorCode::SecretTokenRequired
    );
    // So do the backend endpoints, whatever the app sets.
    let ask = r#"{"user_identifier":"quinn"}"#;
    for path in [
        "/api/v1/user/forced/disable_otp",
        "/api/v1/user/forced/sessions",
        "/api/v1/user/forced/delete",
    ] {
        let (_, response) = env
            .raw("DELETE", path, Some(&env.public_token), None, Some(ask))
            .await;
        assert_eq!(
            TestEnv::code_of(&response),
            ErrorCode::SecretTokenRequired,
            "{path}"
        );
    }
    // Missing and unknown tokens.
    let (status, response) = env
        .raw("POST", "/api/v1/register", None, None, Some(&body))
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (401, ErrorCode::AppTokenMissing)
    );
    let (_, response) = env
        .raw(
            "POST",
            "/api/v1/register",
            Some("sentc_pk_nope"),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(TestEnv::code_of(&response), ErrorCode::AppTokenInvalid);

    // An app may open registration to the public token and disable other endpoints.
    let options = BTreeMap::from([
        (Endpoint::Register, Access::Public),
        (Endpoint::Devices, Access::Disabled),
        (Endpoint::Forced, Access::Public),
    ]);
    let (_, public, _) = env.create_app(options).await;
    let client = env.client_with(sentc_core::client::SentcOptions::new(
        &env.base_url,
        &public,
    ));
    client.register("quinn", PASSWORD).await.unwrap();
    let user = login(&client, "quinn", PASSWORD).await;
    assert_eq!(code(user.devices(None).await), ErrorCode::EndpointDisabled);
    let (_, response) = env
        .raw(
            "DELETE",
            "/api/v1/user/forced/delete",
            Some(&public),
            None,
            Some(ask),
        )
        .await;
    assert_eq!(TestEnv::code_of(&response), ErrorCode::SecretTokenRequired);
    // Unknown routes and methods.
    let (status, response) = env.raw("GET", "/api/v1/nothing", None, None, None).await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (404, ErrorCode::RouteNotFound)
    );
    let (status, response) = env.raw("GET", "/api/v1/register", None, None, None).await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (405, ErrorCode::MethodNotAllowed)
    );
}

async fn malformed_and_oversized_bodies(env: TestEnv) {
    let token = Some(env.secret_token.as_str());
    let cases = [
        ("{", ErrorCode::InvalidJson),
        ("[]", ErrorCode::InvalidJson),
        (r#"{"user_identifier": 5}"#, ErrorCode::InvalidJson),
        (r#"{"device": {}, "user_keys": {}}"#, ErrorCode::InvalidJson),
        ("", ErrorCode::InvalidJson),
    ];
    for (body, expected) in cases {
        let (status, response) = env
            .raw("POST", "/api/v1/register", token, None, Some(body))
            .await;
        assert_eq!(TestEnv::code_of(&response), expected, "{body}");
        assert_eq!(status, 400);
    }
    let huge = format!(r#"{{"user_identifier":"{}"}}"#, "a".repeat(300 * 1024));
    let (status, response) = env
        .raw("POST", "/api/v1/prepare_login", token, None, Some(&huge))
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (413, ErrorCode::InputTooLarge)
    );
    let long = format!(r#"{{"user_identifier":"{}"}}"#, "a".repeat(201));
    let (_, response) = env
        .raw("POST", "/api/v1/prepare_login", token, None, Some(&long))
        .await;
    assert_eq!(TestEnv::code_of(&response), ErrorCode::InputTooLarge);
    let (_, response) = env
        .raw(
            "POST",
            "/api/v1/prepare_login",
            token,
            None,
            Some(r#"{"user_identifier":""}"#),
        )
        .await;
    assert_eq!(TestEnv::code_of(&response), ErrorCode::EmptyInput);

    // Per-route limits: 100 KiB is too much before a login (registration, login, refresh, a new
    // device's announcement), and within the limit of a logged-in user's JSON routes.
    let padded = format!(r#"{{"pad":"{}"}}"#, "a".repeat(100 * 1024));
    assert!(padded.len() > sentc_server::ANONYMOUS_BODY && padded.len() < sentc_server::MAX_BODY);
    for path in [
        "/api/v1/register",
        "/api/v1/done_login",
        "/api/v1/verify_login",
        "/api/v1/user/prepare_register_device",
    ] {
        let (status, response) = env.raw("POST", path, token, None, Some(&padded)).await;
        assert_eq!(
            (status, TestEnv::code_of(&response)),
            (413, ErrorCode::InputTooLarge),
            "{path}"
        );
    }
    let (_, user) = env.user("padded").await;
    let jwt = common::current_jwt(&user).await;
    let (status, response) = env
        .raw_with("PUT", paths::CHAIN_STATE, &jwt, Some(&padded), None)
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (400, ErrorCode::InvalidJson),
        "read in full, then refused for its content"
    );
}

async fn replayed_refresh_token_revokes_the_device(env: TestEnv) {
    let (_, user) = env.user("rita").await;
    let stolen = user.refresh_token().unwrap().to_string();
    user.refresh().await.unwrap();
    // The old token comes back: a thief, or a bug. Every session of the device ends.
    let body = serde_json::to_string(&RefreshRequest {
        refresh_token: stolen.into(),
    })
    .unwrap();
    let (status, response) = env
        .raw(
            "PUT",
            "/api/v1/refresh",
            Some(&env.public_token),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (401, ErrorCode::RefreshTokenReplayed)
    );
    assert_eq!(code(user.devices(None).await), ErrorCode::JwtInvalid);
    assert_eq!(code(user.refresh().await), ErrorCode::RefreshTokenInvalid);
    // Unknown tokens.
    let body = r#"{"refresh_token":"sentc_rt_unknown"}"#;
    let (_, response) = env
        .raw(
            "PUT",
            "/api/v1/refresh",
            Some(&env.public_token),
            None,
            Some(body),
        )
        .await;
    assert_eq!(TestEnv::code_of(&response), ErrorCode::RefreshTokenInvalid);
    // Expired tokens.
    let (_, user) = env.login("rita").await;
    env.advance_minutes(31 * 24 * 60);
    assert_eq!(code(user.refresh().await), ErrorCode::RefreshTokenInvalid);
}

async fn jwt_checks(env: TestEnv) {
    let (_, user) = env.user("sam").await;
    let jwt = common::current_jwt(&user).await;
    let devices = |token: Option<String>, app: String| {
        let env = &env;
        async move {
            let (status, body) = env
                .raw(
                    "GET",
                    "/api/v1/user/devices",
                    Some(&app),
                    token.as_deref(),
                    None,
                )
                .await;
            (status, TestEnv::code_of(&body))
        }
    };
    let public = env.public_token.clone();
    assert_eq!(
        devices(None, public.clone()).await,
        (401, ErrorCode::JwtMissing)
    );
    assert_eq!(
        devices(Some("garbage".into()), public.clone()).await.1,
        ErrorCode::JwtInvalid
    );
    let mut tampered = jwt.clone();
    tampered.pop();
    tampered.push(if jwt.ends_with('A') { 'B' } else { 'A' });
    assert_eq!(
        devices(Some(tampered), public.clone()).await.1,
        ErrorCode::JwtInvalid
    );
    // A JWT of one app is no good for another app.
    let (_, other_public, _) = env.create_app(BTreeMap::new()).await;
    assert_eq!(
        devices(Some(jwt.clone()), other_public).await.1,
        ErrorCode::JwtInvalid
    );
    // An app backend verifies sentc JWTs with the published JWKS.
    let (status, jwks) = env
        .raw(
            "GET",
            &format!("/api/v1/app/{}/jwks.json", env.app_id),
            None,
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(common::verify_with_jwks(&jwt, &jwks));
    assert!(!common::verify_with_jwks(&jwt.replace('.', ".x"), &jwks));
}

async fn challenge_must_match(env: TestEnv) {
    env.register("tina").await;
    let body = done_login_body(&env, "tina", PASSWORD).await;
    let (_, response) = env
        .raw(
            "POST",
            "/api/v1/done_login",
            Some(&env.public_token),
            None,
            Some(&body),
        )
        .await;
    assert!(response.contains("challenge"));
    let request: DoneLoginRequest = serde_json::from_str(&body).unwrap();
    let verify = serde_json::json!({
        "user_identifier": "tina",
        "auth_key": request.auth_key,
        "challenge": sentc_core::crypto::base64_encode(&[0u8; 32]),
    })
    .to_string();
    let (status, response) = env
        .raw(
            "POST",
            "/api/v1/verify_login",
            Some(&env.public_token),
            None,
            Some(&verify),
        )
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (401, ErrorCode::ChallengeFailed)
    );
}

async fn inconsistent_registrations_leave_nothing_behind(env: TestEnv) {
    let token = Some(env.secret_token.as_str());
    let good: RegisterRequest =
        serde_json::from_str(&prepare_register("uma", PASSWORD).unwrap()).unwrap();
    let other: RegisterRequest =
        serde_json::from_str(&prepare_register("other", PASSWORD).unwrap()).unwrap();

    let mut swapped_key = good.clone();
    swapped_key.device.public_key = other.device.public_key.clone();
    let mut foreign_user_keys = good.clone();
    foreign_user_keys.user_keys = other.user_keys.clone();
    let mut weak = good.clone();
    weak.device.password_params.m_cost = 1024;
    let mut swapped_signature = good.clone();
    swapped_signature.user_keys.public_key_signature = other.user_keys.public_key_signature.clone();
    let cases = [
        (swapped_key, ErrorCode::KeysInconsistent),
        (foreign_user_keys, ErrorCode::KeysInconsistent),
        (weak, ErrorCode::PasswordParamsOutOfRange),
        (swapped_signature, ErrorCode::KeysInconsistent),
    ];
    for (request, expected) in cases {
        let body = serde_json::to_string(&request).unwrap();
        let (_, response) = env
            .raw("POST", "/api/v1/register", token, None, Some(&body))
            .await;
        assert_eq!(TestEnv::code_of(&response), expected);
    }
    // The same body again under another identifier: the client-chosen user id is taken.
    let victor = prepare_register("victor", PASSWORD).unwrap();
    let (status, _) = env
        .raw("POST", "/api/v1/register", token, None, Some(&victor))
        .await;
    assert_eq!(status, 200);
    let mut copy: RegisterRequest = serde_json::from_str(&victor).unwrap();
    copy.device.device_identifier = "victor-copy".into();
    let body = serde_json::to_string(&copy).unwrap();
    let (_, response) = env
        .raw("POST", "/api/v1/register", token, None, Some(&body))
        .await;
    assert_eq!(TestEnv::code_of(&response), ErrorCode::UserIdTaken);
    // Victor's first generation replayed for another user id fails (its link signs victor's
    // id) after the user row was written: the transaction rolls back, nothing remains.
    copy.user_id = sentc_server::secrets::new_id().unwrap();
    let body = serde_json::to_string(&copy).unwrap();
    let (_, response) = env
        .raw("POST", "/api/v1/register", token, None, Some(&body))
        .await;
    assert_eq!(TestEnv::code_of(&response), ErrorCode::KeyChainInvalid);

    let count = |sql: &'static str| {
        let env = &env;
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .bind(&env.app_id)
                .fetch_one(&env.state.db.pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM users WHERE app_id = $1").await,
        1
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM devices WHERE app_id = $1").await,
        1
    );
}

async fn device_and_rotation_mistakes(env: TestEnv) {
    let (_, user) = env.user("wendy").await;
    // A made-up device token.
    let transfer = sentc_core::crypto::base64_encode(
        serde_json::json!({
            "device_id": "x",
            "token": "sentc_dt_forged",
            "public_key": user.public_key().unwrap(),
            "secret": sentc_core::crypto::base64_encode(&[1u8; 32]),
        })
        .to_string()
        .as_bytes(),
    );
    assert_eq!(
        code(user.register_device(&transfer).await),
        ErrorCode::DeviceTokenInvalid
    );
    // Finishing a rotation that does not exist.
    let jwt = common::current_jwt(&user).await;
    let body = serde_json::json!({"wrapped_key": user.newest_keys().unwrap().wrap_for(user.device_keys().unwrap().public_key()).unwrap()}).to_string();
    let path = format!(
        "/api/v1/user/key_rotation/{}",
        user.newest_keys().unwrap().id()
    );
    let (status, response) = env
        .raw(
            "PUT",
            &path,
            Some(&env.public_token),
            Some(&jwt),
            Some(&body),
        )
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (404, ErrorCode::KeyRotationNotFound)
    );
    // A rotation that does not build on the newest key.
    let stale = user.newest_keys().unwrap();
    let stale_state = user.chain_state().unwrap();
    user.key_rotation().await.unwrap();
    let (body, _, _) =
        sentc_core::user::prepare_key_rotation(&user.device_keys().unwrap(), &stale_state, &stale)
            .unwrap();
    let jwt = common::current_jwt(&user).await;
    let (status, response) = env
        .raw(
            "POST",
            "/api/v1/user/key_rotation",
            Some(&env.public_token),
            Some(&jwt),
            Some(&body),
        )
        .await;
    assert_eq!(
        (status, TestEnv::code_of(&response)),
        (409, ErrorCode::KeyNotNewest)
    );
}

/// A body over the limit gets the `413` envelope even while the client is still sending it: the
/// server reads (and drops) the rest before answering. It used to answer at once and close the
/// connection with the body unread, and the reset lost the answer now and then (a CI run failed
/// `malformed_and_oversized_bodies` with "IncompleteMessage").
async fn oversized_bodies_are_answered_not_reset(env: TestEnv) {
    let token = Some(env.secret_token.as_str());
    let huge = format!(r#"{{"user_identifier":"{}"}}"#, "a".repeat(900 * 1024));
    for _ in 0..20 {
        let (status, response) = env
            .raw("POST", "/api/v1/prepare_login", token, None, Some(&huge))
            .await;
        assert_eq!(
            (status, TestEnv::code_of(&response)),
            (413, ErrorCode::InputTooLarge)
        );
    }
}
