//! The server's log output: human-readable text or one JSON object per line, on stderr (stdout
//! carries what the binary prints for people: the address, a new app's tokens).
//!
//! Lines are handed to a writer thread through a bounded buffer, never written from a request's
//! task: a stderr nobody reads (a full pipe) would otherwise block the runtime's threads and
//! every request with them. When the buffer is full, lines are dropped, not waited for.
//!
//! What is logged never holds a secret: requests are logged by method, matched route (`/api/v1/
//! group/{group_id}`, never the concrete path or query), status, latency and request id, and no
//! handler logs a body or a header. `server/tests/log_secrets.rs` runs a full scenario at every
//! level in both formats and searches the output for every secret the scenario used.

use std::str::FromStr;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// One human-readable line per event.
    #[default]
    Text,
    /// One JSON object per event, with the request's span fields (its id, method, route).
    Json,
}

impl FromStr for LogFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            other => Err(format!("unknown log format {other:?} (text or json)")),
        }
    }
}

/// The filter for a level (`error`, `warn`, `info`, `debug`, `trace`): the server's own events
/// at that level, its libraries' at `warn` (their debug output is theirs to vouch for). A
/// `RUST_LOG` in the environment replaces it whole.
pub fn filter(level: &str) -> Result<EnvFilter, String> {
    if let Ok(directives) = EnvFilter::try_from_default_env() {
        return Ok(directives);
    }
    let level = tracing::Level::from_str(level)
        .map_err(|_| format!("unknown log level {level:?} (error, warn, info, debug, trace)"))?;
    let level = level.to_string().to_lowercase();
    EnvFilter::try_new(format!("warn,sentc_server={level}")).map_err(|error| error.to_string())
}

/// Installs the process's log output. Fails if one is installed already. Keep the guard until
/// the process ends: dropping it flushes the lines still buffered.
pub fn init(format: LogFormat, level: &str) -> Result<WorkerGuard, String> {
    let (writer, guard) = tracing_appender::non_blocking(std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter(level)?)
        .with_writer(writer);
    let installed = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
    installed.map_err(|error| error.to_string())?;
    Ok(guard)
}

#[cfg(test)]
mod tests {
    use super::{LogFormat, filter};

    #[test]
    fn formats_and_levels_parse() {
        assert_eq!("json".parse::<LogFormat>(), Ok(LogFormat::Json));
        assert_eq!("text".parse::<LogFormat>(), Ok(LogFormat::Text));
        assert!("xml".parse::<LogFormat>().is_err());
        if std::env::var_os("RUST_LOG").is_none() {
            assert_eq!(
                filter("debug").map(|f| f.to_string()).as_deref(),
                Ok("sentc_server=debug,warn")
            );
            assert!(filter("loud").is_err());
        }
    }
}
