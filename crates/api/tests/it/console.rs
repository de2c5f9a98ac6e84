//! The console's operations over the demo workspace: the journeys the window drives.

use std::sync::Arc;

use vakt_api::json::{
    ClockStateName, ClockView, ExportFormat, JournalCheck, JournalExported, JournalFilter,
    JournalPage, NotificationStateName, PlaybookCategory, PlaybookSummary, RunAction, RunMode,
    RunPhase, RunSummary, RunView, Settings, SettingsInput, StepStatusName, UserRole,
    WorkspaceOverview,
};
use vakt_api::ops::*;
use vakt_api::{Acting, ApiError, ErrorCode, LaunchOptions, Session, Sources, Vakt};
use vakt_sources::{FixedClock, SequentialIds};

/// The window's side of the operation layer, as the tests drive it: every call goes through
/// [`Session::call`], where access is checked.
struct Desk {
    session: Session,
    data: std::path::PathBuf,
}

fn open(data: &std::path::Path) -> Desk {
    let options = LaunchOptions {
        data_dir: Some(data.into()),
        ..LaunchOptions::default()
    };
    let sources = Sources {
        clock: Arc::new(FixedClock::at(
            "2026-11-26T08:00:00Z".parse().expect("time"),
        )),
        ids: Arc::new(SequentialIds::new()),
        keys: Sources::os_keys(),
        machine: Arc::new(vakt_sources::FixedMachine(vakt_sources::Whereabouts {
            full_name: Some("Kari".into()),
            ..vakt_sources::FixedMachine::new("kari", "laptop-7").0
        })),
    };
    Desk {
        session: Session::new(Vakt::open(&options, sources).expect("open")),
        data: data.into(),
    }
}

fn mode(m: &str) -> RunMode {
    match m {
        "drill" => RunMode::Drill,
        _ => RunMode::Incident,
    }
}

impl Desk {
    fn settings(&self) -> Result<Settings, ApiError> {
        self.session.call(SettingsRequest {})
    }
    fn save_settings(&mut self, input: &SettingsInput) -> Result<Settings, ApiError> {
        self.session.call(SaveSettingsRequest {
            input: input.clone(),
        })
    }
    fn playbook_list(&self) -> Vec<PlaybookSummary> {
        self.session
            .call(PlaybookListRequest {})
            .expect("playbooks")
    }
    fn run_start(&mut self, playbook: &str, m: &str, title: &str) -> Result<RunView, ApiError> {
        self.session.call(RunStartRequest {
            playbook: playbook.into(),
            mode: mode(m),
            title: title.into(),
        })
    }
    fn run_act(&mut self, run: &str, action: RunAction) -> Result<RunView, ApiError> {
        self.session.call(RunActRequest {
            run: run.into(),
            action,
        })
    }
    fn run_attach(
        &mut self,
        run: &str,
        path: &str,
        step: Option<String>,
        description: &str,
    ) -> Result<RunView, ApiError> {
        self.session.call(RunAttachRequest {
            run: run.into(),
            path: path.into(),
            step,
            description: description.into(),
        })
    }
    fn run_view(&mut self, run: &str) -> Result<RunView, ApiError> {
        self.session.call(RunViewRequest { run: run.into() })
    }
    fn run_list(&mut self) -> Result<Vec<RunSummary>, ApiError> {
        self.session.call(RunListRequest {})
    }
    fn choose_workspace(
        &mut self,
        path: std::path::PathBuf,
    ) -> Result<WorkspaceOverview, ApiError> {
        self.session.call(ChooseWorkspaceRequest {
            path: path.display().to_string(),
        })
    }
    fn journal_check(&self, checkpoint: Option<&str>) -> Result<JournalCheck, ApiError> {
        self.session.call(JournalCheckRequest {
            checkpoint: checkpoint.map(str::to_string),
        })
    }
    fn journal_page(&self, filter: &JournalFilter) -> Result<JournalPage, ApiError> {
        self.session.call(JournalPageRequest {
            filter: filter.clone(),
        })
    }
    fn journal_export_file(&self, format: &str, path: &str) -> Result<JournalExported, ApiError> {
        self.session.call(JournalExportFileRequest {
            format: if format == "csv" {
                ExportFormat::Csv
            } else {
                ExportFormat::Json
            },
            path: path.into(),
        })
    }
    /// Appends a raw event to the journal file on a connection of its own (test set-up only).
    fn append_raw(&self, draft: &vakt_journal::EventDraft) -> Result<(), ApiError> {
        let mut conn =
            rusqlite::Connection::open(self.data.join(vakt_api::DATABASE_FILE)).expect("database");
        let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
        vakt_journal::append(&mut conn, draft, &clock, &vakt_sources::RandomIds)
            .map(|_| ())
            .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))
    }
}

