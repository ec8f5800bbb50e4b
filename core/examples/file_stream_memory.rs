//! Peak memory of streaming a large file through the chunk encryptor and decryptor: 256 MiB of
//! plaintext made on the fly, encrypted chunk by chunk and each chunk decrypted at once, never
//! the whole file in memory. Prints the process's peak resident set (Linux `VmHWM`).
//! Run: `cargo run --release -p sentc-core --example file_stream_memory [MiB]`.

use sentc_core::crypto::{DEFAULT_CHUNK_SIZE, FileDecryptor, FileEncryptor, KeyId, SymmetricKey};

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> sentc_core::Result<()> {
    let mib: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(256);
    let total = mib.saturating_mul(1024 * 1024);
    let before = peak_rss_kib();
    let key = SymmetricKey::generate()?;
    let file_id = KeyId::random()?;
    let mut writer = FileEncryptor::new(key.clone(), file_id);
    let mut reader = FileDecryptor::new(key, file_id);
    let mut piece = vec![0u8; DEFAULT_CHUNK_SIZE];
    let mut done = 0usize;
    let mut checksum = 0u64;
    let started = std::time::Instant::now();
    while done < total {
        let len = DEFAULT_CHUNK_SIZE.min(total.saturating_sub(done));
        let plain = piece.get_mut(..len).unwrap_or_default();
        plain.fill(u8::try_from(done / DEFAULT_CHUNK_SIZE % 251).unwrap_or(0));
        done = done.saturating_add(len);
        let chunk = writer.seal_chunk(plain, done >= total)?;
        let opened = reader.open_chunk(chunk)?;
        checksum = checksum.wrapping_add(opened.iter().map(|&b| u64::from(b)).sum::<u64>());
    }
    reader.finish()?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{mib} MiB in {} chunks of {} MiB, encrypted and decrypted in {seconds:.2} s ({:.0} MiB/s each way together), checksum {checksum}",
        writer.next_index(),
        DEFAULT_CHUNK_SIZE / (1024 * 1024),
        mib as f64 / seconds,
    );
    println!(
        "peak resident set: {} KiB before, {} KiB after",
        before.unwrap_or(0),
        peak_rss_kib().unwrap_or(0)
    );
    Ok(())
}
