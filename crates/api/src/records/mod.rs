//! Records from runs: the incident record of an incident run, the exercise report of a drill,
//! and the journal as `vakt verify` checks a record's checkpoint against it.

mod describe;
mod desk;
mod exercise;
mod incident;
mod journal;
mod signoff;
mod source;

use uuid::Uuid;
use vakt_record::{ExerciseReport, IncidentRecord, Language};
use vakt_run::{Mode, RunState};

pub use desk::IDENTITY_DIR;
pub(crate) use desk::{generate_identity, import_identity, produce, render, sign_file, verify};
pub use exercise::{DrillFacts, NodeFacts, exercise_report};
pub use incident::incident_record;
pub use journal::JournalAtHand;
pub use signoff::{LocalPerson, PEOPLE_DIR, find_person, local_people};
pub(crate) use signoff::{record_signoffs, sign_off};
pub use source::{NOT_RECORDED, RunSource};

use crate::{ApiError, ErrorCode, Vakt};

fn failed(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Failed, e.to_string())
}

impl Vakt {
    /// The organisation's name from `workspace.toml`.
    pub fn organisation_name(&self) -> String {
        self.definitions(None)
            .ok()
            .and_then(|l| l.workspace)
            .map(|w| w.organisation.name)
            .unwrap_or_else(|| NOT_RECORDED.to_string())
    }

    /// The custody events (viewed, exported, handed over) of run `run`'s evidence: journal
    /// events of no run that name the run in their payload.
    fn custody_events(&self, run: Uuid) -> Result<Vec<vakt_journal::Event>, ApiError> {
        use vakt_run::custody::kind;
        let mut out = Vec::new();
        for k in [kind::VIEWED, kind::EXPORTED, kind::HANDED_OVER] {
            out.extend(
                vakt_journal::events_of_kind(self.db.connection(), k)
                    .map_err(vakt_run::RunError::from)?
                    .into_iter()
                    .filter(|e| {
                        e.payload.get("run").and_then(|v| v.as_str())
                            == Some(run.to_string().as_str())
                    }),
            );
        }
        Ok(out)
    }

    fn with_source<T>(
        &self,
        run: Uuid,
        mode: Mode,
        language: Language,
        build: impl FnOnce(&RunSource<'_>, &Self) -> T,
    ) -> Result<T, ApiError> {
        let events = vakt_journal::run_events(self.db.connection(), run).map_err(failed)?;
        let state = RunState::replay(run, &events)?;
        if state.mode != mode {
            let (want, is) = match mode {
                Mode::Incident => ("an incident record", "a drill"),
                Mode::Drill => ("an exercise report", "an incident"),
            };
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                format!("run {run} is {is}; {want} is made from the other kind of run"),
            ));
        }
        let verification = self.journal_verify(None)?;
        if let Some(b) = &verification.first_break {
            return Err(ApiError::new(
                ErrorCode::Failed,
                format!(
                    "the journal is broken at event {} ({}); no record is made from it",
                    b.seq, b.reason
                ),
            ));
        }
        let organisation = self.organisation_name();
        let contacts = self
            .definitions(None)
            .ok()
            .and_then(|l| l.workspace)
            .map(|w| w.contacts.into_iter().map(|c| (c.id, c.name)).collect())
            .unwrap_or_default();
        let source = RunSource {
            state: &state,
            events: &events,
            organisation: &organisation,
            record_id: self.ids.next_id(self.clock.now()),
            generated_at: self.clock.now(),
            checkpoint: vakt_record::Checkpoint {
                count: verification.count,
                head_hash: verification.head_hash,
            },
            language,
            contacts,
            custody: vakt_run::custody::register(self.db.connection(), Some(run))?,
            custody_events: self.custody_events(run)?,
            team_server: self.team_server_check()?,
        };
        Ok(build(&source, self))
    }

    /// The incident record of incident run `run` in English, with the journal checkpoint of now.
    pub fn incident_record(&self, run: Uuid) -> Result<IncidentRecord, ApiError> {
        self.incident_record_in(run, Language::En)
    }

    /// The incident record of incident run `run`, the playbook's texts in `language`.
    pub fn incident_record_in(
        &self,
        run: Uuid,
        language: Language,
    ) -> Result<IncidentRecord, ApiError> {
        let topology = self.topology().ok();
        self.with_source(run, Mode::Incident, language, |s, _| {
            incident_record(s, &|id| {
                let t = topology.as_ref()?;
                t.node(t.find(id)?).map(|n| n.name.clone())
            })
        })
    }

    /// The exercise report of drill run `run` in English, with the journal checkpoint of now.
    pub fn exercise_report(&self, run: Uuid) -> Result<ExerciseReport, ApiError> {
        self.exercise_report_in(run, Language::En)
    }

    /// The exercise report of drill run `run`, every text in `language`, with the journal
    /// checkpoint of now; a drill from a scenario is measured from its journal.
    pub fn exercise_report_in(
        &self,
        run: Uuid,
        language: Language,
    ) -> Result<ExerciseReport, ApiError> {
        let topology = self.topology().ok();
        let drill = self.drill_facts(run)?;
        self.with_source(run, Mode::Drill, language, |s, _| {
            exercise_report(
                s,
                &|id| {
                    let t = topology.as_ref()?;
                    t.node(t.find(id)?).map(|n| NodeFacts {
                        name: n.name.clone(),
                        rto_seconds: n.rto,
                        rpo_seconds: n.rpo,
                    })
                },
                drill.as_ref(),
            )
        })
    }

    /// This session's journal, for checking a record's checkpoint.
    pub fn journal_at_hand(&self) -> JournalAtHand<'_> {
        JournalAtHand::new(self.db.connection())
    }
}
