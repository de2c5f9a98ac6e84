//! A drill through the operation layer on the demo workspace, with a fixed clock: the scenario
//! starts its playbook's run in drill mode, the injection at +0 is journaled, the topology
//! turns red from the journal, a recovery and a restore point give the measured RTO and RPO,
//! and the same journal read by a new session gives the same figures. Findings carry
//! corrective actions tracked across runs.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use vakt_api::json::{
    ActionInput, ActionStateName, FindingGrade, InjectionStatus, NodeStateName, RecordLanguage,
    RestoreItem, SettingsInput, UserRole, VerdictName,
};
use vakt_api::ops::{
    ActionUpdateRequest, CorrectiveActionsRequest, DrillFindingRequest, DrillInjectRequest,
    DrillJudgeRequest, DrillListRequest, DrillRestorePointRequest, DrillRestoreRequest,
    DrillScenariosRequest, DrillStartRequest, DrillTickRequest, DrillViewRequest,
    ProduceRecordRequest, RunViewRequest, SaveSettingsRequest,
};
use vakt_api::{ErrorCode, LaunchOptions, Session, Sources, Vakt};
use vakt_sources::{FixedClock, SequentialIds};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

fn session(data: &std::path::Path, clock: Arc<FixedClock>) -> Session {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../playbooks");
    let options = LaunchOptions {
        data_dir: Some(data.into()),
        workspace: Some(workspace),
        ..Default::default()
    };
    let sources = Sources {
        clock,
        ids: Arc::new(SequentialIds::new()),
        keys: Sources::os_keys(),
        machine: Arc::new(vakt_sources::FixedMachine::new("kari", "laptop-1")),
    };
    let session = Session::new(Vakt::open(&options, sources).expect("open"));
    session
        .call(SaveSettingsRequest {
            input: SettingsInput {
                role: UserRole::IncidentManager,
                language: "en".into(),
            },
        })
        .expect("settings");
    session
}

