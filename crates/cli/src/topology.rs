//! `vakt impact`, `spof`, `cuts`, `plan`, `restore-point` and `topology …`: the dependency
//! graph and the restore-point calculator from the terminal.

use std::process::ExitCode;

use std::fmt::Write as _;

use anyhow::{Context as _, bail};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use vakt_api::Vakt;
use vakt_retention::Item;
use vakt_topology::format::NodeKind;
use vakt_topology::report::{cut_report, impact_report, loop_reports, plan_report, spof_report};
use vakt_topology::{
    CutBounds, Drill, Impact, Injection, Topology, Vertex, check_failover, cut_sets, loops,
    parse_duration, recovery_plan, to_dot,
};

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
        /// Skip the pair search when the service depends on more nodes than this.
        #[arg(long, default_value_t = CutBounds::default().max_cone)]
        max_cone: usize,
        /// List at most this many pairs.
        #[arg(long, default_value_t = CutBounds::default().max_pairs)]
        max_pairs: usize,
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
        crews: usize,
    },
    /// Which backup tier can restore a store to a moment, and how close.
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
    /// May FROM fail over to TO? Refused when data would leave the EU/EEA.
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
        inject: Vec<String>,
    },
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

fn print<T: Serialize + std::fmt::Display>(
    out: &mut String,
    json: bool,
    value: &T,
) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(value)?)?;
    } else {
        write!(out, "{value}")?;
    }
    Ok(())
}

/// Writes the answer to stdout; a closed pipe (`vakt … | head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn vertex(t: &Topology, id: &str) -> anyhow::Result<Vertex> {
    t.find(id).with_context(|| {
        let close: Vec<&str> = t
            .nodes()
            .iter()
            .map(|n| n.id.as_str())
            .filter(|n| n.contains(id) || id.contains(*n))
            .take(5)
            .collect();
        if close.is_empty() {
            format!("no node {id:?} in the topology")
        } else {
            format!(
                "no node {id:?} in the topology; did you mean {}?",
                close.join(", ")
            )
        }
    })
}

fn vertices(t: &Topology, ids: &[String]) -> anyhow::Result<Vec<Vertex>> {
    ids.iter().map(|id| vertex(t, id)).collect()
}

/// Parses RFC 3339, or a plain date as midnight UTC.
fn moment(text: &str) -> anyhow::Result<DateTime<FixedOffset>> {
    if let Ok(m) = DateTime::parse_from_rfc3339(text) {
        return Ok(m);
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").with_context(|| {
        format!("--at {text:?}: give a moment like 2026-11-20T14:30:00+01:00 or a date 2026-11-20")
    })?;
    let midnight = date.and_hms_opt(0, 0, 0).context("midnight exists")?;
    Ok(DateTime::<Utc>::from_naive_utc_and_offset(midnight, Utc).fixed_offset())
}

/// Runs one of these commands.
pub fn run(command: &Command, vakt: &Vakt, json: bool) -> anyhow::Result<ExitCode> {
    if let Command::RestorePoint { store, at, item } = command {
        let item = match item {
            ItemArg::Any => Item::Any,
            ItemArg::Changed => Item::Changed,
            ItemArg::Deleted => Item::Deleted,
        };
        let answer = vakt.restore_point(store, item, moment(at)?)?;
        let mut out = String::new();
        print(&mut out, json, &answer)?;
        emit(&out)?;
        return Ok(if answer.can_restore {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(3)
        });
    }
    graph(command, &vakt.topology()?, json)
}

/// The commands over the topology.
fn graph(command: &Command, t: &Topology, json: bool) -> anyhow::Result<ExitCode> {
    let mut out = String::new();
    let code = answer(command, t, json, &mut out)?;
    emit(&out)?;
    Ok(code)
}

