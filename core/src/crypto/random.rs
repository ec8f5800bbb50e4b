//! Randomness from the operating system (`getrandom`; the `wasm_js` backend in browsers).

use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result};

/// Fills `buf` with random bytes.
pub(crate) fn fill(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|_| Error::new(ErrorCode::RandomnessUnavailable))
}

/// `N` random bytes for public values (nonces, ids, salts).
pub(crate) fn array<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    fill(&mut out)?;
    Ok(out)
}

/// `N` random bytes for secret values; zeroized when dropped.
pub(crate) fn secret<const N: usize>() -> Result<Zeroizing<[u8; N]>> {
    let mut out = Zeroizing::new([0u8; N]);
    fill(out.as_mut())?;
    Ok(out)
}
