//! The clocks of a run: deadlines measured from its moments.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::RunState;

/// Where a clock stands at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum ClockState {
    /// The moment it counts from is not recorded yet.
    Waiting,
    /// Counting; the deadline is ahead.
    Running {
        /// Seconds left.
        remaining_seconds: i64,
    },
    /// The deadline has passed and the clock was not met.
    Overdue {
        /// Seconds past the deadline.
        overdue_seconds: i64,
    },
    /// The stopping moment was recorded.
    Met {
        /// When.
        at: DateTime<Utc>,
        /// Whether that was by the deadline.
        in_time: bool,
    },
}

/// A clock of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockStatus {
    /// Its id.
    pub id: String,
    /// Its title in English.
    pub title: String,
    /// The deadline, once the moment is known.
    pub deadline: Option<DateTime<Utc>>,
    /// Its state at the time asked.
    pub state: ClockState,
}

impl ClockStatus {
    /// Whether the deadline has passed unmet.
    pub fn is_overdue(&self) -> bool {
        matches!(self.state, ClockState::Overdue { .. })
    }
}

impl RunState {
    /// Every clock of the run as it stands at `now`.
    pub fn clocks(&self, now: DateTime<Utc>) -> Vec<ClockStatus> {
        self.playbook
            .clocks
            .iter()
            .map(|c| {
                let deadline = self.moments.get(&c.from).map(|from| {
                    let after = c.after.map(|d| d.seconds() as i64).unwrap_or(0);
                    let before = c.before.map(|d| d.seconds() as i64).unwrap_or(0);
                    *from + Duration::seconds(after - before)
                });
                let met = c.stops_when.as_ref().and_then(|m| self.moments.get(m));
                let state = match (deadline, met) {
                    (None, _) => ClockState::Waiting,
                    (Some(d), Some(at)) => ClockState::Met {
                        at: *at,
                        in_time: *at <= d,
                    },
                    (Some(d), None) if now > d => ClockState::Overdue {
                        overdue_seconds: (now - d).num_seconds(),
                    },
                    (Some(d), None) => ClockState::Running {
                        remaining_seconds: (d - now).num_seconds(),
                    },
                };
                ClockStatus {
                    id: c.id.clone(),
                    title: c.title.get("en").to_string(),
                    deadline,
                    state,
                }
            })
            .collect()
    }
}
