//! The topology view's operations: the analyses of [`crate::topology`] turned into the
//! transport types of [`crate::json`] for the app.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use vakt_retention::{Item, RestoreAnswer};
use vakt_topology::report::{ImpactReport, impact_report, loop_reports};
use vakt_topology::{CutBounds, Drill, Impact, Injection, State, Topology, Vertex, loops, to_dot};

use crate::json::{
    CutSetView, DrillInput, DrillMomentView, DrillView, FailoverView, GraphEdge, GraphNode,
    ImpactView, LoopView, NodeStateName, NodeStateView, RecoveryServiceView, RecoveryStepView,
    RecoveryView, RestoreItem, RestoreTierView, RestoreView, ServiceSpofView, SpofPath, SpofView,
    StoreChoice, TopologyCheck, TopologyDot, TopologyGraph,
};
use crate::json::{ImportSource, ModelFormat, TopologyExport, TopologyImported};
use crate::topology::vertices;
use crate::{ApiError, ErrorCode, Task, Vakt};

/// The minimal cut sets of order ≤ 2 of one service in `topology`, within these bounds (default:
/// the analysis's own), reporting to `task` and stopping when it is cancelled (the pairs found so
/// far come back, marked truncated).
pub fn cut_set_view(
    topology: &Topology,
    service: &str,
    max_cone: Option<u32>,
    max_pairs: Option<u32>,
    task: &Task,
) -> Result<CutSetView, ApiError> {
    let defaults = CutBounds::default();
    let bounds = CutBounds {
        max_cone: max_cone.map_or(defaults.max_cone, |n| n as usize),
        max_pairs: max_pairs.map_or(defaults.max_pairs, |n| n as usize),
    };
    let target = vertices(topology, &[service.to_string()])?[0];
    let cuts = vakt_topology::cut_sets_with(topology, target, bounds, &mut |p| {
        task.report(p.done as u64, p.total as u64, p.pairs as u64);
        !task.is_cancelled()
    });
    let r = vakt_topology::report::cut_report(topology, &cuts);
    Ok(CutSetView {
        id: r.id,
        singles: r.singles,
        pairs: r.pairs.into_iter().map(Vec::from).collect(),
        cone: count(r.cone),
        truncated: r.truncated,
        truncated_reason: r.truncated_reason,
    })
}

