//! The topology file format (`playbooks/topology.toml`), as it is written.
//!
//! These types mirror the TOML exactly and carry source spans, so the loader can point at the
//! line and column of every problem. The JSON Schema in `playbooks/schema/topology.schema.json`
//! is generated from them (see [`json_schema`]).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The format version this crate reads.
pub const FORMAT_VERSION: u32 = 1;

/// A whole topology file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Vakt topology",
    description = "The dependency graph of an organisation's sites, infrastructure, providers, teams and business services."
)]
pub struct TopologyFile {
    /// The format version; this Vakt reads version 1.
    #[schemars(with = "u32")]
    pub format: Spanned<u32>,
    /// Always `"topology"`.
    #[schemars(with = "String", regex(pattern = "^topology$"))]
    pub kind: Spanned<String>,
    /// What this topology describes, in words.
    #[serde(default)]
    pub description: Option<String>,
    /// The nodes, in any order.
    #[serde(default, rename = "node")]
    pub nodes: Vec<NodeDef>,
}

/// One node of the graph.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeDef {
    /// A unique id: lower-case letters, digits and dashes (`dc-oslo`).
    #[schemars(with = "String", regex(pattern = "^[a-z0-9][a-z0-9-]*$"))]
    pub id: Spanned<String>,
    /// What sort of thing the node is.
    #[schemars(with = "NodeKind")]
    pub kind: Spanned<NodeKind>,
    /// A name a person recognises.
    pub name: String,
    /// How much the organisation depends on it.
    #[serde(default)]
    pub criticality: Option<Criticality>,
    /// Recovery time objective: the longest outage allowed (`4h`, `30m`, `1d`).
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = "^([0-9]+[dhms])+$"))]
    pub rto: Option<Spanned<String>>,
    /// Recovery point objective: the most data that may be lost, as a duration.
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = "^([0-9]+[dhms])+$"))]
    pub rpo: Option<Spanned<String>>,
    /// How long it takes to bring this node back once what it needs is up.
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = "^([0-9]+[dhms])+$"))]
    pub recovery: Option<Spanned<String>>,
    /// Where the data it holds or processes lives.
    #[serde(default)]
    pub residency: Option<Residency>,
    /// Nodes this one needs, all of them.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub needs: Vec<Spanned<String>>,
    /// Redundancy groups: at least k of the named members must be up.
    #[serde(default, rename = "group")]
    pub groups: Vec<GroupDef>,
    /// Nodes this one may fail over to (checked for data residency).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub failover: Vec<Spanned<String>>,
    /// Free text for the responder.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A k-of-n redundancy group.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    /// The group's name, unique within its node (`power`, `web-servers`).
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// How many members must be up, at least 1.
    #[schemars(with = "u32", range(min = 1))]
    pub at_least: Spanned<u32>,
    /// The members.
    #[schemars(with = "Vec<String>")]
    pub of: Vec<Spanned<String>>,
}

/// What sort of thing a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// A datacenter or office.
    Site,
    /// A power feed.
    PowerFeed,
    /// An uninterruptible power supply.
    Ups,
    /// A cooling unit.
    Cooling,
    /// An isolated network zone.
    NetworkZone,
    /// A firewall.
    Firewall,
    /// A VPN link.
    VpnLink,
    /// A group of servers doing one job.
    ServerGroup,
    /// A server (a member of a group).
    Server,
    /// Storage (disks, arrays, a database store, an archive).
    Storage,
    /// A backup set.
    BackupSet,
    /// A provider outside the organisation.
    ExternalProvider,
    /// People: a team or a person.
    Team,
    /// A service the business sells or relies on.
    BusinessService,
}

impl NodeKind {
    /// The kind as written in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Site => "site",
            NodeKind::PowerFeed => "power-feed",
            NodeKind::Ups => "ups",
            NodeKind::Cooling => "cooling",
            NodeKind::NetworkZone => "network-zone",
            NodeKind::Firewall => "firewall",
            NodeKind::VpnLink => "vpn-link",
            NodeKind::ServerGroup => "server-group",
            NodeKind::Server => "server",
            NodeKind::Storage => "storage",
            NodeKind::BackupSet => "backup-set",
            NodeKind::ExternalProvider => "external-provider",
            NodeKind::Team => "team",
            NodeKind::BusinessService => "business-service",
        }
    }
}

/// How much the organisation depends on a node.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Criticality {
    /// Can wait.
    Low,
    /// Needed within the working day.
    Medium,
    /// Needed within hours.
    High,
    /// The business stops without it.
    Critical,
}

/// Where a node's data lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Residency {
    /// Inside the EU/EEA.
    EuEea,
    /// Outside the EU/EEA.
    Other,
    /// Not known.
    Unknown,
}

/// The JSON Schema of the topology format, pretty-printed, as committed in
/// `playbooks/schema/topology.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(TopologyFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
