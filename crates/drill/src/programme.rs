//! The exercise programme (ISO 22301 8.5) and the readiness check.
//!
//! The **programme**: per scenario, when it was exercised and with what result, whether within
//! the last 12 months, and when it is next due (its last drill plus its cycle). The
//! **readiness** check lists what stands between the plans and a real disaster:
//! - a playbook clock that contradicts the topology's RTO: a clock named `rto-<node>-…`
//!   (the convention of the shipped playbooks) whose deadline differs from that node's RTO;
//! - a node with an RTO that no disaster-recovery playbook names in its steps' `nodes`;
//! - a scenario never exercised, or not within its cycle;
//! - a playbook changed since the last drill that exercised it (the drill pinned its hash).

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;
use vakt_playbook::{Category, LoadedPlaybook};
use vakt_topology::Topology;

use crate::measure::Measurement;
use crate::scenario::Scenario;

/// One drill, as the programme sees it.
#[derive(Debug, Clone)]
pub struct DrillRecord {
    /// The run.
    pub run: Uuid,
    /// The scenario's id.
    pub scenario: String,
    /// When it began.
    pub started_at: DateTime<Utc>,
    /// When it was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// The playbook it ran and the SHA-256 it pinned.
    pub playbook: (String, String),
    /// Its measurement.
    pub measurement: Measurement,
}

/// One drill's result in the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exercised {
    /// The run.
    pub run: Uuid,
    /// When it began.
    pub at: DateTime<Utc>,
    /// Whether it is still open.
    pub open: bool,
    /// Figures met (no outage counts as met).
    pub met: usize,
    /// Figures missed (including not restored, no restore point).
    pub missed: usize,
    /// Figures not reached yet.
    pub pending: usize,
}

/// A scenario in the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeEntry {
    /// The scenario's id.
    pub scenario: String,
    /// Its cycle, seconds.
    pub cycle_seconds: u64,
    /// Every drill of it, oldest first.
    pub drills: Vec<Exercised>,
    /// Whether it was exercised in the 12 months before now.
    pub within_12_months: bool,
    /// When it is next due: the last drill plus the cycle; `None` when never exercised (due now).
    pub next_due: Option<DateTime<Utc>>,
    /// Whether it is overdue (never exercised, or past its next due date).
    pub overdue: bool,
}

/// The exercise programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Programme {
    /// Per scenario, in the order given.
    pub entries: Vec<ProgrammeEntry>,
    /// Scenarios exercised in the last 12 months.
    pub covered: usize,
    /// Scenarios in all.
    pub total: usize,
}

fn result(d: &DrillRecord) -> Exercised {
    let mut e = Exercised {
        run: d.run,
        at: d.started_at,
        open: d.closed_at.is_none(),
        met: 0,
        missed: 0,
        pending: 0,
    };
    for s in &d.measurement.services {
        for f in [&s.rto, &s.rpo] {
            if f.verdict.is_met() {
                e.met += 1;
            } else if f.verdict.is_missed() {
                e.missed += 1;
            } else if f.verdict == crate::Verdict::NotReached {
                e.pending += 1;
            }
        }
    }
    e
}

/// The programme of `scenarios` over `drills`, as of `now`.
pub fn programme(scenarios: &[Scenario], drills: &[DrillRecord], now: DateTime<Utc>) -> Programme {
    let year_ago = now - Duration::days(365);
    let entries: Vec<ProgrammeEntry> = scenarios
        .iter()
        .map(|s| {
            let mut mine: Vec<&DrillRecord> =
                drills.iter().filter(|d| d.scenario == s.id).collect();
            mine.sort_by_key(|d| d.started_at);
            let last = mine.last().map(|d| d.started_at);
            let next_due = last.map(|l| {
                l + Duration::seconds(i64::try_from(s.cycle_seconds).unwrap_or(i64::MAX / 4))
            });
            ProgrammeEntry {
                scenario: s.id.clone(),
                cycle_seconds: s.cycle_seconds,
                drills: mine.iter().map(|d| result(d)).collect(),
                within_12_months: last.is_some_and(|l| l >= year_ago),
                next_due,
                overdue: next_due.is_none_or(|d| d < now),
            }
        })
        .collect();
    Programme {
        covered: entries.iter().filter(|e| e.within_12_months).count(),
        total: entries.len(),
        entries,
    }
}