impl Vakt {
    /// The topology to draw: nodes with kind, label, requirement and layer; one edge per
    /// dependency; the stores of the retention file (none when it cannot be read).
    pub fn topology_graph(&self) -> Result<TopologyGraph, ApiError> {
        let t = self.topology()?;
        let layers = layers(&t);
        let mut nodes = Vec::with_capacity(t.node_count());
        let mut edges = Vec::new();
        for (v, n) in t.nodes().iter().enumerate() {
            let mut parts = Vec::new();
            if !n.needs.is_empty() {
                let ids: Vec<String> = n.needs.iter().map(|&u| t.label(u)).collect();
                parts.push(format!("all of {}", ids.join(", ")));
                edges.extend(n.needs.iter().map(|&u| GraphEdge {
                    source: t.label(u),
                    target: n.id.clone(),
                    group: None,
                }));
            }
            for g in &n.groups {
                let ids: Vec<String> = g.members.iter().map(|&u| t.label(u)).collect();
                parts.push(format!(
                    "{} of {} ({}): {}",
                    g.at_least,
                    g.members.len(),
                    g.name,
                    ids.join(", ")
                ));
                edges.extend(g.members.iter().map(|&u| GraphEdge {
                    source: t.label(u),
                    target: n.id.clone(),
                    group: Some(g.name.clone()),
                }));
            }
            nodes.push(GraphNode {
                id: n.id.clone(),
                label: n.name.clone(),
                kind: n.kind.as_str().to_string(),
                requirement: if parts.is_empty() {
                    "needs nothing".into()
                } else {
                    format!("needs {}", parts.join("; "))
                },
                criticality: n.criticality.and_then(|c| {
                    serde_json::to_value(c)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                }),
                rto_seconds: n.rto,
                layer: layers.get(v).copied().unwrap_or(0),
            });
        }
        let stores = self
            .retention()
            .map(|r| {
                r.stores
                    .iter()
                    .map(|s| StoreChoice {
                        id: s.id.clone(),
                        name: s.name.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(TopologyGraph {
            nodes,
            edges,
            stores,
        })
    }

    /// Every node's state when these nodes fail, with why-paths.
    pub fn topology_impact(&self, failed: &[String]) -> Result<ImpactView, ApiError> {
        Ok(impact_view(self.impact(failed)?))
    }

    /// The single points of failure of every business service.
    pub fn topology_spofs(&self) -> Result<SpofView, ApiError> {
        self.topology_node_spofs(&[])
    }

    /// The single points of failure of these nodes (every business service when none).
    pub fn topology_node_spofs(&self, nodes: &[String]) -> Result<SpofView, ApiError> {
        let r = self.single_points_of_failure(nodes)?;
        Ok(SpofView {
            services: r
                .services
                .into_iter()
                .map(|s| ServiceSpofView {
                    id: s.id,
                    spofs: s
                        .spofs
                        .into_iter()
                        .map(|e| SpofPath {
                            id: e.id,
                            path: e.path,
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// The minimal cut sets of order ≤ 2 of one service.
    pub fn topology_cut_sets(&self, service: &str) -> Result<CutSetView, ApiError> {
        self.topology_cut_sets_within(service, None, None)
    }

    /// The minimal cut sets of order ≤ 2 of one service, within these bounds (default: the
    /// analysis's own).
    pub fn topology_cut_sets_within(
        &self,
        service: &str,
        max_cone: Option<u32>,
        max_pairs: Option<u32>,
    ) -> Result<CutSetView, ApiError> {
        cut_set_view(
            &self.topology()?,
            service,
            max_cone,
            max_pairs,
            &Task::default(),
        )
    }

    /// The recovery order after these failures with `crews` crews (at least one).
    pub fn topology_recovery(
        &self,
        failed: &[String],
        crews: u32,
    ) -> Result<RecoveryView, ApiError> {
        if crews == 0 {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "at least one crew is needed to recover anything",
            ));
        }
        let r = self.recovery_plan(failed, crews as usize)?;
        Ok(RecoveryView {
            failed: r.failed,
            model: r.model,
            crews: count(r.crews),
            steps: r
                .steps
                .into_iter()
                .map(|s| RecoveryStepView {
                    id: s.id,
                    start_seconds: s.start_seconds,
                    finish_seconds: s.finish_seconds,
                    for_service: s.for_service,
                    priority_rto_seconds: s.priority_rto_seconds,
                })
                .collect(),
            services: r
                .services
                .into_iter()
                .map(|s| RecoveryServiceView {
                    id: s.id,
                    rto_seconds: s.rto_seconds,
                    planned_seconds: s.planned_seconds,
                    earliest_seconds: s.earliest_seconds,
                    meets_rto: s.meets_rto,
                    verdict: s.verdict,
                })
                .collect(),
            unrecoverable: r.unrecoverable,
            makespan_seconds: r.makespan_seconds,
        })
    }

    /// Replays a drill overlay: the impact at each moment a failure is injected.
    pub fn topology_drill(&self, drill: &DrillInput) -> Result<DrillView, ApiError> {
        let t = self.topology()?;
        let overlay = Drill {
            name: drill.name.clone(),
            injections: drill
                .injections
                .iter()
                .map(|i| Injection {
                    at: i.at_seconds,
                    node: i.node.clone(),
                })
                .collect(),
        };
        let moments = overlay
            .replay(&t)
            .map_err(|e| ApiError::new(ErrorCode::InvalidRequest, e.to_string()))?;
        Ok(DrillView {
            name: drill.name.clone(),
            moments: moments
                .iter()
                .map(|m| DrillMomentView {
                    at_seconds: m.at,
                    injected: m.injected.iter().map(|&v| t.label(v)).collect(),
                    impact: impact_view(impact_report(&t, &m.impact)),
                })
                .collect(),
        })
    }

    /// Can `store` be restored to `wanted` (RFC 3339, with an offset)? Asked now.
    pub fn topology_restore_point(
        &self,
        store: &str,
        item: RestoreItem,
        wanted: &str,
    ) -> Result<RestoreView, ApiError> {
        let moment = moment(wanted.trim()).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidRequest,
                format!(
                    "{wanted:?} is not a moment like 2026-11-20T14:30:00+01:00 or a date like 2026-11-20"
                ),
            )
        })?;
        let answer = self.restore_point(
            store,
            match item {
                RestoreItem::Any => Item::Any,
                RestoreItem::Changed => Item::Changed,
                RestoreItem::Deleted => Item::Deleted,
            },
            moment,
        )?;
        Ok(restore_view(answer, item))
    }
}

impl Vakt {
    /// The topology loaded and checked: counts and dependency loops.
    pub fn topology_check(&self) -> Result<TopologyCheck, ApiError> {
        let t = self.topology()?;
        Ok(TopologyCheck {
            nodes: count(t.node_count()),
            edges: count(t.edge_count()),
            loops: loop_reports(&t, &loops(&t))
                .into_iter()
                .map(LoopView::from)
                .collect(),
        })
    }

    /// May `from` fail over to `to` without data leaving the EU/EEA?
    pub fn topology_failover(&self, from: &str, to: &str) -> Result<FailoverView, ApiError> {
        Ok(self.check_failover(from, to)?.into())
    }

    /// The topology as DOT, coloured by the impact of `failed` when it is not empty.
    pub fn topology_dot(&self, failed: &[String]) -> Result<TopologyDot, ApiError> {
        let t = self.topology()?;
        let impact = if failed.is_empty() {
            None
        } else {
            Some(Impact::evaluate(&t, &vertices(&t, failed)?))
        };
        Ok(TopologyDot {
            dot: to_dot(&t, impact.as_ref()),
        })
    }
}

impl Vakt {
    /// The model of `service`'s failure in `format`; written to `path` as well when given.
    pub fn topology_export(
        &self,
        format: ModelFormat,
        service: &str,
        path: Option<&str>,
    ) -> Result<TopologyExport, ApiError> {
        let t = self.topology()?;
        let [v] = vertices(&t, &[service.to_string()])?[..] else {
            return Err(ApiError::new(ErrorCode::InvalidRequest, "name one service"));
        };
        let text = match format {
            ModelFormat::OpenPsa => vakt_topology::to_open_psa(&t, v)
                .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))?,
        };
        let written = write_output(path, &text)?;
        Ok(TopologyExport {
            format,
            service: service.to_string(),
            text,
            written,
        })
    }
}

/// Imports a topology from `files` (Backstage descriptors, or one CSV file) into the text of a
/// topology file, written to `out` as well when given. A broken source is an error with every
/// problem as `file:line:col: what`, one per line; what could not be mapped is in the answer.
/// Reads only the files named and writes only `out`; needs no session.
pub fn topology_import(
    from: ImportSource,
    files: &[String],
    out: Option<&str>,
) -> Result<TopologyImported, ApiError> {
    let sources = files
        .iter()
        .map(|f| {
            std::fs::read_to_string(f)
                .map(|text| (std::path::PathBuf::from(f), text))
                .map_err(|e| ApiError::new(ErrorCode::Failed, format!("{f}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let imported = match (from, sources.as_slice()) {
        (_, []) => {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "name the files to import",
            ));
        }
        (ImportSource::Csv, [(path, text)]) => vakt_topology::import_csv(text, path),
        (ImportSource::Csv, _) => {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "a CSV import reads one file",
            ));
        }
        (ImportSource::Backstage, all) => vakt_topology::import_backstage(all),
    }
    .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))?;
    let mut view = TopologyImported::from(imported);
    view.written = write_output(out, &view.toml)?;
    Ok(view)
}

/// Writes `text` to `path` when one is named (blank counts as none); the path written.
fn write_output(path: Option<&str>, text: &str) -> Result<Option<String>, ApiError> {
    let Some(path) = path.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    std::fs::write(path, text)
        .map_err(|e| ApiError::new(ErrorCode::Failed, format!("cannot write {path}: {e}")))?;
    Ok(Some(path.to_string()))
}

/// RFC 3339, or a plain date as midnight UTC.
fn moment(text: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(m) = DateTime::parse_from_rfc3339(text) {
        return Some(m);
    }
    let midnight = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()?
        .and_hms_opt(0, 0, 0)?;
    Some(DateTime::<Utc>::from_naive_utc_and_offset(midnight, Utc).fixed_offset())
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn impact_view(r: ImpactReport) -> ImpactView {
    ImpactView {
        failed: r.failed,
        up: count(r.up),
        degraded: count(r.degraded),
        down: count(r.down),
        nodes: r
            .nodes
            .into_iter()
            .map(|n| NodeStateView {
                id: n.id,
                state: match n.state {
                    State::Up => NodeStateName::Up,
                    State::Degraded => NodeStateName::Degraded,
                    State::Down => NodeStateName::Down,
                },
                failed: n.failed,
                reason: n.reason,
                path: n.path,
            })
            .collect(),
    }
}

fn restore_view(a: RestoreAnswer, item: RestoreItem) -> RestoreView {
    RestoreView {
        store: a.store,
        item,
        wanted: rfc3339(a.wanted),
        now: rfc3339(a.now),
        can_restore: a.can_restore,
        tier: a.tier,
        restore_point: a.restore_point.map(rfc3339),
        data_loss_seconds: a.data_loss_seconds,
        data_loss_words: a.data_loss_seconds.map(vakt_retention::span_words),
        summary: a.summary,
        tiers: a
            .tiers
            .into_iter()
            .map(|t| RestoreTierView {
                tier: t.tier,
                name: t.name,
                restore_point: t.restore_point.map(rfc3339),
                data_loss_seconds: t.data_loss_seconds,
                reason: t.reason,
            })
            .collect(),
        not_covered: a.not_covered,
    }
}

/// Each node's layer: 0 when it needs nothing, else one more than the deepest node it needs.
/// Nodes on a dependency loop are placed one below the deepest of their needs outside it.
fn layers(t: &Topology) -> Vec<u32> {
    let n = t.node_count();
    let needs = |v: usize| -> Vec<usize> {
        t.nodes()[v]
            .needs
            .iter()
            .chain(t.nodes()[v].groups.iter().flat_map(|g| g.members.iter()))
            .map(|&u: &Vertex| u as usize)
            .filter(|&u| u < n)
            .collect()
    };
    let mut layer: Vec<Option<u32>> = vec![None; n];
    // Kahn's order over the node graph: a node is placed once all it needs are placed.
    let mut missing: Vec<usize> = (0..n).map(|v| needs(v).len()).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for v in 0..n {
        for u in needs(v) {
            dependents[u].push(v);
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&v| missing[v] == 0).collect();
    while let Some(v) = ready.pop() {
        let depth = needs(v)
            .iter()
            .filter_map(|&u| layer[u])
            .map(|d| d + 1)
            .max()
            .unwrap_or(0);
        layer[v] = Some(depth);
        for &w in &dependents[v] {
            missing[w] -= 1;
            if missing[w] == 0 {
                ready.push(w);
            }
        }
    }
    // What is left sits on or behind a loop: place it by what is placed, in file order.
    for v in 0..n {
        if layer[v].is_none() {
            let depth = needs(v)
                .iter()
                .filter_map(|&u| layer[u])
                .map(|d| d + 1)
                .max()
                .unwrap_or(0);
            layer[v] = Some(depth);
        }
    }
    layer.into_iter().map(|d| d.unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use crate::ErrorCode;
    use crate::json::{DrillInput, InjectionInput, NodeStateName, RestoreItem};
    use crate::testing::demo;
    use std::collections::HashMap;

    #[test]
    fn a_cancelled_cut_set_search_stops_and_says_so_and_progress_is_reported() {
        let (_data, vakt) = demo();
        let topology = vakt.topology().expect("topology");
        let tasks = crate::task::Tasks::default();
        let whole = {
            let task = tasks.start(Some("whole"));
            let view =
                super::cut_set_view(&topology, "svc-login", None, None, &task).expect("cut sets");
            let seen = tasks.progress("whole");
            assert!(
                seen.running && seen.total > 0 && seen.done == seen.total,
                "{seen:?}"
            );
            view
        };
        assert!(!whole.truncated);
        let task = tasks.start(Some("stopped"));
        assert!(tasks.cancel("stopped"));
        let stopped =
            super::cut_set_view(&topology, "svc-login", None, None, &task).expect("cut sets");
        assert!(stopped.truncated);
        let reason = stopped.truncated_reason.unwrap_or_default();
        assert!(reason.starts_with("cancelled after 1 of"), "{reason}");
        assert!(stopped.pairs.len() <= whole.pairs.len());
        assert_eq!(stopped.singles, whole.singles);
    }

    #[test]
    fn the_graph_has_every_node_and_edges_run_from_need_to_needer_down_the_layers() {
        let (_data, vakt) = demo();
        let g = vakt.topology_graph().expect("graph");
        let t = vakt.topology().expect("topology");
        assert_eq!(g.nodes.len(), t.node_count());
        let layer: HashMap<&str, u32> = g.nodes.iter().map(|n| (n.id.as_str(), n.layer)).collect();
        assert!(!g.edges.is_empty());
        let mut upward = 0;
        for e in &g.edges {
            let (s, d) = (layer[e.source.as_str()], layer[e.target.as_str()]);
            if s >= d {
                upward += 1;
            }
        }
        // Only edges on a dependency loop may point back up.
        assert!(upward <= 2, "{upward} edges against the layering");
        let oslo = g.nodes.iter().find(|n| n.id == "dc-oslo").expect("dc-oslo");
        assert_eq!(oslo.kind, "site");
        assert!(
            oslo.requirement.starts_with("needs"),
            "{}",
            oslo.requirement
        );
        let login = g
            .nodes
            .iter()
            .find(|n| n.id == "svc-login")
            .expect("svc-login");
        assert_eq!(login.kind, "business-service");
        assert!(login.rto_seconds.is_some());
        assert!(login.layer > oslo.layer);
        let stores: Vec<&str> = g.stores.iter().map(|s| s.id.as_str()).collect();
        assert!(stores.contains(&"store-crm-db"), "{stores:?}");
    }

    #[test]
    fn impact_and_recovery_of_a_lost_datacenter() {
        let (_data, vakt) = demo();
        let impact = vakt.topology_impact(&["dc-oslo".into()]).expect("impact");
        let report = vakt.impact(&["dc-oslo".into()]).expect("report");
        assert_eq!(
            (impact.down as usize, impact.degraded as usize),
            (report.down, report.degraded)
        );
        let oslo = impact
            .nodes
            .iter()
            .find(|n| n.id == "dc-oslo")
            .expect("oslo");
        assert_eq!((oslo.state, oslo.failed), (NodeStateName::Down, true));
        let hurt = impact
            .nodes
            .iter()
            .find(|n| !n.failed && n.state != NodeStateName::Up)
            .expect("something hurt");
        assert_eq!(hurt.path.first(), Some(&hurt.id));
        assert_eq!(hurt.path.last().map(String::as_str), Some("dc-oslo"));

        let one = vakt
            .topology_recovery(&["dc-oslo".into()], 1)
            .expect("plan");
        let four = vakt
            .topology_recovery(&["dc-oslo".into()], 4)
            .expect("plan");
        assert_eq!(one.crews, 1);
        assert!(!one.steps.is_empty());
        assert!(four.makespan_seconds <= one.makespan_seconds);
        let err = vakt
            .topology_recovery(&["dc-oslo".into()], 0)
            .expect_err("no crews");
        assert_eq!(err.code, ErrorCode::InvalidRequest);
    }

    #[test]
    fn spofs_and_cut_sets_match_the_reports() {
        let (_data, vakt) = demo();
        let spofs = vakt.topology_spofs().expect("spofs");
        assert_eq!(
            spofs.services.len(),
            vakt.single_points_of_failure(&[])
                .expect("report")
                .services
                .len()
        );
        let cuts = vakt.topology_cut_sets("svc-login").expect("cuts");
        assert_eq!(cuts.pairs.len(), 9);
        assert!(cuts.pairs.iter().all(|p| p.len() == 2));
    }

    #[test]
    fn a_drill_replays_in_time_order_and_grows_the_damage() {
        let (_data, vakt) = demo();
        let drill = DrillInput {
            name: "Oslo goes dark".into(),
            injections: vec![
                InjectionInput {
                    node: "dc-oslo".into(),
                    at_seconds: 1800,
                },
                InjectionInput {
                    node: "power-feed-a-oslo".into(),
                    at_seconds: 0,
                },
            ],
        };
        let view = vakt.topology_drill(&drill).expect("drill");
        let at: Vec<u64> = view.moments.iter().map(|m| m.at_seconds).collect();
        assert_eq!(at, vec![0, 1800]);
        assert_eq!(view.moments[0].injected, vec!["power-feed-a-oslo"]);
        assert!(view.moments[1].impact.down > view.moments[0].impact.down);
        let bad = DrillInput {
            name: "x".into(),
            injections: vec![InjectionInput {
                node: "nowhere".into(),
                at_seconds: 0,
            }],
        };
        let err = vakt.topology_drill(&bad).expect_err("unknown node");
        assert_eq!(err.code, ErrorCode::InvalidRequest);
        assert!(err.message.contains("nowhere"), "{}", err.message);
    }

    #[test]
    fn restore_points_answer_with_a_tier_or_say_why_not() {
        let (_data, vakt) = demo();
        let a = vakt
            .topology_restore_point(
                "store-crm-db",
                RestoreItem::Any,
                "2026-11-25T12:00:00+01:00",
            )
            .expect("answer");
        assert!(a.can_restore);
        assert_eq!(a.tier.as_deref(), Some("point-in-time"));
        assert_eq!(a.wanted, "2026-11-25T11:00:00Z");
        assert!(a.data_loss_words.is_some());
        let old = vakt
            .topology_restore_point("store-crm-db", RestoreItem::Any, "2010-01-01T00:00:00Z")
            .expect("answer");
        assert!(!old.can_restore);
        assert!(!old.summary.is_empty());
        let err = vakt
            .topology_restore_point("store-crm-db", RestoreItem::Any, "yesterday")
            .expect_err("not a moment");
        assert_eq!(err.code, ErrorCode::InvalidRequest);
    }
}
