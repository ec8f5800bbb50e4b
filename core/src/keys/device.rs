//! A device's keys: its master key, and the private and sign keys wrapped under it.

use std::fmt;

use super::public_halves::public_halves_match;
use crate::crypto::{
    PasswordParams, PrivateKey, PublicKey, SignKey, SymmetricKey, VerifyKey, derive_password_keys,
};
use crate::error::{Error, ErrorCode, Result};
use crate::protocol::user::{DeviceKeysData, DeviceRegistration, PasswordUpdate};

/// One device's keys, decrypted.
#[derive(Clone)]
pub struct DeviceKeys {
    master_key: SymmetricKey,
    private_key: PrivateKey,
    sign_key: SignKey,
}

impl DeviceKeys {
    /// New random keys for a device.
    pub fn generate() -> Result<Self> {
        Ok(Self {
            master_key: SymmetricKey::generate()?,
            private_key: PrivateKey::generate()?,
            sign_key: SignKey::generate()?,
        })
    }

    /// The registration upload: the keys protected by `password` under fresh parameters.
    pub fn registration(&self, identifier: &str, password: &str) -> Result<DeviceRegistration> {
        let password = self.password_update(password)?;
        Ok(DeviceRegistration {
            device_identifier: identifier.to_string(),
            password_params: password.password_params,
            hashed_auth_key: password.hashed_auth_key,
            master_key: password.master_key,
            public_key: self.public_key().clone(),
            verify_key: self.verify_key().clone(),
            private_key: self.master_key.wrap_key(&self.private_key)?,
            sign_key: self.master_key.wrap_key(&self.sign_key)?,
            chain_state: None,
        })
    }

    /// The master key protected by `password` under fresh parameters (a new salt).
    pub fn password_update(&self, password: &str) -> Result<PasswordUpdate> {
        let params = PasswordParams::generate()?;
        let keys = derive_password_keys(password, &params)?;
        Ok(PasswordUpdate {
            password_params: params,
            hashed_auth_key: keys.auth_key.hash().to_base64(),
            master_key: keys.master_key_encryption_key.wrap_key(&self.master_key)?,
        })
    }

    /// Opens the keys a server returned at login with the password-derived key, checking that
    /// the public keys the server sent belong to the private keys ([`public_halves_match`]).
    pub fn open(data: &DeviceKeysData, master_key_encryption_key: &SymmetricKey) -> Result<Self> {
        let master_key: SymmetricKey = master_key_encryption_key.unwrap_key(&data.master_key)?;
        let private_key: PrivateKey = master_key.unwrap_key(&data.private_key)?;
        let sign_key: SignKey = master_key.unwrap_key(&data.sign_key)?;
        if !public_halves_match(&private_key, &sign_key, &data.public_key, &data.verify_key) {
            return Err(Error::with_detail(
                ErrorCode::KeysInconsistent,
                "the device's public keys do not match its private keys",
            ));
        }
        Ok(Self {
            master_key,
            private_key,
            sign_key,
        })
    }

    /// Restores keys from their parts (e.g. from the client's store).
    pub fn from_parts(
        master_key: SymmetricKey,
        private_key: PrivateKey,
        sign_key: SignKey,
    ) -> Self {
        Self {
            master_key,
            private_key,
            sign_key,
        }
    }

    /// The master key.
    pub fn master_key(&self) -> &SymmetricKey {
        &self.master_key
    }

    /// The private key.
    pub fn private_key(&self) -> &PrivateKey {
        &self.private_key
    }

    /// The sign key.
    pub fn sign_key(&self) -> &SignKey {
        &self.sign_key
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        self.private_key.public_key()
    }

    /// The verify key.
    pub fn verify_key(&self) -> &VerifyKey {
        self.sign_key.verify_key()
    }
}

/// Checks that an uploaded device registration fits together without decrypting: the key
/// pairs are wrapped under the master key and name their public halves, the password
/// parameters are acceptable and the hashed auth key is well-formed.
pub fn check_device_registration(registration: &DeviceRegistration) -> Result<()> {
    crate::user::check_identifier(&registration.device_identifier)?;
    registration.password_params.validate()?;
    crate::crypto::HashedAuthKey::from_base64(&registration.hashed_auth_key)?;
    let master = registration.master_key.key_id();
    let private_ok = registration.private_key.key_id() == registration.public_key.id()
        && registration.private_key.wrapping_key_id() == master;
    let sign_ok = registration.sign_key.key_id() == registration.verify_key.id()
        && registration.sign_key.wrapping_key_id() == master;
    let master_ok = registration.master_key.header().content
        == crate::crypto::Content::Key {
            algorithm: SymmetricKey::ALGORITHM,
            key_id: master,
        };
    if private_ok && sign_ok && master_ok {
        Ok(())
    } else {
        Err(Error::with_detail(
            ErrorCode::KeysInconsistent,
            "the device keys are not wrapped under the master key",
        ))
    }
}

impl fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceKeys")
            .field("public_key", &self.public_key().id())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a server returns at login for `keys`, their master key wrapped under `password_key`.
    fn login_data(keys: &DeviceKeys, password_key: &SymmetricKey) -> DeviceKeysData {
        DeviceKeysData {
            user_id: "u".into(),
            device_id: "d".into(),
            master_key: password_key.wrap_key(keys.master_key()).unwrap(),
            public_key: keys.public_key().clone(),
            verify_key: keys.verify_key().clone(),
            private_key: keys.master_key().wrap_key(keys.private_key()).unwrap(),
            sign_key: keys.master_key().wrap_key(keys.sign_key()).unwrap(),
            chain_state: None,
            onboarding: None,
        }
    }

    #[test]
    fn opened_keys_sign_for_the_verify_key_the_server_sent() {
        let keys = DeviceKeys::generate().unwrap();
        let password_key = SymmetricKey::generate().unwrap();
        let data = login_data(&keys, &password_key);
        let opened = DeviceKeys::open(&data, &password_key).unwrap();
        let signature = opened.sign_key().sign(b"m", b"ctx").unwrap();
        data.verify_key.verify(b"m", b"ctx", &signature).unwrap();
        assert_eq!(opened.verify_key(), &data.verify_key);
    }

    #[test]
    fn public_halves_swapped_by_the_server_are_refused() {
        let keys = DeviceKeys::generate().unwrap();
        let other = DeviceKeys::generate().unwrap();
        let password_key = SymmetricKey::generate().unwrap();

        let mut swapped_verify = login_data(&keys, &password_key);
        swapped_verify.verify_key = other.verify_key().clone();
        let mut swapped_public = login_data(&keys, &password_key);
        swapped_public.public_key = other.public_key().clone();
        let mut swapped_sign = login_data(&keys, &password_key);
        swapped_sign.sign_key = login_data(&other, &password_key).sign_key;

        for data in [swapped_verify, swapped_public] {
            let error = DeviceKeys::open(&data, &password_key).unwrap_err();
            assert_eq!(error.code(), ErrorCode::KeysInconsistent);
        }
        // Wrapped under another master key: it does not even decrypt.
        assert!(DeviceKeys::open(&swapped_sign, &password_key).is_err());
    }
}
