//! Vakt's dependency graph for failover decisions.
//!
//! A topology (`playbooks/topology.toml`) lists nodes (sites, power feeds, UPS, cooling,
//! network zones, firewalls, VPN links, server groups, storage, backup sets, providers, teams,
//! business services), each with a requirement over what it depends on: all of it, and/or at
//! least k of named groups. [`load_str`] checks the file and reports every problem with
//! file:line:col; the result is a compiled, immutable [`Topology`] in a flat array form.
//!
//! The analyses borrow the topology and never change it:
//! - [`Impact`]: every node up, degraded or down for a failure set, with a why-path; full
//!   evaluation in one pass, or incremental with [`Impact::fail`];
//! - [`single_points_of_failure`]: exact, in one pass over the graph;
//! - [`cut_sets`]: minimal cut sets of order ≤ 2, bounded, with a `truncated` flag;
//! - [`loops`]: dependency loops that cannot start from cold;
//! - [`recovery_plan`]: the order to bring nodes back, against the RTOs;
//! - [`check_failover`]: a failover target must keep data in the EU/EEA;
//! - [`to_dot`]: Graphviz export with an impact overlay; [`Drill`]: injected failures over time;
//! - [`to_open_psa`]: the fault tree of "this node is down" in the Open-PSA Model Exchange
//!   Format, for fault-tree tools such as SCRAM;
//! - [`import_csv`], [`import_backstage`]: a topology file from a documented CSV or from
//!   Backstage catalog descriptors, with its assumptions and what could not be mapped.
//!
//! ```
//! use std::path::Path;
//! use vakt_topology::{Impact, State, load_str};
//! let text = r#"
//! format = 1
//! kind = "topology"
//! [[node]]
//! id = "feed-a"
//! kind = "power-feed"
//! name = "Feed A"
//! [[node]]
//! id = "feed-b"
//! kind = "power-feed"
//! name = "Feed B"
//! [[node]]
//! id = "site"
//! kind = "site"
//! name = "Site"
//! group = [{ name = "power", at_least = 1, of = ["feed-a", "feed-b"] }]
//! "#;
//! let topology = load_str(text, Path::new("topology.toml")).unwrap();
//! let [a, b, site] = ["feed-a", "feed-b", "site"].map(|id| topology.find(id).unwrap());
//! assert_eq!(Impact::evaluate(&topology, &[a]).state(site), State::Degraded);
//! assert_eq!(Impact::evaluate(&topology, &[a, b]).state(site), State::Down);
//! ```
#![deny(missing_docs)]

mod cuts;
mod dot;
mod drill;
mod duration;
pub mod format;
pub mod generate;
mod impact;
pub mod import;
mod load;
mod loops;
mod model;
pub mod open_psa;
mod problem;
mod recovery;
pub mod report;
mod residency;
mod spof;

pub use cuts::{CutBounds, CutProgress, CutSets, cut_sets, cut_sets_with};
pub use dot::to_dot;
pub use drill::{Drill, DrillError, DrillMoment, Injection};
pub use duration::{format_duration, parse_duration};
pub use impact::{Impact, State};
pub use import::{ImportError, Imported, Unmapped, import_backstage, import_csv};
pub use load::{load_file, load_str};
pub use loops::{Loop, cold_start, loops};
pub use model::{Group, NONE, Node, Topology, Vertex};
pub use open_psa::{ExportError, to_open_psa};
pub use problem::{LoadError, Problem};
pub use recovery::{RecoveryPlan, RecoveryStep, ServiceRecovery, recovery_plan};
pub use residency::{FailoverVerdict, check_failover};
pub use spof::single_points_of_failure;