/// Acts as the person `name` held here (the person at the keyboard is `kari`; anyone else
/// is added at this console the first time), claiming `role` in the settings.
fn be(vakt: &mut Desk, name: &str, role: UserRole) {
    let settings = |role| SettingsInput {
        role,
        language: "en".into(),
    };
    vakt.save_settings(&settings(UserRole::Responder))
        .expect("settings");
    vakt.session
        .act_as(Acting::default())
        .expect("the person at the keyboard");
    if vakt
        .session
        .act_as(Acting {
            person: Some(name.into()),
            role: None,
        })
        .is_err()
    {
        vakt.session
            .call(PersonAddRequest {
                name: name.into(),
                algorithm: None,
            })
            .expect("add a person");
        vakt.session
            .act_as(Acting {
                person: Some(name.into()),
                role: None,
            })
            .expect("act as the person added");
        // A demo person (`Ola` is Ola Hansen of the demo workspace) takes their test key.
        let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/people")
            .join(format!("{}-hansen.p12", name.to_lowercase()));
        if demo.is_file() {
            vakt.session
                .call(ImportPersonPkcs12Request {
                    path: demo.display().to_string(),
                    file_passphrase: "test-key-only".into(),
                    passphrase: "lilac tractor humming underwater".into(),
                    again: "lilac tractor humming underwater".into(),
                })
                .expect("Ola Hansen's test key");
        }
    }
    vakt.save_settings(&settings(role)).expect("settings");
}

fn step(s: &str) -> String {
    s.to_string()
}

#[test]
fn a_fresh_start_reports_an_incident_at_once_as_the_person_at_the_keyboard() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut vakt = open(data.path());
    let s = vakt.settings().expect("settings");
    assert_eq!(s.role, UserRole::Responder);
    let me = vakt.session.call(MeRequest {}).expect("me").person;
    assert_eq!(me.os_user, "kari");
    assert!(!me.name_confirmed && !me.passphrase_set);
    assert_eq!(me.id.len(), 64);
    let view = vakt
        .run_start("incident-procedure", "incident", "Phishing")
        .expect("no set-up first");
    assert_eq!(view.summary.started_by, "Kari");
    let page = vakt
        .journal_page(&JournalFilter::default())
        .expect("journal");
    let first = page.events.last().expect("the run's first event");
    assert_eq!(first.person.as_deref(), Some(me.id.as_str()));
    // The same person at the next start; the settings keep the role claimed.
    be(&mut vakt, "Kari", UserRole::IncidentManager);
    drop(vakt);
    let again = open(data.path());
    assert_eq!(
        again.settings().expect("settings").role,
        UserRole::IncidentManager
    );
    assert_eq!(
        again.session.call(MeRequest {}).expect("me").person.id,
        me.id
    );
}

fn active(v: &RunView) -> Vec<&str> {
    v.summary
        .active_steps
        .iter()
        .map(|a| a.id.as_str())
        .collect()
}

fn clock<'a>(v: &'a RunView, id: &str) -> &'a ClockView {
    v.summary.clocks.iter().find(|c| c.id == id).expect("clock")
}