fn answer(
    command: &Command,
    t: &Topology,
    json: bool,
    out: &mut String,
) -> anyhow::Result<ExitCode> {
    match command {
        Command::Impact { fail } => {
            let impact = Impact::evaluate(t, &vertices(t, fail)?);
            print(out, json, &impact_report(t, &impact))?;
        }
        Command::Spof { service } => {
            let targets = match service {
                Some(s) => vec![vertex(t, s)?],
                None => (0..t.node_count() as Vertex)
                    .filter(|&v| {
                        t.node(v)
                            .is_some_and(|n| n.kind == NodeKind::BusinessService)
                    })
                    .collect(),
            };
            print(out, json, &spof_report(t, &targets))?;
        }
        Command::Cuts {
            service,
            max_cone,
            max_pairs,
        } => {
            let cuts = cut_sets(
                t,
                vertex(t, service)?,
                CutBounds {
                    max_cone: *max_cone,
                    max_pairs: *max_pairs,
                },
            );
            print(out, json, &cut_report(t, &cuts))?;
        }
        Command::Plan { fail, crews } => {
            if *crews == 0 {
                bail!("--crews must be at least 1");
            }
            let impact = Impact::evaluate(t, &vertices(t, fail)?);
            let plan = recovery_plan(t, &impact, *crews);
            print(out, json, &plan_report(t, &impact, &plan))?;
        }
        Command::Topology(TopologyCommand::Check) => {
            let reports = loop_reports(t, &loops(t));
            let stuck = reports.iter().filter(|l| !l.can_cold_start).count();
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({
                        "nodes": t.node_count(),
                        "edges": t.edge_count(),
                        "loops": reports,
                    })
                )?;
            } else {
                writeln!(
                    out,
                    "topology ok: {} nodes, {} dependency edges, {} loops ({stuck} cannot start from cold)",
                    t.node_count(),
                    t.edge_count(),
                    reports.len()
                )?;
            }
        }
        Command::Topology(TopologyCommand::Dot { fail }) => {
            let impact = (!fail.is_empty())
                .then(|| vertices(t, fail).map(|f| Impact::evaluate(t, &f)))
                .transpose()?;
            write!(out, "{}", to_dot(t, impact.as_ref()))?;
        }
        Command::Topology(TopologyCommand::Loops) => {
            let reports = loop_reports(t, &loops(t));
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&reports)?)?;
            } else if reports.is_empty() {
                writeln!(out, "no dependency loops")?;
            } else {
                for l in reports {
                    writeln!(
                        out,
                        "{} loop: {}",
                        if l.can_cold_start {
                            "startable"
                        } else {
                            "CANNOT START FROM COLD"
                        },
                        l.cycle.join(" → ")
                    )?;
                    if !l.blocked.is_empty() {
                        writeln!(out, "  blocks: {}", l.blocked.join(", "))?;
                    }
                }
            }
        }
        Command::Topology(TopologyCommand::Failover { from, to }) => {
            let verdict = check_failover(t, vertex(t, from)?, vertex(t, to)?);
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&verdict)?)?;
            } else if verdict.allowed {
                writeln!(
                    out,
                    "allowed: {} → {} keeps data in the EU/EEA",
                    verdict.from, verdict.to
                )?;
            } else {
                writeln!(out, "REFUSED: {} → {}", verdict.from, verdict.to)?;
                for r in &verdict.reasons {
                    writeln!(out, "  {r}")?;
                }
            }
            for r in &verdict.remarks {
                if !json {
                    writeln!(out, "  note: {r}")?;
                }
            }
            if !verdict.allowed {
                return Ok(ExitCode::from(3));
            }
        }
        Command::Topology(TopologyCommand::Drill { name, inject }) => {
            let mut injections = Vec::new();
            for spec in inject {
                let (node, offset) = spec.split_once('@').with_context(|| {
                    format!("--inject {spec:?}: write NODE@OFFSET, like dc-oslo@15m")
                })?;
                let at = parse_duration(offset).map_err(anyhow::Error::msg)?;
                injections.push(Injection {
                    at,
                    node: node.to_string(),
                });
            }
            let drill = Drill {
                name: name.clone(),
                injections,
            };
            let moments = drill.replay(t)?;
            let reports: Vec<serde_json::Value> = moments
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "at_seconds": m.at,
                        "injected": m.injected.iter().map(|&v| t.label(v)).collect::<Vec<_>>(),
                        "impact": impact_report(t, &m.impact),
                    })
                })
                .collect();
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&reports)?)?;
            } else {
                for m in &moments {
                    writeln!(out, "== +{} ==", vakt_topology::format_duration(m.at))?;
                    write!(out, "{}", impact_report(t, &m.impact))?;
                }
            }
        }
        // Answered in `run`, without the topology.
        Command::RestorePoint { .. } => {}
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Topology {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../playbooks/topology.toml");
        vakt_topology::load_file(&path).expect("demo topology")
    }

    fn run_text(command: Command, json: bool) -> (String, ExitCode) {
        let mut out = String::new();
        let code = answer(&command, &demo(), json, &mut out).expect("command runs");
        (out, code)
    }

    #[test]
    fn impact_names_the_failure_and_the_why_path() {
        let (text, _) = run_text(
            Command::Impact {
                fail: vec!["dc-oslo".into()],
            },
            false,
        );
        assert!(
            text.starts_with("Failed: dc-oslo\n23 down, 7 degraded, 40 up\n"),
            "{text}"
        );
        assert!(text.contains("why: web-servers-oslo → web-oslo-1 → zone-dmz-oslo → dc-oslo"));
        let (json, _) = run_text(
            Command::Impact {
                fail: vec!["dc-oslo".into()],
            },
            true,
        );
        let value: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(value["down"], 23);
    }

    #[test]
    fn failover_out_of_known_residency_is_refused_with_exit_code_3() {
        let (text, code) = run_text(
            Command::Topology(TopologyCommand::Failover {
                from: "app-accounts".into(),
                to: "g-suite".into(),
            }),
            false,
        );
        assert!(text.starts_with("REFUSED"));
        assert_eq!(code, ExitCode::from(3));
    }

    #[test]
    fn unknown_nodes_are_errors_with_suggestions() {
        let mut out = String::new();
        let err = answer(
            &Command::Impact {
                fail: vec!["oslo".into()],
            },
            &demo(),
            false,
            &mut out,
        )
        .expect_err("unknown node");
        assert!(err.to_string().contains("did you mean"), "{err}");
    }

    #[test]
    fn drills_replay_injections_in_time_order() {
        let (json, _) = run_text(
            Command::Topology(TopologyCommand::Drill {
                name: "site loss".into(),
                inject: vec!["dc-stavanger@15m".into(), "web-oslo-1@0m".into()],
            }),
            true,
        );
        let value: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(value[0]["at_seconds"], 0);
        assert_eq!(value[1]["at_seconds"], 900);
        assert_eq!(
            value[1]["impact"]["failed"],
            serde_json::json!(["web-oslo-1", "dc-stavanger"])
        );
    }

    #[test]
    fn moments_parse_with_offsets_and_as_plain_dates() {
        assert_eq!(
            moment("2026-11-20T14:30:00+01:00")
                .expect("rfc3339")
                .to_rfc3339(),
            "2026-11-20T14:30:00+01:00"
        );
        assert_eq!(
            moment("2026-11-20").expect("date").to_rfc3339(),
            "2026-11-20T00:00:00+00:00"
        );
        assert!(moment("yesterday").is_err());
    }
}
