//! A real run driven through the engine with a fixed clock becomes a record whose fields match
//! the run, and a signed record's checkpoint verifies against the journal it came from.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;
use vakt_api::json::RecordLanguage;
use vakt_api::ops::{
    GenerateIdentityRequest, ProduceRecordRequest, RecordableRunsRequest, SigningIdentityRequest,
    VerifyRecordRequest,
};
use vakt_api::records::NOT_RECORDED;
use vakt_api::{LaunchOptions, Session, Sources, Vakt};
use vakt_run::{Action, Actor, Mode};
use vakt_signature::{Identity, KeyAlgorithm, SignOptions, VerifyOptions, sign_pdf, verify_pdf};
use vakt_sources::{FixedClock, SequentialIds};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

struct Drive {
    vakt: Vakt,
    clock: Arc<FixedClock>,
    _data: tempfile::TempDir,
}

fn open(start: &str) -> Drive {
    let data = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(FixedClock::at(t(start)));
    let options = LaunchOptions {
        data_dir: Some(data.path().into()),
        ..Default::default()
    };
    let sources = Sources {
        clock: clock.clone(),
        ids: Arc::new(SequentialIds::new()),
        keys: Sources::os_keys(),
        machine: Arc::new(vakt_sources::FixedMachine::new("kari", "laptop-7")),
    };
    let vakt = Vakt::open(&options, sources).expect("open");
    Drive {
        vakt,
        clock,
        _data: data,
    }
}

fn person(name: &str) -> Actor {
    Actor {
        actor: name.into(),
        role: None,
        host: "laptop-1".into(),
        ..Actor::default()
    }
}

impl Drive {
    fn start(&mut self, playbook: &str, mode: Mode, title: &str, who: &Actor) -> Uuid {
        let loaded = self.vakt.definitions(None).expect("workspace");
        let pb = loaded.playbook(playbook).expect("playbook").clone();
        let roles = loaded
            .workspace
            .as_ref()
            .expect("workspace")
            .roles
            .iter()
            .map(|r| r.id.clone())
            .collect();
        self.vakt
            .run_engine()
            .start(who, &pb, roles, mode, title)
            .expect("start")
            .id
    }

    fn act(&mut self, run: Uuid, who: &Actor, minutes: i64, action: Action) {
        self.clock.advance(Duration::minutes(minutes));
        self.vakt
            .run_engine()
            .act(run, who, action)
            .unwrap_or_else(|e| panic!("action refused: {e}"));
    }

    /// Starts `step`, then after `minutes` completes it.
    fn step(&mut self, run: Uuid, who: &Actor, step: &str, minutes: i64) {
        self.act(run, who, 1, Action::StartStep { step: step.into() });
        self.act(
            run,
            who,
            minutes,
            Action::CompleteStep { step: step.into() },
        );
    }

    fn decide(&mut self, run: Uuid, who: &Actor, step: &str, option: &str, why: &str) {
        self.act(run, who, 1, Action::StartStep { step: step.into() });
        self.act(
            run,
            who,
            10,
            Action::Decide {
                step: step.into(),
                option: option.into(),
                rationale: why.into(),
            },
        );
    }

    fn note(&mut self, run: Uuid, who: &Actor, step: &str, text: &str) {
        self.act(
            run,
            who,
            1,
            Action::Note {
                step: Some(step.into()),
                text: text.into(),
            },
        );
    }

    fn now(&self) -> DateTime<Utc> {
        use vakt_sources::Clock as _;
        self.clock.now()
    }
}