fn decide(step: &str, option: &str, why: &str, over: Option<&str>) -> RunAction {
    RunAction::Decide {
        step: step.into(),
        option: option.into(),
        rationale: why.into(),
        override_reason: over.map(str::to_string),
    }
}

fn complete(step: &str, over: Option<&str>) -> RunAction {
    RunAction::Complete {
        step: step.into(),
        override_reason: over.map(str::to_string),
    }
}

#[test]
fn report_an_incident_work_two_tracks_and_the_journal_verifies() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut vakt = open(data.path());
    be(&mut vakt, "Kari", UserRole::IncidentManager);
    let playbooks = vakt.playbook_list();
    assert_eq!(
        playbooks[0].id, "incident-procedure",
        "incident procedure first"
    );
    assert!(playbooks.iter().any(|p| p.category == PlaybookCategory::Dr));

    let run = vakt
        .run_start("incident-procedure", "incident", "Phishing at a customer")
        .expect("start");
    let id = run.summary.id.clone();
    assert_eq!(run.summary.phase, RunPhase::Starting);
    assert_eq!(active(&run), ["report-event"]);
    assert_eq!(run.summary.active_steps[0].holder.as_deref(), Some("Kari"));
    assert!(run.summary.clocks.len() >= 10);
    assert!(
        run.summary
            .clocks
            .iter()
            .all(|c| c.state == ClockStateName::Pending && !c.overdue)
    );
    assert!(run.tracks.iter().any(|t| t.id == "contain"));
    let metrics = &run.metrics;
    assert_eq!(
        (metrics.to_detect, metrics.to_contain),
        (None, None),
        "not measured, never a made-up 0"
    );

    vakt.run_act(
        &id,
        RunAction::Start {
            step: step("report-event"),
            override_reason: None,
        },
    )
    .expect("start step");
    let v = vakt
        .run_act(&id, complete("report-event", None))
        .expect("complete");
    assert_eq!(v.summary.phase, RunPhase::Responding);
    assert_eq!(active(&v), ["assign-roles", "triage"], "two steps at once");
    let triage = clock(&v, "triage-4h");
    assert_eq!(triage.state, ClockStateName::Running);
    assert_eq!(triage.deadline.as_deref(), Some("2026-11-26T12:00:00Z"));
    assert_eq!(v.steps[0].status, StepStatusName::Done);
    assert_eq!(v.steps[0].status_by.as_deref(), Some("Kari"));

    let file = data.path().join("phishing-mail.eml");
    std::fs::write(&file, b"From: attacker@example.net\n").expect("write");
    let v = vakt
        .run_attach(
            &id,
            file.to_str().expect("utf8"),
            Some("report-event".into()),
            "the mail",
        )
        .expect("attach");
    assert_eq!(v.evidence.len(), 1);
    assert_eq!(
        v.evidence[0].sha256.as_deref(),
        Some(vakt_playbook::sha256_hex(b"From: attacker@example.net\n").as_str())
    );

    let err = vakt
        .run_act(&id, complete("triage", None))
        .expect_err("a decision is taken, not completed");
    assert_eq!(err.code, ErrorCode::InvalidRequest);
    let v = vakt
        .run_act(
            &id,
            decide("triage", "incident", "customer data may be exposed", None),
        )
        .expect("decide");
    for s in [
        "assign-roles",
        "contain",
        "preserve-evidence",
        "personal-data",
    ] {
        assert!(active(&v).contains(&s), "{s} active: {:?}", active(&v));
    }
    // The step that came first can be done after the decision: any order.
    let v = vakt
        .run_act(&id, complete("assign-roles", None))
        .expect("assign-roles after triage");
    assert!(!active(&v).contains(&"assign-roles"));

    // The DPO's decisions: nobody holds the role, so Kari gives a reason, journaled and listed.
    let err = vakt
        .run_act(&id, decide("personal-data", "breach", "CRM rows", None))
        .expect_err("out of role");
    assert_eq!(err.code, ErrorCode::InvalidRequest);
    assert!(err.message.contains("dpo"), "{}", err.message);
    vakt.run_act(
        &id,
        decide(
            "personal-data",
            "breach",
            "CRM rows",
            Some("the DPO is on leave"),
        ),
    )
    .expect("override");
    let v = vakt
        .run_act(
            &id,
            decide(
                "gdpr-role",
                "processor",
                "customers' data",
                Some("the DPO is on leave"),
            ),
        )
        .expect("processor");
    assert_eq!(v.overrides.len(), 2);
    assert_eq!(v.overrides[0].reason, "the DPO is on leave");
    assert_eq!(v.overrides[0].role, "dpo");
    let art33 = clock(&v, "gdpr-art33-72h");
    assert_eq!(art33.state, ClockStateName::NotApplicable);
    assert!(!art33.overdue);
    let by = art33.ruled_out.as_ref().expect("the decision named");
    assert_eq!(
        (by.step.as_str(), by.option.as_deref()),
        ("gdpr-role", Some("processor"))
    );
    assert_eq!(
        clock(&v, "gdpr-art33-2-customers").state,
        ClockStateName::Running
    );
    assert!(active(&v).contains(&"contain") && active(&v).contains(&"notify-customers"));

    // Required evidence: the technical lead cannot finish preserving evidence without it.
    vakt.run_act(
        &id,
        RunAction::AssignRole {
            role: "technical-lead".into(),
            person: "ola-hansen".into(),
        },
    )
    .expect("assign");
    be(&mut vakt, "Ola", UserRole::Responder);
    let err = vakt
        .run_act(&id, complete("preserve-evidence", None))
        .expect_err("evidence missing");
    assert!(
        err.message.contains("memory-image-hashes"),
        "{}",
        err.message
    );
    for name in ["memory.sha256", "disk.sha256", "logs.sha256"] {
        let f = data.path().join(name);
        std::fs::write(&f, name.as_bytes()).expect("write");
        vakt.run_attach(
            &id,
            f.to_str().expect("utf8"),
            Some("preserve-evidence".into()),
            name,
        )
        .expect("attach");
    }
    let v = vakt
        .run_act(&id, complete("preserve-evidence", None))
        .expect("complete with its evidence");
    let preserve = v
        .steps
        .iter()
        .find(|s| s.id == "preserve-evidence")
        .expect("step");
    assert_eq!(preserve.status, StepStatusName::Done);
    assert!(
        preserve
            .evidence_requests
            .iter()
            .filter(|r| r.required)
            .all(|r| r.satisfied)
    );
    assert_eq!(v.overrides.len(), 2, "Ola holds the role: no override");

    // Moments with an earlier time need a reason; a future one is refused.
    let moment = |m: &str, at: &str, reason: Option<&str>| RunAction::Moment {
        moment: m.into(),
        at: Some(at.into()),
        reason: reason.map(str::to_string),
    };
    let err = vakt
        .run_act(&id, moment("occurrence", "2026-11-26T07:30:00Z", None))
        .expect_err("no reason");
    assert_eq!(err.code, ErrorCode::InvalidRequest);
    let err = vakt
        .run_act(
            &id,
            moment("detection", "2026-11-26T09:00:00Z", Some("later")),
        )
        .expect_err("future");
    assert!(err.message.contains("future"), "{}", err.message);
    vakt.run_act(
        &id,
        moment(
            "occurrence",
            "2026-11-26T07:30:00Z",
            Some("the phishing mail arrived at 07:30"),
        ),
    )
    .expect("occurrence");
    let v = vakt
        .run_act(
            &id,
            moment(
                "detection",
                "2026-11-26T07:50:00Z",
                Some("the filter flagged it"),
            ),
        )
        .expect("detection");
    assert_eq!(v.metrics.to_detect, Some(20 * 60));
    assert_eq!(v.metrics.to_contain, None);
    let occurrence = v
        .moments
        .iter()
        .find(|m| m.id == "occurrence")
        .expect("moment");
    assert_eq!(
        (
            occurrence.claimed_at.as_deref(),
            occurrence.recorded_at.as_deref()
        ),
        (Some("2026-11-26T07:30:00Z"), Some("2026-11-26T08:00:00Z"))
    );
    assert_eq!(
        occurrence.reason.as_deref(),
        Some("the phishing mail arrived at 07:30")
    );

    // The register: each affected customer gets an early notice, drafted from the template.
    be(&mut vakt, "Kari", UserRole::IncidentManager);
    vakt.run_act(
        &id,
        RunAction::AffectedCustomer {
            customer: "Acme AS".into(),
        },
    )
    .expect("affected");
    let v = vakt
        .run_act(
            &id,
            RunAction::Facts {
                facts: vec![vakt_api::json::Fact {
                    name: "what_happened".into(),
                    value: "A phishing mail took a CRM login.".into(),
                }],
            },
        )
        .expect("facts");
    let notice = v
        .notifications
        .iter()
        .find(|n| n.notification == "customer-early-notice")
        .expect("entry");
    assert_eq!(notice.customer.as_deref(), Some("Acme AS"));
    assert_eq!(notice.state, NotificationStateName::ToDo);
    let draft = vakt
        .session
        .call(NotificationDraftRequest {
            run: id.clone(),
            notification: "customer-early-notice".into(),
            customer: Some("Acme AS".into()),
            language: "en".into(),
            save_to: None,
        })
        .expect("draft");
    assert!(draft.text.contains("A phishing mail took a CRM login."));
    assert!(draft.text.contains("Acme AS"));
    assert!(!draft.missing.contains(&"what_happened".to_string()));
    let v = vakt
        .run_act(
            &id,
            RunAction::NotificationSent {
                notification: "customer-early-notice".into(),
                customer: Some("Acme AS".into()),
                channel: "e-mail".into(),
                at: None,
                reason: None,
            },
        )
        .expect("sent");
    let early = clock(&v, "gdpr-art33-2-customers");
    assert_eq!(early.state, ClockStateName::Met);
    assert_eq!(early.margin_seconds, Some(24 * 3600));

    // What the view shows is what the journal holds.
    let check = vakt.journal_check(None).expect("verify");
    assert!(check.intact);
    assert_eq!(check.count, v.last_seq);
    let page = vakt
        .journal_page(&JournalFilter {
            run: Some(id.clone()),
            kind: Some("decision.taken".into()),
            ..JournalFilter::default()
        })
        .expect("page");
    assert_eq!(page.events.len(), 3);
    assert!(
        page.events[0]
            .payload
            .contains("customer data may be exposed")
    );
    assert!(page.events[1].payload.contains("the DPO is on leave"));
    assert_eq!(page.runs.len(), 1);
    let all = vakt.journal_page(&JournalFilter::default()).expect("page");
    assert_eq!(all.actors, vec!["Kari".to_string(), "Ola".to_string()]);
    let later = vakt
        .journal_page(&JournalFilter {
            from: Some("2026-11-27T00:00:00Z".into()),
            ..JournalFilter::default()
        })
        .expect("page");
    assert!(later.events.is_empty());
    assert_eq!(later.matching, 0);
    assert_eq!(later.total, check.count);

    let listed = vakt.run_list().expect("runs");
    assert_eq!(listed.len(), 1);
    assert_eq!(
        active(&v),
        listed[0]
            .active_steps
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
    );
    assert!(!active(&v).contains(&"triage"));
}

