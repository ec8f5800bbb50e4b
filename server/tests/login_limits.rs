//! Guessing passwords and one-time codes: concurrent attempts cannot pass the per-identifier
//! limit, a client address is limited across identifiers (behind trusted proxies by its
//! forwarded address), a one-time code logs in once however many logins race with it, and a
//! login challenge is answered once, in time, by its own device.

mod common;

use std::sync::Arc;

use common::{PASSWORD, TestEnv, start_login};
use sentc_core::ErrorCode;
use sentc_core::protocol::paths;
use sentc_core::user::{LoginState, done_login};
use sentc_server::extract::IpRange;
use sentc_server::totp;

on_both_databases!(
    concurrent_wrong_passwords_stay_within_the_limit,
    failures_are_limited_per_client_address,
    one_time_codes_log_in_once,
    login_challenges_are_single_use_timed_and_per_device
);

/// Sends `body` to `path` `count` times at once; returns each answer's status and code.
async fn burst(
    env: &Arc<TestEnv>,
    path: &'static str,
    body: &str,
    count: usize,
) -> Vec<(u16, Option<ErrorCode>)> {
    let tasks = (0..count)
        .map(|_| {
            let env = env.clone();
            let body = body.to_string();
            tokio::spawn(async move {
                let (status, response) = env
                    .raw("POST", path, Some(&env.public_token), None, Some(&body))
                    .await;
                let code = (status != 200).then(|| TestEnv::code_of(&response));
                (status, code)
            })
        })
        .collect::<Vec<_>>();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

fn count_of(answers: &[(u16, Option<ErrorCode>)], code: Option<ErrorCode>) -> usize {
    answers.iter().filter(|(_, got)| *got == code).count()
}

async fn concurrent_wrong_passwords_stay_within_the_limit(env: TestEnv) {
    env.register("victim").await;
    let (wrong, _) = start_login(&env, "victim", "a wrong guess").await;
    let env = Arc::new(env);
    let answers = burst(&env, paths::DONE_LOGIN, &wrong, 30).await;
    // Exactly the limit of guesses was checked; the rest were refused before checking.
    assert_eq!(
        count_of(&answers, Some(ErrorCode::LoginFailed)),
        10,
        "{answers:?}"
    );
    assert_eq!(
        count_of(&answers, Some(ErrorCode::TooManyLoginAttempts)),
        20
    );
    let (right, _) = start_login(&env, "victim", PASSWORD).await;
    let answers = burst(&env, paths::DONE_LOGIN, &right, 1).await;
    assert_eq!(answers, vec![(429, Some(ErrorCode::TooManyLoginAttempts))]);
}

/// A `done_login` from a client behind a proxy that forwards for `client`.
async fn done_login_from(env: &TestEnv, body: &str, client: &str) -> Option<ErrorCode> {
    let response = env
        .http
        .post(format!("{}{}", env.base_url, paths::DONE_LOGIN))
        .header("x-sentc-app-token", &env.public_token)
        .header("x-forwarded-for", client)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let ok = response.status().is_success();
    let text = response.text().await.unwrap();
    (!ok).then(|| TestEnv::code_of(&text))
}

async fn failures_are_limited_per_client_address(env: TestEnv) {
    let proxied = env
        .with_settings(|settings| {
            settings.max_login_failures_per_address = 5;
            settings.trusted_proxies = vec!["127.0.0.0/8".parse::<IpRange>().unwrap()];
        })
        .await;
    proxied.register("real").await;
    let (right, _) = start_login(&proxied, "real", PASSWORD).await;
    let client = "203.0.113.5";
    // Four wrong guesses at four identifiers, then good logins: those do not count.
    for i in 0..4 {
        let (wrong, _) = start_login(&proxied, &format!("guess{i}"), "x").await;
        assert_eq!(
            done_login_from(&proxied, &wrong, client).await,
            Some(ErrorCode::LoginFailed)
        );
    }
    for _ in 0..3 {
        assert_eq!(done_login_from(&proxied, &right, client).await, None);
    }
    let (fifth, _) = start_login(&proxied, "guess4", "x").await;
    assert_eq!(
        done_login_from(&proxied, &fifth, client).await,
        Some(ErrorCode::LoginFailed)
    );
    // The address is at its limit, whichever identifier it tries next.
    let (sixth, _) = start_login(&proxied, "guess5", "x").await;
    assert_eq!(
        done_login_from(&proxied, &sixth, client).await,
        Some(ErrorCode::TooManyLoginAttempts)
    );
    // Another client behind the same proxy is not affected.
    assert_eq!(
        done_login_from(&proxied, &sixth, "203.0.113.6").await,
        Some(ErrorCode::LoginFailed)
    );

    // Without trusted proxies the header is the client's own word and is ignored: varying it
    // does not escape the limit.
    let direct = env
        .with_settings(|settings| settings.max_login_failures_per_address = 5)
        .await;
    for i in 0..5 {
        let (wrong, _) = start_login(&direct, &format!("guess{i}"), "x").await;
        let spoofed = format!("198.51.100.{i}");
        assert_eq!(
            done_login_from(&direct, &wrong, &spoofed).await,
            Some(ErrorCode::LoginFailed)
        );
    }
    let (wrong, _) = start_login(&direct, "guess9", "x").await;
    assert_eq!(
        done_login_from(&direct, &wrong, "198.51.100.99").await,
        Some(ErrorCode::TooManyLoginAttempts)
    );
}

async fn one_time_codes_log_in_once(env: TestEnv) {
    let (_, user) = env.user("otto").await;
    let otp = user.register_otp().await.unwrap();
    let secret = totp::base32_decode(otp.secret.expose()).unwrap();
    let env = Arc::new(env);
    let (_, secrets) = start_login(&env, "otto", PASSWORD).await;

    // Eight logins race with one recovery code: one gets in.
    let recovery = otp.recovery_codes[0].expose();
    let body = secrets.prepare_validate_mfa(recovery, true).unwrap();
    let answers = burst(&env, paths::VALIDATE_MFA, &body, 8).await;
    assert_eq!(count_of(&answers, None), 1, "{answers:?}");
    assert_eq!(count_of(&answers, Some(ErrorCode::OtpInvalid)), 7);
    let left = user.otp_recovery_codes().await.unwrap();
    assert_eq!(left.len(), 5);
    assert!(!left.iter().any(|code| code.expose() == recovery));

    // And with one time-based code (after the failure window, so the limit does not interfere).
    env.advance_minutes(16);
    let now = sentc_server::clock::Clock::now_ms(&env.clock);
    let token = totp::code(&secret, totp::step(now));
    let body = secrets.prepare_validate_mfa(&token, false).unwrap();
    let answers = burst(&env, paths::VALIDATE_MFA, &body, 8).await;
    assert_eq!(count_of(&answers, None), 1, "{answers:?}");
    assert_eq!(count_of(&answers, Some(ErrorCode::OtpInvalid)), 7);
}

/// The `done_login` answer for a login, and the `verify_login` body that answers its
/// challenge.
async fn challenge_answer(env: &TestEnv, identifier: &str) -> serde_json::Value {
    let (body, secrets) = start_login(env, identifier, PASSWORD).await;
    let (status, response) = env
        .raw(
            "POST",
            paths::DONE_LOGIN,
            Some(&env.public_token),
            None,
            Some(&body),
        )
        .await;
    assert_eq!(status, 200, "{response}");
    let LoginState::Challenge(pending) = done_login(&secrets, &response).unwrap() else {
        panic!("no challenge");
    };
    serde_json::from_str(pending.verify_body()).unwrap()
}

async fn verify(env: &TestEnv, answer: &serde_json::Value) -> Option<ErrorCode> {
    let (status, response) = env
        .raw(
            "POST",
            paths::VERIFY_LOGIN,
            Some(&env.public_token),
            None,
            Some(&answer.to_string()),
        )
        .await;
    (status != 200).then(|| TestEnv::code_of(&response))
}

async fn login_challenges_are_single_use_timed_and_per_device(env: TestEnv) {
    let (client, user) = env.user("cleo").await;
    let transfer = client
        .register_device_start("cleo-phone", PASSWORD)
        .await
        .unwrap();
    user.register_device(&transfer).await.unwrap();

    // Answered once; the same answer again fails.
    let answer = challenge_answer(&env, "cleo").await;
    assert_eq!(verify(&env, &answer).await, None);
    assert_eq!(
        verify(&env, &answer).await,
        Some(ErrorCode::ChallengeFailed)
    );

    // Answered too late.
    let late = challenge_answer(&env, "cleo").await;
    env.advance_minutes(3);
    assert_eq!(verify(&env, &late).await, Some(ErrorCode::ChallengeFailed));

    // One device's challenge, answered with the other device's password proof.
    let laptops = challenge_answer(&env, "cleo").await;
    let phones = challenge_answer(&env, "cleo-phone").await;
    let mut crossed = phones.clone();
    crossed["challenge"] = laptops["challenge"].clone();
    assert_eq!(
        verify(&env, &crossed).await,
        Some(ErrorCode::ChallengeFailed)
    );
    // Each device's own answer still works (the crossed attempt used nothing up).
    assert_eq!(verify(&env, &laptops).await, None);
    assert_eq!(verify(&env, &phones).await, None);
}
