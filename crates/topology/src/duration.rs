//! Durations as written in definitions: `30m`, `4h`, `1d`, `1h30m`, `90s`.

/// Parses a duration into seconds, or says what is wrong with it.
///
/// ```
/// assert_eq!(vakt_topology::parse_duration("1h30m"), Ok(5400));
/// assert!(vakt_topology::parse_duration("soon").is_err());
/// ```
pub fn parse_duration(text: &str) -> Result<u64, String> {
    if text.is_empty() {
        return Err("a duration is empty; write it like 30m, 4h, 1d or 1h30m".into());
    }
    let mut total: u64 = 0;
    let mut number: Option<u64> = None;
    for c in text.chars() {
        if let Some(d) = c.to_digit(10) {
            let n = number.unwrap_or(0);
            number = Some(
                n.checked_mul(10)
                    .and_then(|n| n.checked_add(u64::from(d)))
                    .ok_or_else(|| format!("duration {text:?} is too long"))?,
            );
            continue;
        }
        let unit = match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => {
                return Err(format!(
                    "duration {text:?}: unexpected {c:?}; write it like 30m, 4h, 1d or 1h30m"
                ));
            }
        };
        let n = number
            .take()
            .ok_or_else(|| format!("duration {text:?}: a number must come before {c:?}"))?;
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(|| format!("duration {text:?} is too long"))?;
    }
    if number.is_some() {
        return Err(format!(
            "duration {text:?}: the last number has no unit (d, h, m or s)"
        ));
    }
    Ok(total)
}

/// Writes seconds back as a short duration (`1h30m`, `0s`).
pub fn format_duration(seconds: u64) -> String {
    if seconds == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut rest = seconds;
    for (unit, letter) in [(86_400, 'd'), (3_600, 'h'), (60, 'm'), (1, 's')] {
        if rest >= unit {
            out.push_str(&format!("{}{letter}", rest / unit));
            rest %= unit;
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
            ("0s", 0),
        ] {
            assert_eq!(parse_duration(text), Ok(secs), "{text}");
            assert_eq!(format_duration(secs), text);
        }
    }

    #[test]
    fn refuses_bad_text() {
        for text in ["", "4", "h", "4x", "99999999999999999999d", "1.5h"] {
            assert!(parse_duration(text).is_err(), "{text}");
        }
    }
}
