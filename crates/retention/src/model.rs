//! Loaded retention tiers, and loading them from text.

use std::path::Path;

use chrono::NaiveTime;
use toml::Spanned;
use vakt_stdx::{Lines, Problem};

use crate::format::{CountedFrom, FORMAT_VERSION, Item, RetentionFile, Schedule};

/// How long a tier keeps a restore point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// A fixed number of seconds (written `30d`, `12h`).
    Seconds(i64),
    /// Calendar months (written `12mo`, or `10y` for 120 months).
    Months(u32),
}

impl Keep {
    /// Parses `30d`, `12h`, `12mo`, `10y`.
    pub fn parse(text: &str) -> Result<Keep, String> {
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(|| format!("keep {text:?} has no unit; write 30d, 12mo or 10y"))?;
        let (number, unit) = text.split_at(split);
        let n: u32 = number
            .parse()
            .map_err(|_| format!("keep {text:?} needs a number first, like 30d, 12mo or 10y"))?;
        match unit {
            "d" => Ok(Keep::Seconds(i64::from(n) * 86_400)),
            "h" => Ok(Keep::Seconds(i64::from(n) * 3_600)),
            "mo" => Ok(Keep::Months(n)),
            "y" => n
                .checked_mul(12)
                .map(Keep::Months)
                .ok_or_else(|| format!("keep {text:?} is too long")),
            _ => Err(format!(
                "keep {text:?}: unknown unit {unit:?}; use d, h, mo or y"
            )),
        }
    }

    /// The keep period in words: `30 days`, `12 months`, `10 years`.
    pub fn words(self) -> String {
        match self {
            Keep::Seconds(s) if s % 86_400 == 0 => plural(s / 86_400, "day"),
            Keep::Seconds(s) => plural(s / 3_600, "hour"),
            Keep::Months(m) if m % 12 == 0 => plural(i64::from(m / 12), "year"),
            Keep::Months(m) => plural(i64::from(m), "month"),
        }
    }
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// One retention tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    /// Short id.
    pub id: String,
    /// Name.
    pub name: String,
    /// How restore points are made.
    pub schedule: Schedule,
    /// How long they are kept.
    pub keep: Keep,
    /// Time of day (UTC) of a scheduled backup.
    pub at: NaiveTime,
    /// Day of month of a monthly or yearly backup.
    pub day: u32,
    /// Month of a yearly backup.
    pub month: u32,
    /// What the tier holds.
    pub applies_to: Item,
    /// From when `keep` counts.
    pub counted_from: CountedFrom,
}

/// A store and its tiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    /// The store's topology node id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Tiers, in order of preference.
    pub tiers: Vec<Tier>,
}

/// Something no backup covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCovered {
    /// Short id.
    pub id: String,
    /// What it is.
    pub name: String,
    /// Why not.
    pub reason: String,
}

/// All retention definitions of a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// The stores.
    pub stores: Vec<Store>,
    /// What is not covered.
    pub not_covered: Vec<NotCovered>,
}

/// Why retention definitions could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RetentionError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file is not valid; every problem found.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

