//! Login: prepare (password parameters) → derive → done (auth key; device keys and a
//! challenge, or an MFA request) → verify (decrypted challenge; session and user keys).

use std::fmt;

use crate::crypto::{
    AuthKey, PasswordParams, SymmetricKey, base64_decode, base64_encode, derive_password_keys,
    json_to_string,
};
use crate::error::{Error, ErrorCode, Result};
use crate::keys::{ChainState, DeviceKeys, KeySet, verify_user_chain};
use crate::protocol::SecretText;
use crate::protocol::envelope::parse_response;
use crate::protocol::user::{
    DoneLoginRequest, DoneLoginResponse, LoginResponse, OnboardingRecord, PrepareLoginResponse,
    ValidateMfaRequest, VerifyLoginRequest,
};

use super::device::open_onboarding;
use super::identifier::prepare_identifier;
use super::session::UserSession;

/// The largest challenge item accepted from a server.
const MAX_CHALLENGE_LEN: usize = 4096;

/// The body of `POST /api/v1/prepare_login`.
pub fn prepare_login_start(identifier: &str) -> Result<String> {
    prepare_identifier(identifier)
}

/// Reads the password parameters from the answer to `prepare_login`, to check them against
/// what this device saw before ([`check_password_params`]) before deriving anything.
pub fn done_prepare_login(server_output: &str) -> Result<PasswordParams> {
    let response: PrepareLoginResponse = parse_response(server_output)?;
    response.password_params.validate()?;
    Ok(response.password_params)
}

/// Checks the password parameters a server offers against those this device saw last for the
/// identifier (its pin): the same salt and no weaker cost. A server that lowers the cost or
/// swaps the salt would get an auth key it can attack offline far more cheaply, or one derived
/// for another account; `3105 PasswordParamsChanged`. A device without a pin (its first login
/// here) accepts what it is offered.
pub fn check_password_params(
    pinned: Option<&PasswordParams>,
    offered: &PasswordParams,
) -> Result<()> {
    let Some(pinned) = pinned else {
        return Ok(());
    };
    let same_salt = bool::from(subtle::ConstantTimeEq::ct_eq(
        pinned.salt.as_bytes(),
        offered.salt.as_bytes(),
    ));
    let no_weaker = offered.alg == pinned.alg
        && offered.m_cost >= pinned.m_cost
        && offered.t_cost >= pinned.t_cost
        && offered.p_cost >= pinned.p_cost;
    if same_salt && no_weaker {
        Ok(())
    } else {
        Err(Error::new(ErrorCode::PasswordParamsChanged))
    }
}

/// What a login keeps between its steps: the keys derived from the password. Secret.
pub struct LoginSecrets {
    identifier: String,
    master_key_encryption_key: SymmetricKey,
    auth_key: AuthKey,
}

impl LoginSecrets {
    /// The identifier being logged in.
    pub fn identifier(&self) -> &str {
        &self.identifier
    }

    /// The auth key (base64), as sent to the server.
    pub(crate) fn auth_key_base64(&self) -> SecretText {
        SecretText::from(self.auth_key.to_base64())
    }

    /// The body of `POST /api/v1/validate_mfa` with a one-time password or a recovery code.
    pub fn prepare_validate_mfa(&self, token: &str, recovery: bool) -> Result<String> {
        if token.is_empty() || token.len() > 64 {
            return Err(Error::with_detail(
                ErrorCode::MalformedInput,
                "one-time password",
            ));
        }
        json_to_string(&ValidateMfaRequest {
            user_identifier: self.identifier.clone(),
            auth_key: self.auth_key_base64(),
            token: SecretText::new(token),
            recovery,
        })
    }
}

impl fmt::Debug for LoginSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginSecrets")
            .field("identifier", &self.identifier)
            .finish_non_exhaustive()
    }
}

/// Derives the password keys under the parameters from `prepare_login`'s response; returns
/// the body of `POST /api/v1/done_login` and the secrets for the next steps.
pub fn prepare_login(
    identifier: &str,
    password: &str,
    server_output: &str,
) -> Result<(String, LoginSecrets)> {
    let response: PrepareLoginResponse = parse_response(server_output)?;
    let keys = derive_password_keys(password, &response.password_params)?;
    let secrets = LoginSecrets {
        identifier: identifier.to_string(),
        master_key_encryption_key: keys.master_key_encryption_key,
        auth_key: keys.auth_key,
    };
    let body = json_to_string(&DoneLoginRequest {
        user_identifier: identifier.to_string(),
        auth_key: secrets.auth_key_base64(),
    })?;
    Ok((body, secrets))
}

/// Where a login stands after `done_login` or `validate_mfa`.
#[derive(Debug)]
pub enum LoginState {
    /// The user has multi-factor authentication: send a one-time password with
    /// [`LoginSecrets::prepare_validate_mfa`] and read the answer with [`done_login`] again.
    Mfa,
    /// The password was right: answer the challenge.
    Challenge(Box<PendingLogin>),
}

/// A login waiting for its challenge answer.
pub struct PendingLogin {
    device: DeviceKeys,
    verify_body: String,
    /// The chain state the device sealed last, as the server keeps it.
    sealed_chain: Option<String>,
    /// For a device added by another: the adding device's onboarding record.
    onboarding: Option<OnboardingRecord>,
}

