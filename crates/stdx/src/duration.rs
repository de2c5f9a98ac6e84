//! Durations as definitions write them: numbers with the units `d`, `h`, `m`, `s`, such as
//! `30m`, `4h`, `1d`, `1h30m`, `90s`.
//!
//! [`parse_duration`] reads any such text (units in any order, repeated or not);
//! [`duration_terms`] gives the terms as written, for a format that asks for more (the
//! playbook format wants the units in the order d, h, m, s, each once).
//! [`format_duration`] writes the one canonical form both read back.

use std::fmt;

/// A unit of a written duration, from the largest to the smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DurationUnit {
    /// `d`: 86,400 seconds.
    Day,
    /// `h`: 3,600 seconds.
    Hour,
    /// `m`: 60 seconds.
    Minute,
    /// `s`: one second.
    Second,
}

impl DurationUnit {
    /// Every unit, from the largest to the smallest.
    pub const ALL: [DurationUnit; 4] = [
        DurationUnit::Day,
        DurationUnit::Hour,
        DurationUnit::Minute,
        DurationUnit::Second,
    ];

    /// The unit's length in seconds.
    pub fn seconds(self) -> u64 {
        match self {
            DurationUnit::Day => 86_400,
            DurationUnit::Hour => 3_600,
            DurationUnit::Minute => 60,
            DurationUnit::Second => 1,
        }
    }

    /// The letter the unit is written with.
    pub fn letter(self) -> char {
        match self {
            DurationUnit::Day => 'd',
            DurationUnit::Hour => 'h',
            DurationUnit::Minute => 'm',
            DurationUnit::Second => 's',
        }
    }

    fn from_letter(letter: char) -> Option<DurationUnit> {
        DurationUnit::ALL.into_iter().find(|u| u.letter() == letter)
    }
}

/// Why a text is not a duration. Each variant keeps the text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DurationError {
    /// The text is empty.
    Empty,
    /// A character that is neither a digit nor a unit.
    Unexpected {
        /// The text.
        text: String,
        /// The character.
        found: char,
    },
    /// A unit with no number before it.
    NoNumber {
        /// The text.
        text: String,
        /// The unit's letter.
        unit: char,
    },
    /// The text ends in a number without a unit.
    NoUnit {
        /// The text.
        text: String,
    },
    /// The duration does not fit in 64 bits of seconds.
    TooLong {
        /// The text.
        text: String,
    },
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Empty => {
                write!(f, "a duration is empty; write it like 30m, 4h, 1d or 1h30m")
            }
            DurationError::Unexpected { text, found } => write!(
                f,
                "duration {text:?}: unexpected {found:?}; write it like 30m, 4h, 1d or 1h30m"
            ),
            DurationError::NoNumber { text, unit } => {
                write!(f, "duration {text:?}: a number must come before {unit:?}")
            }
            DurationError::NoUnit { text } => write!(
                f,
                "duration {text:?}: the last number has no unit (d, h, m or s)"
            ),
            DurationError::TooLong { text } => write!(f, "duration {text:?} is too long"),
        }
    }
}

impl std::error::Error for DurationError {}

/// The terms of a written duration, `(number, unit)` in the order written: `1h30m` gives
/// `[(1, Hour), (30, Minute)]`. Fails on the first character that does not fit, or when the
/// sum of the terms does not fit in 64 bits of seconds.
pub fn duration_terms(text: &str) -> Result<Vec<(u64, DurationUnit)>, DurationError> {
    if text.is_empty() {
        return Err(DurationError::Empty);
    }
    let too_long = || DurationError::TooLong { text: text.into() };
    let mut terms = Vec::new();
    let mut total: u64 = 0;
    let mut number: Option<u64> = None;
    for c in text.chars() {
        if let Some(d) = c.to_digit(10) {
            let n = number.unwrap_or(0);
            number = Some(
                n.checked_mul(10)
                    .and_then(|n| n.checked_add(u64::from(d)))
                    .ok_or_else(too_long)?,
            );
            continue;
        }
        let Some(unit) = DurationUnit::from_letter(c) else {
            return Err(DurationError::Unexpected {
                text: text.into(),
                found: c,
            });
        };
        let n = number.take().ok_or_else(|| DurationError::NoNumber {
            text: text.into(),
            unit: c,
        })?;
        total = n
            .checked_mul(unit.seconds())
            .and_then(|s| total.checked_add(s))
            .ok_or_else(too_long)?;
        terms.push((n, unit));
    }
    if number.is_some() {
        return Err(DurationError::NoUnit { text: text.into() });
    }
    Ok(terms)
}

