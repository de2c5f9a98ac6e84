//! The evidence register: attach with chain of custody, the register, custody events, export,
//! and the store verified against the journal. Reading and hashing files runs outside the
//! session ([`Host::with`] only for the journal), so a 2 GB image never blocks a query.

use std::path::Path;

use uuid::Uuid;
use vakt_run::custody::{self, Collection, CustodyAction};
use vakt_run::evidence::{Keep, Watch};

use crate::json::{CustodyEntryView, EvidenceItemView, EvidenceMethod, EvidenceVerdict, RunView};
use crate::ops::operation;
use crate::{ApiError, ErrorCode, Host, Vakt};

operation! {
    /// Registers an evidence item in a run with its chain-of-custody facts: copied into the
    /// store (refused over `copyLimit`, default 4 GiB) or, with `byReference`, hashed where it
    /// lies and not copied. Only regular files; a symbolic link is refused with its target.
    "evidence_attach", Change, DataDir,
    EvidenceAttachRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
        /// The file.
        path: String,
        /// The step it belongs to.
        step: Option<String>,
        /// The step's evidence request it answers (a required request is met by evidence
        /// naming it, or naming none).
        #[serde(default)]
        #[ts(optional)]
        request: Option<String>,
        /// What it shows.
        description: String,
        /// How it was obtained.
        method: EvidenceMethod,
        /// Who collected it (default: you).
        collected_by: Option<String>,
        /// When it was collected, RFC 3339 (default: now).
        collected_at: Option<String>,
        /// The machine it came from (default: this one).
        source_host: Option<String>,
        /// The system it came from (an EDR console, a mail gateway).
        source_system: Option<String>,
        /// Hash it in place and keep only a reference (large disk or memory images).
        by_reference: bool,
        /// The largest copy in bytes (default 4 GiB).
        #[ts(type = "number | null")]
        copy_limit: Option<u64>,
        /// A name for this intake, so `task_progress` can follow it (bytes read of the file's
        /// size) and `task_cancel` stop it (nothing is kept then).
        #[serde(default)]
        #[ts(optional)]
        task: Option<String>,
    } -> RunView,
    |r, host| {
        let task = host.task(r.task.as_deref());
        attach(host, r, &mut |p| task.report(p.done, p.total, 0), task.cancelled_flag())
    }
}

operation! {
    /// The evidence register: every item (of one run, or of all) with who collected it, from
    /// where, how, when, its SHA-256 and size, and its chain of custody.
    "evidence_register", Read, DataDir,
    EvidenceRegisterRequest {
        /// The run's id or a unique prefix of it; every run when `null`.
        run: Option<String>,
    } -> Vec<EvidenceItemView>,
    |r, host| host.with(|v| register(v, r.run.as_deref()))
}

operation! {
    /// Records that an evidence item was viewed or handed over (to whom, why).
    "evidence_custody", Change, DataDir,
    EvidenceCustodyRequest {
        /// The item's id.
        item: String,
        /// Handed over to this person or organisation; viewed when `null`.
        handed_to: Option<String>,
        /// Why it was handed over.
        purpose: Option<String>,
    } -> CustodyEntryView,
    |r, host| host.with(|v| record_custody(v, &r))
}

operation! {
    /// Writes a copy of a stored evidence item to a new file (checked against its SHA-256 on
    /// the way) and records the export in its chain of custody.
    "evidence_export", Change, DataDir,
    EvidenceExportRequest {
        /// The item's id.
        item: String,
        /// The new file.
        path: String,
    } -> CustodyEntryView,
    |r, host| export(host, &r)
}

operation! {
    /// Rehashes every stored evidence copy against the journal: missing, modified, extra.
    /// Only reads (works on write-protected media).
    "evidence_verify", Read, DataDir,
    EvidenceVerifyRequest {} -> EvidenceVerdict,
    |_r, host| verify(host)
}

fn failed(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Failed, e.to_string())
}

fn item_id(text: &str) -> Result<Uuid, ApiError> {
    text.trim().parse().map_err(|_| {
        ApiError::new(
            ErrorCode::InvalidRequest,
            format!(
                "`{}` is no evidence item id (see `vakt evidence list`)",
                vakt_stdx::shown_safely(text)
            ),
        )
    })
}

/// Verifies the evidence store against the journal: the journal read under the session, the
/// files rehashed outside it.
pub(crate) fn verify(host: &Host<'_>) -> Result<EvidenceVerdict, ApiError> {
    let (expected, references, store) = host.with(|v| {
        let (expected, references) = custody::expected(v.db.connection())?;
        Ok((expected, references, v.evidence_store()))
    })?;
    let check = Watch::unwatched(|w| custody::check_store(&store, expected, references, w))?;
    Ok((&check).into())
}

