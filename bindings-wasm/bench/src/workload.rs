//! The operations measured and the keys and inputs they run on, made once before timing.

use std::hint::black_box;

use sentc_core::Result;
use sentc_core::crypto::{
    DEFAULT_CHUNK_SIZE, FileDecryptor, FileEncryptor, KeyId, PasswordParams, PrivateKey, PublicKey,
    SearchKey, SignKey, Signature, SortableKey, SymmetricKey, derive_password_keys,
};

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;
const SIGN_CONTEXT: &[u8] = b"bench";

/// One measured operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// Symmetric encrypt then decrypt of 1 KiB.
    Symmetric1KiB,
    /// Symmetric encrypt then decrypt of 1 MiB.
    Symmetric1MiB,
    /// A file chunk of the default size (4 MiB) sealed then opened.
    FileChunk4MiB,
    /// Hybrid public-key (X-Wing) encrypt of 1 KiB.
    PublicEncrypt,
    /// Hybrid public-key decrypt of 1 KiB.
    PublicDecrypt,
    /// Hybrid public-key encrypt then decrypt of 1 KiB.
    PublicRoundTrip,
    /// Hybrid (Ed25519 + ML-DSA-65) signature of 1 KiB.
    Sign,
    /// Hybrid verification of 1 KiB.
    Verify,
    /// Argon2id with the default parameters, plus HKDF.
    Password,
    /// The searchable hash of a 12-byte query.
    SearchHash,
    /// The searchable hashes of a 12-character value's 12 prefixes.
    SearchPrefixes,
    /// A sortable (order-preserving) number of a 48-bit value.
    SortableNumber,
}

impl Operation {
    /// Every operation, in the order of the report.
    pub const ALL: [Operation; 12] = [
        Operation::Symmetric1KiB,
        Operation::Symmetric1MiB,
        Operation::FileChunk4MiB,
        Operation::PublicEncrypt,
        Operation::PublicDecrypt,
        Operation::PublicRoundTrip,
        Operation::Sign,
        Operation::Verify,
        Operation::Password,
        Operation::SearchHash,
        Operation::SearchPrefixes,
        Operation::SortableNumber,
    ];

    /// The name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Operation::Symmetric1KiB => "symmetric encrypt+decrypt 1 KiB",
            Operation::Symmetric1MiB => "symmetric encrypt+decrypt 1 MiB",
            Operation::FileChunk4MiB => "file chunk encrypt+decrypt 4 MiB",
            Operation::PublicEncrypt => "public-key encrypt 1 KiB",
            Operation::PublicDecrypt => "public-key decrypt 1 KiB",
            Operation::PublicRoundTrip => "public-key encrypt+decrypt 1 KiB",
            Operation::Sign => "hybrid sign 1 KiB",
            Operation::Verify => "hybrid verify 1 KiB",
            Operation::Password => "Argon2id m=19 MiB, t=2, p=1 (+ HKDF)",
            Operation::SearchHash => "searchable hash of a 12-byte query",
            Operation::SearchPrefixes => "searchable hashes of 12 prefixes",
            Operation::SortableNumber => "sortable number (48-bit value)",
        }
    }

    /// Bytes processed per operation when throughput is the figure that matters.
    pub fn throughput_bytes(self) -> Option<usize> {
        match self {
            Operation::Symmetric1MiB => Some(MIB),
            Operation::FileChunk4MiB => Some(DEFAULT_CHUNK_SIZE),
            _ => None,
        }
    }
}

/// Keys and inputs for every operation.
pub struct Workload {
    small: Vec<u8>,
    large: Vec<u8>,
    chunk: Vec<u8>,
    file_id: KeyId,
    symmetric: SymmetricKey,
    private: PrivateKey,
    public: PublicKey,
    public_item: Vec<u8>,
    sign: SignKey,
    signature: Signature,
    password: PasswordParams,
    search: SearchKey,
    sortable: SortableKey,
}

impl Workload {
    /// Generates the keys and inputs (not timed).
    pub fn new() -> Result<Self> {
        let small = vec![0x5a; KIB];
        let private = PrivateKey::generate()?;
        let public = private.public_key().clone();
        let public_item = public.encrypt(&small)?;
        let sign = SignKey::generate()?;
        let signature = sign.sign(&small, SIGN_CONTEXT)?;
        let symmetric = SymmetricKey::generate()?;
        Ok(Self {
            search: SearchKey::derive(&symmetric),
            sortable: SortableKey::derive(&symmetric),
            large: vec![0x5a; MIB],
            chunk: vec![0x5a; DEFAULT_CHUNK_SIZE],
            file_id: KeyId::random()?,
            symmetric,
            private,
            public,
            public_item,
            sign,
            signature,
            password: PasswordParams::generate()?,
            small,
        })
    }

    /// Runs `operation` once.
    pub fn run(&self, operation: Operation) -> Result<()> {
        match operation {
            Operation::Symmetric1KiB => self.symmetric(&self.small),
            Operation::Symmetric1MiB => self.symmetric(&self.large),
            Operation::FileChunk4MiB => self.file_chunk(),
            Operation::PublicEncrypt => self.public.encrypt(black_box(&self.small)).map(drop),
            Operation::PublicDecrypt => {
                self.private.decrypt(black_box(&self.public_item)).map(drop)
            }
            Operation::PublicRoundTrip => {
                let item = self.public.encrypt(black_box(&self.small))?;
                self.private.decrypt(&item).map(drop)
            }
            Operation::Sign => self
                .sign
                .sign(black_box(&self.small), SIGN_CONTEXT)
                .map(drop),
            Operation::Verify => {
                self.sign
                    .verify_key()
                    .verify(black_box(&self.small), SIGN_CONTEXT, &self.signature)
            }
            Operation::Password => {
                derive_password_keys(black_box("correct horse battery staple"), &self.password)
                    .map(drop)
            }
            Operation::SearchHash => self.search.hash(black_box("invoice-2026")).map(drop),
            Operation::SearchPrefixes => self
                .search
                .hash_prefixes(black_box("invoice-2026"), None)
                .map(drop),
            Operation::SortableNumber => self
                .sortable
                .encrypt_number(black_box(1_764_000_000))
                .map(drop),
        }
    }

    fn file_chunk(&self) -> Result<()> {
        let mut writer = FileEncryptor::new(self.symmetric.clone(), self.file_id);
        let chunk = writer.seal_chunk(black_box(&self.chunk), true)?;
        let mut reader = FileDecryptor::new(self.symmetric.clone(), self.file_id);
        reader.open_chunk(black_box(chunk)).map(drop)
    }

    fn symmetric(&self, data: &[u8]) -> Result<()> {
        let item = self.symmetric.encrypt(black_box(data))?;
        self.symmetric.decrypt(black_box(&item)).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A benchmark that fails silently measures nothing: every operation must succeed.
    #[test]
    fn every_operation_runs() {
        let workload = Workload::new().unwrap();
        for operation in Operation::ALL {
            workload.run(operation).unwrap();
        }
    }
}