/// Reads a duration into seconds: numbers with units `d`, `h`, `m`, `s`, in any order (`1h30m`,
/// `90m`, `0s`). Zero is a duration; what a format forbids beyond this, its loader checks.
///
/// ```
/// assert_eq!(vakt_stdx::parse_duration("1h30m"), Ok(5400));
/// assert!(vakt_stdx::parse_duration("soon").is_err());
/// ```
pub fn parse_duration(text: &str) -> Result<u64, DurationError> {
    duration_terms(text)?
        .into_iter()
        .try_fold(0u64, |total, (n, unit)| {
            n.checked_mul(unit.seconds())
                .and_then(|s| total.checked_add(s))
        })
        .ok_or_else(|| DurationError::TooLong { text: text.into() })
}

/// Writes seconds as the shortest duration with the largest units first: `1h30m`, `3d`, `0s`.
/// [`parse_duration`] reads it back to the same seconds.
///
/// ```
/// assert_eq!(vakt_stdx::format_duration(93_784), "1d2h3m4s");
/// assert_eq!(vakt_stdx::format_duration(0), "0s");
/// ```
pub fn format_duration(seconds: u64) -> String {
    if seconds == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut rest = seconds;
    for unit in DurationUnit::ALL {
        let factor = unit.seconds();
        if rest >= factor {
            out.push_str(&(rest / factor).to_string());
            out.push(unit.letter());
            rest %= factor;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_round_trip() {
        for (text, secs) in [
            ("30m", 1800),
            ("4h", 14400),
            ("1d", 86400),
            ("1h30m", 5400),
            ("45s", 45),
            ("1d2h3m4s", 93_784),
            ("0s", 0),
        ] {
            assert_eq!(parse_duration(text), Ok(secs), "{text}");
            assert_eq!(format_duration(secs), text);
        }
    }

    #[test]
    fn formats_in_the_largest_units() {
        for (secs, text) in [(72 * 3600, "3d"), (5400, "1h30m"), (86_401, "1d1s")] {
            assert_eq!(format_duration(secs), text);
        }
    }

    #[test]
    fn reads_units_in_any_order_and_repeated() {
        assert_eq!(parse_duration("30m1h"), Ok(5400));
        assert_eq!(parse_duration("1h1h"), Ok(7200));
        assert_eq!(parse_duration("90m"), Ok(5400));
        assert_eq!(parse_duration("0001m"), Ok(60));
    }

    #[test]
    fn terms_are_given_as_written() {
        use DurationUnit::{Hour, Minute};
        assert_eq!(duration_terms("1h30m"), Ok(vec![(1, Hour), (30, Minute)]));
        assert_eq!(duration_terms("30m1h"), Ok(vec![(30, Minute), (1, Hour)]));
    }

    #[test]
    fn says_what_is_wrong() {
        for (text, message) in [
            (
                "",
                "a duration is empty; write it like 30m, 4h, 1d or 1h30m",
            ),
            (
                "4x",
                "duration \"4x\": unexpected 'x'; write it like 30m, 4h, 1d or 1h30m",
            ),
            (
                "1.5h",
                "duration \"1.5h\": unexpected '.'; write it like 30m, 4h, 1d or 1h30m",
            ),
            ("h", "duration \"h\": a number must come before 'h'"),
            (
                "4",
                "duration \"4\": the last number has no unit (d, h, m or s)",
            ),
            (
                "99999999999999999999d",
                "duration \"99999999999999999999d\" is too long",
            ),
            (
                "999999999999999d",
                "duration \"999999999999999d\" is too long",
            ),
        ] {
            let e = parse_duration(text).unwrap_err();
            assert_eq!(e.to_string(), message, "{text:?}");
        }
    }
}