/// Attaches evidence: checks under the session, reads the file outside it (with `progress`
/// and `cancel`), then records it under the session.
pub fn attach(
    host: &Host<'_>,
    r: EvidenceAttachRequest,
    progress: &mut dyn FnMut(vakt_run::evidence::Progress),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<RunView, ApiError> {
    let path = r.path.trim();
    if path.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "choose the file to attach",
        ));
    }
    let collected_at = r
        .collected_at
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            chrono::DateTime::parse_from_rfc3339(t)
                .map(|d| d.with_timezone(&chrono::Utc))
                .map_err(|e| {
                    ApiError::new(
                        ErrorCode::InvalidRequest,
                        format!("the collection time `{t}` is no RFC 3339 time: {e}"),
                    )
                })
        })
        .transpose()?;
    let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let collection = Collection {
        method: r.method.into(),
        collected_by: nonempty(r.collected_by),
        collected_at,
        source_host: nonempty(r.source_host),
        source_system: nonempty(r.source_system),
        keep: if r.by_reference {
            Keep::Reference
        } else {
            Keep::Copy
        },
        step: nonempty(r.step),
        request: nonempty(r.request),
        description: r.description,
    };
    let (run, actor, mut store) = host.with(|v| {
        let run = v.find_run(&r.run)?;
        let actor = v.actor()?;
        v.run_engine().attach_check(run, &actor, &collection)?;
        Ok((run, actor, v.evidence_store()))
    })?;
    if let Some(limit) = r.copy_limit {
        store = store.with_copy_limit(limit);
    }
    let taken = store.take_in(
        Path::new(path),
        collection.keep,
        &mut Watch { progress, cancel },
    )?;
    host.with(|v| {
        let state = v
            .run_engine()
            .attach_taken(run, &actor, &taken, &collection)?;
        Ok(crate::run_view::view(&state, v.clock.now()))
    })
}

fn register(v: &mut Vakt, run: Option<&str>) -> Result<Vec<EvidenceItemView>, ApiError> {
    let run = run
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| v.find_run(r))
        .transpose()?;
    Ok(custody::register(v.db.connection(), run)?
        .iter()
        .map(Into::into)
        .collect())
}

fn record_custody(v: &mut Vakt, r: &EvidenceCustodyRequest) -> Result<CustodyEntryView, ApiError> {
    let item = item_id(&r.item)?;
    let action = match &r.handed_to {
        Some(to) => CustodyAction::HandedOver {
            to: to.clone(),
            purpose: r.purpose.clone().unwrap_or_default(),
        },
        None => CustodyAction::Viewed,
    };
    let actor = v.actor()?;
    let entry = custody::record_custody(
        &mut v.db,
        v.clock.as_ref(),
        v.ids.as_ref(),
        &actor,
        item,
        &action,
    )?;
    Ok((&entry).into())
}

fn export(host: &Host<'_>, r: &EvidenceExportRequest) -> Result<CustodyEntryView, ApiError> {
    let item = item_id(&r.item)?;
    let to = r.path.trim();
    if to.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "choose where to write the copy",
        ));
    }
    let (sha256, store) = host.with(|v| {
        let found = custody::register(v.db.connection(), None)?
            .into_iter()
            .find(|i| i.id == item)
            .ok_or(vakt_run::RunError::UnknownEvidence(item))?;
        if found.attached.held != custody::Held::Copy {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "this item is held by reference: there is no stored copy to export",
            ));
        }
        Ok((found.attached.sha256, v.evidence_store()))
    })?;
    Watch::unwatched(|w| store.export(&sha256, Path::new(to), w)).map_err(|e| {
        let e: vakt_run::RunError = e.into();
        ApiError::from(e)
    })?;
    let absolute = std::path::absolute(to).map_err(failed)?;
    host.with(|v| {
        let actor = v.actor()?;
        let entry = custody::record_custody(
            &mut v.db,
            v.clock.as_ref(),
            v.ids.as_ref(),
            &actor,
            item,
            &CustodyAction::Exported {
                to: absolute.display().to_string(),
            },
        )?;
        Ok((&entry).into())
    })
}

impl From<vakt_run::evidence::EvidenceError> for ApiError {
    fn from(e: vakt_run::evidence::EvidenceError) -> Self {
        vakt_run::RunError::from(e).into()
    }
}
