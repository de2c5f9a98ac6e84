//! A real run driven through the engine with a fixed clock becomes a record whose fields match
//! the run (tracks, clocks with their final state, moments, metrics, overrides, the register),
//! and a signed record's checkpoint verifies against the journal it came from. The runs follow
//! the small format-2 playbooks in `fixtures/`, in a workspace of their own.

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

/// The organisation key's passphrase in these tests: strong enough for `passphrase::check_new`.
const STRONG: &str = "geheim vuurtoren zeventien kralen";

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

pub(crate) struct Drive {
    pub(crate) vakt: Vakt,
    pub(crate) clock: Arc<FixedClock>,
    pub(crate) _data: tempfile::TempDir,
}

/// A workspace with the fixtures and the demo topology (for node names and RTOs).
fn workspace(dir: &Path) {
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write fixture");
    };
    write("workspace.toml", include_str!("fixtures/workspace.toml"));
    write("incident/breach.toml", include_str!("fixtures/breach.toml"));
    write("dr/failover.toml", include_str!("fixtures/failover.toml"));
    write(
        "topology.toml",
        include_str!("../../../../playbooks/topology.toml"),
    );
}

pub(crate) fn open(start: &str) -> Drive {
    let data = tempfile::tempdir().expect("tempdir");
    let ws = data.path().join("workspace");
    workspace(&ws);
    let clock = Arc::new(FixedClock::at(t(start)));
    let options = LaunchOptions {
        data_dir: Some(data.path().join("data")),
        workspace: Some(ws),
        ..Default::default()
    };
    let sources = Sources {
        clock: clock.clone(),
        ids: Arc::new(SequentialIds::new()),
        keys: Sources::os_keys(),
        machine: Arc::new(vakt_sources::FixedMachine::new("kari", "laptop-1")),
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
        self.act(
            run,
            who,
            1,
            Action::StartStep {
                step: step.into(),
                override_reason: None,
            },
        );
        self.act(
            run,
            who,
            minutes,
            Action::CompleteStep {
                step: step.into(),
                override_reason: None,
            },
        );
    }

    fn decide(&mut self, run: Uuid, who: &Actor, step: &str, option: &str, why: &str) {
        self.act(
            run,
            who,
            10,
            Action::Decide {
                step: step.into(),
                option: option.into(),
                rationale: why.into(),
                override_reason: None,
            },
        );
    }

    fn assign(&mut self, run: Uuid, who: &Actor, role: &str, person: &str) {
        self.act(
            run,
            who,
            1,
            Action::AssignRole {
                role: role.into(),
                person: person.into(),
                person_name: person.into(),
                keys: Vec::new(),
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

/// Drives the small breach procedure as processor only, from report to sign-off over four days
/// (past the 72 hours that do not apply); returns the run.
pub(crate) fn incident_run(d: &mut Drive, evidence: &Path) -> Uuid {
    let kari = person("Kari Nordmann");
    let ola = person("Ola Hansen");
    let ingrid = person("Ingrid Berg");
    let per = person("Per Lund");
    let run = d.start(
        "small-breach",
        Mode::Incident,
        "Phishing at the login page",
        &kari,
    );
    d.assign(run, &kari, "dpo", &ingrid.actor);
    d.assign(run, &kari, "communications", &ola.actor);
    d.assign(run, &kari, "technical-lead", &per.actor);
    d.note(
        run,
        &kari,
        "report-event",
        "Customer reported a fake login page.",
    );
    d.step(run, &kari, "report-event", 10);
    d.act(
        run,
        &kari,
        1,
        Action::RecordMoment {
            moment: "detection".into(),
            at: Some(t("2026-11-26T07:45:00Z")),
            reason: Some("the first customer call came at 07:45".into()),
        },
    );
    d.act(
        run,
        &kari,
        1,
        Action::RecordMoment {
            moment: "occurrence".into(),
            at: Some(t("2026-11-26T06:30:00Z")),
            reason: Some("the phishing mail arrived at 06:30".into()),
        },
    );
    d.decide(
        run,
        &kari,
        "triage",
        "incident",
        "Credentials of customers were entered.",
    );
    d.decide(
        run,
        &ingrid,
        "gdpr-role",
        "processor",
        "Only our customers' CRM data.",
    );
    d.decide(
        run,
        &kari,
        "national-duty",
        "significant",
        "Unauthorised access to a cloud service.",
    );
    std::fs::write(evidence, b"blocked 203.0.113.7 at both firewalls").expect("write evidence");
    d.clock.advance(Duration::minutes(2));
    d.vakt
        .run_engine()
        .attach(run, &kari, evidence, Some("contain".into()), "firewall log")
        .expect("attach");
    // Per, the technical lead, cannot be reached: Kari contains, saying why.
    d.act(
        run,
        &kari,
        30,
        Action::CompleteStep {
            step: "contain".into(),
            override_reason: Some("Per is on a plane; the block could not wait".into()),
        },
    );
    for customer in ["Acme AS", "Beta BV"] {
        d.act(
            run,
            &ola,
            1,
            Action::AffectedCustomer {
                customer: customer.into(),
            },
        );
    }
    for customer in ["Acme AS", "Beta BV"] {
        d.act(
            run,
            &ola,
            20,
            Action::SendNotification {
                notification: "customer-early-notice".into(),
                customer: Some(customer.into()),
                channel: "e-mail".into(),
                at: None,
                reason: None,
            },
        );
    }
    d.act(
        run,
        &ola,
        30,
        Action::AcknowledgeNotification {
            notification: "customer-early-notice".into(),
            customer: Some("Acme AS".into()),
            at: None,
            note: Some("ticket ACME-7".into()),
        },
    );
    d.step(run, &ola, "notify-customers", 10);
    d.step(run, &per, "recover", 120);
    // NSM is told 30 hours after the incident became significant: 6 hours late.
    d.clock.advance(Duration::hours(30));
    d.act(
        run,
        &kari,
        0,
        Action::SendNotification {
            notification: "nsm".into(),
            customer: None,
            channel: "NSM portal".into(),
            at: None,
            reason: None,
        },
    );
    d.step(run, &kari, "report-nsm", 10);
    d.note(
        run,
        &kari,
        "lessons-learned",
        "Customers spotted it before monitoring did.",
    );
    d.step(run, &kari, "lessons-learned", 60);
    // Four days after awareness: the 72 hours passed, and they do not apply.
    d.clock.advance(Duration::days(3));
    d.act(
        run,
        &kari,
        5,
        Action::Close {
            statement: "Record complete and correct.".into(),
        },
    );
    run
}

#[test]
fn incident_run_becomes_a_record_of_tracks_clocks_metrics_and_overrides() {
    use vakt_record::{ClockOutcome, StepOutcome};
    let mut d = open("2026-11-26T08:00:00Z");
    let dir = tempfile::tempdir().expect("tempdir");
    let run = incident_run(&mut d, &dir.path().join("firewall.log"));
    let state = d.vakt.run_engine().state(run).expect("state");
    let r = d.vakt.incident_record(run).expect("record");

    assert_eq!(r.identity.organisation, "Demo CRM Online AS");
    assert!(r.identity.title.contains("Phishing at the login page"));
    assert!(r.summary.contains("fake login page"));

    // Tracks in the playbook's order, each step with who did it; loose steps last.
    let tracks: Vec<Option<&str>> = r.tracks.iter().map(|t| t.id.as_deref()).collect();
    assert_eq!(
        tracks,
        [Some("assess"), Some("contain"), Some("notify"), None]
    );
    let step = |id: &str| {
        r.tracks
            .iter()
            .flat_map(|t| &t.steps)
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("step {id}"))
    };
    let contain = step("contain");
    assert_eq!(contain.outcome, StepOutcome::Done);
    let by = contain.by.as_ref().expect("who contained");
    assert_eq!(
        (by.name.as_str(), by.host.as_str()),
        ("Kari Nordmann", "laptop-1")
    );
    assert_eq!(
        contain.override_reason.as_deref(),
        Some("Per is on a plane; the block could not wait")
    );
    assert_eq!(
        step("recover").by.as_ref().map(|w| w.name.as_str()),
        Some("Per Lund")
    );
    assert_eq!(step("recover").override_reason, None);
    assert!(matches!(
        &step("gdpr-role").outcome,
        StepOutcome::Decided { option, .. } if option == "processor"
    ));
    match &step("notify-authority").outcome {
        StepOutcome::NotApplicable { by } => assert_eq!(by.step, "gdpr-role"),
        other => panic!("notify-authority is {other:?}"),
    }

    // Every clock with its final state.
    let clock = |id: &str| {
        &r.clocks
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("clock {id}"))
            .outcome
    };
    assert!(
        matches!(clock("customers-24h"), ClockOutcome::Met { margin_seconds, .. } if *margin_seconds > 0)
    );
    match clock("gdpr-art33-72h") {
        ClockOutcome::NotApplicable { by } => {
            assert_eq!(by.step, "gdpr-role");
            assert_eq!(by.option.as_deref(), Some("processor"));
            assert_eq!(
                by.option_title.as_deref(),
                Some("Only customers' data: we are processor")
            );
        }
        other => panic!("the 72 hours are {other:?}"),
    }
    assert!(matches!(
        clock("nsm-24h"),
        ClockOutcome::Missed { by_seconds, still_open: false, .. } if *by_seconds > 5 * 3600
    ));
    assert!(matches!(clock("lessons-14d"), ClockOutcome::Stopped { .. }));

    // Moments with claimed and recorded times, the reason when claimed earlier.
    let detection = r
        .moments
        .iter()
        .find(|m| m.id == "detection")
        .expect("detection");
    assert_eq!(detection.claimed_at, Some(t("2026-11-26T07:45:00Z")));
    assert!(detection.recorded_at > detection.claimed_at);
    assert_eq!(
        detection.reason.as_deref(),
        Some("the first customer call came at 07:45")
    );
    let eradication = r
        .moments
        .iter()
        .find(|m| m.id == "eradication")
        .expect("listed");
    assert_eq!(eradication.claimed_at, None, "never recorded");

    // Metrics: measured between the claimed moments, "not measured" when one is missing.
    let metric = |id: &str| {
        r.metrics
            .iter()
            .find(|m| m.id == id)
            .expect("metric")
            .seconds
    };
    assert_eq!(metric("to_detect"), Some(75 * 60));
    assert_eq!(
        metric("to_contain"),
        state.metrics().to_contain,
        "the engine's figure"
    );
    assert!(metric("to_contain").is_some_and(|s| s > 0));
    assert_eq!(
        metric("to_eradicate"),
        None,
        "no eradication moment: not zero"
    );
    assert_eq!(metric("to_close"), state.metrics().to_close);

    // Overrides, decisions and the register with the early notices to customers.
    assert_eq!(r.overrides.len(), 1);
    let o = &r.overrides[0];
    assert_eq!(
        (o.step.as_str(), o.by.as_str()),
        ("contain", "Kari Nordmann")
    );
    assert_eq!(o.holder.as_deref(), Some("Per Lund"));
    assert_eq!(o.role, "technical-lead");
    assert_eq!(r.decisions.len(), 3);
    assert_eq!(r.decisions[1].by.name, "Ingrid Berg");
    let customers: Vec<_> = r.register.iter().filter(|e| e.to_customer).collect();
    assert_eq!(customers.len(), 2);
    assert!(customers.iter().all(|e| e.sent.is_some()));
    assert_eq!(
        customers[0]
            .acknowledged
            .as_ref()
            .and_then(|a| a.note.as_deref()),
        Some("ticket ACME-7")
    );
    let authority = r
        .register
        .iter()
        .find(|e| e.notification == "authority")
        .expect("authority");
    assert_eq!(authority.recipient, "Datatilsynet");
    assert!(authority.sent.is_none());
    assert_eq!(
        authority.not_applicable.as_ref().map(|b| b.step.as_str()),
        Some("gdpr-role")
    );
    let nsm = r
        .register
        .iter()
        .find(|e| e.notification == "nsm")
        .expect("nsm");
    assert_eq!(
        nsm.sent.as_ref().map(|s| s.channel.as_str()),
        Some("NSM portal")
    );
    assert!(r.concurrent.is_empty());

    // The rest of the record.
    assert_eq!(r.actions.len() as u64, state.event_count);
    assert_eq!(r.evidence.len(), 1);
    assert_eq!(
        r.evidence[0].sha256,
        vakt_playbook::sha256_hex(b"blocked 203.0.113.7 at both firewalls")
    );
    assert_eq!(r.evidence[0].collected_by, "Kari Nordmann");
    assert!(r.classification.is_incident);
    assert_eq!(r.classification.decided_by, "Kari Nordmann");
    assert_eq!(
        r.lessons,
        vec!["Customers spotted it before monitoring did.".to_string()]
    );
    assert_eq!(r.root_cause, NOT_RECORDED);
    assert_eq!(r.sign_off[0].name, "Kari Nordmann");
    assert_eq!(r.sign_off[0].at, state.closed.as_ref().map(|c| c.at));
    assert!(
        r.affected
            .iter()
            .any(|a| a.node == "svc-crm-web" && a.name == "CRM web application")
    );
    let v = d.vakt.journal_verify(None).expect("verify");
    assert_eq!(r.checkpoint.count, v.count);
    assert_eq!(r.checkpoint.head_hash, v.head_hash);
}

#[test]
fn the_printed_record_says_why_a_clock_does_not_apply_and_never_overdue() {
    let mut d = open("2026-11-26T08:00:00Z");
    let dir = tempfile::tempdir().expect("tempdir");
    let run = incident_run(&mut d, &dir.path().join("firewall.log"));
    for (language, says, question) in [
        (
            vakt_record::Language::En,
            "not applicable: by the decision “Processor or controller?” → Only customers' data: we are processor",
            "Override",
        ),
        (
            vakt_record::Language::Nl,
            "niet van toepassing: door het besluit “Verwerker of verwerkingsverantwoordelijke?” → Alleen gegevens van klanten: we zijn verwerker",
            "buiten rol",
        ),
    ] {
        let r = d.vakt.incident_record_in(run, language).expect("record");
        let options = vakt_record::RenderOptions {
            language,
            ..Default::default()
        };
        let pdf = vakt_record::render_incident(&r, &options).expect("render");
        let text = pdf_text(&pdf.pdf);
        assert!(text.contains(says), "{language:?}: {text}");
        assert!(
            text.to_lowercase().contains(&question.to_lowercase()),
            "{language:?}: the override"
        );
        assert!(!text.to_lowercase().contains("overdue") && !text.contains("verlopen"));
        // The embedded JSON is the record, clocks and all.
        let (embedded, sha256) = vakt_record::embedded_record(&pdf.pdf).expect("embedded");
        assert_eq!(sha256, vakt_playbook::sha256_hex(&embedded));
        let back: vakt_record::IncidentRecord =
            serde_json::from_slice(&embedded).expect("record JSON");
        assert_eq!(back, r);
        let json: serde_json::Value = serde_json::from_slice(&embedded).expect("JSON");
        let clock = json["clocks"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["id"] == "gdpr-art33-72h"))
            .expect("the 72-hour clock");
        assert_eq!(clock["outcome"]["state"], "not_applicable");
        assert_eq!(clock["outcome"]["by"]["option"], "processor");
        let metric = json["metrics"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["id"] == "to_eradicate"))
            .expect("to_eradicate");
        assert!(metric["seconds"].is_null(), "not measured, never zero");
    }
}

