//! What a record is built from: a run, its journal events, and the workspace around it.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;
use vakt_journal::Event;
use vakt_playbook::BUILT_IN_MOMENTS;
use vakt_record::{
    AcknowledgedEntry, Action, Checkpoint, ClockEntry, ClockOutcome, ConcurrentEntry,
    CorrectiveAction, DecisionEntry, Language, Metric, MomentEntry, OverrideEntry, RecordIdentity,
    RegisterEntry, RoleAssignment, RuledOutBy, SentEntry, SignOff, StepEntry, StepOutcome,
    TrackEntry, Who,
};
use vakt_run::{ClockState, EACH_AFFECTED_CUSTOMER, RuledOut, RunState, StepStatus, kind};

use super::describe::{actor, describe, who};

/// The words printed where the run holds nothing for a field.
pub const NOT_RECORDED: &str = "not recorded";

/// A run with its events, and what the record needs besides.
pub struct RunSource<'a> {
    /// The run, rebuilt from its events.
    pub state: &'a RunState,
    /// The run's journal events, in order.
    pub events: &'a [Event],
    /// The organisation's name (from `workspace.toml`).
    pub organisation: &'a str,
    /// The new record's UUID.
    pub record_id: Uuid,
    /// When the record is produced.
    pub generated_at: DateTime<Utc>,
    /// The journal checkpoint at this moment.
    pub checkpoint: Checkpoint,
    /// The language of the record: the playbook's titles are taken in it.
    pub language: Language,
    /// Contact id → name (from `workspace.toml`), for the register's recipients.
    pub contacts: BTreeMap<String, String>,
    /// The run's evidence register with its chain of custody (matched to the run's
    /// items by SHA-256 and name).
    pub custody: Vec<vakt_run::custody::EvidenceItem>,
    /// The custody events of the run's evidence (viewed, exported, handed over): journal
    /// events of no run, listed in the action log among the run's own.
    pub custody_events: Vec<Event>,
    /// Whether this laptop's journal matched the team server at the last anchor it stored
    /// (`None` without a team server).
    pub team_server: Option<vakt_record::TeamServerCheck>,
}