#[test]
fn checkpoints_compare_and_exports_are_written() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut vakt = open(data.path());
    be(&mut vakt, "Ola", UserRole::Responder);
    let run = vakt
        .run_start(
            "dr-datacenter-failover",
            "drill",
            "Quarterly failover drill",
        )
        .expect("start");
    let check = vakt.journal_check(None).expect("verify");
    let good = data.path().join("good.json");
    std::fs::write(
        &good,
        format!(
            r#"{{"count": {}, "head_hash": "{}"}}"#,
            check.count, check.head_hash
        ),
    )
    .expect("write");
    vakt.run_act(
        &run.summary.id,
        RunAction::Note {
            step: None,
            text: "begun".into(),
        },
    )
    .expect("note");
    let c = vakt.journal_check(good.to_str()).expect("verify");
    assert!(c.intact && c.checkpoint_compared);
    let bad = data.path().join("bad.json");
    std::fs::write(
        &bad,
        format!(
            r#"{{"count": {}, "head_hash": "{}"}}"#,
            check.count,
            "0".repeat(64)
        ),
    )
    .expect("write");
    let c = vakt.journal_check(bad.to_str()).expect("verify");
    assert!(!c.intact);
    assert!(c.break_reason.is_some());
    let err = vakt
        .journal_check(Some("/nonexistent/cp.json"))
        .expect_err("missing");
    assert!(err.message.contains("/nonexistent/cp.json"));

    let csv = data.path().join("journal.csv");
    let n = vakt
        .journal_export_file("csv", csv.to_str().expect("utf8"))
        .expect("export")
        .count;
    assert_eq!(n, c.count);
    let text = std::fs::read_to_string(&csv).expect("read");
    assert_eq!(
        text.lines().count() as u64,
        n + 1,
        "a header and one line per event"
    );
    // An unknown format is not a request at all: the IPC layer refuses it before it runs.
    let xml = serde_json::from_value::<JournalExportFileRequest>(
        serde_json::json!({ "format": "xml", "path": "x" }),
    );
    assert!(xml.is_err());
}