impl PendingLogin {
    /// The body of `POST /api/v1/verify_login`.
    pub fn verify_body(&self) -> &str {
        &self.verify_body
    }
}

impl fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingLogin").finish_non_exhaustive()
    }
}

/// Reads the response of `done_login` or `validate_mfa`: opens the device keys with the
/// password-derived key and decrypts the challenge with the device private key.
pub fn done_login(secrets: &LoginSecrets, server_output: &str) -> Result<LoginState> {
    let (device_data, challenge) = match parse_response(server_output)? {
        DoneLoginResponse::Mfa => return Ok(LoginState::Mfa),
        DoneLoginResponse::Keys { device, challenge } => (device, challenge),
    };
    let device = DeviceKeys::open(&device_data, &secrets.master_key_encryption_key)?;
    let challenge = device
        .private_key()
        .decrypt(&base64_decode(&challenge, MAX_CHALLENGE_LEN)?)
        .map_err(|err| Error::with_detail(ErrorCode::ChallengeFailed, err.to_string()))?;
    let verify_body = json_to_string(&VerifyLoginRequest {
        user_identifier: secrets.identifier.clone(),
        auth_key: secrets.auth_key_base64(),
        challenge: SecretText::new(base64_encode(&challenge)),
    })?;
    Ok(LoginState::Challenge(Box::new(PendingLogin {
        device,
        verify_body,
        sealed_chain: device_data.chain_state.clone(),
        onboarding: device_data.onboarding.clone(),
    })))
}

/// What a device knows of its user's key chain before a login, besides what it sealed on the
/// server: the state pinned in its store, and for a device added by another whose first login
/// this is, the one-time secret of its transfer (base64), which authenticates the adding
/// device's onboarding record.
#[derive(Default, Clone, Copy)]
pub struct KnownChain<'a> {
    /// The state pinned in the device's store.
    pub pinned: Option<&'a ChainState>,
    /// The transfer's one-time secret.
    pub onboarding_secret: Option<&'a str>,
}

/// Reads the response of `verify_login`: the session, with the user's key chain verified
/// against what the device knows — the state it sealed on the server, and `known` (see
/// [`verify_user_chain`]) — and every generation opened and checked.
pub fn done_verify_login(
    pending: PendingLogin,
    identifier: &str,
    server_output: &str,
    known: KnownChain<'_>,
) -> Result<UserSession> {
    let response: LoginResponse = parse_response(server_output)?;
    let sealed = pending
        .sealed_chain
        .as_deref()
        .map(|sealed| {
            ChainState::open_sealed(sealed, pending.device.master_key(), &response.user_id)
        })
        .transpose()?;
    let onboarded = known
        .onboarding_secret
        .map(|secret| open_onboarding(pending.onboarding.as_ref(), secret))
        .transpose()?;
    let known: Vec<&ChainState> = sealed
        .iter()
        .chain(known.pinned)
        .chain(onboarded.iter())
        .collect();
    let chain = verify_user_chain(&response.user_id, &response.user_keys, &known)?;
    let user_keys = response
        .user_keys
        .iter()
        .map(|data| KeySet::open(data, pending.device.private_key()))
        .collect::<Result<Vec<_>>>()?;
    let chain_sealed = sealed.as_ref() == Some(&chain);
    Ok(UserSession {
        user_id: response.user_id,
        device_id: response.device_id,
        identifier: identifier.to_string(),
        jwt: response.jwt,
        refresh_token: response.refresh_token.into(),
        device: pending.device,
        user_keys,
        chain,
        chain_sealed,
        mfa: response.mfa,
    })
}

#[cfg(test)]
mod tests {
    use super::check_password_params;
    use crate::crypto::PasswordParams;
    use crate::error::ErrorCode;

    #[test]
    fn pinned_parameters_may_grow_but_not_shrink_or_change_salt() {
        let pinned = PasswordParams::with_salt([1u8; crate::crypto::SALT_LEN]);
        assert!(check_password_params(None, &pinned).is_ok());
        assert!(check_password_params(Some(&pinned), &pinned).is_ok());
        let mut stronger = pinned.clone();
        stronger.m_cost *= 2;
        stronger.t_cost += 1;
        assert!(check_password_params(Some(&pinned), &stronger).is_ok());
        let refused = |offered: &PasswordParams| {
            check_password_params(Some(&stronger), offered)
                .unwrap_err()
                .code()
        };
        for weaker in [
            PasswordParams {
                m_cost: pinned.m_cost,
                ..stronger.clone()
            },
            PasswordParams {
                t_cost: pinned.t_cost,
                ..stronger.clone()
            },
            PasswordParams {
                p_cost: 0,
                ..stronger.clone()
            },
        ] {
            assert_eq!(refused(&weaker), ErrorCode::PasswordParamsChanged);
        }
        let other_salt = PasswordParams {
            salt: PasswordParams::with_salt([2u8; crate::crypto::SALT_LEN]).salt,
            ..stronger.clone()
        };
        assert_eq!(refused(&other_salt), ErrorCode::PasswordParamsChanged);
    }
}
