//! Hypergeometric sampling from a deterministic coin stream, for order-preserving encryption
//! ([`super::sortable`]).
//!
//! `sample(coins, good, bad, draws)` is the number of good items among `draws` items drawn
//! without replacement from `good + bad`. Small draws are simulated item by item with exact
//! integer comparisons; larger ones use Stadlober's ratio-of-uniforms algorithm HRUA\* (E.
//! Stadlober, "The ratio of uniforms approach for generating discrete random variates", J.
//! Comput. Appl. Math. 31, 1990; H. Zechner's thesis, Graz 1994), as in the reference OPE
//! implementations.
//!
//! The floating-point steps must give the same bits on every platform, so every operation is
//! IEEE-754 basic arithmetic, `sqrt` and `floor` (exact everywhere) or the pure-Rust `libm`
//! logarithm — never the platform's `ln`, which may differ in the last bit between a native build
//! and the browser's.

/// A stream of uniform random bits.
pub(crate) trait Coins {
    /// The next 64 uniform bits.
    fn next_u64(&mut self) -> u64;

    /// A uniform double in `[0, 1)` with 53 bits of precision.
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `[0, n)` (rejection sampling: no modulo bias); 0 for `n = 0`.
    fn below(&mut self, n: u64) -> u64 {
        // Values below 2^64 mod n would make the low residues likelier: drawn again.
        let threshold = n.wrapping_neg().checked_rem(n).unwrap_or(0);
        loop {
            let x = self.next_u64();
            if x >= threshold {
                return x.checked_rem(n).unwrap_or(0);
            }
        }
    }
}

/// Draws at or below this are simulated item by item.
const SMALL_DRAWS: u64 = 10;

/// The number of good items among `draws` drawn without replacement from `good` good and `bad`
/// bad items; always within `[max(0, draws - bad), min(draws, good)]`.
pub(crate) fn sample(coins: &mut impl Coins, good: u64, bad: u64, draws: u64) -> u64 {
    let total = good.saturating_add(bad);
    let draws = draws.min(total);
    let low = draws.saturating_sub(bad);
    let high = draws.min(good);
    if low == high {
        return low;
    }
    let z = if draws <= SMALL_DRAWS {
        simulate(coins, good, bad, draws)
    } else {
        hrua(coins, good, bad, draws)
    };
    z.clamp(low, high)
}

/// Draws one item at a time: good with probability `good left / total left`, compared exactly as
/// integers (`u < good/total` ⇔ `u·total < good·2^53`).
fn simulate(coins: &mut impl Coins, mut good: u64, bad: u64, draws: u64) -> u64 {
    let mut total = good.saturating_add(bad);
    let mut taken = 0u64;
    for _ in 0..draws {
        let u = u128::from(coins.next_u64() >> 11);
        // Both sides are below 2^117: no overflow.
        if u.saturating_mul(u128::from(total)) < u128::from(good).saturating_mul(1 << 53) {
            taken = taken.saturating_add(1);
            good = good.saturating_sub(1);
        }
        total = total.saturating_sub(1);
    }
    taken
}

/// Stadlober's HRUA\* with the corrections for `good > bad` and `draws > total / 2`.
fn hrua(coins: &mut impl Coins, good: u64, bad: u64, draws: u64) -> u64 {
    // Constants of the ratio-of-uniforms hat: 2·sqrt(2/e) and 3 − 2·sqrt(3/e).
    const D1: f64 = 1.715_527_769_921_413_5;
    const D2: f64 = 0.898_916_162_058_898_8;

    let fewer = good.min(bad) as f64;
    let more = good.max(bad) as f64;
    let total = good.saturating_add(bad) as f64;
    let m = draws.min(good.saturating_add(bad).saturating_sub(draws)) as f64;

    let p = fewer / total;
    let mean = m * p + 0.5;
    let spread = ((total - m) * draws as f64 * p * (1.0 - p) / (total - 1.0) + 0.5).sqrt();
    let width = D1 * spread + D2;
    let mode = ((m + 1.0) * (fewer + 1.0) / (total + 2.0)).floor();
    let log_mode = log_terms(mode, fewer, more, m);
    // Beyond 16 spreads the density is below double precision.
    let bound = (m.min(fewer) + 1.0).min((mean + 16.0 * spread).floor());

    let z = loop {
        let x = coins.next_f64();
        let y = coins.next_f64();
        if x == 0.0 {
            continue;
        }
        let w = mean + width * (y - 0.5) / x;
        if !(0.0..bound).contains(&w) {
            continue;
        }
        let z = w.floor();
        let t = log_mode - log_terms(z, fewer, more, m);
        if x * (4.0 - x) - 3.0 <= t {
            break z;
        }
        if x * (x - t) >= 1.0 {
            continue;
        }
        if 2.0 * libm::log(x) <= t {
            break z;
        }
    };
    // `z` counts the rarer kind among the smaller of draws and non-draws: map it back.
    let mut z = z as u64;
    if good > bad {
        z = (m as u64).saturating_sub(z);
    }
    if (m as u64) < draws {
        z = good.saturating_sub(z);
    }
    z
}

