//! The clocks of a run (deadlines measured from its moments) and its metrics.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use vakt_playbook::ClockDefinition;

use crate::RunState;

/// Where a clock stands at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ClockState {
    /// The moment it counts from is not recorded yet.
    Pending,
    /// Counting; the deadline is ahead.
    Running {
        /// The deadline.
        deadline: DateTime<Utc>,
    },
    /// The stop moment was recorded by the deadline.
    Met {
        /// When the stop moment happened.
        at: DateTime<Utc>,
        /// Seconds to spare.
        margin_seconds: i64,
    },
    /// The deadline passed before the stop moment.
    Missed {
        /// The deadline.
        deadline: DateTime<Utc>,
        /// Seconds late: until the stop moment, the close, or now while it is still open.
        by_seconds: i64,
        /// Whether it is still open (no stop moment, the run open): overdue.
        still_open: bool,
    },
    /// A decision made it not apply.
    NotApplicable {
        /// The decision step.
        step: String,
        /// The option chosen.
        option: String,
    },
    /// The run closed while it ran, before its deadline.
    Stopped {
        /// When the run closed.
        at: DateTime<Utc>,
    },
}

/// A clock of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockStatus {
    /// Its id.
    pub id: String,
    /// Its title in English.
    pub title: String,
    /// The deadline, once the start moment is known.
    pub deadline: Option<DateTime<Utc>>,
    /// Its state at the time asked.
    pub state: ClockState,
}

impl ClockStatus {
    /// Whether the deadline has passed and the clock is still open. Never true for a clock
    /// that does not apply.
    pub fn is_overdue(&self) -> bool {
        matches!(
            self.state,
            ClockState::Missed {
                still_open: true,
                ..
            }
        )
    }

    /// Whether the clock applies (no decision ruled it out).
    pub fn applies(&self) -> bool {
        !matches!(self.state, ClockState::NotApplicable { .. })
    }
}

/// Time between two moments of a run, in seconds; `None` until both are recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Metrics {
    /// Occurrence → detection.
    pub to_detect: Option<i64>,
    /// Detection → report.
    pub to_report: Option<i64>,
    /// Detection → containment.
    pub to_contain: Option<i64>,
    /// Detection → eradication.
    pub to_eradicate: Option<i64>,
    /// Detection → recovery.
    pub to_recover: Option<i64>,
    /// Detection → closure.
    pub to_close: Option<i64>,
}

fn deadline_of(clock: &ClockDefinition, from: DateTime<Utc>) -> DateTime<Utc> {
    let after = clock.after.map(|d| d.seconds() as i64).unwrap_or(0);
    let before = clock.before.map(|d| d.seconds() as i64).unwrap_or(0);
    from + Duration::seconds(after - before)
}

impl RunState {
    /// Every clock of the run as it stands at `now`.
    pub fn clocks(&self, now: DateTime<Utc>) -> Vec<ClockStatus> {
        self.playbook
            .clocks
            .iter()
            .map(|c| self.clock(c, now))
            .collect()
    }

    fn clock(&self, c: &ClockDefinition, now: DateTime<Utc>) -> ClockStatus {
        let deadline = self
            .moments
            .get(&c.from)
            .map(|m| deadline_of(c, m.claimed_at));
        let stop = c
            .stops_when
            .as_ref()
            .and_then(|m| self.moments.get(m))
            .map(|m| m.claimed_at);
        let state = match (self.clock_ruled_out(&c.id), deadline, stop) {
            (Some(r), _, _) => ClockState::NotApplicable {
                step: r.step,
                option: r.option.unwrap_or_default(),
            },
            (None, None, _) => ClockState::Pending,
            (None, Some(d), Some(at)) if at <= d => ClockState::Met {
                at,
                margin_seconds: (d - at).num_seconds(),
            },
            (None, Some(d), Some(at)) => ClockState::Missed {
                deadline: d,
                by_seconds: (at - d).num_seconds(),
                still_open: false,
            },
            (None, Some(d), None) => match &self.closed {
                Some(c) if c.at <= d => ClockState::Stopped { at: c.at },
                Some(c) => ClockState::Missed {
                    deadline: d,
                    by_seconds: (c.at - d).num_seconds(),
                    still_open: false,
                },
                None if now > d => ClockState::Missed {
                    deadline: d,
                    by_seconds: (now - d).num_seconds(),
                    still_open: true,
                },
                None => ClockState::Running { deadline: d },
            },
        };
        ClockStatus {
            id: c.id.clone(),
            title: c.title.get("en").to_string(),
            deadline,
            state,
        }
    }

    /// The run's metrics from its moments (claimed times).
    pub fn metrics(&self) -> Metrics {
        let span = |a: &str, b: &str| {
            let a = self.moments.get(a)?.claimed_at;
            let b = self.moments.get(b)?.claimed_at;
            Some((b - a).num_seconds())
        };
        Metrics {
            to_detect: span("occurrence", "detection"),
            to_report: span("detection", "report"),
            to_contain: span("detection", "containment"),
            to_eradicate: span("detection", "eradication"),
            to_recover: span("detection", "recovery"),
            to_close: span("detection", "closure"),
        }
    }
}
