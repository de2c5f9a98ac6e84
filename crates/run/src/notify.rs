//! The notifications register and the drafting of messages from the run's facts.
//!
//! Vakt sends nothing: the responder sends each message (mail, portal, telephone) and records
//! that it was drafted, sent (when, by whom, through which channel) and acknowledged.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use vakt_playbook::Notification;

use crate::RunState;
use crate::state::RuledOut;

/// The recipient of a notification sent once to every customer recorded as affected.
pub const EACH_AFFECTED_CUSTOMER: &str = "each-affected-customer";

/// The facts a run records for its notifications (GDPR Art. 33(3)), by placeholder name.
pub const FACTS: [&str; 9] = [
    "what_happened",
    "data_subject_categories",
    "data_subjects_approx",
    "record_categories",
    "records_approx",
    "likely_consequences",
    "measures_taken",
    "contact_point",
    "next_update_at",
];

/// Who did something, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stamp {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: String,
}

/// A notification recorded as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sent {
    /// When it was sent, as claimed.
    pub claimed_at: DateTime<Utc>,
    /// When that was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who sent it.
    pub by: String,
    /// How (e-mail, the authority's portal, telephone, …).
    pub channel: String,
    /// Why the claimed time is earlier than the recording, when it is.
    pub reason: Option<String>,
}

/// A recipient's acknowledgement of a notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acknowledged {
    /// When the recipient acknowledged it.
    pub at: DateTime<Utc>,
    /// When that was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it.
    pub by: String,
    /// A reference or remark (the authority's case number, …).
    pub note: Option<String>,
}

/// One entry of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotificationEntry {
    /// The playbook's `[[notifications]]` id.
    pub notification: String,
    /// The affected customer, for a notification to each affected customer.
    pub customer: Option<String>,
    /// The recipient as the playbook names it.
    pub recipient: String,
    /// The clock whose stop moment sending it records.
    pub clock: Option<String>,
    /// The step it belongs to.
    pub step: Option<String>,
    /// The template it is drafted from.
    pub template: Option<String>,
    /// When it was drafted, by whom.
    pub drafted: Option<Stamp>,
    /// When it was sent.
    pub sent: Option<Sent>,
    /// When its receipt was acknowledged.
    pub acknowledged: Option<Acknowledged>,
    /// The decision that made it not apply (through its step or its clock).
    pub ruled_out: Option<RuledOut>,
}

impl NotificationEntry {
    pub(crate) fn new(n: &Notification, customer: Option<String>) -> Self {
        Self {
            notification: n.id.clone(),
            customer,
            recipient: n.recipient.clone(),
            clock: n.clock.clone(),
            step: n.step.clone(),
            template: n.template.clone(),
            drafted: None,
            sent: None,
            acknowledged: None,
            ruled_out: None,
        }
    }

    /// Where it stands: `to do`, `drafted`, `sent`, `acknowledged` or `not applicable`.
    pub fn word(&self) -> &'static str {
        if self.acknowledged.is_some() {
            "acknowledged"
        } else if self.sent.is_some() {
            "sent"
        } else if self.ruled_out.is_some() {
            "not applicable"
        } else if self.drafted.is_some() {
            "drafted"
        } else {
            "to do"
        }
    }

    /// `notification `id`` or `notification `id` to `customer``, for messages.
    pub fn describe(&self) -> String {
        match &self.customer {
            Some(c) => format!("notification `{}` to `{c}`", self.notification),
            None => format!("notification `{}`", self.notification),
        }
    }
}

/// Fills every `{{name}}` in `template` with `facts[name]`; a name without a fact is left
/// visible as `[missing: name]`. Text outside placeholders, and a `{{` never closed, are kept
/// as they are.
///
/// ```
/// let facts = [("what_happened".to_string(), "A laptop was stolen.".to_string())].into();
/// assert_eq!(
///     vakt_run::draft("What: {{ what_happened }} Who: {{contact_point}}", &facts),
///     "What: A laptop was stolen. Who: [missing: contact_point]"
/// );
/// ```
pub fn draft(template: &str, facts: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open + 2..].find("}}") else {
            break;
        };
        out.push_str(&rest[..open]);
        let name = rest[open + 2..open + 2 + close].trim();
        match facts.get(name) {
            Some(value) => out.push_str(value),
            None => {
                out.push_str("[missing: ");
                out.push_str(name);
                out.push(']');
            }
        }
        rest = &rest[open + 2 + close + 2..];
    }
    out.push_str(rest);
    out
}

impl RunState {
    /// The facts to draft notification `notification` (to `customer`) from: the facts recorded
    /// in the run, `run_title`, `organisation`, `recipient` (the customer, or the playbook's
    /// recipient) and `<moment>_at` for every moment recorded (`-` written `_`, such as
    /// `awareness_at`), in RFC 3339.
    pub fn draft_facts(
        &self,
        organisation: &str,
        notification: &str,
        customer: Option<&str>,
    ) -> BTreeMap<String, String> {
        let mut facts = self.facts.clone();
        facts.insert("run_title".into(), self.title.clone());
        facts.insert("organisation".into(), organisation.to_string());
        let recipient = customer.map(str::to_string).or_else(|| {
            self.playbook
                .notifications
                .iter()
                .find(|n| n.id == notification)
                .map(|n| n.recipient.clone())
        });
        if let Some(r) = recipient {
            facts.insert("recipient".into(), r);
        }
        for (id, m) in &self.moments {
            facts.insert(
                format!("{}_at", id.replace('-', "_")),
                vakt_journal::event::time_text(m.claimed_at),
            );
        }
        facts
    }
}