/// `ln(z! (fewer−z)! (m−z)! (more−m+z)!)`, the log of the density's denominator at `z`.
fn log_terms(z: f64, fewer: f64, more: f64, m: f64) -> f64 {
    log_factorial(z) + log_factorial(fewer - z) + log_factorial(m - z) + log_factorial(more - m + z)
}

/// `ln(n!)` = `ln Γ(n + 1)`, by Stirling's series (shifted up to 7 for small `n`).
fn log_factorial(n: f64) -> f64 {
    // Stirling's series coefficients B(2k) / (2k (2k − 1)), k = 1..10.
    const SERIES: [f64; 10] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
        -3617.0 / 122_400.0,
        43_867.0 / 244_188.0,
        -174_611.0 / 125_400.0,
    ];
    let x = n + 1.0;
    if x == 1.0 || x == 2.0 {
        return 0.0;
    }
    let shift = if x <= 7.0 { (7.0 - x).floor() } else { 0.0 };
    let mut x0 = x + shift;
    let inverse_square = 1.0 / (x0 * x0);
    let series = SERIES
        .iter()
        .rev()
        .fold(0.0, |sum, coefficient| sum * inverse_square + coefficient);
    let mut value =
        series / x0 + 0.5 * libm::log(2.0 * std::f64::consts::PI) + (x0 - 0.5) * libm::log(x0) - x0;
    let mut steps = shift;
    while steps > 0.0 {
        x0 -= 1.0;
        value -= libm::log(x0);
        steps -= 1.0;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64: a fixed test stream.
    struct TestCoins(u64);

    impl Coins for TestCoins {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
    }

    #[test]
    fn log_factorial_matches_exact_values() {
        let mut exact = 0.0f64;
        for n in 1..=30u32 {
            exact += f64::from(n).ln();
            let got = log_factorial(f64::from(n));
            assert!(
                (got - exact).abs() < 1e-10 * exact.max(1.0),
                "n = {n}: {got} vs {exact}"
            );
        }
        assert_eq!(log_factorial(0.0), 0.0);
    }

    #[test]
    fn samples_stay_in_the_support() {
        let mut coins = TestCoins(7);
        let cases = [
            (5u64, 5u64, 3u64),
            (1, 1000, 500),
            (1000, 1, 500),
            (1 << 40, 1 << 50, 1 << 49),
            (1 << 48, (1 << 53) - (1 << 48), 1 << 52),
            (3, 7, 10),
            (40, 2, 41),
        ];
        for (good, bad, draws) in cases {
            for _ in 0..200 {
                let z = sample(&mut coins, good, bad, draws);
                assert!(z >= draws.saturating_sub(bad) && z <= draws.min(good));
            }
        }
    }

    #[test]
    fn mean_is_close_to_the_expectation() {
        // 400 good of 1000, 300 drawn: mean 120, standard deviation about 7.1.
        let mut coins = TestCoins(11);
        let n = 4000;
        let sum: u64 = (0..n).map(|_| sample(&mut coins, 400, 600, 300)).sum();
        let mean = sum as f64 / f64::from(n);
        assert!((mean - 120.0).abs() < 1.0, "mean {mean}");
        // The small-draw path: 10 of 1000 with 400 good, mean 4.
        let sum: u64 = (0..n).map(|_| sample(&mut coins, 400, 600, 10)).sum();
        let mean = sum as f64 / f64::from(n);
        assert!((mean - 4.0).abs() < 0.15, "mean {mean}");
    }
}
