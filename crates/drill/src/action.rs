//! Corrective actions across runs (ISO 27001 10.2): raised with a finding, then open → done →
//! verified (done may be reopened), each change a journal event; overdue while open past due.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::DrillError;
use crate::event::{ActionChanged, ActionState, Grade};
use crate::state::{ActionChangeRecord, FindingRecord};

/// One step in an action's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionStep {
    /// The state it moved to.
    pub state: ActionState,
    /// What was said.
    pub note: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The run it was recorded in.
    pub run: Option<Uuid>,
}

/// A corrective action and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorrectiveAction {
    /// The finding it answers (its id is the action's id).
    pub finding: Uuid,
    /// The run the finding was raised in.
    pub run: Uuid,
    /// The finding's grade.
    pub grade: Grade,
    /// The finding's text.
    pub finding_text: String,
    /// What is to be done.
    pub text: String,
    /// Who does it.
    pub owner: String,
    /// By when.
    pub due: NaiveDate,
    /// Where it stands.
    pub state: ActionState,
    /// Whether it is open past its due date.
    pub overdue: bool,
    /// Every change, in order.
    pub history: Vec<ActionStep>,
}

/// Whether an action in `from` may move to `to`.
pub fn may_move(from: ActionState, to: ActionState) -> bool {
    matches!(
        (from, to),
        (ActionState::Open, ActionState::Done)
            | (ActionState::Done, ActionState::Verified)
            | (ActionState::Done, ActionState::Open)
    )
}

/// Every corrective action raised in `findings`, with the `changes` applied in order (each
/// list in journal replay order), as of `today`.
pub fn corrective_actions(
    findings: &[FindingRecord],
    changes: &[ActionChangeRecord],
    today: NaiveDate,
) -> Vec<CorrectiveAction> {
    let mut out: Vec<CorrectiveAction> = findings
        .iter()
        .filter_map(|f| {
            let plan = f.finding.action.as_ref()?;
            Some(CorrectiveAction {
                finding: f.id,
                run: f.run,
                grade: f.finding.grade,
                finding_text: f.finding.text.clone(),
                text: plan.text.clone(),
                owner: plan.owner.clone(),
                due: plan.due,
                state: ActionState::Open,
                overdue: false,
                history: vec![ActionStep {
                    state: ActionState::Open,
                    note: plan.text.clone(),
                    by: f.by.clone(),
                    at: f.at,
                    run: Some(f.run),
                }],
            })
        })
        .collect();
    for c in changes {
        if let Some(a) = out.iter_mut().find(|a| a.finding == c.change.finding)
            && may_move(a.state, c.change.state)
        {
            a.state = c.change.state;
            a.history.push(ActionStep {
                state: c.change.state,
                note: c.change.note.clone(),
                by: c.by.clone(),
                at: c.at,
                run: c.run,
            });
        }
    }
    for a in &mut out {
        a.overdue = a.state == ActionState::Open && a.due < today;
    }
    out
}

/// Checks a change to `action` and gives its payload.
pub fn change(
    action: &CorrectiveAction,
    to: ActionState,
    note: &str,
) -> Result<ActionChanged, DrillError> {
    if note.trim().is_empty() {
        return Err(DrillError::Refused(
            "say what was done, or why it goes back".into(),
        ));
    }
    if !may_move(action.state, to) {
        return Err(DrillError::Refused(format!(
            "a corrective action that is {} cannot become {} (open → done → verified; done may be reopened)",
            action.state.id(),
            to.id()
        )));
    }
    Ok(ActionChanged {
        finding: action.finding,
        finding_run: action.run,
        state: to,
        note: note.trim().to_string(),
    })
}