impl RunSource<'_> {
    /// The language code the playbook's texts are read in.
    pub(crate) fn lang(&self) -> &'static str {
        match self.language {
            Language::En => "en",
            Language::Nl => "nl",
        }
    }

    /// The title of step `id` in the record's language, or the id.
    pub(crate) fn step_title(&self, id: &str) -> String {
        self.state
            .playbook
            .step(id)
            .map(|s| s.title.get(self.lang()).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    /// The title of option `option` of decision step `step`, or the option id.
    pub(crate) fn option_title(&self, step: &str, option: &str) -> String {
        self.state
            .playbook
            .step(step)
            .and_then(|s| s.decision.as_ref())
            .and_then(|d| d.options.iter().find(|o| o.id == option))
            .map(|o| o.title.get(self.lang()).to_string())
            .unwrap_or_else(|| option.to_string())
    }

    fn clock_title(&self, id: &str) -> String {
        self.state
            .playbook
            .clocks
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.title.get(self.lang()).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    fn ruled_out(&self, r: &RuledOut) -> RuledOutBy {
        RuledOutBy {
            step: r.step.clone(),
            step_title: self.step_title(&r.step),
            option: r.option.clone(),
            option_title: r.option.as_ref().map(|o| self.option_title(&r.step, o)),
        }
    }

    /// The event of `kinds` about `step` recorded at `at`: the one behind a step's status.
    fn event_at(&self, step: &str, kinds: &[&str], at: DateTime<Utc>) -> Option<&Event> {
        self.events.iter().rev().find(|e| {
            e.at == at
                && kinds.contains(&e.kind.as_str())
                && e.payload.get("step").and_then(|v| v.as_str()) == Some(step)
        })
    }

    /// Every recorded moment in the order it happened, then the built-in moments not recorded.
    pub(crate) fn moments(&self) -> Vec<MomentEntry> {
        let pb = &self.state.playbook;
        let mut out: Vec<MomentEntry> = self
            .state
            .moments
            .iter()
            .map(|(id, m)| MomentEntry {
                id: id.clone(),
                title: pb
                    .moments
                    .iter()
                    .find(|d| d.id == *id)
                    .map(|d| d.title.get(self.lang()).to_string()),
                claimed_at: Some(m.claimed_at),
                recorded_at: Some(m.recorded_at),
                reason: m.reason.clone(),
                by: Some(m.by.clone()),
            })
            .collect();
        out.sort_by_key(|m| m.claimed_at);
        let unrecorded = BUILT_IN_MOMENTS
            .iter()
            .map(|id| (id.to_string(), None))
            .chain(
                pb.moments
                    .iter()
                    .map(|m| (m.id.clone(), Some(m.title.get(self.lang()).to_string()))),
            );
        for (id, title) in unrecorded {
            if !self.state.moments.contains_key(&id) {
                out.push(MomentEntry {
                    id,
                    title,
                    claimed_at: None,
                    recorded_at: None,
                    reason: None,
                    by: None,
                });
            }
        }
        out
    }

    /// The metrics, each `None` ("not measured") while a moment is missing.
    pub(crate) fn metrics(&self) -> Vec<Metric> {
        let m = self.state.metrics();
        [
            ("to_detect", "occurrence", "detection", m.to_detect),
            ("to_report", "detection", "report", m.to_report),
            ("to_contain", "detection", "containment", m.to_contain),
            ("to_eradicate", "detection", "eradication", m.to_eradicate),
            ("to_recover", "detection", "recovery", m.to_recover),
            ("to_close", "detection", "closure", m.to_close),
        ]
        .into_iter()
        .map(|(id, from, to, seconds)| Metric {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            seconds,
        })
        .collect()
    }

    fn step_entry(&self, step: &vakt_playbook::Step) -> StepEntry {
        let record = self.state.step(&step.id);
        let status = record.map(|r| &r.status).unwrap_or(&StepStatus::Pending);
        const ENDS: [&str; 4] = [
            kind::STEP_COMPLETED,
            kind::DECISION_TAKEN,
            kind::STEP_SKIPPED,
            kind::STEP_FAILED,
        ];
        let (outcome, at) = match status {
            StepStatus::Done { at, .. } => {
                let decided = self
                    .state
                    .decisions
                    .iter()
                    .rev()
                    .find(|d| d.step == step.id && d.at == *at);
                match decided {
                    Some(d) => (
                        StepOutcome::Decided {
                            option: d.option.clone(),
                            option_title: self.option_title(&d.step, &d.option),
                        },
                        Some(*at),
                    ),
                    None => (StepOutcome::Done, Some(*at)),
                }
            }
            StepStatus::Skipped { at, reason, .. } => (
                StepOutcome::Skipped {
                    reason: reason.clone(),
                },
                Some(*at),
            ),
            StepStatus::Failed { at, reason, .. } => (
                StepOutcome::Failed {
                    reason: reason.clone(),
                },
                Some(*at),
            ),
            StepStatus::NotApplicable { by } => (
                StepOutcome::NotApplicable {
                    by: self.ruled_out(by),
                },
                None,
            ),
            StepStatus::Started { since, .. } => (StepOutcome::Started, Some(*since)),
            StepStatus::Active => (StepOutcome::Active, None),
            StepStatus::Pending => (StepOutcome::Pending, None),
        };
        let kinds: &[&str] = match status {
            StepStatus::Started { .. } => &[kind::STEP_STARTED],
            _ => &ENDS,
        };
        let event = at.and_then(|t| self.event_at(&step.id, kinds, t));
        StepEntry {
            id: step.id.clone(),
            title: step.title.get(self.lang()).to_string(),
            role: step.role.clone(),
            outcome,
            at,
            by: event.map(who),
            override_reason: event
                .and_then(|e| e.payload.get("override_reason"))
                .and_then(|v| v.as_str())
                .map(str::to_string),
            visits: record.map(|r| r.visits).unwrap_or(1),
        }
    }

    /// The steps grouped by track, in the playbook's order; steps without a track last.
    pub(crate) fn tracks(&self) -> Vec<TrackEntry> {
        let pb = &self.state.playbook;
        let mut out: Vec<TrackEntry> = pb
            .tracks
            .iter()
            .map(|t| TrackEntry {
                id: Some(t.id.clone()),
                title: t.title.get(self.lang()).to_string(),
                steps: pb
                    .steps
                    .iter()
                    .filter(|s| s.track.as_deref() == Some(t.id.as_str()))
                    .map(|s| self.step_entry(s))
                    .collect(),
            })
            .filter(|t| !t.steps.is_empty())
            .collect();
        let loose: Vec<StepEntry> = pb
            .steps
            .iter()
            .filter(|s| {
                s.track
                    .as_ref()
                    .is_none_or(|t| !pb.tracks.iter().any(|x| x.id == *t))
            })
            .map(|s| self.step_entry(s))
            .collect();
        if !loose.is_empty() {
            out.push(TrackEntry {
                id: None,
                title: String::new(),
                steps: loose,
            });
        }
        out
    }

    /// Every clock with its state when the record is made (final, once the run is closed).
    pub(crate) fn clocks(&self) -> Vec<ClockEntry> {
        let pb = &self.state.playbook;
        self.state
            .clocks(self.generated_at)
            .into_iter()
            .map(|c| {
                let def = pb.clocks.iter().find(|d| d.id == c.id);
                let outcome = match c.state {
                    ClockState::Pending => ClockOutcome::Pending,
                    ClockState::Running { deadline } => ClockOutcome::Running { deadline },
                    ClockState::Met { at, margin_seconds } => {
                        ClockOutcome::Met { at, margin_seconds }
                    }
                    ClockState::Missed {
                        deadline,
                        by_seconds,
                        still_open,
                    } => ClockOutcome::Missed {
                        deadline,
                        by_seconds,
                        still_open,
                    },
                    ClockState::NotApplicable { step, option } => ClockOutcome::NotApplicable {
                        by: self.ruled_out(&RuledOut {
                            step,
                            option: Some(option).filter(|o| !o.is_empty()),
                        }),
                    },
                    ClockState::Stopped { at } => ClockOutcome::Stopped { at },
                };
                ClockEntry {
                    title: self.clock_title(&c.id),
                    id: c.id,
                    from: def.map(|d| d.from.clone()).unwrap_or_default(),
                    stops_when: def.and_then(|d| d.stops_when.clone()),
                    deadline: c.deadline,
                    outcome,
                }
            })
            .collect()
    }

    /// Every decision taken, with who decided, in which role, on which machine.
    pub(crate) fn decisions(&self) -> Vec<DecisionEntry> {
        self.state
            .decisions
            .iter()
            .map(|d| DecisionEntry {
                step: d.step.clone(),
                step_title: self.step_title(&d.step),
                option: d.option.clone(),
                option_title: self.option_title(&d.step, &d.option),
                rationale: d.rationale.clone(),
                by: self
                    .event_at(&d.step, &[kind::DECISION_TAKEN], d.at)
                    .map(who)
                    .unwrap_or_else(|| Who {
                        name: d.by.clone(),
                        role: None,
                        host: String::new(),
                    }),
                at: d.at,
            })
            .collect()
    }

    /// The actions taken outside one's role.
    pub(crate) fn overrides(&self) -> Vec<OverrideEntry> {
        self.state
            .overrides
            .iter()
            .map(|o| OverrideEntry {
                step: o.step.clone(),
                step_title: self.step_title(&o.step),
                action: o.action.clone(),
                role: o.role.clone(),
                holder: o.holder.clone(),
                by: o.by.clone(),
                reason: o.reason.clone(),
                at: o.at,
            })
            .collect()
    }

    /// The notifications register: every entry with its recipient, clock, sending and
    /// acknowledgement.
    pub(crate) fn register(&self) -> Vec<RegisterEntry> {
        let pb = &self.state.playbook;
        self.state
            .notifications
            .iter()
            .map(|n| RegisterEntry {
                notification: n.notification.clone(),
                title: pb
                    .notifications
                    .iter()
                    .find(|d| d.id == n.notification)
                    .map(|d| d.title.get(self.lang()).to_string())
                    .unwrap_or_else(|| n.notification.clone()),
                recipient: self
                    .contacts
                    .get(&n.recipient)
                    .cloned()
                    .unwrap_or_else(|| n.recipient.clone()),
                customer: n.customer.clone(),
                to_customer: n.recipient == EACH_AFFECTED_CUSTOMER,
                clock: n.clock.as_deref().map(|c| self.clock_title(c)),
                drafted_at: n.drafted.as_ref().map(|d| d.at),
                sent: n.sent.as_ref().map(|s| SentEntry {
                    at: s.claimed_at,
                    recorded_at: s.recorded_at,
                    by: s.by.clone(),
                    channel: s.channel.clone(),
                    reason: s.reason.clone(),
                }),
                acknowledged: n.acknowledged.as_ref().map(|a| AcknowledgedEntry {
                    at: a.at,
                    by: a.by.clone(),
                    note: a.note.clone(),
                }),
                not_applicable: n.ruled_out.as_ref().map(|r| self.ruled_out(r)),
            })
            .collect()
    }

    /// The actions that did not count.
    pub(crate) fn concurrent(&self) -> Vec<ConcurrentEntry> {
        self.state
            .concurrent
            .iter()
            .map(|c| ConcurrentEntry {
                kind: c.kind.clone(),
                step: c.step.as_deref().map(|s| self.step_title(s)),
                option: match (&c.step, &c.option) {
                    (Some(s), Some(o)) => Some(self.option_title(s, o)),
                    (None, o) => o.clone(),
                    (_, None) => None,
                },
                by: c.by.clone(),
                at: c.at,
                reason: c.reason.clone(),
            })
            .collect()
    }

    pub(crate) fn identity(&self, prefix: &str, what: &str) -> RecordIdentity {
        let short: String = self
            .state
            .id
            .simple()
            .to_string()
            .chars()
            .rev()
            .take(8)
            .collect();
        let short: String = short.chars().rev().collect();
        RecordIdentity {
            id: self.record_id,
            reference: format!(
                "{prefix}-{}-{}",
                self.state.started_at.format("%Y"),
                short.to_uppercase()
            ),
            title: format!("{what}: {}", self.state.title),
            classification: "Confidential".into(),
            organisation: self.organisation.to_string(),
            generated_at: self.generated_at,
        }
    }

    /// The texts of the notes about `step`, oldest first.
    pub(crate) fn notes_on(&self, step: &str) -> Vec<String> {
        self.state
            .notes
            .iter()
            .filter(|n| n.step.as_deref() == Some(step))
            .map(|n| n.text.clone())
            .collect()
    }

    /// The notes about `step` joined, or "not recorded".
    pub(crate) fn notes_text(&self, step: &str) -> String {
        let notes = self.notes_on(step);
        if notes.is_empty() {
            NOT_RECORDED.to_string()
        } else {
            notes.join(" ")
        }
    }

    /// The decisions answered differently by two people, with the titles in the record's
    /// language.
    pub(crate) fn conflicts(&self) -> Vec<vakt_record::ConflictEntry> {
        self.state
            .conflicts
            .iter()
            .map(|c| {
                let answer = |a: &vakt_run::DecisionAnswer| vakt_record::ConflictAnswer {
                    option: self.option_title(&c.step, &a.option),
                    by: a.by.clone(),
                    host: a.host.clone(),
                    at: a.at,
                };
                vakt_record::ConflictEntry {
                    step: self.step_title(&c.step),
                    answers: c.answers.iter().map(answer).collect(),
                    settled: c.settled.as_ref().map(answer),
                }
            })
            .collect()
    }

    /// Every event of the run, and every custody event on its evidence, as action-log lines in
    /// replay order.
    pub(crate) fn actions(&self) -> Vec<Action> {
        let mut events: Vec<&Event> = self.events.iter().chain(&self.custody_events).collect();
        events.sort_by_key(|e| (e.hlc.wall, e.hlc.counter, e.device, e.device_seq));
        events
            .into_iter()
            .map(|e| Action {
                seq: e.seq,
                at: e.at,
                actor: actor(e),
                action: self
                    .custody_line(e)
                    .unwrap_or_else(|| describe(&self.state.playbook, e)),
                receipt: e.receipt.as_ref().map(|r| vakt_record::ServerReceipt {
                    login: r.login.clone(),
                    address: r.address.clone(),
                    server_time: r.server_time,
                }),
            })
            .collect()
    }

    /// A custody event as an action-log line, naming the item as the register does; `None`
    /// for any other event.
    fn custody_line(&self, e: &Event) -> Option<String> {
        use vakt_run::custody::kind;
        let text = |k: &str| e.payload.get(k).and_then(|v| v.as_str()).unwrap_or("");
        let item = self
            .custody
            .iter()
            .find(|i| i.id.to_string() == text("item"))
            .map(|i| vakt_stdx::shown_safely(&i.attached.original_name))
            .unwrap_or_else(|| text("item").to_string());
        let sha = text("sha256");
        Some(match e.kind.as_str() {
            kind::VIEWED => format!("evidence viewed: {item} (SHA-256 {sha})"),
            kind::EXPORTED => format!(
                "evidence exported: {item} (SHA-256 {sha}) to {}",
                vakt_stdx::shown_safely(text("to"))
            ),
            kind::HANDED_OVER => format!(
                "evidence handed over: {item} (SHA-256 {sha}) to {} ({})",
                vakt_stdx::shown_safely(text("to")),
                vakt_stdx::shown_safely(text("purpose"))
            ),
            _ => return None,
        })
    }

    /// Who held each role and since when (the latest assignment of each role).
    pub(crate) fn roles(&self) -> Vec<RoleAssignment> {
        let mut out: Vec<RoleAssignment> = Vec::new();
        for e in self.events.iter().filter(|e| e.kind == kind::ROLE_ASSIGNED) {
            let text = |k: &str| {
                e.payload
                    .get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let role = text("role");
            out.retain(|r| r.role != role);
            out.push(RoleAssignment {
                role,
                person: text("person"),
                assigned_at: e.at,
            });
        }
        out
    }

    /// Corrective actions from the notes on `step`, each written as
    /// `what; owner: NAME; due: YYYY-MM-DD` (owner and due optional).
    pub(crate) fn corrective_actions(&self, step: &str) -> Vec<CorrectiveAction> {
        self.state
            .notes
            .iter()
            .filter(|n| n.step.as_deref() == Some(step))
            .map(|n| corrective_action(&n.text, n.at.date_naive()))
            .collect()
    }

    /// The sign-off: the one that closed the run, or the pending one of the sign-off role.
    pub(crate) fn sign_off(&self) -> Vec<SignOff> {
        match &self.state.closed {
            Some(c) => vec![SignOff {
                role: c.role.clone(),
                name: c.by.clone(),
                at: Some(c.at),
                statement: c.statement.clone(),
            }],
            None => {
                let role = self.state.playbook.sign_off_role().to_string();
                vec![SignOff {
                    name: self
                        .state
                        .assignments
                        .get(&role)
                        .cloned()
                        .unwrap_or_else(|| NOT_RECORDED.to_string()),
                    role,
                    at: None,
                    statement: "the run is not closed yet".into(),
                }]
            }
        }
    }
}

/// Reads `what; owner: NAME; due: YYYY-MM-DD`. Without a due date the note's own date is used
/// and the status says so.
pub(crate) fn corrective_action(text: &str, noted: NaiveDate) -> CorrectiveAction {
    let mut what = Vec::new();
    let mut owner = None;
    let mut due = None;
    for part in text.split(';') {
        let part = part.trim();
        let lower = part.to_lowercase();
        if let Some(rest) = lower.strip_prefix("owner:") {
            owner = Some(part[part.len() - rest.len()..].trim().to_string());
        } else if let Some(rest) = lower.strip_prefix("due:") {
            due = rest.trim().parse::<NaiveDate>().ok();
        } else if !part.is_empty() {
            what.push(part);
        }
    }
    CorrectiveAction {
        action: what.join("; "),
        owner: owner.unwrap_or_else(|| NOT_RECORDED.to_string()),
        due: due.unwrap_or(noted),
        status: if due.is_some() {
            "open".into()
        } else {
            "open (due date not recorded; date of the note shown)".into()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrective_action_reads_owner_and_due() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let a = corrective_action(
            "Rotate the VPN keys; owner: Ola Nordmann; due: 2026-12-15",
            d,
        );
        assert_eq!(a.action, "Rotate the VPN keys");
        assert_eq!(a.owner, "Ola Nordmann");
        assert_eq!(a.due, NaiveDate::from_ymd_opt(2026, 12, 15).expect("date"));
        assert_eq!(a.status, "open");
        let b = corrective_action("Review firewall rules", d);
        assert_eq!(b.owner, NOT_RECORDED);
        assert_eq!(b.due, d);
        assert!(b.status.contains("not recorded"));
    }
}
