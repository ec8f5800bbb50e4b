//! How an operation is timed: calibrate a batch size to a fixed round length, time several
//! rounds, report the median. The same code runs natively and in the browser; only the clock
//! differs.

use serde::Serialize;

use crate::workload::{Operation, Workload};
use sentc_core::Result;

/// Length of one timed round. The browser's `performance.now()` is coarsened to 100 µs without
/// cross-origin isolation, so rounds stay far above that.
const ROUND_SECONDS: f64 = 0.4;
/// Rounds per operation; the median is reported.
const ROUNDS: usize = 5;

/// A monotonic clock in seconds.
pub trait Clock {
    /// The current time in seconds from an arbitrary origin.
    fn now(&self) -> f64;
}

/// The measured figure of one operation.
#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    /// The operation's report name.
    pub operation: &'static str,
    /// Median time of one operation, in microseconds.
    pub micros: f64,
    /// Throughput in MiB/s, for operations where it is the figure that matters.
    pub mib_per_second: Option<f64>,
    /// Operations per timed round.
    pub batch: u32,
}

/// Measures every operation of [`Operation::ALL`].
pub fn measure_all(workload: &Workload, clock: &dyn Clock) -> Result<Vec<Figure>> {
    Operation::ALL
        .iter()
        .map(|operation| measure(workload, clock, *operation))
        .collect()
}

fn measure(workload: &Workload, clock: &dyn Clock, operation: Operation) -> Result<Figure> {
    let batch = calibrate(workload, clock, operation)?;
    let mut rounds = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        rounds.push(time_batch(workload, clock, operation, batch)? / f64::from(batch));
    }
    rounds.sort_by(f64::total_cmp);
    let median = rounds.get(ROUNDS / 2).copied().unwrap_or(f64::NAN);
    Ok(Figure {
        operation: operation.name(),
        micros: median * 1e6,
        mib_per_second: operation
            .throughput_bytes()
            .map(|bytes| bytes as f64 / (1024.0 * 1024.0) / median),
        batch,
    })
}

/// Doubles the batch until it takes a quarter round (which also warms up), then scales it to
/// one round.
fn calibrate(workload: &Workload, clock: &dyn Clock, operation: Operation) -> Result<u32> {
    let mut batch = 1u32;
    loop {
        let elapsed = time_batch(workload, clock, operation, batch)?;
        if elapsed >= ROUND_SECONDS / 4.0 || batch >= 1 << 20 {
            let per_operation = elapsed / f64::from(batch);
            let scaled = (ROUND_SECONDS / per_operation.max(1e-9)).ceil();
            return Ok(scaled.clamp(1.0, f64::from(u32::MAX)) as u32);
        }
        batch *= 2;
    }
}

fn time_batch(
    workload: &Workload,
    clock: &dyn Clock,
    operation: Operation,
    batch: u32,
) -> Result<f64> {
    let start = clock.now();
    for _ in 0..batch {
        workload.run(operation)?;
    }
    Ok(clock.now() - start)
}
