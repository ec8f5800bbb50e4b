//! Criterion benchmarks of the crypto suite, with the raw crates beside ours so the framing
//! overhead is visible. Run: `cargo bench -p sentc-core --bench crypto`.

use std::hint::black_box;
use std::time::Duration;

use chacha20poly1305::aead::{Aead, AeadInOut, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sentc_core::crypto::{
    DEFAULT_CHUNK_SIZE, FileDecryptor, FileEncryptor, KeyId, PasswordParams, PrivateKey, SignKey,
    SymmetricKey, derive_password_keys,
};
use x_wing::{Decapsulate as _, Encapsulate as _, Kem as _};

const SIZES: [(&str, usize); 2] = [("1KiB", 1024), ("1MiB", 1024 * 1024)];

fn symmetric(c: &mut Criterion) {
    let mut group = c.benchmark_group("symmetric encrypt+decrypt");
    let key = SymmetricKey::generate().unwrap();
    let raw = XChaCha20Poly1305::new(&[7u8; 32].into());
    let nonce = XNonce::from([9u8; 24]);
    for (name, size) in SIZES {
        let data = vec![0x5au8; size];
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function(format!("sentc {name}"), |b| {
            b.iter(|| {
                let item = key.encrypt(black_box(&data)).unwrap();
                key.decrypt(black_box(&item)).unwrap()
            })
        });
        group.bench_function(format!("raw xchacha20poly1305 {name}"), |b| {
            b.iter(|| {
                let ct = raw.encrypt(&nonce, black_box(data.as_slice())).unwrap();
                raw.decrypt(&nonce, black_box(ct.as_slice())).unwrap()
            })
        });
    }
    // Why sentc pads the associated data to 64 bytes: a 19-byte AD (an unpadded header) puts
    // Poly1305's AVX2 backend on its single-block path for the whole message.
    let data = vec![0x5au8; 1024 * 1024];
    group.throughput(Throughput::Bytes(data.len() as u64));
    for ad_len in [19, 64] {
        let ad = vec![1u8; ad_len];
        group.bench_function(
            format!("raw xchacha20poly1305 encrypt only 1MiB ad{ad_len}"),
            |b| {
                b.iter(|| {
                    let mut buffer = data.clone();
                    let tag = raw
                        .encrypt_inout_detached(&nonce, &ad, buffer.as_mut_slice().into())
                        .unwrap();
                    (buffer, tag)
                })
            },
        );
    }
    group.finish();
}

/// A file chunk of the default size (4 MiB) sealed and opened: the per-chunk cost beside the
/// 1 MiB symmetric item above.
fn file_chunks(c: &mut Criterion) {
    let mut group = c.benchmark_group("file chunk encrypt+decrypt");
    let key = SymmetricKey::generate().unwrap();
    let file_id = KeyId::random().unwrap();
    for (name, size) in [("1MiB", 1024 * 1024), ("4MiB", DEFAULT_CHUNK_SIZE)] {
        let data = vec![0x5au8; size];
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.bench_function(format!("sentc {name} chunk"), |b| {
            b.iter(|| {
                let mut writer = FileEncryptor::new(key.clone(), file_id);
                let chunk = writer.seal_chunk(black_box(&data), true).unwrap();
                let mut reader = FileDecryptor::new(key.clone(), file_id);
                reader.open_chunk(black_box(chunk)).unwrap()
            })
        });
    }
    group.finish();
}

fn public_key(c: &mut Criterion) {
    let mut group = c.benchmark_group("public key");
    let data = vec![0x5au8; 1024];
    let private = PrivateKey::generate().unwrap();
    let public = private.public_key().clone();
    let item = public.encrypt(&data).unwrap();
    group.bench_function("sentc keygen", |b| {
        b.iter(|| PrivateKey::generate().unwrap())
    });
    group.bench_function("sentc encrypt 1KiB", |b| {
        b.iter(|| public.encrypt(black_box(&data)).unwrap())
    });
    group.bench_function("sentc decrypt 1KiB", |b| {
        b.iter(|| private.decrypt(black_box(&item)).unwrap())
    });
    group.bench_function("sentc encrypt+decrypt 1KiB", |b| {
        b.iter(|| {
            private
                .decrypt(&public.encrypt(black_box(&data)).unwrap())
                .unwrap()
        })
    });
    // The RustCrypto x-wing crate (ml-kem 0.3), for reference.
    let (dk, ek) = x_wing::XWingKem::generate_keypair();
    let (ct, _) = ek.encapsulate();
    group.bench_function("x-wing crate encapsulate", |b| b.iter(|| ek.encapsulate()));
    group.bench_function("x-wing crate decapsulate", |b| {
        b.iter(|| dk.decapsulate(black_box(&ct)))
    });
    group.finish();
}

fn signature(c: &mut Criterion) {
    let mut group = c.benchmark_group("signature");
    let data = vec![0x5au8; 1024];
    let key = SignKey::generate().unwrap();
    let signature = key.sign(&data, b"bench").unwrap();
    group.bench_function("sentc keygen", |b| b.iter(|| SignKey::generate().unwrap()));
    group.bench_function("sentc sign 1KiB", |b| {
        b.iter(|| key.sign(black_box(&data), b"bench").unwrap())
    });
    group.bench_function("sentc verify 1KiB", |b| {
        b.iter(|| {
            key.verify_key()
                .verify(black_box(&data), b"bench", &signature)
                .unwrap()
        })
    });
    group.bench_function("sentc sign+verify 1KiB", |b| {
        b.iter(|| {
            let signature = key.sign(black_box(&data), b"bench").unwrap();
            key.verify_key()
                .verify(&data, b"bench", &signature)
                .unwrap()
        })
    });
    // RustCrypto's ml-dsa 0.1 alone (no Ed25519), for reference.
    let rc_key = ml_dsa::ExpandedSigningKey::<ml_dsa::MlDsa65>::from_seed(&[3u8; 32].into());
    let rc_verify = rc_key.verifying_key();
    let rc_signature = rc_key.sign_deterministic(&data, b"").unwrap();
    group.bench_function("ml-dsa crate sign 1KiB", |b| {
        b.iter(|| {
            rc_key
                .sign_randomized(black_box(&data), b"", &mut getrandom::SysRng)
                .unwrap()
        })
    });
    group.bench_function("ml-dsa crate verify 1KiB", |b| {
        b.iter(|| rc_verify.verify_with_context(black_box(&data), b"", &rc_signature))
    });
    group.finish();
}

fn password(c: &mut Criterion) {
    let mut group = c.benchmark_group("password");
    group.sample_size(20);
    let params = PasswordParams::generate().unwrap();
    group.bench_function("argon2id m=19MiB t=2 p=1 + hkdf", |b| {
        b.iter(|| derive_password_keys(black_box("correct horse battery staple"), &params).unwrap())
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = symmetric, file_chunks, public_key, signature, password
}
criterion_main!(benches);