/// What the readiness check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Gap {
    /// A playbook's RTO clock differs from the topology's RTO of its node.
    ClockContradictsTopology {
        /// The playbook.
        playbook: String,
        /// The clock.
        clock: String,
        /// The clock's deadline, seconds.
        clock_seconds: u64,
        /// The node.
        node: String,
        /// The node's RTO, seconds.
        rto_seconds: u64,
    },
    /// A node with an RTO that no disaster-recovery playbook names.
    NoPlaybookRestores {
        /// The node.
        node: String,
        /// Its RTO, seconds.
        rto_seconds: u64,
    },
    /// A scenario never exercised, or past its cycle.
    ScenarioOverdue {
        /// The scenario.
        scenario: String,
        /// Its last drill, if any.
        last: Option<DateTime<Utc>>,
        /// When it was due.
        due: Option<DateTime<Utc>>,
    },
    /// A playbook changed since the last drill that exercised it.
    PlaybookChanged {
        /// The scenario whose last drill ran it.
        scenario: String,
        /// The playbook.
        playbook: String,
        /// When that drill began.
        drilled_at: DateTime<Utc>,
    },
}

impl Gap {
    /// The gap in words.
    pub fn text(&self) -> String {
        let d = |s: u64| vakt_stdx::format_duration(s);
        match self {
            Gap::ClockContradictsTopology {
                playbook,
                clock,
                clock_seconds,
                node,
                rto_seconds,
            } => format!(
                "playbook {playbook}: clock {clock} counts {} but the topology gives {node} an RTO of {}",
                d(*clock_seconds),
                d(*rto_seconds)
            ),
            Gap::NoPlaybookRestores { node, rto_seconds } => format!(
                "{node} has an RTO of {} but no disaster-recovery playbook names it in a step",
                d(*rto_seconds)
            ),
            Gap::ScenarioOverdue {
                scenario,
                last: None,
                ..
            } => format!("scenario {scenario} was never exercised"),
            Gap::ScenarioOverdue {
                scenario,
                last,
                due,
                ..
            } => format!(
                "scenario {scenario} was last exercised {}; it was due again {}",
                last.map(|l| l.date_naive().to_string()).unwrap_or_default(),
                due.map(|l| l.date_naive().to_string()).unwrap_or_default()
            ),
            Gap::PlaybookChanged {
                scenario,
                playbook,
                drilled_at,
            } => format!(
                "playbook {playbook} changed since scenario {scenario} exercised it on {}: it needs a re-test",
                drilled_at.date_naive()
            ),
        }
    }
}

/// The readiness check over the workspace's playbooks, topology and scenarios and the drills
/// recorded, as of `now`.
pub fn readiness(
    playbooks: &[LoadedPlaybook],
    topology: &Topology,
    scenarios: &[Scenario],
    drills: &[DrillRecord],
    now: DateTime<Utc>,
) -> Vec<Gap> {
    let mut gaps = Vec::new();
    for p in playbooks {
        for clock in &p.playbook.clocks {
            let (Some(rest), Some(after)) = (clock.id.strip_prefix("rto-"), clock.after) else {
                continue;
            };
            // The longest node id the clock's name starts with (`rto-svc-crm-web-4h`).
            let node = topology
                .nodes()
                .iter()
                .filter(|n| rest.starts_with(&format!("{}-", n.id)) || rest == n.id)
                .max_by_key(|n| n.id.len());
            if let Some(n) = node
                && let Some(rto) = n.rto
                && rto != after.seconds()
            {
                gaps.push(Gap::ClockContradictsTopology {
                    playbook: p.playbook.id.clone(),
                    clock: clock.id.clone(),
                    clock_seconds: after.seconds(),
                    node: n.id.clone(),
                    rto_seconds: rto,
                });
            }
        }
    }
    for n in topology.nodes() {
        let Some(rto) = n.rto else { continue };
        let named = playbooks.iter().any(|p| {
            p.playbook.category == Category::Dr
                && p.playbook.steps.iter().any(|s| s.nodes.contains(&n.id))
        });
        if !named {
            gaps.push(Gap::NoPlaybookRestores {
                node: n.id.clone(),
                rto_seconds: rto,
            });
        }
    }
    let plan = programme(scenarios, drills, now);
    for e in plan.entries.iter().filter(|e| e.overdue) {
        gaps.push(Gap::ScenarioOverdue {
            scenario: e.scenario.clone(),
            last: e.drills.last().map(|d| d.at),
            due: e.next_due,
        });
    }
    for s in scenarios {
        let Some(last) = drills
            .iter()
            .filter(|d| d.scenario == s.id)
            .max_by_key(|d| d.started_at)
        else {
            continue;
        };
        let (id, pinned) = &last.playbook;
        if let Some(current) = playbooks.iter().find(|p| p.playbook.id == *id)
            && current.sha256 != *pinned
        {
            gaps.push(Gap::PlaybookChanged {
                scenario: s.id.clone(),
                playbook: id.clone(),
                drilled_at: last.started_at,
            });
        }
    }
    gaps
}