/// Drives the incident procedure from report to sign-off; returns the run and the evidence file.
fn incident_run(d: &mut Drive, evidence: &Path) -> Uuid {
    let kari = person("Kari Nordmann");
    let ola = person("Ola Hansen");
    let ingrid = person("Ingrid Berg");
    let run = d.start(
        "incident-procedure",
        Mode::Incident,
        "Phishing at the login page",
        &kari,
    );
    d.note(
        run,
        &kari,
        "report-event",
        "Customer reported a fake login page.",
    );
    d.step(run, &kari, "report-event", 10);
    d.act(
        run,
        &ola,
        1,
        Action::AssignRole {
            role: "incident-manager".into(),
            person: ola.actor.clone(),
        },
    );
    d.act(
        run,
        &ola,
        1,
        Action::AssignRole {
            role: "dpo".into(),
            person: ingrid.actor.clone(),
        },
    );
    d.step(run, &ola, "assign-roles", 5);
    d.decide(
        run,
        &ola,
        "triage",
        "incident",
        "Credentials of customers were entered.",
    );
    d.decide(
        run,
        &ola,
        "classify-severity",
        "sev2",
        "Few customers affected.",
    );
    d.decide(
        run,
        &ingrid,
        "personal-data",
        "breach",
        "Names and e-mail addresses exposed.",
    );
    d.note(
        run,
        &ingrid,
        "record-awareness",
        "About 40 data subjects at 3 customers.",
    );
    d.step(run, &ingrid, "record-awareness", 30);
    d.step(run, &kari, "notify-customers", 60);
    d.decide(
        run,
        &ingrid,
        "art33-decision",
        "notify",
        "Risk cannot be ruled out.",
    );
    d.step(run, &ingrid, "notify-authority", 45);
    d.decide(
        run,
        &ingrid,
        "art34-decision",
        "no-high-risk",
        "Passwords were reset at once.",
    );
    std::fs::write(evidence, b"blocked 203.0.113.7 at both firewalls").expect("write evidence");
    d.clock.advance(Duration::minutes(2));
    d.vakt
        .run_engine()
        .attach(run, &kari, evidence, Some("contain".into()), "firewall log")
        .expect("attach");
    d.step(run, &kari, "contain", 90);
    d.step(run, &kari, "eradicate", 120);
    d.step(run, &kari, "recover", 60);
    d.decide(
        run,
        &ola,
        "verify-recovery",
        "recovered",
        "Monitoring is green.",
    );
    d.note(
        run,
        &kari,
        "root-cause",
        "No second factor on the admin login.",
    );
    d.step(run, &kari, "root-cause", 60);
    d.note(
        run,
        &ola,
        "corrective-actions",
        "Require a second factor for admins; owner: Kari Nordmann; due: 2026-12-15",
    );
    d.step(run, &ola, "corrective-actions", 30);
    d.note(
        run,
        &ola,
        "lessons-learned",
        "Customers spotted it before monitoring did.",
    );
    d.step(run, &ola, "lessons-learned", 60);
    d.step(run, &kari, "final-report", 20);
    d.act(
        run,
        &ola,
        5,
        Action::Close {
            statement: "Record complete and correct.".into(),
        },
    );
    run
}

