//! What a record is built from: a run, its journal events, and the workspace around it.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;
use vakt_journal::Event;
use vakt_record::{Action, Checkpoint, CorrectiveAction, RecordIdentity, RoleAssignment, SignOff};
use vakt_run::{RunState, kind};

use super::describe::{actor, describe};

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
}

impl RunSource<'_> {
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

    /// Every event as an action-log line.
    pub(crate) fn actions(&self) -> Vec<Action> {
        self.events
            .iter()
            .map(|e| Action {
                seq: e.seq,
                at: e.at,
                actor: actor(e),
                action: describe(&self.state.playbook, e),
            })
            .collect()
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
