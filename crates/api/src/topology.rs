//! The workspace's topology and retention tiers, for the app and the CLI.

use chrono::{DateTime, FixedOffset};
use vakt_retention::{Item, RestoreAnswer, Retention};
use vakt_topology::format::NodeKind;
use vakt_topology::report::{
    CutReport, ImpactReport, PlanReport, SpofReport, cut_report, impact_report, plan_report,
    spof_report,
};
use vakt_topology::{CutBounds, FailoverVerdict, Impact, Topology, Vertex};

use crate::{ApiError, ErrorCode, Vakt};

/// The topology file inside a workspace.
pub const TOPOLOGY_FILE: &str = "topology.toml";
/// The retention file inside a workspace.
pub const RETENTION_FILE: &str = "retention.toml";

impl Vakt {
    /// Loads the workspace's `topology.toml`; every problem is in the message, one per line,
    /// as `file:line:col: what`.
    pub fn topology(&self) -> Result<Topology, ApiError> {
        vakt_topology::load_file(&self.workspace()?.root.join(TOPOLOGY_FILE))
            .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))
    }

    /// Loads the workspace's `retention.toml`.
    pub fn retention(&self) -> Result<Retention, ApiError> {
        Retention::load_file(&self.workspace()?.root.join(RETENTION_FILE))
            .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))
    }

    /// What is down, degraded and up when these nodes fail, with why-paths.
    pub fn impact(&self, failed: &[String]) -> Result<ImpactReport, ApiError> {
        let t = self.topology()?;
        let failed = vertices(&t, failed)?;
        Ok(impact_report(&t, &Impact::evaluate(&t, &failed)))
    }

    /// The single points of failure of these nodes, or of every business service when empty.
    pub fn single_points_of_failure(&self, services: &[String]) -> Result<SpofReport, ApiError> {
        let t = self.topology()?;
        let targets = if services.is_empty() {
            (0..t.node_count() as Vertex)
                .filter(|&v| {
                    t.node(v)
                        .is_some_and(|n| n.kind == NodeKind::BusinessService)
                })
                .collect()
        } else {
            vertices(&t, services)?
        };
        Ok(spof_report(&t, &targets))
    }

    /// Minimal cut sets of order ≤ 2 of a service, within the default bounds.
    pub fn cut_sets(&self, service: &str) -> Result<CutReport, ApiError> {
        self.cut_sets_within(service, CutBounds::default())
    }

    /// Minimal cut sets of order ≤ 2 of a service, within `bounds`.
    pub fn cut_sets_within(&self, service: &str, bounds: CutBounds) -> Result<CutReport, ApiError> {
        let t = self.topology()?;
        let target = vertices(&t, &[service.to_string()])?[0];
        Ok(cut_report(&t, &vakt_topology::cut_sets(&t, target, bounds)))
    }

    /// The recovery order after these failures with `crews` crews, against the RTOs.
    pub fn recovery_plan(&self, failed: &[String], crews: usize) -> Result<PlanReport, ApiError> {
        let t = self.topology()?;
        let impact = Impact::evaluate(&t, &vertices(&t, failed)?);
        let plan = vakt_topology::recovery_plan(&t, &impact, crews);
        Ok(plan_report(&t, &impact, &plan))
    }

    /// May `from` fail over to `to` without data leaving the EU/EEA?
    pub fn check_failover(&self, from: &str, to: &str) -> Result<FailoverVerdict, ApiError> {
        let t = self.topology()?;
        let v = vertices(&t, &[from.to_string(), to.to_string()])?;
        Ok(vakt_topology::check_failover(&t, v[0], v[1]))
    }

    /// Can `store` be restored to `wanted`? Asked now, by the session's clock.
    pub fn restore_point(
        &self,
        store: &str,
        item: Item,
        wanted: DateTime<FixedOffset>,
    ) -> Result<RestoreAnswer, ApiError> {
        let retention = self.retention()?;
        Ok(vakt_retention::restore_point(
            &retention,
            store,
            item,
            wanted,
            self.clock.now(),
        ))
    }
}

/// The vertices of these node ids; an unknown id is an invalid request that names the nodes
/// whose ids are close to it.
pub(crate) fn vertices(t: &Topology, ids: &[String]) -> Result<Vec<Vertex>, ApiError> {
    ids.iter()
        .map(|id| {
            t.find(id).ok_or_else(|| {
                let close: Vec<&str> = t
                    .nodes()
                    .iter()
                    .map(|n| n.id.as_str())
                    .filter(|n| n.contains(id.as_str()) || id.contains(*n))
                    .take(5)
                    .collect();
                let hint = if close.is_empty() {
                    String::new()
                } else {
                    format!("; did you mean {}?", close.join(", "))
                };
                ApiError::new(
                    ErrorCode::InvalidRequest,
                    format!("no node {id:?} in the topology{hint}"),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::ErrorCode;
    use crate::testing::demo;

    #[test]
    fn the_demo_answers_through_the_session() {
        let (_data, vakt) = demo();
        let impact = vakt.impact(&["dc-oslo".into()]).expect("impact");
        assert_eq!((impact.down, impact.degraded), (23, 7));
        let spofs = vakt.single_points_of_failure(&[]).expect("spofs");
        assert_eq!(spofs.services.len(), 5);
        assert_eq!(vakt.cut_sets("svc-login").expect("cuts").pairs.len(), 9);
        let plan = vakt
            .recovery_plan(&["hosting-partner".into()], 2)
            .expect("plan");
        assert!(plan.services.iter().any(|s| !s.meets_rto));
        assert!(
            vakt.check_failover("dc-oslo", "dc-stavanger")
                .expect("check")
                .allowed
        );
        let answer = vakt
            .restore_point(
                "store-crm-db",
                vakt_retention::Item::Any,
                "2026-10-27T12:00:00Z".parse().expect("moment"),
            )
            .expect("answer");
        assert_eq!(answer.tier.as_deref(), Some("point-in-time"));
    }

    #[test]
    fn an_unknown_node_is_an_invalid_request() {
        let (_data, vakt) = demo();
        let err = vakt.impact(&["nowhere".into()]).expect_err("unknown");
        assert_eq!(err.code, ErrorCode::InvalidRequest);
    }
}
