//! The definition format as Rust types. The JSON Schema in `playbooks/schema/` is generated from
//! these types; the loader in [`crate::load`] builds them from TOML while checking every field.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Duration, Text};

/// The format version this Vakt reads and writes.
pub const FORMAT: u32 = 1;

/// The reserved step id that ends a playbook: a `next` (or a decision option) pointing here
/// finishes the run's steps.
pub const END: &str = "end";

/// What a definition file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PlaybookKind {
    /// A playbook: the incident procedure or a disaster-recovery playbook.
    Playbook,
}

/// What a workspace file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WorkspaceKind {
    /// The workspace file: organisation, roles and contacts.
    Workspace,
}

/// Which family a playbook belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// The incident procedure (ISO/IEC 27035-1).
    Incident,
    /// A disaster-recovery playbook.
    Dr,
}

impl Category {
    /// The word used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Incident => "incident",
            Category::Dr => "dr",
        }
    }
}

/// A playbook: steps a responder walks through, with decisions and clocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// The format version of this file; `1`.
    pub format: u32,
    /// Always `playbook`.
    pub kind: PlaybookKind,
    /// A stable id, lowercase words joined by `-`.
    pub id: String,
    /// The organisation's own version of this playbook, such as `2026.1`.
    pub version: String,
    /// `incident` or `dr`.
    pub category: Category,
    /// Its title.
    pub title: Text,
    /// When to use it, in a sentence or two.
    pub summary: Text,
    /// The role whose holder signs the run off when it closes (default `incident-manager`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_off_role: Option<String>,
    /// Named moments of a run (awareness, maintenance window, …) that clocks count from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moments: Vec<Moment>,
    /// Deadlines measured from a moment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clocks: Vec<ClockDefinition>,
    /// The steps; the run begins at the first.
    pub steps: Vec<Step>,
}

/// A named moment of a run; recorded when a step that `marks` it completes, or entered by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Moment {
    /// Its id.
    pub id: String,
    /// What it is.
    pub title: Text,
}

/// A deadline: a duration after (or before) a moment, met when another moment is recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClockDefinition {
    /// Its id.
    pub id: String,
    /// What it is, such as "GDPR Art. 33 notification to the authority".
    pub title: Text,
    /// The moment it counts from.
    pub from: String,
    /// The deadline is this long after the moment (give `after` or `before`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Duration>,
    /// The deadline is this long before the moment (give `after` or `before`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Duration>,
    /// The moment that meets the deadline when recorded in time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stops_when: Option<String>,
}

/// One step of a playbook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Its id, unique in the playbook; `end` is reserved.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// What to do.
    pub instructions: Text,
    /// The role that performs it (a role id of the workspace).
    pub role: String,
    /// How long it is expected to take, such as `30m` or `1h30m`.
    pub duration: Duration,
    /// Things to tick off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<Text>,
    /// Evidence the step asks for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRequest>,
    /// Topology node ids this step concerns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<String>,
    /// Moments recorded when this step completes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<String>,
    /// The step that follows (default: the next one in the file; `end` finishes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Makes this step a decision whose options lead on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
}

/// A piece of evidence a step asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRequest {
    /// Its id, unique in the step.
    pub id: String,
    /// What to attach.
    pub title: Text,
}

/// A decision: a question and the options that lead to different next steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The question.
    pub question: Text,
    /// At least two options.
    pub options: Vec<DecisionOption>,
}

/// One answer to a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionOption {
    /// Its id, unique in the decision.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// When to choose it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Text>,
    /// The step it leads to (`end` finishes).
    pub next: String,
}

/// The workspace file (`workspace.toml`): organisation, roles and contacts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    /// The format version of this file; `1`.
    pub format: u32,
    /// Always `workspace`.
    pub kind: WorkspaceKind,
    /// The organisation.
    pub organisation: Organisation,
    /// The roles people take in a run.
    pub roles: Vec<Role>,
    /// The people and parties to reach.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
}

/// The organisation the workspace describes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Its name.
    pub name: String,
    /// ISO 3166 country code.
    pub country: String,
    /// Where its data must stay, such as `EU/EEA`.
    pub data_residency: String,
    /// Its certifications.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<String>,
    /// The languages every text in the definitions must carry (`en` always).
    pub languages: Vec<String>,
    /// What it does.
    pub description: Text,
}

/// A role in a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// What the holder does.
    pub description: Text,
}

/// A person or party to reach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Its id.
    pub id: String,
    /// The person's or desk's name.
    pub name: String,
    /// The organisation they belong to.
    pub organisation: String,
    /// Role ids they usually take.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Telephone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// When and how to reach them, and whom to escalate to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<Text>,
}

impl Playbook {
    /// The step with id `id`.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Where the flow goes after a (non-decision) step: its `next`, else the following step in
    /// the file, else [`END`].
    pub fn next_after(&self, id: &str) -> Option<String> {
        let i = self.steps.iter().position(|s| s.id == id)?;
        let step = &self.steps[i];
        Some(match &step.next {
            Some(n) => n.clone(),
            None => self
                .steps
                .get(i + 1)
                .map(|s| s.id.clone())
                .unwrap_or_else(|| END.to_string()),
        })
    }

    /// The role that signs the run off.
    pub fn sign_off_role(&self) -> &str {
        self.sign_off_role.as_deref().unwrap_or("incident-manager")
    }
}
