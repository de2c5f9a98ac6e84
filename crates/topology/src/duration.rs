//! Durations as written in definitions: `30m`, `4h`, `1d`, `1h30m`, `90s`. One reader and
//! writer for all of Vakt, in `vakt-stdx`; re-exported here where topology code has always found
//! them.
//!
//! ```
//! assert_eq!(vakt_topology::parse_duration("1h30m"), Ok(5400));
//! assert_eq!(vakt_topology::format_duration(5400), "1h30m");
//! assert!(vakt_topology::parse_duration("soon").is_err());
//! ```

pub use vakt_stdx::{format_duration, parse_duration};
