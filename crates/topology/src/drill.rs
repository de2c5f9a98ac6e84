//! Drill overlay: injected failures at offsets in time, replayed over the model.
//!
//! A drill never changes the topology: it borrows it and builds impacts beside it.

use serde::{Deserialize, Serialize};

use crate::impact::Impact;
use crate::model::{Topology, Vertex};

/// One injected failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Injection {
    /// Seconds after the drill starts.
    pub at: u64,
    /// The node id to fail.
    pub node: String,
}

/// A named drill scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drill {
    /// The scenario's name.
    pub name: String,
    /// The injected failures, in any order.
    pub injections: Vec<Injection>,
}

/// The impact at one moment of a drill.
#[derive(Debug, Clone)]
pub struct DrillMoment {
    /// Seconds after the start.
    pub at: u64,
    /// Nodes failed at this moment.
    pub injected: Vec<Vertex>,
    /// The impact of everything injected so far.
    pub impact: Impact,
}

/// Why a drill cannot be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DrillError {
    /// An injection names a node the topology does not have.
    #[error("drill {drill:?}: unknown node {node:?} injected at {at}s")]
    UnknownNode {
        /// The drill.
        drill: String,
        /// The node id.
        node: String,
        /// The offset.
        at: u64,
    },
}

impl Drill {
    /// Replays the drill: the impact at each moment an injection happens, in time order. The
    /// same drill always gives the same moments.
    pub fn replay(&self, topology: &Topology) -> Result<Vec<DrillMoment>, DrillError> {
        let mut injections: Vec<(u64, Vertex)> = Vec::with_capacity(self.injections.len());
        for i in &self.injections {
            let v = topology
                .find(&i.node)
                .ok_or_else(|| DrillError::UnknownNode {
                    drill: self.name.clone(),
                    node: i.node.clone(),
                    at: i.at,
                })?;
            injections.push((i.at, v));
        }
        injections.sort_unstable();
        let mut impact = Impact::all_up(topology);
        let mut moments: Vec<DrillMoment> = Vec::new();
        let mut i = 0;
        while i < injections.len() {
            let at = injections[i].0;
            let mut now = Vec::new();
            while i < injections.len() && injections[i].0 == at {
                now.push(injections[i].1);
                i += 1;
            }
            impact.fail(topology, &now);
            moments.push(DrillMoment {
                at,
                injected: now,
                impact: impact.clone(),
            });
        }
        Ok(moments)
    }
}