impl Retention {
    /// Reads and loads a retention file.
    pub fn load_file(path: &Path) -> Result<Retention, RetentionError> {
        let bytes = std::fs::read(path).map_err(|source| RetentionError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        // Invalid UTF-8 is reported at its byte's line and column, not as an unreadable file.
        let text = vakt_stdx::utf8_text(&path.display().to_string(), &bytes)
            .map_err(|p| RetentionError::Invalid(vec![p]))?;
        Retention::load_str(text, path)
    }

    /// Loads retention definitions from text; `path` is used in problem reports only.
    pub fn load_str(text: &str, path: &Path) -> Result<Retention, RetentionError> {
        let lines = Lines::new(text);
        let mut problems = Vec::new();
        let mut report = |offset: usize, message: String| {
            problems.push(Problem::located(path, &lines, offset, message))
        };
        let file: RetentionFile = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                report(
                    e.span().map_or(0, |s| s.start),
                    e.message().trim().to_string(),
                );
                return Err(RetentionError::Invalid(problems));
            }
        };
        if *file.format.get_ref() != FORMAT_VERSION {
            report(
                file.format.span().start,
                format!(
                    "format {} is not supported; this Vakt reads format {FORMAT_VERSION}",
                    file.format.get_ref()
                ),
            );
        }
        if file.kind.get_ref() != "retention" {
            report(
                file.kind.span().start,
                format!(
                    "kind is {:?}; a retention file has kind = \"retention\"",
                    file.kind.get_ref()
                ),
            );
        }
        let mut stores = Vec::new();
        let mut store_ids = std::collections::HashSet::new();
        for s in &file.stores {
            if !store_ids.insert(s.id.get_ref().clone()) {
                report(
                    s.id.span().start,
                    format!("duplicate store {:?}", s.id.get_ref()),
                );
            }
            let mut tiers = Vec::new();
            let mut tier_ids = std::collections::HashSet::new();
            for t in &s.tiers {
                let who = format!("tier {:?} of store {:?}", t.id.get_ref(), s.id.get_ref());
                if !tier_ids.insert(t.id.get_ref().clone()) {
                    report(t.id.span().start, format!("duplicate {who}"));
                }
                let keep = match Keep::parse(t.keep.get_ref()) {
                    Ok(k) => k,
                    Err(m) => {
                        report(t.keep.span().start, format!("{who}: {m}"));
                        Keep::Seconds(0)
                    }
                };
                let at = match &t.at {
                    None => NaiveTime::MIN,
                    Some(at) => match NaiveTime::parse_from_str(at.get_ref(), "%H:%M") {
                        Ok(time) => time,
                        Err(_) => {
                            report(
                                at.span().start,
                                format!(
                                    "{who}: at = {:?} is not a time of day like \"02:00\"",
                                    at.get_ref()
                                ),
                            );
                            NaiveTime::MIN
                        }
                    },
                };
                let mut ranged = |v: &Option<Spanned<u32>>, what: &str, max: u32| -> u32 {
                    match v {
                        None => 1,
                        Some(x) if (1..=max).contains(x.get_ref()) => *x.get_ref(),
                        Some(x) => {
                            report(
                                x.span().start,
                                format!("{who}: {what} must be 1 to {max}, not {}", x.get_ref()),
                            );
                            1
                        }
                    }
                };
                let day = ranged(&t.day, "day", 28);
                let month = ranged(&t.month, "month", 12);
                if t.schedule == Schedule::Continuous && t.at.is_some() {
                    report(
                        t.at.as_ref().map_or(0, |a| a.span().start),
                        format!("{who}: a continuous tier has no time of day"),
                    );
                }
                tiers.push(Tier {
                    id: t.id.get_ref().clone(),
                    name: t.name.clone(),
                    schedule: t.schedule,
                    keep,
                    at,
                    day,
                    month,
                    applies_to: t.applies_to.unwrap_or_default(),
                    counted_from: t.counted_from.unwrap_or_default(),
                });
            }
            stores.push(Store {
                id: s.id.get_ref().clone(),
                name: s.name.clone(),
                tiers,
            });
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| (p.line, p.column));
            return Err(RetentionError::Invalid(problems));
        }
        Ok(Retention {
            stores,
            not_covered: file
                .not_covered
                .into_iter()
                .map(|n| NotCovered {
                    id: n.id,
                    name: n.name,
                    reason: n.reason,
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn invalid_utf8_is_located_at_its_line_and_column() {
        let dir = std::env::temp_dir().join(format!("vakt-retention-utf8-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let path = dir.join("retention.toml");
        std::fs::write(&path, b"format = 1\n\n[[tier]]\nname = \"N\xe6rlager\"\n").expect("write");
        let e = super::Retention::load_file(&path).expect_err("not UTF-8");
        let _ = std::fs::remove_dir_all(&dir);
        let text = e.to_string();
        assert!(
            text.contains("retention.toml:4:10: not UTF-8 text: byte 0xe6"),
            "{text}"
        );
    }
}
