//! Anchors at phase changes: when an action changes a run's phase (starting, responding — with
//! the ISO/IEC 27035 phase reached: containment, eradication, recovery —, sign-off, closed) on
//! a laptop with a team server set, an anchor is queued; the next sync stores it on the server
//! (`vakt_team::anchor_queued`), whenever the network allows. On demand stays `vakt team anchor`.

use chrono::{DateTime, Utc};
use vakt_run::RunState;

use crate::run_view::summary;
use crate::session::Vakt;
use crate::team::TEAM_SERVER;

/// The ISO/IEC 27035 phases a responding run goes through, by the moment that marks each.
const PHASE_MOMENTS: [&str; 3] = ["containment", "eradication", "recovery"];

/// Local setting prefix: the phase last queued for a run (`team.phase.<run id>`).
const PHASE: &str = "team.phase.";

/// The phase of run `state` in words: "starting", "responding", "responding, containment", …,
/// "sign-off", "closed".
pub(crate) fn phase_of(state: &RunState, now: DateTime<Utc>) -> String {
    let phase = summary(state, now).phase.word();
    let reached = PHASE_MOMENTS
        .iter()
        .rev()
        .find(|m| state.moments.contains_key(**m));
    match reached {
        Some(m) if phase == "responding" => format!("{phase}, {m}"),
        _ => phase.to_string(),
    }
}

impl Vakt {
    /// Queues an anchor for the next sync when run `state`'s phase differs from the one last
    /// queued here, and a team server is set. The action is committed before this runs: a
    /// failure here loses the anchor (said on stderr), never the action.
    pub(crate) fn queue_phase_anchor(&self, state: &RunState) {
        if let Err(e) = self.try_queue_phase_anchor(state) {
            eprintln!(
                "vakt: the anchor for run {}'s phase change was not queued: {e}",
                state.id
            );
        }
    }

    fn try_queue_phase_anchor(&self, state: &RunState) -> Result<(), String> {
        if self
            .db
            .setting(TEAM_SERVER)
            .map_err(|e| e.to_string())?
            .is_none()
        {
            return Ok(());
        }
        let now = self.clock.now();
        let phase = phase_of(state, now);
        let key = format!("{PHASE}{}", state.id);
        if self.db.setting(&key).map_err(|e| e.to_string())?.as_deref() == Some(phase.as_str()) {
            return Ok(());
        }
        vakt_team::queue_anchor(
            self.db.connection(),
            state.id,
            &format!("phase change: {phase}"),
            now,
        )
        .map_err(|e| e.to_string())?;
        self.db
            .set_setting(&key, &phase, self.clock.as_ref())
            .map_err(|e| e.to_string())
    }
}

impl Vakt {
    /// Whether this laptop's journal matched the team server at the last anchor it stored, for
    /// the record (no network: what the last sync or `vakt team anchor` found). `None` without
    /// a team server.
    pub(crate) fn team_server_check(
        &self,
    ) -> Result<Option<vakt_record::TeamServerCheck>, crate::ApiError> {
        if self.db.setting(TEAM_SERVER)?.is_none() {
            return Ok(None);
        }
        let check = vakt_team::last_anchor_check(self.db.connection())
            .map_err(|e| crate::ApiError::new(crate::ErrorCode::Failed, e.to_string()))?;
        Ok(Some(match check {
            None => vakt_record::TeamServerCheck {
                anchor: None,
                reason: String::new(),
                server_time: None,
                chains: 0,
                matched: false,
                detail: String::new(),
            },
            Some(c) => {
                let mut detail = Vec::new();
                if !c.differing.is_empty() {
                    let devices: Vec<String> = c.differing.iter().map(|d| d.to_string()).collect();
                    detail.push(format!("device chains differ: {}", devices.join(", ")));
                }
                if !c.contradicted_anchors.is_empty() {
                    let anchors: Vec<String> = c
                        .contradicted_anchors
                        .iter()
                        .map(|a| format!("#{a}"))
                        .collect();
                    detail.push(format!("contradicts anchors {}", anchors.join(", ")));
                }
                vakt_record::TeamServerCheck {
                    anchor: Some(c.seq),
                    reason: c.reason,
                    server_time: Some(c.server_time),
                    chains: c.chains,
                    matched: c.matched,
                    detail: detail.join("; "),
                }
            }
        }))
    }
}
