//! Every operation and every key export/import, end to end through the public API.

mod common;

use sentc_core::crypto::{
    AuthKey, Content, HashedAuthKey, Header, PasswordParams, PrivateKey, PublicKey, SearchKey,
    SecretKey, SignKey, Signature, SymmetricKey, VerifyKey, WrappedKey, derive_password_keys,
};

const TEXT: &str = "hello there £ Я a a 👍";

#[test]
fn symmetric_bytes_strings_and_empty() {
    let key = SymmetricKey::generate().unwrap();
    for plaintext in [&b""[..], b"x", TEXT.as_bytes(), &[7u8; 100_000]] {
        let item = key.encrypt(plaintext).unwrap();
        assert_eq!(key.decrypt(&item).unwrap(), plaintext);
    }
    let text = key.encrypt_string(TEXT).unwrap();
    assert_eq!(key.decrypt_string(&text).unwrap(), TEXT);
}

#[test]
fn encryption_is_randomized() {
    let key = SymmetricKey::generate().unwrap();
    assert_ne!(key.encrypt(b"same").unwrap(), key.encrypt(b"same").unwrap());
    let private = PrivateKey::generate().unwrap();
    let public = private.public_key();
    assert_ne!(
        public.encrypt(b"same").unwrap(),
        public.encrypt(b"same").unwrap()
    );
}

#[test]
fn symmetric_signed() {
    let key = SymmetricKey::generate().unwrap();
    let signer = SignKey::generate().unwrap();
    let item = key.encrypt_signed(TEXT.as_bytes(), &signer).unwrap();
    assert_eq!(
        key.decrypt_verified(&item, signer.verify_key()).unwrap(),
        TEXT.as_bytes()
    );
    // Plain decrypt still works for readers without the verify key.
    assert_eq!(key.decrypt(&item).unwrap(), TEXT.as_bytes());
    let header = Header::parse(&item).unwrap();
    assert_eq!(header.key_id, key.id());
    assert_eq!(header.content, Content::Data);
    assert_eq!(header.signer.unwrap().key_id, signer.id());
}

#[test]
fn public_key_plain_and_signed() {
    let private = PrivateKey::generate().unwrap();
    let public = private.public_key();
    let item = public.encrypt(TEXT.as_bytes()).unwrap();
    assert_eq!(private.decrypt(&item).unwrap(), TEXT.as_bytes());
    assert_eq!(Header::parse(&item).unwrap().key_id, private.id());

    let signer = SignKey::generate().unwrap();
    let item = public.encrypt_signed(b"", &signer).unwrap();
    assert_eq!(
        private
            .decrypt_verified(&item, signer.verify_key())
            .unwrap(),
        b""
    );
}

#[test]
fn every_key_type_wraps_under_symmetric_and_public_keys() {
    let symmetric = SymmetricKey::generate().unwrap();
    let private = PrivateKey::generate().unwrap();
    let signer = SignKey::generate().unwrap();

    fn check<K: SecretKey>(
        inner: &K,
        symmetric: &SymmetricKey,
        private: &PrivateKey,
        signer: &SignKey,
    ) {
        let expected = inner.export_local().unwrap();
        let wrapped = symmetric.wrap_key(inner).unwrap();
        assert_eq!(wrapped.wrapping_key_id(), symmetric.id());
        let back: K = symmetric.unwrap_key(&wrapped).unwrap();
        assert_eq!(back.export_local().unwrap(), expected);

        let wrapped = symmetric.wrap_key_signed(inner, signer).unwrap();
        assert_eq!(wrapped.signer_key_id(), Some(signer.id()));
        let back: K = symmetric
            .unwrap_key_verified(&wrapped, signer.verify_key())
            .unwrap();
        assert_eq!(back.export_local().unwrap(), expected);

        let wrapped = private.public_key().wrap_key(inner).unwrap();
        let text = wrapped.to_base64();
        let wrapped = WrappedKey::from_base64(&text).unwrap();
        let back: K = private.unwrap_key(&wrapped).unwrap();
        assert_eq!(back.export_local().unwrap(), expected);

        let wrapped = private.public_key().wrap_key_signed(inner, signer).unwrap();
        let back: K = private
            .unwrap_key_verified(&wrapped, signer.verify_key())
            .unwrap();
        assert_eq!(back.export_local().unwrap(), expected);
    }

    check(
        &SymmetricKey::generate().unwrap(),
        &symmetric,
        &private,
        &signer,
    );
    check(
        &PrivateKey::generate().unwrap(),
        &symmetric,
        &private,
        &signer,
    );
    check(&SignKey::generate().unwrap(), &symmetric, &private, &signer);
}

#[test]
fn wrapped_key_reports_ids_and_serde() {
    let outer = SymmetricKey::generate().unwrap();
    let inner = SymmetricKey::generate().unwrap();
    let wrapped = outer.wrap_key(&inner).unwrap();
    assert_eq!(wrapped.key_id(), inner.id());
    assert_eq!(wrapped.signer_key_id(), None);
    let json = serde_json::to_string(&wrapped).unwrap();
    let back: WrappedKey = serde_json::from_str(&json).unwrap();
    assert_eq!(back, wrapped);
    assert_eq!(
        WrappedKey::from_bytes(wrapped.as_bytes().to_vec()).unwrap(),
        wrapped
    );
}

