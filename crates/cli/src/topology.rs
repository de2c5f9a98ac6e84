//! `vakt impact`, `spof`, `cuts`, `plan`, `restore-point` and `topology …`: the dependency
//! graph and the restore-point calculator from the terminal, each one operation.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use vakt_api::json::{DrillInput, ImportSource, InjectionInput, ModelFormat, RestoreItem};
use vakt_api::ops::{
    TopologyCheckRequest, TopologyCutSetsRequest, TopologyDotRequest, TopologyDrillRequest,
    TopologyExportRequest, TopologyFailoverRequest, TopologyImpactRequest, TopologyImportRequest,
    TopologyNodeSpofsRequest, TopologyRecoveryRequest, TopologyRestorePointRequest,
    TopologySpofsRequest,
};

use crate::{Context, EXIT_REFUSED};

/// The topology and restore-point commands (flattened into `vakt`'s top level).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// What is down, degraded and up when these nodes fail, and why.
    Impact {
        /// A node id to fail (repeat, or separate with commas).
        #[arg(
            long = "fail",
            value_name = "NODE",
            value_delimiter = ',',
            required = true
        )]
        fail: Vec<String>,
    },
    /// The single points of failure of a service (default: every business service).
    Spof {
        /// The service (or any node) id.
        service: Option<String>,
    },
    /// Minimal cut sets of order 1 and 2 of a service.
    Cuts {
        /// The service (or any node) id.
        service: String,
        /// Skip the pair search when the service depends on more nodes than this (default:
        /// the analysis's bound).
        #[arg(long)]
        max_cone: Option<u32>,
        /// List at most this many pairs (default: the analysis's bound).
        #[arg(long)]
        max_pairs: Option<u32>,
    },
    /// The recovery order after these failures, against the RTOs.
    Plan {
        /// A node id that failed (repeat, or separate with commas).
        #[arg(
            long = "fail",
            value_name = "NODE",
            value_delimiter = ',',
            required = true
        )]
        fail: Vec<String>,
        /// Recovery crews working in parallel.
        #[arg(long, default_value_t = 1)]
        crews: u32,
    },
    /// Which backup tier can restore a store to a moment, and how close (exit 3: it cannot).
    RestorePoint {
        /// The store id (`store-crm-db`, `store-document-archive`, `third-party-apps`).
        #[arg(long)]
        store: String,
        /// The wanted moment: RFC 3339 (`2026-11-20T14:30:00+01:00`) or a date (UTC midnight).
        #[arg(long)]
        at: String,
        /// What is restored.
        #[arg(long, value_enum, default_value_t = ItemArg::Any)]
        item: ItemArg,
    },
    /// The topology itself: check it, export it, loops, failover checks, drills.
    #[command(subcommand)]
    Topology(TopologyCommand),
}

/// `vakt topology …`.
#[derive(Debug, Subcommand)]
pub enum TopologyCommand {
    /// Load and check the topology; list its loops.
    Check,
    /// Graphviz DOT of the topology, coloured by the impact of `--fail` if given.
    Dot {
        /// A node id to fail for the overlay.
        #[arg(long = "fail", value_name = "NODE", value_delimiter = ',')]
        fail: Vec<String>,
    },
    /// Dependency loops, and whether each can start from cold.
    Loops,
    /// May FROM fail over to TO? Refused (exit 3) when data would leave the EU/EEA.
    Failover {
        /// The node failing over.
        from: String,
        /// The proposed target.
        to: String,
    },
    /// Replay injected failures over time: `--inject NODE@OFFSET` (offset like 0m, 15m, 1h).
    Drill {
        /// The drill's name.
        #[arg(long, default_value = "drill")]
        name: String,
        /// NODE@OFFSET (repeat).
        #[arg(long = "inject", value_name = "NODE@OFFSET", required = true)]
        inject: Vec<InjectionInput>,
    },
    /// Export the model of a service's failure for another tool (Open-PSA: a fault tree for
    /// SCRAM and other fault-tree engines).
    Export {
        /// The format.
        #[arg(long, value_enum)]
        format: FormatArg,
        /// The service (or any node) id.
        service: String,
        /// Write the model to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Make a Vakt topology file from Backstage descriptors (`catalog-info.yaml`, several
    /// files) or one CSV file; what could not be mapped is listed on standard error as
    /// `file:line: why` (exit 0); a broken source exits 1 with file:line:col.
    Import {
        /// What the files are.
        #[arg(long, value_enum)]
        from: FromArg,
        /// The source files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Write the topology to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// The export formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Open-PSA Model Exchange Format (XML).
    OpenPsa,
}

impl From<FormatArg> for ModelFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::OpenPsa => Self::OpenPsa,
        }
    }
}

