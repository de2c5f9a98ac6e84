//! Small helpers that several Vakt crates need, kept in one place instead of one copy each
//! (rust-analyzer's `stdx` habit).
//!
//! - [`hex`] and [`sha256_hex`]: lowercase hex, and SHA-256 digests as the hex that Vakt prints
//!   and stores;
//! - [`parse_duration`] and [`format_duration`]: durations as definitions write them (`30m`,
//!   `4h`, `1d`, `1h30m`);
//! - [`shown_safely`]: text from outside (file names) with control and bidi characters escaped;
//! - [`Problem`] and [`Lines`]: a problem in a definition file at `file:line:col`, and the
//!   locator that turns byte offsets into lines and columns.
//!
//! ```
//! use vakt_stdx::{format_duration, parse_duration, sha256_hex};
//!
//! assert_eq!(parse_duration("90m"), Ok(5400));
//! assert_eq!(format_duration(5400), "1h30m");
//! assert_eq!(&sha256_hex(b"abc")[..8], "ba7816bf");
//! ```
//!
//! The crate does no IO and holds no domain words: what lands here is needed by two crates or
//! more and means the same in each.
#![deny(missing_docs)]

mod duration;
mod hex;
mod problem;
mod safe_text;
mod utf8;

pub use duration::{DurationError, DurationUnit, duration_terms, format_duration, parse_duration};
pub use hex::{hex, serialize_hex, sha256, sha256_hex};
pub use problem::{Lines, Problem};
pub use safe_text::shown_safely;
pub use utf8::utf8_text;