#[test]
fn incident_run_becomes_a_record_whose_fields_match() {
    let mut d = open("2026-11-26T08:00:00Z");
    let dir = tempfile::tempdir().expect("tempdir");
    let run = incident_run(&mut d, &dir.path().join("firewall.log"));
    let state = d.vakt.run_engine().state(run).expect("state");
    let r = d.vakt.incident_record(run).expect("record");

    assert_eq!(r.identity.organisation, "Demo CRM Online AS");
    assert!(r.identity.title.contains("Phishing at the login page"));
    assert!(r.summary.contains("fake login page"));
    // Times come from the recorded moments.
    assert_eq!(
        r.times.occurrence, None,
        "the procedure has no occurrence moment"
    );
    assert_eq!(r.times.report, Some(t("2026-11-26T08:00:00Z")));
    assert_eq!(r.times.detection, state.moments.get("detection").copied());
    assert_eq!(
        r.times.detection,
        state.step("report-event").and_then(|s| s.finished)
    );
    assert_eq!(r.times.awareness, state.moments.get("awareness").copied());
    assert!(r.times.awareness.is_some());
    assert_eq!(r.times.containment, state.moments.get("contained").copied());
    assert_eq!(r.times.recovery, state.moments.get("recovered").copied());
    assert_eq!(r.times.closure, state.closed.as_ref().map(|c| c.at));
    assert!(r.times.detection < r.times.awareness && r.times.awareness < r.times.closure);
    // The event-or-incident decision, with who and why.
    assert!(r.classification.is_incident);
    assert_eq!(r.classification.decided_by, "Ola Hansen");
    assert_eq!(
        r.classification.rationale,
        "Credentials of customers were entered."
    );
    assert_eq!(
        r.classification.criteria.iter().filter(|c| c.met).count(),
        1
    );
    assert!(r.classification.severity.contains("Severity 2"));
    // Personal data and GDPR notifications.
    assert!(r.personal_data.involved);
    assert!(
        r.personal_data
            .assessment
            .contains("About 40 data subjects")
    );
    let art33 = &r.notifications[0];
    assert!(art33.required);
    assert_eq!(art33.decided_by, "Ingrid Berg");
    assert_eq!(
        art33.deadline,
        r.times.awareness.map(|a| a + Duration::hours(72))
    );
    assert_eq!(
        art33.notified_at,
        state.moments.get("authority-notified").copied()
    );
    assert!(!r.notifications[1].required, "Art. 34: no high risk");
    // Roles, the full action log, evidence.
    assert!(
        r.roles
            .iter()
            .any(|a| a.role == "dpo" && a.person == "Ingrid Berg")
    );
    assert_eq!(r.actions.len() as u64, state.event_count);
    assert!(
        r.actions
            .iter()
            .any(|a| a.action.contains("decision at Event or incident?"))
    );
    assert_eq!(r.evidence.len(), 1);
    assert_eq!(
        r.evidence[0].sha256,
        vakt_playbook::sha256_hex(b"blocked 203.0.113.7 at both firewalls")
    );
    assert_eq!(r.evidence[0].collected_by, "Kari Nordmann");
    // Lessons, root cause, corrective actions, sign-off.
    assert_eq!(r.root_cause, "No second factor on the admin login.");
    assert_eq!(
        r.lessons,
        vec!["Customers spotted it before monitoring did.".to_string()]
    );
    assert_eq!(r.corrective_actions[0].owner, "Kari Nordmann");
    assert_eq!(r.corrective_actions[0].due.to_string(), "2026-12-15");
    assert_eq!(r.sign_off[0].name, "Ola Hansen");
    assert_eq!(r.sign_off[0].at, state.closed.as_ref().map(|c| c.at));
    assert!(r.communications.iter().all(|c| c.channel == NOT_RECORDED));
    assert!(
        r.affected
            .iter()
            .any(|a| a.node == "svc-crm-web" && a.name == "CRM web application")
    );
    // The checkpoint is the journal's at this moment.
    let v = d.vakt.journal_verify(None).expect("verify");
    assert_eq!(r.checkpoint.count, v.count);
    assert_eq!(r.checkpoint.head_hash, v.head_hash);
}

#[test]
fn a_drill_is_refused_as_incident_and_an_incident_as_exercise() {
    let mut d = open("2026-11-26T08:00:00Z");
    let kari = person("Kari");
    let run = d.start("dr-datacenter-failover", Mode::Drill, "Drill", &kari);
    assert!(d.vakt.incident_record(run).is_err());
    assert!(d.vakt.exercise_report(run).is_ok());
}