#[test]
fn an_auditor_reads_and_verifies_everything_and_changes_nothing() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut vakt = open(data.path());
    be(&mut vakt, "Kari", UserRole::IncidentManager);
    let run = vakt
        .run_start("incident-procedure", "incident", "Lost laptop")
        .expect("start");
    let id = run.summary.id.clone();
    be(&mut vakt, "Anne", UserRole::Auditor);
    let before = vakt.journal_check(None).expect("verify").count;

    let refusals = [
        vakt.run_start("incident-procedure", "incident", "x")
            .map(|_| ()),
        vakt.run_act(
            &id,
            RunAction::Start {
                step: step("report-event"),
                override_reason: None,
            },
        )
        .map(|_| ()),
        vakt.run_act(
            &id,
            RunAction::Note {
                step: None,
                text: "seen".into(),
            },
        )
        .map(|_| ()),
        vakt.run_act(
            &id,
            RunAction::AssignRole {
                role: "scribe".into(),
                person: "Anne".into(),
            },
        )
        .map(|_| ()),
        vakt.run_act(
            &id,
            RunAction::Close {
                statement: "ok".into(),
            },
        )
        .map(|_| ()),
        vakt.run_attach(&id, "/etc/hostname", None, "x").map(|_| ()),
        vakt.choose_workspace(data.path().into()).map(|_| ()),
    ];
    for (i, r) in refusals.into_iter().enumerate() {
        let err = r.expect_err("refused");
        assert_eq!(
            err.code,
            ErrorCode::Forbidden,
            "refusal {i}: {}",
            err.message
        );
    }
    let check = vakt.journal_check(None).expect("an auditor verifies");
    assert!(check.intact);
    assert_eq!(check.count, before, "nothing recorded");
    assert_eq!(vakt.run_view(&id).expect("an auditor reads").summary.id, id);
    assert_eq!(vakt.run_list().expect("list").len(), 1);
    assert!(
        vakt.journal_page(&JournalFilter::default())
            .expect("page")
            .total
            >= 1
    );
}