#[test]
fn detached_signatures() {
    let key = SignKey::generate().unwrap();
    let signature = key.sign(TEXT.as_bytes(), b"ctx").unwrap();
    assert_eq!(signature.key_id(), key.id());
    let parsed = Signature::from_bytes(&signature.to_bytes()).unwrap();
    assert_eq!(parsed, signature);
    key.verify_key()
        .verify(TEXT.as_bytes(), b"ctx", &parsed)
        .unwrap();
    // An empty message and the longest context are fine.
    let long_context = [9u8; 255];
    let signature = key.sign(b"", &long_context).unwrap();
    key.verify_key()
        .verify(b"", &long_context, &signature)
        .unwrap();
}

#[test]
fn local_export_of_every_secret_key_type() {
    fn check<K: SecretKey + std::fmt::Debug>(key: K) {
        let exported = key.export_local().unwrap();
        let back = K::import_local(&exported).unwrap();
        assert_eq!(back.export_local().unwrap(), exported);
        let json: serde_json::Value = serde_json::from_str(&exported).unwrap();
        assert_eq!(json["v"], 1);
        // Debug never shows the secret.
        let secret = json["secret"].as_str().unwrap().to_string();
        let debug = format!("{key:?}");
        assert!(debug.contains("redacted"), "{debug}");
        assert!(!debug.contains(&secret));
    }
    check(SymmetricKey::generate().unwrap());
    check(PrivateKey::generate().unwrap());
    check(SignKey::generate().unwrap());
}

#[test]
fn private_and_sign_keys_keep_their_ids_through_export() {
    let private = PrivateKey::generate().unwrap();
    let back = PrivateKey::import_local(&private.export_local().unwrap()).unwrap();
    assert_eq!(back.id(), private.id());
    assert_eq!(back.public_key(), private.public_key());
    let item = private.public_key().encrypt(b"x").unwrap();
    assert_eq!(back.decrypt(&item).unwrap(), b"x");

    let signer = SignKey::generate().unwrap();
    let back = SignKey::import_local(&signer.export_local().unwrap()).unwrap();
    assert_eq!(back.verify_key(), signer.verify_key());
}

#[test]
fn public_key_exports() {
    let private = PrivateKey::generate().unwrap();
    let public = private.public_key();
    assert_eq!(
        &PublicKey::from_json(&public.to_json().unwrap()).unwrap(),
        public
    );
    assert_eq!(&PublicKey::from_bytes(public.as_bytes()).unwrap(), public);
    assert_eq!(
        PublicKey::from_bytes(public.as_bytes()).unwrap().id(),
        public.id()
    );

    let signer = SignKey::generate().unwrap();
    let verify = signer.verify_key();
    assert_eq!(
        &VerifyKey::from_json(&verify.to_json().unwrap()).unwrap(),
        verify
    );
    assert_eq!(&VerifyKey::from_bytes(verify.as_bytes()).unwrap(), verify);

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Bundle {
        public: PublicKey,
        verify: VerifyKey,
    }
    let json = serde_json::to_string(&Bundle {
        public: public.clone(),
        verify: verify.clone(),
    })
    .unwrap();
    let back: Bundle = serde_json::from_str(&json).unwrap();
    assert_eq!(&back.public, public);
    assert_eq!(&back.verify, verify);
}

#[test]
fn password_derivation() {
    let params = PasswordParams::generate().unwrap();
    let keys = derive_password_keys("password", &params).unwrap();
    let again = derive_password_keys("password", &params).unwrap();
    assert_eq!(
        keys.master_key_encryption_key.export_local().unwrap(),
        again.master_key_encryption_key.export_local().unwrap()
    );
    assert_eq!(keys.auth_key.to_base64(), again.auth_key.to_base64());

    let other = derive_password_keys("passwort", &params).unwrap();
    assert_ne!(keys.auth_key.to_base64(), other.auth_key.to_base64());
    let other_salt =
        derive_password_keys("password", &PasswordParams::generate().unwrap()).unwrap();
    assert_ne!(keys.auth_key.to_base64(), other_salt.auth_key.to_base64());

    // The server side: store the hash, check what the client sends.
    let stored = HashedAuthKey::from_base64(&keys.auth_key.hash().to_base64()).unwrap();
    let sent = AuthKey::from_base64(&again.auth_key.to_base64()).unwrap();
    assert!(stored.verify(&sent));
    assert!(!stored.verify(&other.auth_key));

    let json = serde_json::to_string(&params).unwrap();
    assert_eq!(
        serde_json::from_str::<PasswordParams>(&json).unwrap(),
        params
    );
    assert!(!format!("{:?}", keys.auth_key).contains(keys.auth_key.to_base64().as_str()));
}

#[test]
fn searchable_hashes() {
    let generation = SymmetricKey::generate().unwrap();
    let key = SearchKey::derive(&generation);
    let prefixes = key.hash_prefixes("HeLLo", None).unwrap();
    assert_eq!(prefixes.len(), 5);
    assert_eq!(prefixes.last().unwrap(), &key.hash("HeLLo").unwrap());
    assert_eq!(prefixes[0], key.hash("H").unwrap());
    assert_eq!(key.hash_prefixes("Я👍", None).unwrap().len(), 2);
    // The same generation derives the same key; another generation another one.
    assert_eq!(
        SearchKey::derive(&generation).hash("hello").unwrap(),
        key.hash("hello").unwrap()
    );
    let other = SearchKey::derive(&SymmetricKey::generate().unwrap());
    assert_ne!(key.hash("hello").unwrap(), other.hash("hello").unwrap());
    // 32 bytes in base64url without padding.
    assert_eq!(key.hash("hello").unwrap().len(), 43);
}