/// The import sources.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FromArg {
    /// Backstage software-catalog descriptor files.
    Backstage,
    /// One CSV file: id, kind, name, needs, groups.
    Csv,
}

impl From<FromArg> for ImportSource {
    fn from(f: FromArg) -> Self {
        match f {
            FromArg::Backstage => Self::Backstage,
            FromArg::Csv => Self::Csv,
        }
    }
}

/// What a restore is for.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ItemArg {
    /// The store as a whole.
    Any,
    /// An earlier version of a changed item.
    Changed,
    /// A deleted item.
    Deleted,
}

impl From<ItemArg> for RestoreItem {
    fn from(i: ItemArg) -> Self {
        match i {
            ItemArg::Any => Self::Any,
            ItemArg::Changed => Self::Changed,
            ItemArg::Deleted => Self::Deleted,
        }
    }
}

/// Runs one of these commands.
pub fn run(cx: &mut Context<'_, '_, '_>, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Impact { fail } => {
            let impact = cx.call(TopologyImpactRequest { failed: fail })?;
            cx.show(&impact)?;
        }
        Command::Spof { service } => {
            let spofs = match service {
                Some(s) => cx.call(TopologyNodeSpofsRequest { nodes: vec![s] })?,
                None => cx.call(TopologySpofsRequest {})?,
            };
            cx.show(&spofs)?;
        }
        Command::Cuts {
            service,
            max_cone,
            max_pairs,
        } => {
            let cuts = cx.call(TopologyCutSetsRequest {
                service,
                max_cone,
                max_pairs,
                task: None,
            })?;
            cx.show(&cuts)?;
        }
        Command::Plan { fail, crews } => {
            let plan = cx.call(TopologyRecoveryRequest {
                failed: fail,
                crews,
            })?;
            cx.show(&plan)?;
        }
        Command::RestorePoint { store, at, item } => {
            let answer = cx.call(TopologyRestorePointRequest {
                store,
                item: item.into(),
                wanted: at,
            })?;
            cx.show(&answer)?;
            if !answer.can_restore {
                return Ok(ExitCode::from(EXIT_REFUSED));
            }
        }
        Command::Topology(TopologyCommand::Check) => {
            let check = cx.call(TopologyCheckRequest {})?;
            cx.show(&check)?;
        }
        Command::Topology(TopologyCommand::Loops) => {
            let loops = cx.call(TopologyCheckRequest {})?.loops;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&loops)?))?;
            } else if loops.is_empty() {
                cx.emit("no dependency loops\n")?;
            } else {
                let text: String = loops.iter().map(ToString::to_string).collect();
                cx.emit(&text)?;
            }
        }
        Command::Topology(TopologyCommand::Dot { fail }) => {
            let dot = cx.call(TopologyDotRequest { failed: fail })?;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&dot)?))?;
            } else {
                cx.emit(&dot.dot)?;
            }
        }
        Command::Topology(TopologyCommand::Failover { from, to }) => {
            let verdict = cx.call(TopologyFailoverRequest { from, to })?;
            cx.show(&verdict)?;
            if !verdict.allowed {
                return Ok(ExitCode::from(EXIT_REFUSED));
            }
        }
        Command::Topology(TopologyCommand::Drill { name, inject }) => {
            let drill = cx.call(TopologyDrillRequest {
                drill: DrillInput {
                    name,
                    injections: inject,
                },
            })?;
            cx.show(&drill)?;
        }
        Command::Topology(TopologyCommand::Export {
            format,
            service,
            out,
        }) => {
            let model = cx.call(TopologyExportRequest {
                format: format.into(),
                service,
                path: out.map(|p| p.display().to_string()),
            })?;
            cx.show(&model)?;
        }
        Command::Topology(TopologyCommand::Import { from, files, out }) => {
            let imported = cx.call(TopologyImportRequest {
                from: from.into(),
                files: files.iter().map(|f| f.display().to_string()).collect(),
                out: out.map(|p| p.display().to_string()),
            })?;
            if !cx.json {
                for u in &imported.unmapped {
                    cx.note(&u.to_string());
                }
            }
            cx.show(&imported)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