#[test]
fn a_journal_page_holds_the_newest_events_up_to_its_limit() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut vakt = open(data.path());
    be(&mut vakt, "Ola", UserRole::Responder);
    let run = vakt
        .run_start("dr-datacenter-failover", "drill", "Long drill")
        .expect("start");
    let run_id = run.summary.id.parse().expect("uuid");
    for i in 0..vakt_api::JOURNAL_PAGE_LIMIT + 5 {
        vakt.append_raw(&vakt_journal::EventDraft {
            by: vakt_journal::Attribution {
                actor: "Ola".into(),
                role: Some("responder".into()),
                host: "desktop".into(),
                ..Default::default()
            },
            kind: "note.added".into(),
            run: Some(run_id),
            payload: serde_json::json!({ "text": format!("n{i}") }),
        })
        .expect("append");
    }
    let page = vakt.journal_page(&JournalFilter::default()).expect("page");
    let all = vakt_api::JOURNAL_PAGE_LIMIT as u64 + 6;
    assert_eq!((page.total, page.matching), (all, all));
    assert_eq!(page.events.len(), vakt_api::JOURNAL_PAGE_LIMIT);
    assert_eq!(
        page.events.last().map(|e| e.seq),
        Some(all),
        "the newest is kept"
    );
    let older = vakt
        .journal_page(&JournalFilter {
            before: Some(page.events[0].seq),
            ..JournalFilter::default()
        })
        .expect("older page");
    assert_eq!(
        older.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=6).collect::<Vec<u64>>(),
        "the page before holds the older events"
    );
    assert_eq!(older.matching, all);
    assert_eq!(
        page.events[0].seq, 7,
        "the oldest beyond the limit are left out"
    );
}

