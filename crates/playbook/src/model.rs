//! The definition format as Rust types. The JSON Schema in `playbooks/schema/` is generated from
//! these types; the loader in [`crate::load`] builds them from TOML while checking every field.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Duration, Text};

/// The playbook format version this Vakt reads and writes.
pub const FORMAT: u32 = 2;

/// The workspace file's format version (unchanged by playbook format 2).
pub const WORKSPACE_FORMAT: u32 = 1;

/// The moments every run knows without a playbook declaring them (ISO/IEC 27035 phases and the
/// GDPR awareness moment), in the order they usually happen. A playbook's `[[moments]]` adds
/// only its own extras; declaring one of these is a problem.
pub const BUILT_IN_MOMENTS: &[&str] = &[
    "occurrence",
    "detection",
    "report",
    "awareness",
    "containment",
    "eradication",
    "recovery",
    "closure",
];

/// Notification recipients that are groups rather than one workspace contact.
pub const GROUP_RECIPIENTS: &[&str] = &["each-affected-customer", "data-subjects"];

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
    /// The format version of this file; `2`.
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
    /// The roles whose holders sign the run's record off, each with their own key, in this
    /// order (the first one's signature certifies the record). Default: the sign-off role
    /// alone. A personal-data breach names the incident manager and the DPO.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sign_off_roles: Vec<String>,
    /// Workstreams that steps are grouped in (contain, notify, investigate, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<Track>,
    /// The playbook's own named moments, beyond the [`BUILT_IN_MOMENTS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moments: Vec<Moment>,
    /// Deadlines measured from a moment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clocks: Vec<ClockDefinition>,
    /// The steps. Those that wait for nothing and that no option opens are active at the start.
    pub steps: Vec<Step>,
    /// The notifications register: who must be told, under which clock.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notifications: Vec<Notification>,
}

/// A workstream of a run; steps name the track they belong to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Track {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Text,
}

/// A playbook-defined moment of a run; recorded when a step or notification that `marks` it
/// completes, or entered by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Moment {
    /// Its id.
    pub id: String,
    /// What it is.
    pub title: Text,
}

/// A deadline: a duration after (or before) a moment, met when another moment is recorded in
/// time; a decision option can make it not applicable (`not_applicable`).
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
    /// Its id, unique in the playbook.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// What to do.
    pub instructions: Text,
    /// The role that performs it (a role id of the workspace).
    pub role: String,
    /// How long it is expected to take, such as `30m` or `1h30m`.
    pub duration: Duration,
    /// The track (a `[[tracks]]` id) it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    /// Steps that must all be done (completed or skipped) before this one is active.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// Steps of which one must be done (the others done or not applicable) before this one is
    /// active.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after_any: Vec<String>,
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
    /// Makes this step a decision whose options open steps and rule steps or clocks out.
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
    /// Whether the step cannot complete without it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
}

/// A decision: a question and the options that open different steps.
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
    /// Steps this option makes available. A step named here is *gated*: it becomes active only
    /// after one of the options opening it was chosen. An `opens` naming a step earlier in the
    /// file from which this decision can be reached is a *repeat*: it makes that (done) step
    /// active again and does not gate it (see [`crate::Flow`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opens: Vec<String>,
    /// Steps or clocks this option rules out: they become not applicable when it is chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<String>,
}

/// An entry of the notifications register: someone who must be told, drafted from a template,
/// recorded as sent by a responder (Vakt sends nothing itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notification {
    /// Its id.
    pub id: String,
    /// Whom to tell: a workspace contact id, or one of the [`GROUP_RECIPIENTS`].
    pub recipient: String,
    /// What it is, such as "Notification to the supervisory authority (Art. 33)".
    pub title: Text,
    /// The clock whose stop moment recording it as sent meets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<String>,
    /// Moments recorded when it is recorded as sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<String>,
    /// The message template: `templates/<template>.<lang>.md` in the workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// The step it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
}

/// The workspace file (`workspace.toml`): organisation, roles and contacts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    /// The format version of this file; `1` ([`WORKSPACE_FORMAT`]).
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
    /// The organisation's people who act in runs: the roles each may hold and the fingerprints
    /// of their keys (a person's id in Vakt is the SHA-256 of their public key).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<WorkspacePerson>,
}

/// A person of the organisation who may act in runs (`[[people]]` in `workspace.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspacePerson {
    /// A short unique id (a slug such as `ingrid-berg`).
    pub id: String,
    /// The person's name.
    pub name: String,
    /// The role ids this person may hold in a run (eligible for).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Their keys' fingerprints: lowercase hex SHA-256 of the public key's
    /// SubjectPublicKeyInfo DER (64 characters), one per key they sign and act with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// Their operating-system login, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_user: Option<String>,
    /// Their e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Workspace {
    /// The workspace person holding key `person_id` (a person id: SPKI SHA-256 hex).
    pub fn person_with_key(&self, person_id: &str) -> Option<&WorkspacePerson> {
        self.people
            .iter()
            .find(|p| p.keys.iter().any(|k| k == person_id))
    }

    /// The people the workspace lists as eligible for `role`.
    pub fn eligible_for(&self, role: &str) -> Vec<&WorkspacePerson> {
        self.people
            .iter()
            .filter(|p| p.roles.iter().any(|r| r == role))
            .collect()
    }
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
    /// The step with id `id` (a linear search; build a [`crate::Flow`] for many lookups).
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The clock with id `id`.
    pub fn clock(&self, id: &str) -> Option<&ClockDefinition> {
        self.clocks.iter().find(|c| c.id == id)
    }

    /// The notification with id `id`.
    pub fn notification(&self, id: &str) -> Option<&Notification> {
        self.notifications.iter().find(|n| n.id == id)
    }

    /// The track with id `id`.
    pub fn track(&self, id: &str) -> Option<&Track> {
        self.tracks.iter().find(|t| t.id == id)
    }

    /// Option `option` of the decision of step `step`.
    pub fn option(&self, step: &str, option: &str) -> Option<&DecisionOption> {
        self.step(step)?
            .decision
            .as_ref()?
            .options
            .iter()
            .find(|o| o.id == option)
    }

    /// Whether `id` is a moment of this playbook: built in or declared.
    pub fn has_moment(&self, id: &str) -> bool {
        BUILT_IN_MOMENTS.contains(&id) || self.moments.iter().any(|m| m.id == id)
    }

    /// The role that signs the run off.
    pub fn sign_off_role(&self) -> &str {
        self.sign_off_role.as_deref().unwrap_or("incident-manager")
    }

    /// The roles whose holders sign the record off, in order: `sign_off_roles`, or the sign-off
    /// role alone when none are listed.
    pub fn record_sign_off_roles(&self) -> Vec<&str> {
        if self.sign_off_roles.is_empty() {
            vec![self.sign_off_role()]
        } else {
            self.sign_off_roles.iter().map(String::as_str).collect()
        }
    }
}
