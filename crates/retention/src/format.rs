//! The retention file format (`playbooks/retention.toml`), as written.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The format version this crate reads.
pub const FORMAT_VERSION: u32 = 1;

/// A whole retention file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Vakt retention tiers",
    description = "For each data store, the backup tiers that can restore it and how long each keeps its restore points."
)]
pub struct RetentionFile {
    /// The format version; this Vakt reads version 1.
    #[schemars(with = "u32")]
    pub format: Spanned<u32>,
    /// Always `"retention"`.
    #[schemars(with = "String", regex(pattern = "^retention$"))]
    pub kind: Spanned<String>,
    /// What these tiers describe.
    #[serde(default)]
    pub description: Option<String>,
    /// The stores and their tiers.
    #[serde(default, rename = "store")]
    pub stores: Vec<StoreDef>,
    /// Things that are not covered by any backup, said plainly.
    #[serde(default)]
    pub not_covered: Vec<NotCoveredDef>,
}

/// A data store and its tiers.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StoreDef {
    /// The store's node id in the topology (`store-crm-db`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// A name a person recognises.
    pub name: String,
    /// The tiers, in order of preference when two give the same result.
    #[serde(default, rename = "tier")]
    pub tiers: Vec<TierDef>,
}

/// One retention tier.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierDef {
    /// A short id (`point-in-time`, `monthly`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// A name a person recognises.
    pub name: String,
    /// How restore points are made.
    pub schedule: Schedule,
    /// How long restore points are kept: `30d`, `90d`, `12mo`, `10y`.
    #[schemars(with = "String", regex(pattern = "^[0-9]+(d|h|mo|y)$"))]
    pub keep: Spanned<String>,
    /// Time of day (UTC, `HH:MM`) of a daily, monthly or yearly backup; default `00:00`.
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = "^[0-2][0-9]:[0-5][0-9]$"))]
    pub at: Option<Spanned<String>>,
    /// Day of the month (1 to 28) of a monthly or yearly backup; default 1.
    #[serde(default)]
    #[schemars(with = "Option<u32>", range(min = 1, max = 28))]
    pub day: Option<Spanned<u32>>,
    /// Month (1 to 12) of a yearly backup; default 1.
    #[serde(default)]
    #[schemars(with = "Option<u32>", range(min = 1, max = 12))]
    pub month: Option<Spanned<u32>>,
    /// What the tier holds; default `any`.
    #[serde(default)]
    pub applies_to: Option<Item>,
    /// From when `keep` counts; default `backup`.
    #[serde(default)]
    pub counted_from: Option<CountedFrom>,
}

/// Something that no backup covers.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotCoveredDef {
    /// A short id, usable as a store id in questions (`third-party-apps`).
    pub id: String,
    /// What it is.
    pub name: String,
    /// Why it is not covered.
    pub reason: String,
}

/// How a tier makes restore points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Schedule {
    /// Any moment can be restored (point-in-time restore from logs).
    Continuous,
    /// One backup a day at `at`.
    Daily,
    /// One backup a month on `day` at `at`.
    Monthly,
    /// One backup a year on `month`/`day` at `at`.
    Yearly,
}

/// What is being restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Item {
    /// The store as a whole.
    #[default]
    Any,
    /// An earlier version of a changed item.
    Changed,
    /// An item that was deleted.
    Deleted,
}

/// From when a tier's `keep` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum CountedFrom {
    /// From the moment the backup was made.
    #[default]
    Backup,
    /// From the moment the item was deleted (the wanted moment).
    Deletion,
}

/// The JSON Schema of the retention format, as committed in
/// `playbooks/schema/retention.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(RetentionFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