#[test]
fn a_drill_measures_rto_and_rpo_from_its_journal() {
    let data = tempfile::tempdir().expect("tempdir");
    let t0 = t("2026-11-26T08:00:00Z");
    let clock = Arc::new(FixedClock::at(t0));
    let s = session(data.path(), clock.clone());

    let list = s.call(DrillScenariosRequest {}).expect("scenarios");
    assert_eq!(list.problems, Vec::<String>::new());
    assert_eq!(list.scenarios.len(), 6);

    let view = s
        .call(DrillStartRequest {
            scenario: "drill-database-point-in-time-restore".into(),
            title: None,
        })
        .expect("start");
    let run = view.run.clone();
    // One thing: the playbook's run in drill mode.
    let run_view = s.call(RunViewRequest { run: run.clone() }).expect("run");
    assert_eq!(
        run_view.summary.playbook_id,
        "dr-database-point-in-time-restore"
    );
    assert_eq!(
        run_view.summary.title,
        "Drill: Point-in-time restore of the CRM database"
    );
    // The injection at +0 is journaled at the start, and the topology turns red.
    assert_eq!(view.schedule[0].status, InjectionStatus::Injected);
    assert_eq!(
        view.schedule[0].injected_at.as_deref(),
        Some("2026-11-26T08:00:00Z")
    );
    let node = |v: &vakt_api::json::DrillRunView, id: &str| {
        v.nodes.iter().find(|n| n.id == id).expect("node").state
    };
    assert_eq!(node(&view, "store-crm-db"), NodeStateName::Down);
    assert_eq!(node(&view, "svc-crm-web"), NodeStateName::Down);
    assert_eq!(
        node(&view, "svc-login"),
        NodeStateName::Degraded,
        "Office 365 and G Suite"
    );
    let crm = &view.services[0];
    assert_eq!(crm.node, "svc-crm-web");
    assert_eq!(crm.down_at.as_deref(), Some("2026-11-26T08:00:00Z"));
    assert_eq!(crm.caused_by.as_deref(), Some("store-crm-db"));
    assert_eq!(crm.rto.verdict, VerdictName::NotReached, "still down");
    assert_eq!(crm.rto.target_seconds, Some(4 * 3600), "from the topology");
    assert_eq!(
        crm.rpo.verdict,
        VerdictName::NotReached,
        "no restore point yet"
    );
    assert_eq!(crm.rto.achieved_seconds, None, "no made-up zero");

    // No injection on cue in this scenario; a second cue of the same one is refused.
    let again = s
        .call(DrillInjectRequest {
            run: run.clone(),
            injection: "migration-corrupts".into(),
        })
        .expect_err("injected already");
    assert_eq!(again.code, ErrorCode::InvalidRequest);

    // The restore point, then the recovery 1h40m after the failure.
    clock.advance(Duration::minutes(90));
    let view = s
        .call(DrillRestorePointRequest {
            run: run.clone(),
            service: "svc-crm-web".into(),
            wanted: None,
            item: RestoreItem::Any,
            tier: None,
        })
        .expect("restore point");
    assert_eq!(
        view.services[0].restore_tier.as_deref(),
        Some("point-in-time")
    );
    assert_eq!(view.services[0].rpo.achieved_seconds, Some(0));
    assert_eq!(view.services[0].rpo.verdict, VerdictName::Met);
    clock.advance(Duration::minutes(10));
    let view = s
        .call(DrillRestoreRequest {
            run: run.clone(),
            nodes: vec!["store-crm-db".into()],
            at: None,
            reason: None,
            step: None,
        })
        .expect("restore");
    let crm = &view.services[0];
    assert_eq!(crm.restored_at.as_deref(), Some("2026-11-26T09:40:00Z"));
    assert_eq!(crm.rto.achieved_seconds, Some(6000), "1h40m");
    assert_eq!(crm.rto.verdict, VerdictName::Met);
    assert_eq!(node(&view, "svc-crm-web"), NodeStateName::Up);
    let mobile = &view.services[1];
    assert_eq!(mobile.rto.achieved_seconds, Some(6000));
    assert_eq!(mobile.rpo.verdict, VerdictName::NotMeasured);

    // A restore in the future, or of a node the topology lacks, is refused.
    for (nodes, at) in [
        (
            vec!["store-crm-db".to_string()],
            Some("2027-01-01T00:00:00Z".to_string()),
        ),
        (vec!["nope".to_string()], None),
    ] {
        let e = s
            .call(DrillRestoreRequest {
                run: run.clone(),
                nodes,
                at,
                reason: None,
                step: None,
            })
            .expect_err("refused");
        assert_eq!(e.code, ErrorCode::InvalidRequest, "{e:?}");
    }

    // A finding with a corrective action due on 1 December.
    let view = s
        .call(DrillFindingRequest {
            run: run.clone(),
            grade: FindingGrade::Major,
            step: None,
            service: Some("svc-crm-web".into()),
            text: "Writes were stopped 20 minutes late: nobody owned the maintenance switch."
                .into(),
            action: Some(ActionInput {
                text: "Give the maintenance switch an owner in the on-call rota.".into(),
                owner: "technical-lead".into(),
                due: "2026-12-01".into(),
            }),
        })
        .expect("finding");
    assert_eq!(view.findings.len(), 1);
    let action = view.findings[0].action.clone().expect("action");
    assert_eq!(action.state, ActionStateName::Open);
    assert!(!action.overdue);

    // The controller judges the first success criterion; the second stays unjudged. A
    // criterion the scenario lacks, or a judgement without what showed it, is refused.
    let view = s
        .call(DrillJudgeRequest {
            run: run.clone(),
            criterion: 0,
            met: true,
            note: "The point-in-time tier lost nothing.".into(),
        })
        .expect("judged");
    assert_eq!(view.criteria.len(), 2);
    assert_eq!(view.criteria[0].met, Some(true));
    assert_eq!(view.criteria[1].met, None, "not judged");
    for (criterion, note) in [(2, "x"), (1, " ")] {
        let e = s
            .call(DrillJudgeRequest {
                run: run.clone(),
                criterion,
                met: false,
                note: note.into(),
            })
            .expect_err("refused");
        assert_eq!(e.code, ErrorCode::InvalidRequest, "{e:?}");
    }

    // The same journal, read by a new session, gives the same figures.
    let first = s.call(DrillViewRequest { run: run.clone() }).expect("view");
    drop(s);
    let s = session(data.path(), clock.clone());
    let second = s.call(DrillViewRequest { run: run.clone() }).expect("view");
    assert_eq!(first, second);
    assert_eq!(s.call(DrillListRequest {}).expect("list").len(), 1);

    // Past its due date, the open action is overdue; done, it is not; verified, it is final.
    clock.set(t("2026-12-10T09:00:00Z"));
    let overdue = s
        .call(CorrectiveActionsRequest { overdue_only: true })
        .expect("actions");
    assert_eq!(overdue.len(), 1);
    let done = s
        .call(ActionUpdateRequest {
            action: action.id[..8].to_string(),
            state: ActionStateName::Done,
            note: "Owner named in the rota of week 50.".into(),
            run: None,
        })
        .expect("done");
    assert_eq!(done.state, ActionStateName::Done);
    assert!(!done.overdue);
    let wrong = s
        .call(ActionUpdateRequest {
            action: action.id.clone(),
            state: ActionStateName::Done,
            note: "again".into(),
            run: None,
        })
        .expect_err("done twice");
    assert_eq!(wrong.code, ErrorCode::InvalidRequest);
    // Verified in a later drill: tracked across runs.
    let later = s
        .call(DrillStartRequest {
            scenario: "drill-database-point-in-time-restore".into(),
            title: Some("Re-test".into()),
        })
        .expect("second drill");
    let verified = s
        .call(ActionUpdateRequest {
            action: action.id.clone(),
            state: ActionStateName::Verified,
            note: "Writes stopped within 2 minutes in the re-test.".into(),
            run: Some(later.run.clone()),
        })
        .expect("verified");
    assert_eq!(verified.state, ActionStateName::Verified);
    assert_eq!(verified.history.len(), 3);
    assert!(
        s.call(CorrectiveActionsRequest { overdue_only: true })
            .expect("actions")
            .is_empty()
    );
    // The later drill's tick journals nothing new: its injection at +0 is already in.
    let tick = s.call(DrillTickRequest { run: later.run }).expect("tick");
    assert_eq!(tick.schedule.len(), 1);

    // The exercise report of the first drill: its embedded JSON holds the measured figures.
    for (language, file) in [
        (RecordLanguage::En, "exercise-en.pdf"),
        (RecordLanguage::Nl, "exercise-nl.pdf"),
    ] {
        let path = data.path().join(file);
        s.call(ProduceRecordRequest {
            run: run.clone(),
            language,
            passphrase: None,
            path: path.display().to_string(),
            kind: None,
            reason: None,
            location: None,
        })
        .expect("exercise report");
        let pdf = std::fs::read(&path).expect("pdf");
        let (embedded, _) = vakt_record::embedded_record(&pdf).expect("embedded");
        let report: vakt_record::ExerciseReport =
            serde_json::from_slice(&embedded).expect("report JSON");
        assert_eq!(report.playbook.id, "dr-database-point-in-time-restore");
        assert_eq!(report.playbook.version, "2026.2");
        let crm = report
            .recovery
            .iter()
            .find(|r| r.service == "svc-crm-web")
            .expect("measured");
        let rto = crm.rto.as_ref().expect("rto");
        assert_eq!(rto.achieved_minutes, Some(100.0));
        assert_eq!(rto.target_minutes, Some(240.0));
        assert_eq!(rto.verdict, vakt_record::FigureVerdict::Met);
        let rpo = crm.rpo.as_ref().expect("rpo");
        assert_eq!(rpo.achieved_minutes, Some(0.0));
        assert_eq!(crm.caused_by.as_deref(), Some("store-crm-db"));
        let mobile = report
            .recovery
            .iter()
            .find(|r| r.service == "svc-mobile-api")
            .expect("measured");
        assert_eq!(
            mobile.rpo.as_ref().expect("rpo").verdict,
            vakt_record::FigureVerdict::NotMeasured,
            "not asked: no made-up target of 0"
        );
        // The scenario's criteria, as judged: the first met with what showed it, the second
        // not judged (so not met); then the measured targets.
        let judged = &report.success_criteria[0];
        assert!(judged.met);
        assert!(
            judged.text.contains("The point-in-time tier lost nothing."),
            "{}",
            judged.text
        );
        let unjudged = &report.success_criteria[1];
        assert!(!unjudged.met);
        assert!(
            unjudged.text.contains(match language {
                RecordLanguage::En => "not judged",
                RecordLanguage::Nl => "niet beoordeeld",
            }),
            "{}",
            unjudged.text
        );
        assert!(
            report.success_criteria.len() > 2,
            "and the measured targets"
        );
        assert_eq!(report.injections.len(), 1);
        assert_eq!(report.findings.len(), 1);
        assert_eq!(report.corrective_actions.len(), 1);
        // The action's state and the finding's grade in the report's language.
        assert_eq!(
            report.corrective_actions[0].status,
            match language {
                RecordLanguage::En => "verified",
                RecordLanguage::Nl => "geverifieerd",
            }
        );
        assert_eq!(
            report.findings[0].severity,
            match language {
                RecordLanguage::En => "major",
                RecordLanguage::Nl => "ernstig",
            }
        );
        assert_eq!(report.trend.len(), 2, "a series per service with an RTO");
        let nl = language == RecordLanguage::Nl;
        assert_eq!(
            report.objectives[0].starts_with("Aantonen"),
            nl,
            "the scenario's text in the report's language"
        );
        if let Ok(dir) = std::env::var("VAKT_DRILL_REPORT_DIR") {
            std::fs::copy(&path, std::path::Path::new(&dir).join(file)).expect("copy");
        }
    }
}

#[test]
fn an_injection_on_cue_waits_for_the_controller() {
    let data = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(FixedClock::at(t("2026-11-26T08:00:00Z")));
    let s = session(data.path(), clock.clone());
    let view = s
        .call(DrillStartRequest {
            scenario: "drill-azure-region-loss".into(),
            title: None,
        })
        .expect("start");
    assert_eq!(view.schedule[1].status, InjectionStatus::AwaitingCue);
    let archive = &view.services[0];
    assert_eq!(archive.down_at, None, "one region lost: redundancy holds");
    assert!(archive.degraded_at.is_some());
    clock.advance(Duration::minutes(30));
    let view = s
        .call(DrillInjectRequest {
            run: view.run.clone(),
            injection: "northeurope-down".into(),
        })
        .expect("cue");
    assert_eq!(view.schedule[1].status, InjectionStatus::Injected);
    let archive = &view.services[0];
    assert_eq!(archive.down_at.as_deref(), Some("2026-11-26T08:30:00Z"));
    assert_eq!(
        archive.caused_by.as_deref(),
        Some("azure-archive-northeurope")
    );
}
