//! The drill scenario format (`playbooks/drills/*.toml`), as written. The JSON Schema in
//! `playbooks/schema/drill.schema.json` is generated from these types ([`json_schema`]).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use vakt_playbook::Text;

/// The format version this crate reads.
pub const FORMAT_VERSION: u32 = 1;

/// A whole scenario file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Vakt drill scenario",
    description = "A disaster-recovery exercise: what it must show, the playbooks it runs, the failures injected into the topology, the services whose recovery is measured (targets from the topology), the success criteria and who takes part."
)]
pub struct ScenarioFile {
    /// The format version; this Vakt reads version 1.
    #[schemars(with = "u32")]
    pub format: Spanned<u32>,
    /// Always `"drill"`.
    #[schemars(with = "String", regex(pattern = "^drill$"))]
    pub kind: Spanned<String>,
    /// The scenario's id, unique in the workspace (`drill-datacenter-stavanger-loss`).
    #[schemars(with = "String", regex(pattern = "^[a-z0-9][a-z0-9-]*$"))]
    pub id: Spanned<String>,
    /// The scenario's version (`2026.1`).
    pub version: String,
    /// The scenario's name.
    #[schemars(with = "Text")]
    pub title: Spanned<Text>,
    /// What happens in the scenario, in a few sentences.
    #[schemars(with = "Text")]
    pub summary: Spanned<Text>,
    /// The kind of exercise.
    pub exercise: ExerciseType,
    /// How often the scenario must be exercised (`365d`, `180d`): the programme's cycle.
    #[schemars(
        with = "String",
        regex(pattern = "^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
    )]
    pub cycle: Spanned<String>,
    /// The playbooks the drill runs, by id; the first is started when the drill starts.
    #[schemars(with = "Vec<String>")]
    pub playbooks: Vec<Spanned<String>>,
    /// The role of the exercise controller (gives the cues, marks recoveries).
    #[schemars(with = "String")]
    pub controller: Spanned<String>,
    /// What the drill must show.
    #[schemars(with = "Vec<Text>")]
    pub objectives: Vec<Spanned<Text>>,
    /// How the team knows the drill succeeded.
    #[schemars(with = "Vec<Text>")]
    pub success_criteria: Vec<Spanned<Text>>,
    /// Who takes part, by role.
    #[serde(default)]
    pub participants: Vec<ParticipantDef>,
    /// The failures injected into the topology.
    #[serde(default)]
    pub injections: Vec<InjectionDef>,
    /// The services whose recovery is measured.
    #[serde(default)]
    pub services: Vec<ServiceDef>,
}

/// The kind of exercise (ISO 22301 8.5 names them).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ExerciseType {
    /// Discussion of the scenario around a table; nothing is failed.
    Tabletop,
    /// The team walks through each step on the real systems without failing them.
    Walkthrough,
    /// Failures are simulated in a test environment or on paper with real timings.
    Simulation,
    /// Production is failed over for real.
    FullFailover,
}

impl ExerciseType {
    /// The id as written in the file.
    pub fn id(self) -> &'static str {
        match self {
            ExerciseType::Tabletop => "tabletop",
            ExerciseType::Walkthrough => "walkthrough",
            ExerciseType::Simulation => "simulation",
            ExerciseType::FullFailover => "full-failover",
        }
    }
}

/// A participant, by role.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantDef {
    /// The role id (from the workspace's roles).
    #[schemars(with = "String")]
    pub role: Spanned<String>,
    /// What this role does in the drill.
    #[schemars(with = "Text")]
    pub duty: Spanned<Text>,
}

/// One injected failure: at an offset from the start, or on the controller's cue.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InjectionDef {
    /// A short id, unique in the scenario.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The topology node that fails.
    #[schemars(with = "String")]
    pub node: Spanned<String>,
    /// The offset from the drill's start (`0m`, `45m`, `1h30m`); give this or `cue`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub at: Option<Spanned<String>>,
    /// When the controller injects it, in words; give this or `at`.
    #[serde(default)]
    #[schemars(with = "Option<Text>")]
    pub cue: Option<Spanned<Text>>,
    /// What the team sees.
    #[schemars(with = "Text")]
    pub description: Spanned<Text>,
}

/// What is measured of a service.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Recovery time: from the moment it went down to the moment it was restored.
    Rto,
    /// Recovery point: the data-loss window of the restore point chosen.
    Rpo,
}

/// A service whose recovery is measured. The targets come from the topology node; a scenario
/// states `rto` or `rpo` only to agree with it, or as an override with `override_reason`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceDef {
    /// The topology node (a business service, a store, a backup set).
    #[schemars(with = "String")]
    pub node: Spanned<String>,
    /// What is measured: `rto`, `rpo` or both.
    #[schemars(with = "Vec<Objective>")]
    pub measure: Spanned<Vec<Objective>>,
    /// The retention store whose restore point gives the RPO (default: the node itself).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub store: Option<Spanned<String>>,
    /// The RTO target, when it overrides the topology's (needs `override_reason`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub rto: Option<Spanned<String>>,
    /// The RPO target, when it overrides the topology's (needs `override_reason`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub rpo: Option<Spanned<String>>,
    /// Why this drill measures against another target than the topology's.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub override_reason: Option<Spanned<String>>,
}

/// The JSON Schema of the scenario format, as committed in
/// `playbooks/schema/drill.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ScenarioFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
