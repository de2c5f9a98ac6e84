//! The restore-point calculator: for a store, a wanted moment and now, which tier restores it,
//! the nearest restorable moment and the data-loss window, or "cannot" with the reason.
//!
//! Rules:
//! - a wanted moment after now cannot be restored;
//! - a continuous tier (point-in-time restore) restores any moment from `now − keep` up to now,
//!   both ends included, exactly (no data lost);
//! - a scheduled tier restores the last backup made at or before the wanted moment; the
//!   changes between that backup and the wanted moment are the data-loss window; the backup
//!   is still there while `now ≤ made + keep` (or `wanted + keep` for a tier counted from the
//!   deletion of the item);
//! - months and years are calendar months (chrono), so a 12-month keep from 31 March ends on
//!   the last day of the next March, and leap days count as days;
//! - schedules run in UTC; the wanted moment may be given in any UTC offset and is compared as
//!   the instant it names;
//! - among the tiers that can, the smallest data loss wins; ties go to the tier listed first.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, TimeDelta, Utc};
use serde::Serialize;

use crate::format::{CountedFrom, Item, Schedule};
use crate::model::{Keep, Retention, Store, Tier};

/// What one tier can do for the question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierOutcome {
    /// The tier's id.
    pub tier: String,
    /// The tier's name.
    pub name: String,
    /// The restore point it offers, if it can.
    pub restore_point: Option<DateTime<Utc>>,
    /// Seconds of changes lost (wanted moment minus restore point), if it can.
    pub data_loss_seconds: Option<i64>,
    /// Until when this restore point is kept, if known.
    pub kept_until: Option<DateTime<Utc>>,
    /// Why it cannot, in words (empty when it can).
    pub reason: String,
}

/// The answer to one restore-point question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreAnswer {
    /// The store asked about.
    pub store: String,
    /// What is being restored.
    pub item: Item,
    /// The wanted moment, as an instant.
    pub wanted: DateTime<Utc>,
    /// The wanted moment in the offset it was given in.
    pub wanted_as_given: DateTime<FixedOffset>,
    /// The moment of the question.
    pub now: DateTime<Utc>,
    /// Whether some tier can restore it.
    pub can_restore: bool,
    /// The tier chosen.
    pub tier: Option<String>,
    /// The nearest restorable moment at or before the wanted one (the chosen restore point).
    pub restore_point: Option<DateTime<Utc>>,
    /// The data-loss window in seconds: changes between the restore point and the wanted moment.
    pub data_loss_seconds: Option<i64>,
    /// When it cannot: the earliest moment after the wanted one that can still be restored.
    pub earliest_restorable_after: Option<DateTime<Utc>>,
    /// The verdict in words.
    pub summary: String,
    /// Every tier considered, with what it can do or why not.
    pub tiers: Vec<TierOutcome>,
    /// What no backup covers, said plainly.
    pub not_covered: Vec<String>,
}