#[test]
fn drill_becomes_an_exercise_report_with_planned_against_actual() {
    let mut d = open("2026-03-14T09:00:00Z");
    let kari = person("Kari");
    let ola = person("Ola");
    let run = d.start(
        "dr-datacenter-failover",
        Mode::Drill,
        "Stavanger lost",
        &ola,
    );
    d.act(
        run,
        &ola,
        1,
        Action::AssignRole {
            role: "incident-manager".into(),
            person: "Ola".into(),
        },
    );
    d.step(run, &kari, "confirm-site-loss", 25);
    d.decide(
        run,
        &ola,
        "decide-failover",
        "failover",
        "No repair estimate.",
    );
    d.act(
        run,
        &kari,
        1,
        Action::SkipStep {
            step: "announce-outage".into(),
            reason: "status page is part of the drill scope only on paper".into(),
        },
    );
    d.step(run, &kari, "promote-database", 20);
    d.note(
        run,
        &kari,
        "switch-traffic",
        "DNS TTL was 1 hour, not 5 minutes.",
    );
    d.step(run, &kari, "switch-traffic", 50);
    d.step(run, &kari, "verify-services", 15);
    d.step(run, &kari, "plan-failback", 30);
    d.act(
        run,
        &ola,
        2,
        Action::Close {
            statement: "Drill done.".into(),
        },
    );
    let state = d.vakt.run_engine().state(run).expect("state");
    let r = d.vakt.exercise_report(run).expect("report");
    assert_eq!(r.playbook.id, "dr-datacenter-failover");
    assert_eq!(r.playbook.sha256, state.playbook_sha256);
    assert_eq!(r.started_at, t("2026-03-14T09:00:00Z"));
    assert_eq!(r.ended_at, state.closed.as_ref().expect("closed").at);
    let step = |id: &str| r.steps.iter().find(|s| s.step == id).expect("step");
    assert_eq!(step("confirm-site-loss").planned_minutes, 20.0);
    assert_eq!(step("confirm-site-loss").actual_minutes, Some(25.0));
    assert_eq!(step("switch-traffic").actual_minutes, Some(50.0));
    assert!(step("switch-traffic").note.contains("DNS TTL"));
    assert_eq!(step("announce-outage").actual_minutes, None);
    assert!(
        r.steps.iter().all(|s| s.step != "watch-repair"),
        "not visited"
    );
    // A drill still open: the step it stands on (never started) has no timing row.
    let mut open_drill = open("2026-03-15T09:00:00Z");
    let run2 = open_drill.start("dr-datacenter-failover", Mode::Drill, "Open drill", &kari);
    open_drill.step(run2, &kari, "confirm-site-loss", 10);
    let r2 = open_drill.vakt.exercise_report(run2).expect("report");
    let ids: Vec<&str> = r2.steps.iter().map(|s| s.step.as_str()).collect();
    assert_eq!(ids, vec!["confirm-site-loss"]);
    assert!(r.deviations.iter().any(|d| d.contains("skipped")));
    assert!(
        r.deviations
            .iter()
            .any(|d| d.contains("took 50 min against 30 min"))
    );
    // Achieved RTO: outage declared (end of confirm-site-loss) to service restored.
    let outage = state.moments["outage-declared"];
    let restored = state.moments["service-restored"];
    let web = r
        .recovery
        .iter()
        .find(|s| s.service == "svc-crm-web")
        .expect("svc-crm-web has an RTO");
    assert_eq!(web.rto_target_minutes, 240.0);
    assert_eq!(
        web.rto_achieved_minutes,
        Some((restored - outage).num_seconds() as f64 / 60.0)
    );
    assert_eq!(web.rpo_achieved_minutes, None, "no source in the run");
    assert!(r.success_criteria[0].met, "back within 4 hours");
    assert_eq!(r.findings.len(), 1);
    assert!(r.participants.iter().any(|p| p.name == "Kari"));
    assert!(
        r.participants
            .iter()
            .any(|p| p.name == "Ola" && p.role == "incident-manager")
    );
}

fn sign(d: &Drive, pdf: &[u8], identity: &Identity) -> Vec<u8> {
    let options = SignOptions {
        signed_at: d.now(),
        reason: "Incident record".into(),
        location: "Oslo".into(),
        name: None,
        widget: None,
    };
    sign_pdf(pdf, identity, &options).expect("sign")
}

#[test]
fn signed_record_verifies_against_its_journal_as_a_prefix_and_not_against_another() {
    let mut d = open("2026-11-26T08:00:00Z");
    let dir = tempfile::tempdir().expect("tempdir");
    let run = incident_run(&mut d, &dir.path().join("firewall.log"));
    let record = d.vakt.incident_record(run).expect("record");
    let pdf = vakt_record::render_incident(&record, &Default::default()).expect("render");
    let identity = Identity::generate(
        "Demo CRM Online AS",
        KeyAlgorithm::P256,
        d.now() - Duration::days(1),
        &mut rand_core::OsRng,
    )
    .expect("identity");
    let signed = sign(&d, &pdf.pdf, &identity);
    let check = |vakt: &Vakt| {
        let journal = vakt.journal_at_hand();
        verify_pdf(
            &signed,
            &VerifyOptions {
                trust: vec![identity.certificate().clone()],
                journal: Some(&journal),
            },
        )
        .expect("verify")
    };
    let v = check(&d.vakt);
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(
        v.checkpoint.as_ref().and_then(|c| c.matches_journal),
        Some(true)
    );

    // More events later: the checkpoint is a prefix and still matches.
    let kari = person("Kari");
    d.start("dr-datacenter-failover", Mode::Drill, "Later drill", &kari);
    let v = check(&d.vakt);
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(
        v.checkpoint.as_ref().and_then(|c| c.matches_journal),
        Some(true)
    );

    // Another journal (same actions, other IDs and times) does not match.
    let mut other = open("2026-11-27T08:00:00Z");
    let _ = incident_run(&mut other, &dir.path().join("firewall2.log"));
    other.start("dr-datacenter-failover", Mode::Drill, "x", &kari);
    let v = check(&other.vakt);
    assert!(!v.ok);
    assert_eq!(
        v.checkpoint.as_ref().and_then(|c| c.matches_journal),
        Some(false)
    );

    // A journal shorter than the checkpoint does not match either.
    let short = open("2026-11-26T08:00:00Z");
    let v = check(&short.vakt);
    assert_eq!(
        v.checkpoint.as_ref().and_then(|c| c.matches_journal),
        Some(false)
    );
}

