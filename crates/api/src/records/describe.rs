//! One line per journal event, as the action log of a record shows it.

use vakt_journal::Event;
use vakt_playbook::Playbook;
use vakt_run::kind;

fn field<'a>(e: &'a Event, key: &str) -> &'a str {
    e.payload.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

/// The English title of step `id`, or the id itself.
pub(crate) fn step_title(playbook: &Playbook, id: &str) -> String {
    playbook
        .step(id)
        .map(|s| s.title.get("en").to_string())
        .unwrap_or_else(|| id.to_string())
}

/// The English title of option `option` of decision step `step`, or the option id.
pub(crate) fn option_title(playbook: &Playbook, step: &str, option: &str) -> String {
    playbook
        .step(step)
        .and_then(|s| s.decision.as_ref())
        .and_then(|d| d.options.iter().find(|o| o.id == option))
        .map(|o| o.title.get("en").to_string())
        .unwrap_or_else(|| option.to_string())
}

/// The English title of moment `id`, or the id itself.
pub(crate) fn moment_title(playbook: &Playbook, id: &str) -> String {
    playbook
        .moments
        .iter()
        .find(|m| m.id == id)
        .map(|m| m.title.get("en").to_string())
        .unwrap_or_else(|| id.to_string())
}

/// Who acted in event `e`: name, role, machine. The one place (with [`actor`]) that reads the
/// journal's attribution.
pub(crate) fn who(e: &Event) -> vakt_record::Who {
    vakt_record::Who {
        name: e.by.actor.clone(),
        role: e.by.role.clone(),
        host: e.by.host.clone(),
    }
}

/// "name (role)" or "name".
pub(crate) fn actor(e: &Event) -> String {
    match &e.by.role {
        Some(r) => format!("{} ({r})", e.by.actor),
        None => e.by.actor.clone(),
    }
}

/// What event `e` did, in one line.
pub(crate) fn describe(playbook: &Playbook, e: &Event) -> String {
    let step = || step_title(playbook, field(e, "step"));
    match e.kind.as_str() {
        kind::RUN_STARTED => format!(
            "run started: {} (playbook {} version {})",
            field(e, "title"),
            playbook.id,
            playbook.version
        ),
        kind::STEP_STARTED => format!("step started: {}", step()),
        kind::STEP_COMPLETED => format!("step done: {}", step()),
        kind::STEP_SKIPPED => format!("step skipped: {} (reason: {})", step(), field(e, "reason")),
        kind::STEP_FAILED => format!("step failed: {} (reason: {})", step(), field(e, "reason")),
        kind::DECISION_TAKEN => format!(
            "decision at {}: {} (why: {})",
            step(),
            option_title(playbook, field(e, "step"), field(e, "option")),
            field(e, "rationale")
        ),
        kind::NOTE_ADDED => format!("note: {}", field(e, "text")),
        kind::ROLE_ASSIGNED => format!(
            "role {} assigned to {}",
            field(e, "role"),
            field(e, "person")
        ),
        kind::MOMENT_RECORDED => format!(
            "moment recorded: {} at {}",
            moment_title(playbook, field(e, "moment")),
            field(e, "at")
        ),
        kind::EVIDENCE_ATTACHED => format!(
            "evidence attached: {} (SHA-256 {})",
            field(e, "original_name"),
            field(e, "sha256")
        ),
        kind::RUN_CLOSED => format!("closed and signed off: {}", field(e, "statement")),
        kind::RECORD_SIGNED_OFF => format!(
            "record signed off by {} as {} (record SHA-256 {}, certificate SHA-256 {})",
            field(e, "person_name"),
            field(e, "role"),
            field(e, "record_sha256"),
            field(e, "certificate_sha256")
        ),
        other => other.to_string(),
    }
}