/// Answers "can `store` be restored to `wanted`, asked at `now`?" for `item`.
pub fn restore_point(
    retention: &Retention,
    store: &str,
    item: Item,
    wanted: DateTime<FixedOffset>,
    now: DateTime<Utc>,
) -> RestoreAnswer {
    let wanted_utc = wanted.with_timezone(&Utc);
    let not_covered: Vec<String> = retention
        .not_covered
        .iter()
        .map(|n| format!("{} are not covered: {}", n.name, n.reason))
        .collect();
    let mut answer = RestoreAnswer {
        store: store.to_string(),
        item,
        wanted: wanted_utc,
        wanted_as_given: wanted,
        now,
        can_restore: false,
        tier: None,
        restore_point: None,
        data_loss_seconds: None,
        earliest_restorable_after: None,
        summary: String::new(),
        tiers: Vec::new(),
        not_covered,
    };
    let Some(def) = retention.stores.iter().find(|s| s.id == store) else {
        answer.summary = match retention.not_covered.iter().find(|n| n.id == store) {
            Some(n) => format!(
                "Cannot: {} are not covered by any backup. {}",
                n.name, n.reason
            ),
            None => format!(
                "Cannot: no retention tiers are defined for {store:?}; known stores: {}",
                retention
                    .stores
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return answer;
    };
    if wanted_utc > now {
        answer.summary = format!(
            "Cannot: the wanted moment {} is after now ({}).",
            show(wanted_utc),
            show(now)
        );
        return answer;
    }
    answer.tiers = def
        .tiers
        .iter()
        .map(|t| tier_outcome(t, item, wanted_utc, now))
        .collect();
    let best = answer
        .tiers
        .iter()
        .filter_map(|o| Some((o.data_loss_seconds?, o)))
        .min_by_key(|(loss, _)| *loss)
        .map(|(_, o)| o.clone());
    match best {
        Some(o) => {
            answer.can_restore = true;
            answer.tier = Some(o.tier.clone());
            answer.restore_point = o.restore_point;
            answer.data_loss_seconds = o.data_loss_seconds;
            let loss = o.data_loss_seconds.unwrap_or(0);
            let point = o.restore_point.unwrap_or(wanted_utc);
            answer.summary = if loss == 0 {
                format!(
                    "Restorable exactly to {} from {} ({}); no data lost.",
                    show(point),
                    o.name,
                    def.name
                )
            } else {
                format!(
                    "Restorable from {}: the backup of {}; changes from then to {} ({}) are lost.",
                    o.name,
                    show(point),
                    show(wanted_utc),
                    span_words(loss)
                )
            };
        }
        None => {
            answer.earliest_restorable_after = def
                .tiers
                .iter()
                .filter(|t| applies(t, item))
                .filter_map(|t| oldest_kept(t, now))
                .filter(|&m| m > wanted_utc)
                .min();
            let reasons: Vec<String> = answer
                .tiers
                .iter()
                .map(|o| format!("{}: {}", o.name, o.reason))
                .collect();
            answer.summary = format!(
                "Cannot restore {} to {}. {}",
                def.name,
                show(wanted_utc),
                reasons.join("; ")
            );
            if let Some(m) = answer.earliest_restorable_after {
                answer.summary.push_str(&format!(
                    ". The earliest moment after it that can be restored is {}.",
                    show(m)
                ));
            }
        }
    }
    answer
}

fn applies(tier: &Tier, item: Item) -> bool {
    tier.applies_to == Item::Any || tier.applies_to == item
}

fn item_words(item: Item) -> &'static str {
    match item {
        Item::Any => "the whole store",
        Item::Changed => "changed items",
        Item::Deleted => "deleted items",
    }
}

fn tier_outcome(tier: &Tier, item: Item, wanted: DateTime<Utc>, now: DateTime<Utc>) -> TierOutcome {
    let mut out = TierOutcome {
        tier: tier.id.clone(),
        name: tier.name.clone(),
        restore_point: None,
        data_loss_seconds: None,
        kept_until: None,
        reason: String::new(),
    };
    if !applies(tier, item) {
        out.reason = format!(
            "holds {} only, not {}",
            item_words(tier.applies_to),
            item_words(item)
        );
        return out;
    }
    if tier.schedule == Schedule::Continuous {
        let Some(earliest) = minus(now, tier.keep) else {
            out.reason = "the keep period reaches before the calendar".into();
            return out;
        };
        if wanted < earliest {
            out.reason = format!(
                "point-in-time restore reaches back {} to {}; the wanted moment is {} earlier",
                tier.keep.words(),
                show(earliest),
                span_words((earliest - wanted).num_seconds())
            );
            return out;
        }
        out.restore_point = Some(wanted);
        out.data_loss_seconds = Some(0);
        out.kept_until = plus(wanted, tier.keep);
        return out;
    }
    let Some(made) = last_backup_at_or_before(tier, wanted) else {
        out.reason = "no backup before the wanted moment".into();
        return out;
    };
    let from = match tier.counted_from {
        CountedFrom::Backup => made,
        CountedFrom::Deletion => wanted,
    };
    let kept_until = plus(from, tier.keep);
    if kept_until.is_none_or(|k| now > k) {
        out.reason = match tier.counted_from {
            CountedFrom::Backup => format!(
                "the last backup before the wanted moment was made {} and kept {}, until {}",
                show(made),
                tier.keep.words(),
                kept_until.map_or("-".into(), show)
            ),
            CountedFrom::Deletion => format!(
                "deleted items are kept {} after deletion; deleted {} means kept until {}",
                tier.keep.words(),
                show(wanted),
                kept_until.map_or("-".into(), show)
            ),
        };
        return out;
    }
    out.restore_point = Some(made);
    out.data_loss_seconds = Some((wanted - made).num_seconds());
    out.kept_until = kept_until;
    out
}

fn plus(t: DateTime<Utc>, keep: Keep) -> Option<DateTime<Utc>> {
    match keep {
        Keep::Seconds(s) => t.checked_add_signed(TimeDelta::try_seconds(s)?),
        Keep::Months(m) => t.checked_add_months(Months::new(m)),
    }
}

fn minus(t: DateTime<Utc>, keep: Keep) -> Option<DateTime<Utc>> {
    match keep {
        Keep::Seconds(s) => t.checked_sub_signed(TimeDelta::try_seconds(s)?),
        Keep::Months(m) => t.checked_sub_months(Months::new(m)),
    }
}

/// The backup moment of a scheduled tier on a date.
fn made_on(tier: &Tier, date: NaiveDate) -> DateTime<Utc> {
    date.and_time(tier.at).and_utc()
}

/// The last scheduled backup at or before `t`.
fn last_backup_at_or_before(tier: &Tier, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let date = t.date_naive();
    let candidate = match tier.schedule {
        Schedule::Continuous => return Some(t),
        Schedule::Daily => date,
        Schedule::Monthly => NaiveDate::from_ymd_opt(date.year(), date.month(), tier.day)?,
        Schedule::Yearly => NaiveDate::from_ymd_opt(date.year(), tier.month, tier.day)?,
    };
    let made = made_on(tier, candidate);
    if made <= t {
        return Some(made);
    }
    let earlier = match tier.schedule {
        Schedule::Daily => candidate.pred_opt()?,
        Schedule::Monthly => candidate.checked_sub_months(Months::new(1))?,
        Schedule::Yearly => candidate.checked_sub_months(Months::new(12))?,
        Schedule::Continuous => candidate,
    };
    Some(made_on(tier, earlier))
}

/// The oldest restore point a tier still keeps at `now`.
fn oldest_kept(tier: &Tier, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let edge = minus(now, tier.keep)?;
    if tier.schedule == Schedule::Continuous || tier.counted_from == CountedFrom::Deletion {
        return Some(edge);
    }
    let last = last_backup_at_or_before(tier, edge)?;
    if last == edge {
        return Some(last);
    }
    // The next backup after the edge.
    let date = last.date_naive();
    let next = match tier.schedule {
        Schedule::Daily => date.succ_opt()?,
        Schedule::Monthly => date.checked_add_months(Months::new(1))?,
        Schedule::Yearly => date.checked_add_months(Months::new(12))?,
        Schedule::Continuous => date,
    };
    Some(made_on(tier, next))
}

fn show(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// Seconds in words: `3 days 4 hours`, `25 minutes`, `0 seconds`.
pub fn span_words(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60, s % 60);
    let mut parts = Vec::new();
    for (n, unit) in [(d, "day"), (h, "hour"), (m, "minute"), (sec, "second")] {
        if n > 0 {
            parts.push(if n == 1 {
                format!("1 {unit}")
            } else {
                format!("{n} {unit}s")
            });
        }
    }
    if parts.is_empty() {
        return "0 seconds".into();
    }
    parts.truncate(2);
    parts.join(" ")
}

impl Store {
    /// The tier with this id.
    pub fn tier(&self, id: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.id == id)
    }
}

impl fmt::Display for RestoreAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Store:   {} ({})", self.store, item_words(self.item))?;
        writeln!(
            f,
            "Wanted:  {} ({})",
            show(self.wanted),
            self.wanted_as_given.to_rfc3339()
        )?;
        writeln!(f, "Now:     {}", show(self.now))?;
        writeln!(f, "{}", self.summary)?;
        if let (Some(p), Some(l)) = (self.restore_point, self.data_loss_seconds) {
            writeln!(f, "Restore point:     {}", show(p))?;
            writeln!(f, "Data-loss window:  {}", span_words(l))?;
        }
        if !self.tiers.is_empty() {
            writeln!(f, "Tiers:")?;
            for t in &self.tiers {
                match (t.restore_point, t.data_loss_seconds) {
                    (Some(p), Some(l)) => writeln!(
                        f,
                        "  {:<22} can: {} (loses {})",
                        t.tier,
                        show(p),
                        span_words(l)
                    )?,
                    _ => writeln!(f, "  {:<22} cannot: {}", t.tier, t.reason)?,
                }
            }
        }
        for n in &self.not_covered {
            writeln!(f, "Note: {n}")?;
        }
        Ok(())
    }
}