#[test]
fn records_screen_operations_produce_sign_save_and_verify() {
    let mut d = open("2026-11-26T08:00:00Z");
    let dir = tempfile::tempdir().expect("tempdir");
    let run = incident_run(&mut d, &dir.path().join("firewall.log"));
    let d = Session::new(d.vakt);
    let produce = |language: RecordLanguage, passphrase: &str, out: &Path| {
        d.call(ProduceRecordRequest {
            run: run.to_string(),
            language,
            passphrase: Some(passphrase.into()),
            path: out.display().to_string(),
            kind: None,
            reason: None,
            location: None,
        })
    };
    let verify = |path: &Path| {
        d.call(VerifyRecordRequest {
            path: path.display().to_string(),
            trust: None,
            also_trust: None,
        })
    };
    let generate = |passphrase: &str, again: &str| {
        d.call(GenerateIdentityRequest {
            passphrase: passphrase.into(),
            again: again.into(),
            replace: false,
            organisation: None,
            algorithm: None,
        })
    };
    let runs = d.call(RecordableRunsRequest {}).expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].kind, vakt_api::json::RecordKind::Incident);
    assert!(runs[0].closed);

    let out = dir.path().join("incident.pdf");
    let none = produce(RecordLanguage::En, "pw", &out);
    assert!(none.is_err(), "no identity yet");
    assert!(!d.call(SigningIdentityRequest {}).expect("identity").exists);

    let differ = generate("geheim", "geheim2");
    assert!(
        differ
            .expect_err("passphrases differ")
            .message
            .contains("differ")
    );
    let id = generate("geheim", "geheim").expect("generate");
    assert!(id.exists);
    assert!(
        id.subject
            .as_deref()
            .unwrap_or("")
            .contains("Demo CRM Online AS")
    );
    assert_eq!(id.fingerprint.as_deref().map(str::len), Some(64));

    let wrong = produce(RecordLanguage::Nl, "fout", &out).expect_err("wrong passphrase");
    assert_eq!(wrong.code, vakt_api::ErrorCode::WrongPassphrase);
    assert!(!out.exists(), "nothing written");

    let produced = produce(RecordLanguage::Nl, "geheim", &out).expect("produce");
    assert!(produced.reference.starts_with("INC-2026-"));
    assert!(produced.pages >= 2);
    let verdict = verify(&out).expect("verify");
    assert!(verdict.valid, "{:?}", verdict.problems);
    assert!(verdict.summary.starts_with("Valid"), "{}", verdict.summary);
    assert_eq!(verdict.checkpoint_matches_journal, Some(true));
    assert_eq!(verdict.signatures[0].trusted, Some(true));

    // A copy with one byte flipped inside the signed range is broken, and says why.
    let mut bytes = std::fs::read(&out).expect("read");
    let at = bytes.len() / 3;
    bytes[at] ^= 0x01;
    let tampered = dir.path().join("tampered.pdf");
    std::fs::write(&tampered, &bytes).expect("write");
    let verdict = verify(&tampered).expect("verify");
    assert!(!verdict.valid);
    assert!(verdict.summary.starts_with("Broken"), "{}", verdict.summary);
    assert!(!verdict.signatures.is_empty() && !verdict.signatures[0].digest_matches);

    // Not a PDF at all: broken, in words.
    let junk = dir.path().join("junk.pdf");
    std::fs::write(&junk, b"hello").expect("write");
    let verdict = verify(&junk).expect("verify");
    assert!(!verdict.valid && verdict.summary.starts_with("Broken"));
}