/// The record's action log lists what was done to the run's evidence after it was attached
/// (handed over, exported): journal events of no run, placed among the run's own in replay
/// order, read back from the record's embedded JSON.
#[test]
fn the_records_action_log_lists_the_custody_of_the_runs_evidence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path());
    desk.session
        .call(SaveSettingsRequest {
            input: SettingsInput {
                role: UserRole::IncidentManager,
                language: "en".into(),
            },
        })
        .expect("settings");
    let run = desk
        .session
        .call(RunStartRequest {
            playbook: "incident-procedure".into(),
            mode: RunMode::Incident,
            title: "Stolen laptop".into(),
        })
        .expect("start")
        .summary
        .id;
    let file = dir.path().join("firewall.log");
    std::fs::write(&file, b"blocked 203.0.113.7").expect("evidence");
    desk.session
        .call(RunAttachRequest {
            run: run.clone(),
            path: file.display().to_string(),
            step: None,
            description: "firewall log".into(),
        })
        .expect("attach");
    let item = desk
        .session
        .call(EvidenceRegisterRequest {
            run: Some(run.clone()),
        })
        .expect("register")[0]
        .id
        .clone();
    desk.session
        .call(EvidenceCustodyRequest {
            item: item.clone(),
            handed_to: Some("Kripos".into()),
            purpose: Some("criminal complaint".into()),
        })
        .expect("hand over");
    desk.session
        .call(EvidenceExportRequest {
            item,
            path: dir.path().join("for-kripos.log").display().to_string(),
        })
        .expect("export");
    let out = dir.path().join("record.pdf");
    desk.session
        .call(ProduceRecordRequest {
            run,
            language: vakt_api::json::RecordLanguage::En,
            passphrase: None,
            path: out.display().to_string(),
            kind: None,
            reason: None,
            location: None,
        })
        .expect("record");
    let (json, _) =
        vakt_record::embedded_record(&std::fs::read(&out).expect("pdf")).expect("embedded");
    let record: serde_json::Value = serde_json::from_slice(&json).expect("json");
    let actions: Vec<&str> = record["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["action"].as_str())
        .collect();
    let at = |prefix: &str| {
        actions
            .iter()
            .position(|a| a.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} in {actions:#?}"))
    };
    let attached = at("evidence attached: firewall.log");
    let handed = at("evidence handed over: firewall.log");
    let exported = at("evidence exported: firewall.log");
    assert!(attached < handed && handed < exported, "{actions:#?}");
    assert!(
        actions[handed].ends_with("to Kripos (criminal complaint)"),
        "{}",
        actions[handed]
    );
    assert!(
        actions[exported].ends_with("for-kripos.log"),
        "{}",
        actions[exported]
    );
}
