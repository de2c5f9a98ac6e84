//! What Vakt's domain receives from outside: the current time, fresh identifiers and where an
//! action is done ([`Machine`]).
//!
//! Domain code never reads the system clock or a random generator directly. It is handed a
//! [`Clock`] and an [`IdSource`]; the binaries pass [`SystemClock`] and [`RandomIds`], tests pass
//! [`FixedClock`] and [`SequentialIds`], so every run of a test sees the same times and IDs.
//!
//! ```
//! use vakt_sources::{Clock, FixedClock, IdSource, SequentialIds};
//! let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().unwrap());
//! let ids = SequentialIds::new();
//! let first = ids.next_id(clock.now());
//! assert_eq!(first.get_version_num(), 7);
//! assert!(ids.next_id(clock.now()) > first);
//! ```
#![deny(missing_docs)]

mod machine;

pub use machine::{FixedMachine, Machine, SystemMachine, Whereabouts, usable_addresses};

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// A source of the current UTC time.
pub trait Clock: Send + Sync {
    /// The current moment.
    fn now(&self) -> DateTime<Utc>;
}

/// The operating system's clock; for binaries only.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is moved; for tests.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<DateTime<Utc>>,
}

impl FixedClock {
    /// A clock that reads `at` until [`FixedClock::advance`] or [`FixedClock::set`] moves it.
    pub fn at(at: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(at),
        }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }

    /// Sets the clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A source of fresh, time-ordered identifiers (UUIDv7).
pub trait IdSource: Send + Sync {
    /// A new identifier whose timestamp part is `at`.
    fn next_id(&self, at: DateTime<Utc>) -> Uuid;
}

/// Random UUIDv7s from the operating system's generator; for binaries only.
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn next_id(&self, at: DateTime<Utc>) -> Uuid {
        let ts = uuid::Timestamp::from_unix(
            uuid::NoContext,
            at.timestamp() as u64,
            at.timestamp_subsec_nanos(),
        );
        Uuid::new_v7(ts)
    }
}

/// Deterministic UUIDv7s: the timestamp from `at`, the rest a counter; for tests.
#[derive(Debug, Default)]
pub struct SequentialIds {
    counter: AtomicU64,
}

impl SequentialIds {
    /// A source whose first identifier carries counter 1.
    pub fn new() -> Self {
        Self::default()
    }
}

impl IdSource for SequentialIds {
    fn next_id(&self, at: DateTime<Utc>) -> Uuid {
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let millis = at.timestamp_millis().max(0) as u64;
        let mut bytes = [0u8; 16];
        bytes[..6].copy_from_slice(&millis.to_be_bytes()[2..]);
        bytes[8..].copy_from_slice(&n.to_be_bytes());
        // Version 7 in the high nibble of byte 6, RFC 4122 variant in byte 8.
        bytes[6] = 0x70;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        Uuid::from_bytes(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("valid test time")
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let clock = FixedClock::at(t("2026-01-01T00:00:00Z"));
        assert_eq!(clock.now(), t("2026-01-01T00:00:00Z"));
        clock.advance(Duration::hours(72));
        assert_eq!(clock.now(), t("2026-01-04T00:00:00Z"));
        clock.set(t("2027-02-03T04:05:06Z"));
        assert_eq!(clock.now(), t("2027-02-03T04:05:06Z"));
    }

    #[test]
    fn sequential_ids_are_v7_ordered_and_carry_the_time() {
        let ids = SequentialIds::new();
        let at = t("2026-11-26T08:00:00Z");
        let a = ids.next_id(at);
        let b = ids.next_id(at);
        assert_eq!(a.get_version_num(), 7);
        assert_eq!(a.get_variant(), uuid::Variant::RFC4122);
        assert!(a < b);
        let (secs, _) = a.get_timestamp().expect("v7 has a timestamp").to_unix();
        assert_eq!(secs as i64, at.timestamp());
    }

    #[test]
    fn random_ids_carry_the_given_time() {
        let at = t("2026-11-26T08:00:00.250Z");
        let id = RandomIds.next_id(at);
        assert_eq!(id.get_version_num(), 7);
        let (secs, nanos) = id.get_timestamp().expect("v7 has a timestamp").to_unix();
        assert_eq!(secs as i64, at.timestamp());
        assert_eq!(nanos / 1_000_000, 250);
    }
}
