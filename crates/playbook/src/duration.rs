//! Durations written as `2d`, `72h`, `30m`, `1h30m`, `45s`.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use vakt_stdx::{duration_terms, format_duration, parse_duration};

/// The longest duration a definition may give: one year.
pub const MAX_SECONDS: u64 = 366 * 24 * 3600;

/// A positive duration, written as numbers with the units `d`, `h`, `m`, `s` in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    seconds: u64,
}

/// Why a duration could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// The text is not numbers with units in the order d, h, m, s.
    #[error(
        "`{0}` is not a duration; write numbers with units d, h, m, s in that order, such as `72h`, `30m` or `1h30m`"
    )]
    Syntax(String),
    /// The duration is zero.
    #[error("`{0}` is zero; a duration must be positive")]
    Zero(String),
    /// The duration is longer than a year.
    #[error("`{0}` is longer than a year")]
    TooLong(String),
}

impl Duration {
    /// A duration of `seconds` seconds.
    pub fn from_seconds(seconds: u64) -> Self {
        Self { seconds }
    }

    /// Its length in seconds.
    pub fn seconds(self) -> u64 {
        self.seconds
    }

    /// Reads `2d`, `72h`, `30m`, `1h30m`, `45s`: the terms as `vakt-stdx` reads them, each
    /// unit at most once and in the order d, h, m, s.
    pub fn parse(text: &str) -> Result<Self, DurationError> {
        let syntax = || DurationError::Syntax(text.to_string());
        let terms = duration_terms(text).map_err(|_| syntax())?;
        let in_order = terms.windows(2).all(|pair| pair[0].1 < pair[1].1);
        if !in_order {
            return Err(syntax());
        }
        let seconds = parse_duration(text).map_err(|_| syntax())?;
        if seconds == 0 {
            return Err(DurationError::Zero(text.to_string()));
        }
        if seconds > MAX_SECONDS {
            return Err(DurationError::TooLong(text.to_string()));
        }
        Ok(Self { seconds })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_duration(self.seconds))
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Duration::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A positive duration: numbers with units d, h, m, s in that order, such as `72h`, `30m`, `1h30m`.",
            "type": "string",
            "pattern": "^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$",
            "minLength": 2
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_durations_read_and_print_canonically() {
        for (text, secs, shown) in [
            ("72h", 72 * 3600, "3d"),
            ("30m", 1800, "30m"),
            ("1h30m", 5400, "1h30m"),
            ("2d", 172_800, "2d"),
            ("45s", 45, "45s"),
            ("90m", 5400, "1h30m"),
        ] {
            let d = Duration::parse(text).expect("valid");
            assert_eq!(d.seconds(), secs, "{text}");
            assert_eq!(d.to_string(), shown);
        }
    }

    #[test]
    fn bad_durations_are_refused() {
        for text in [
            "",
            "72",
            "h",
            "72 hours",
            "-5m",
            "30m1h",
            "1.5h",
            "1h1h",
            "0m",
            "400d",
            "5w",
            "9999999999h",
            "99999999999999999999s",
            "1hé",
        ] {
            assert!(Duration::parse(text).is_err(), "{text:?} must be refused");
        }
    }
}