/// The text of a PDF as `pdftotext` reads it (the layout engine's own words, wrapped lines
/// joined with spaces).
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/test");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_drill_is_refused_as_incident_and_an_incident_as_exercise() {
    let mut d = open("2026-11-26T08:00:00Z");
    let kari = person("Kari");
    let run = d.start("small-failover", Mode::Drill, "Drill", &kari);
    assert!(d.vakt.incident_record(run).is_err());
    assert!(d.vakt.exercise_report(run).is_ok());
}

#[test]
fn drill_becomes_an_exercise_report_with_planned_against_actual() {
    let mut d = open("2026-03-14T09:00:00Z");
    let kari = person("Kari");
    let ola = person("Ola");
    let run = d.start("small-failover", Mode::Drill, "Stavanger lost", &ola);
    for role in ["technical-lead", "responder", "communications"] {
        d.assign(run, &ola, role, "Kari");
    }
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
            override_reason: None,
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
    assert_eq!(r.playbook.id, "small-failover");
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
    let run2 = open_drill.start("small-failover", Mode::Drill, "Open drill", &kari);
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
    // A drill-mode run started without a scenario measured nothing: no RTO from a playbook
    // clock, no RPO defaulting to 0, no notes passed off as findings (issue 13).
    assert!(r.recovery.is_empty(), "{:?}", r.recovery);
    assert!(r.success_criteria.is_empty());
    assert!(r.findings.is_empty());
    assert!(r.objectives[0].starts_with("Not recorded"));
    assert!(r.scenario_ref.is_none());
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
    d.start("small-failover", Mode::Drill, "Later drill", &kari);
    let v = check(&d.vakt);
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(
        v.checkpoint.as_ref().and_then(|c| c.matches_journal),
        Some(true)
    );

    // Another journal (same actions, other IDs and times) does not match.
    let mut other = open("2026-11-27T08:00:00Z");
    let _ = incident_run(&mut other, &dir.path().join("firewall2.log"));
    other.start("small-failover", Mode::Drill, "x", &kari);
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

    let differ = generate(STRONG, "geheim2");
    assert!(
        differ
            .expect_err("passphrases differ")
            .message
            .contains("differ")
    );
    // The organisation's key gets a passphrase strong enough, like every new passphrase.
    for weak in ["password1", "Demo CRM Online AS"] {
        let e = generate(weak, weak).expect_err("weak");
        assert_eq!(e.code, vakt_api::ErrorCode::WeakPassphrase, "{weak}: {e}");
        assert!(e.message.contains("too easy to guess"), "{e}");
    }
    assert!(!d.call(SigningIdentityRequest {}).expect("identity").exists);
    let id = generate(STRONG, STRONG).expect("generate");
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

    let produced = produce(RecordLanguage::Nl, STRONG, &out).expect("produce");
    assert!(produced.reference.starts_with("INC-2026-"));
    assert!(produced.pages >= 2);
    let verdict = verify(&out).expect("verify");
    assert!(verdict.valid, "{:?}", verdict.problems);
    assert!(verdict.summary.starts_with("VALID"), "{}", verdict.summary);
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
    assert!(verdict.summary.starts_with("BROKEN"), "{}", verdict.summary);
    assert!(!verdict.signatures.is_empty() && !verdict.signatures[0].digest_matches);

    // Not a PDF at all: broken, in words.
    let junk = dir.path().join("junk.pdf");
    std::fs::write(&junk, b"hello").expect("write");
    let verdict = verify(&junk).expect("verify");
    assert!(!verdict.valid && verdict.summary.starts_with("BROKEN"));
}
