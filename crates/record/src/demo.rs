//! Demo instances of both record kinds, modelled on the demo workspace (a SaaS CRM vendor hosted
//! in two Norwegian datacenters, archive on Azure in two EU regions). Fixed values, so a demo
//! record is the same file every time; `actions` can be stretched to test pagination.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use crate::model::*;

fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, h, m, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn hash(seed: &str) -> String {
    vakt_stdx::sha256_hex(seed.as_bytes())
}

fn who(name: &str, role: &str, host: &str) -> Who {
    Who {
        name: name.into(),
        role: Some(role.into()),
        host: host.into(),
    }
}

const SANDER: (&str, &str, &str) = ("Sander de Vries", "incident-manager", "im-laptop-07");
const INGRID: (&str, &str, &str) = ("Ingrid Sæther", "technical-lead", "ops-ws-12");
const KARE: (&str, &str, &str) = ("Kåre Østby", "responder", "ops-ws-03");
const SOFIE: (&str, &str, &str) = ("Sofie Bakker", "dpo", "dpo-laptop-02");
const MAAIKE: (&str, &str, &str) = ("Maaike van den Berg", "communications", "comms-laptop-01");
const ANNEKE: (&str, &str, &str) = ("Anneke Jansen", "scribe", "scribe-laptop-04");

fn by(p: (&str, &str, &str)) -> Who {
    who(p.0, p.1, p.2)
}

fn ruled(step: &str, step_title: &str, option: Option<(&str, &str)>) -> RuledOutBy {
    RuledOutBy {
        step: step.into(),
        step_title: step_title.into(),
        option: option.map(|o| o.0.to_string()),
        option_title: option.map(|o| o.1.to_string()),
    }
}

const GDPR_ROLE: &str = "Wiens gegevens: zijn we verwerker of verwerkingsverantwoordelijke?";
const PROCESSOR: (&str, &str) = (
    "processor",
    "Geen: alleen gegevens van klanten, we zijn verwerker",
);
const SEVERITY: &str = "Bepaal de ernst";
const SEV2: (&str, &str) = ("sev2", "Ernst 2: groot");
const CUSTOMERS: [&str; 3] = [
    "Fjordkraft Handel AS",
    "Van Dijk Installatietechniek BV",
    "Nordlys Eiendom AS",
];

fn demo_moments() -> Vec<MomentEntry> {
    let m = |id: &str,
             title: Option<&str>,
             claimed: DateTime<Utc>,
             recorded: DateTime<Utc>,
             by: &str,
             reason: Option<&str>| MomentEntry {
        id: id.into(),
        title: title.map(str::to_string),
        claimed_at: Some(claimed),
        recorded_at: Some(recorded),
        reason: reason.map(str::to_string),
        by: Some(by.into()),
    };
    vec![
        m(
            "occurrence",
            None,
            at(14, 2, 10),
            at(14, 11, 5),
            INGRID.0,
            Some("De toegangslog toont de eerste export om 02:10; pas na onderzoek bekend."),
        ),
        m(
            "detection",
            None,
            at(14, 8, 47),
            at(14, 8, 52),
            KARE.0,
            Some("Alarm ongebruikelijk exportvolume om 08:47; de melding volgde om 08:52."),
        ),
        m("report", None, at(14, 8, 52), at(14, 8, 52), KARE.0, None),
        m(
            "classified",
            Some("Geclassificeerd als gebeurtenis of incident"),
            at(14, 9, 10),
            at(14, 9, 10),
            SANDER.0,
            None,
        ),
        m(
            "severity-set",
            Some("Ernst bepaald"),
            at(14, 9, 15),
            at(14, 9, 15),
            SANDER.0,
            None,
        ),
        m(
            "breach-suspected",
            Some("Datalek vermoed en onze AVG-rol vastgesteld"),
            at(14, 9, 45),
            at(14, 9, 45),
            SOFIE.0,
            None,
        ),
        m(
            "containment",
            None,
            at(14, 9, 58),
            at(14, 9, 58),
            KARE.0,
            None,
        ),
        m(
            "status-published",
            Some("Statusupdate gepubliceerd"),
            at(14, 10, 20),
            at(14, 10, 20),
            MAAIKE.0,
            None,
        ),
        m(
            "significant-incident",
            Some("Kennis van een significant incident (digitalsikkerhetsloven / NIS2)"),
            at(14, 10, 30),
            at(14, 10, 34),
            SANDER.0,
            None,
        ),
        m(
            "customers-notified",
            Some("Getroffen klanten (verwerkingsverantwoordelijken) vroegtijdig geïnformeerd"),
            at(15, 8, 10),
            at(15, 8, 12),
            MAAIKE.0,
            None,
        ),
        m(
            "national-early-warning-sent",
            Some("Vroegtijdige waarschuwing verstuurd aan NSM / het CSIRT"),
            at(14, 16, 5),
            at(14, 16, 6),
            SANDER.0,
            None,
        ),
        m(
            "eradication",
            None,
            at(15, 14, 0),
            at(15, 14, 0),
            INGRID.0,
            None,
        ),
        m(
            "recovery",
            None,
            at(15, 18, 30),
            at(15, 18, 30),
            INGRID.0,
            None,
        ),
        m(
            "national-notified",
            Some("Incidentmelding verstuurd aan NSM / het CSIRT"),
            at(16, 15, 0),
            at(16, 15, 2),
            SANDER.0,
            None,
        ),
        m(
            "closure",
            None,
            at(18, 16, 30),
            at(18, 16, 30),
            SANDER.0,
            None,
        ),
        m(
            "lessons-reviewed",
            Some("Evaluatie gehouden"),
            at(25, 10, 0),
            at(25, 10, 0),
            SANDER.0,
            None,
        ),
        m(
            "national-final-report-sent",
            Some("Eindrapport verstuurd aan NSM / het CSIRT"),
            at(27, 11, 0),
            at(27, 11, 3),
            SANDER.0,
            None,
        ),
        MomentEntry {
            id: "authority-notified".into(),
            title: Some("Toezichthouder gemeld (art. 33)".into()),
            claimed_at: None,
            recorded_at: None,
            reason: None,
            by: None,
        },
        MomentEntry {
            id: "subjects-notified".into(),
            title: Some("Betrokkenen geïnformeerd (art. 34)".into()),
            claimed_at: None,
            recorded_at: None,
            reason: None,
            by: None,
        },
        MomentEntry {
            id: "awareness".into(),
            title: None,
            claimed_at: None,
            recorded_at: None,
            reason: None,
            by: None,
        },
    ]
}

fn demo_metrics() -> Vec<Metric> {
    let span = |a: DateTime<Utc>, b: DateTime<Utc>| Some((b - a).num_seconds());
    let det = at(14, 8, 47);
    let metric = |id: &str, from: &str, to: &str, seconds: Option<i64>| Metric {
        id: id.into(),
        from: from.into(),
        to: to.into(),
        seconds,
    };
    vec![
        metric(
            "to_detect",
            "occurrence",
            "detection",
            span(at(14, 2, 10), det),
        ),
        metric("to_report", "detection", "report", span(det, at(14, 8, 52))),
        metric(
            "to_contain",
            "detection",
            "containment",
            span(det, at(14, 9, 58)),
        ),
        metric(
            "to_eradicate",
            "detection",
            "eradication",
            span(det, at(15, 14, 0)),
        ),
        metric(
            "to_recover",
            "detection",
            "recovery",
            span(det, at(15, 18, 30)),
        ),
        metric(
            "to_close",
            "detection",
            "closure",
            span(det, at(18, 16, 30)),
        ),
    ]
}

fn step(
    id: &str,
    title: &str,
    role: &str,
    outcome: StepOutcome,
    when: Option<DateTime<Utc>>,
    who: Option<Who>,
) -> StepEntry {
    StepEntry {
        id: id.into(),
        title: title.into(),
        role: role.into(),
        outcome,
        at: when,
        by: who,
        override_reason: None,
        visits: 1,
    }
}

fn decided(o: (&str, &str)) -> StepOutcome {
    StepOutcome::Decided {
        option: o.0.into(),
        option_title: o.1.into(),
    }
}

fn demo_tracks() -> Vec<TrackEntry> {
    use StepOutcome::Done;
    let track = |id: &str, title: &str, steps: Vec<StepEntry>| TrackEntry {
        id: Some(id.into()),
        title: title.into(),
        steps,
    };
    let na = |id: &str, title: &str, role: &str, r: RuledOutBy| {
        step(
            id,
            title,
            role,
            StepOutcome::NotApplicable { by: r },
            None,
            None,
        )
    };
    let by_processor = || ruled("gdpr-role", GDPR_ROLE, Some(PROCESSOR));
    let awareness = || {
        ruled(
            "record-awareness",
            "Leg kennisname vast en bepaal de omvang van het lek van onze eigen gegevens",
            None,
        )
    };
    let mut contain = step(
        "contain",
        "Inperken",
        "technical-lead",
        Done,
        Some(at(14, 9, 58)),
        Some(by(KARE)),
    );
    contain.override_reason =
        Some("Ingrid zat in het vliegtuig; het intrekken van het token kon niet wachten.".into());
    let mut status = step(
        "status-update",
        "Publiceer een statusupdate",
        "communications",
        decided(("final-update", "Nee: dit was de afsluitende update")),
        Some(at(18, 17, 0)),
        Some(by(MAAIKE)),
    );
    status.visits = 4;
    vec![
        track(
            "assess",
            "Beoordelen en beslissen",
            vec![
                step(
                    "report-event",
                    "Leg de gemelde gebeurtenis vast",
                    "responder",
                    Done,
                    Some(at(14, 8, 52)),
                    Some(by(KARE)),
                ),
                step(
                    "assign-roles",
                    "Roep de incidentmanager op en wijs rollen toe",
                    "incident-manager",
                    Done,
                    Some(at(14, 9, 2)),
                    Some(by(SANDER)),
                ),
                step(
                    "triage",
                    "Gebeurtenis of incident?",
                    "incident-manager",
                    decided(("incident", "Incident")),
                    Some(at(14, 9, 10)),
                    Some(by(SANDER)),
                ),
                step(
                    "classify-severity",
                    SEVERITY,
                    "incident-manager",
                    decided(SEV2),
                    Some(at(14, 9, 15)),
                    Some(by(SANDER)),
                ),
            ],
        ),
        track(
            "contain",
            "Inperken, uitroeien, herstellen",
            vec![
                contain,
                step(
                    "eradicate",
                    "Uitroeien",
                    "technical-lead",
                    Done,
                    Some(at(15, 14, 0)),
                    Some(by(INGRID)),
                ),
                step(
                    "recover",
                    "Herstellen",
                    "technical-lead",
                    Done,
                    Some(at(15, 18, 30)),
                    Some(by(INGRID)),
                ),
                step(
                    "verify-recovery",
                    "Is het herstel volledig?",
                    "incident-manager",
                    decided(("recovered", "Ja")),
                    Some(at(16, 9, 0)),
                    Some(by(SANDER)),
                ),
            ],
        ),
        track(
            "investigate",
            "Onderzoeken en bewijs veiligstellen",
            vec![
                step(
                    "preserve-evidence",
                    "Stel bewijs veilig vóór het uitroeien",
                    "technical-lead",
                    Done,
                    Some(at(14, 12, 40)),
                    Some(by(INGRID)),
                ),
                step(
                    "investigate",
                    "Onderzoek wat er gebeurde",
                    "technical-lead",
                    Done,
                    Some(at(15, 11, 0)),
                    Some(by(INGRID)),
                ),
                step(
                    "police-decision",
                    "Aangifte doen bij de politie?",
                    "incident-manager",
                    decided(("report", "Ja: doe aangifte")),
                    Some(at(14, 13, 0)),
                    Some(by(SANDER)),
                ),
                step(
                    "file-police-report",
                    "Doe aangifte",
                    "incident-manager",
                    Done,
                    Some(at(15, 10, 0)),
                    Some(by(SANDER)),
                ),
            ],
        ),
        track(
            "notify",
            "Persoonsgegevens (AVG)",
            vec![
                step(
                    "personal-data",
                    "Kunnen persoonsgegevens getroffen zijn?",
                    "dpo",
                    decided(("breach", "Ja, vastgesteld of vermoed")),
                    Some(at(14, 9, 30)),
                    Some(by(SOFIE)),
                ),
                step(
                    "gdpr-role",
                    GDPR_ROLE,
                    "dpo",
                    decided(PROCESSOR),
                    Some(at(14, 9, 45)),
                    Some(by(SOFIE)),
                ),
                step(
                    "investigate-personal-data",
                    "Onderzoek welke gegevens zijn getroffen",
                    "technical-lead",
                    Done,
                    Some(at(14, 15, 30)),
                    Some(by(INGRID)),
                ),
                step(
                    "notify-customers",
                    "Vroegtijdig bericht aan de getroffen klanten",
                    "communications",
                    Done,
                    Some(at(15, 8, 12)),
                    Some(by(MAAIKE)),
                ),
                step(
                    "assist-controllers",
                    "Sta de klanten bij op hun instructie",
                    "dpo",
                    Done,
                    Some(at(17, 12, 0)),
                    Some(by(SOFIE)),
                ),
                na(
                    "record-awareness",
                    "Leg kennisname vast en bepaal de omvang van het lek van onze eigen gegevens",
                    "dpo",
                    by_processor(),
                ),
                na(
                    "art33-decision",
                    "Melden bij de toezichthouder?",
                    "dpo",
                    awareness(),
                ),
                na(
                    "notify-authority",
                    "Meld bij Datatilsynet (art. 33)",
                    "dpo",
                    ruled("art33-decision", "Melden bij de toezichthouder?", None),
                ),
                na(
                    "art34-decision",
                    "Betrokkenen informeren?",
                    "dpo",
                    awareness(),
                ),
                na(
                    "notify-subjects",
                    "Informeer de betrokkenen (art. 34)",
                    "communications",
                    ruled("art34-decision", "Betrokkenen informeren?", None),
                ),
            ],
        ),
        track(
            "national",
            "Nationale meldplicht cyberincidenten (NSM / NIS2)",
            vec![
                step(
                    "national-duty",
                    "Significant incident onder de digitalsikkerhetsloven / NIS2?",
                    "incident-manager",
                    decided(("significant", "Significant: melden")),
                    Some(at(14, 10, 30)),
                    Some(by(SANDER)),
                ),
                step(
                    "record-significance",
                    "Leg vast wanneer het incident significant werd",
                    "incident-manager",
                    Done,
                    Some(at(14, 10, 34)),
                    Some(by(SANDER)),
                ),
                step(
                    "national-early-warning",
                    "Verstuur de vroegtijdige waarschuwing aan NSM",
                    "incident-manager",
                    Done,
                    Some(at(14, 16, 6)),
                    Some(by(SANDER)),
                ),
                step(
                    "national-notification",
                    "Verstuur de incidentmelding aan NSM",
                    "incident-manager",
                    Done,
                    Some(at(16, 15, 2)),
                    Some(by(SANDER)),
                ),
                step(
                    "national-final-report",
                    "Verstuur het eindrapport aan NSM",
                    "incident-manager",
                    Done,
                    Some(at(27, 11, 3)),
                    Some(by(SANDER)),
                ),
            ],
        ),
        track(
            "communicate",
            "Statusupdates en de hostingpartner",
            vec![
                status,
                step(
                    "engage-hosting-partner",
                    "Schakel de hostingpartner in",
                    "technical-lead",
                    Done,
                    Some(at(14, 9, 50)),
                    Some(by(INGRID)),
                ),
            ],
        ),
        track(
            "learn",
            "Evalueren en afsluiten",
            vec![
                na(
                    "record-event",
                    "Leg de gebeurtenis vast en sluit af",
                    "incident-manager",
                    ruled(
                        "triage",
                        "Gebeurtenis of incident?",
                        Some(("incident", "Incident")),
                    ),
                ),
                step(
                    "close-incident",
                    "Sluit het incident",
                    "incident-manager",
                    Done,
                    Some(at(18, 16, 30)),
                    Some(by(SANDER)),
                ),
                step(
                    "root-cause",
                    "Bepaal de grondoorzaak",
                    "technical-lead",
                    Done,
                    Some(at(17, 15, 0)),
                    Some(by(INGRID)),
                ),
                step(
                    "corrective-actions",
                    "Spreek correctieve maatregelen af",
                    "incident-manager",
                    Done,
                    Some(at(18, 11, 0)),
                    Some(by(SANDER)),
                ),
                step(
                    "lessons-learned",
                    "Houd de evaluatie",
                    "incident-manager",
                    Done,
                    Some(at(25, 10, 0)),
                    Some(by(SANDER)),
                ),
                step(
                    "final-report",
                    "Maak het incidentverslag compleet",
                    "scribe",
                    Done,
                    Some(at(27, 14, 0)),
                    Some(by(ANNEKE)),
                ),
            ],
        ),
    ]
}

fn demo_clocks() -> Vec<ClockEntry> {
    let clock = |id: &str,
                 title: &str,
                 from: &str,
                 stops: &str,
                 deadline: Option<DateTime<Utc>>,
                 outcome: ClockOutcome| ClockEntry {
        id: id.into(),
        title: title.into(),
        from: from.into(),
        stops_when: Some(stops.into()),
        deadline,
        outcome,
    };
    let met = |deadline: DateTime<Utc>, when: DateTime<Utc>| ClockOutcome::Met {
        at: when,
        margin_seconds: (deadline - when).num_seconds(),
    };
    let by_severity = || ClockOutcome::NotApplicable {
        by: ruled("classify-severity", SEVERITY, Some(SEV2)),
    };
    vec![
        clock(
            "triage-4h",
            "Triage binnen 4 uur na de melding",
            "report",
            "classified",
            Some(at(14, 12, 52)),
            met(at(14, 12, 52), at(14, 9, 10)),
        ),
        clock(
            "status-sev1-1h",
            "Ernst 1: eerste statusupdate binnen 1 uur, daarna elk uur",
            "severity-set",
            "status-published",
            Some(at(14, 10, 15)),
            by_severity(),
        ),
        clock(
            "status-sev2-4h",
            "Ernst 2: eerste statusupdate binnen 4 uur, daarna elke 4 uur",
            "severity-set",
            "status-published",
            Some(at(14, 13, 15)),
            met(at(14, 13, 15), at(14, 10, 20)),
        ),
        clock(
            "status-sev3-1d",
            "Ernst 3: eerste statusupdate binnen een dag, daarna dagelijks",
            "severity-set",
            "status-published",
            Some(at(15, 9, 15)),
            by_severity(),
        ),
        clock(
            "gdpr-art33-2-customers",
            "Verwerker: vroegtijdig bericht aan elke getroffen klant zonder onredelijke vertraging (AVG art. 33 lid 2; interne norm 24 uur na het vermoeden)",
            "breach-suspected",
            "customers-notified",
            Some(at(15, 9, 45)),
            met(at(15, 9, 45), at(15, 8, 10)),
        ),
        clock(
            "gdpr-art33-72h",
            "Verwerkingsverantwoordelijke: melding aan de toezichthouder binnen 72 uur na kennisname (AVG art. 33 lid 1)",
            "awareness",
            "authority-notified",
            None,
            ClockOutcome::NotApplicable {
                by: ruled("gdpr-role", GDPR_ROLE, Some(PROCESSOR)),
            },
        ),
        clock(
            "national-early-warning-24h",
            "Nationale meldplicht: vroegtijdige waarschuwing binnen 24 uur (NIS2 art. 23 lid 4 a; digitalsikkerhetsloven: zonder onredelijke vertraging)",
            "significant-incident",
            "national-early-warning-sent",
            Some(at(15, 10, 30)),
            met(at(15, 10, 30), at(14, 16, 5)),
        ),
        clock(
            "national-notification-72h",
            "Nationale meldplicht: incidentmelding binnen 72 uur (NIS2 art. 23 lid 4 b)",
            "significant-incident",
            "national-notified",
            Some(at(17, 10, 30)),
            met(at(17, 10, 30), at(16, 15, 0)),
        ),
        clock(
            "national-final-report-1m",
            "Nationale meldplicht: eindrapport binnen een maand na de melding (NIS2 art. 23 lid 4 d)",
            "national-notified",
            "national-final-report-sent",
            Some(at(16, 15, 0) + Duration::days(30)),
            met(at(16, 15, 0) + Duration::days(30), at(27, 11, 0)),
        ),
        clock(
            "lessons-learned-14d",
            "Evaluatie binnen twee weken na afsluiting",
            "closure",
            "lessons-reviewed",
            Some(at(18, 16, 30) + Duration::days(14)),
            met(at(18, 16, 30) + Duration::days(14), at(25, 10, 0)),
        ),
    ]
}

fn demo_decisions() -> Vec<DecisionEntry> {
    let d = |step: &str,
             q: &str,
             o: (&str, &str),
             why: &str,
             who: (&str, &str, &str),
             when: DateTime<Utc>| DecisionEntry {
        step: step.into(),
        step_title: q.into(),
        option: o.0.into(),
        option_title: o.1.into(),
        rationale: why.into(),
        by: by(who),
        at: when,
    };
    vec![
        d(
            "triage",
            "Gebeurtenis of incident?",
            ("incident", "Incident"),
            "Ongeautoriseerde export van klantgegevens via een gelekt API-token.",
            SANDER,
            at(14, 9, 10),
        ),
        d(
            "classify-severity",
            SEVERITY,
            SEV2,
            "Drie klanten geraakt; dienst blijft beschikbaar.",
            SANDER,
            at(14, 9, 15),
        ),
        d(
            "personal-data",
            "Kunnen persoonsgegevens getroffen zijn?",
            ("breach", "Ja, vastgesteld of vermoed"),
            "Contactpersonen en klantnotities zijn geëxporteerd.",
            SOFIE,
            at(14, 9, 30),
        ),
        d(
            "gdpr-role",
            GDPR_ROLE,
            PROCESSOR,
            "Alleen CRM-gegevens van klanten; wij verwerken die in opdracht. Onze eigen gegevens zijn niet geraakt.",
            SOFIE,
            at(14, 9, 45),
        ),
        d(
            "national-duty",
            "Significant incident onder de digitalsikkerhetsloven / NIS2?",
            ("significant", "Significant: melden"),
            "Ongeautoriseerde toegang tot klantgegevens bij een clouddienst.",
            SANDER,
            at(14, 10, 30),
        ),
        d(
            "police-decision",
            "Aangifte doen bij de politie?",
            ("report", "Ja: doe aangifte"),
            "Opzettelijke toegang met een gestolen token.",
            SANDER,
            at(14, 13, 0),
        ),
        d(
            "verify-recovery",
            "Is het herstel volledig?",
            ("recovered", "Ja"),
            "Geen verdere exports; alle tokens vernieuwd.",
            SANDER,
            at(16, 9, 0),
        ),
    ]
}

fn demo_overrides() -> Vec<OverrideEntry> {
    vec![OverrideEntry {
        step: "contain".into(),
        step_title: "Inperken".into(),
        action: "step.completed".into(),
        role: "technical-lead".into(),
        holder: Some(INGRID.0.into()),
        by: KARE.0.into(),
        reason: "Ingrid zat in het vliegtuig; het intrekken van het token kon niet wachten.".into(),
        at: at(14, 9, 58),
    }]
}

fn demo_register() -> Vec<RegisterEntry> {
    let entry = |id: &str, title: &str, recipient: &str, clock: Option<&str>| RegisterEntry {
        notification: id.into(),
        title: title.into(),
        recipient: recipient.into(),
        customer: None,
        to_customer: false,
        clock: clock.map(str::to_string),
        drafted_at: None,
        sent: None,
        acknowledged: None,
        not_applicable: None,
    };
    let sent = |when: DateTime<Utc>, who: &str, channel: &str| {
        Some(SentEntry {
            at: when,
            recorded_at: when + Duration::minutes(2),
            by: who.into(),
            channel: channel.into(),
            reason: None,
        })
    };
    let ack = |when: DateTime<Utc>, note: Option<&str>| {
        Some(AcknowledgedEntry {
            at: when,
            by: MAAIKE.0.into(),
            note: note.map(str::to_string),
        })
    };
    let mut out = Vec::new();
    let early = [
        (at(14, 11, 20), Some(at(14, 12, 5))),
        (at(14, 11, 35), Some(at(14, 14, 40))),
        (at(15, 8, 10), None),
    ];
    for (customer, (when, acked)) in CUSTOMERS.iter().zip(early) {
        let mut e = entry(
            "customer-early-notice",
            "Vroegtijdig bericht over een (vermoed) datalek aan elke getroffen klant (AVG art. 33 lid 2)",
            "each-affected-customer",
            Some("Verwerker: vroegtijdig bericht aan elke getroffen klant"),
        );
        e.customer = Some(customer.to_string());
        e.to_customer = true;
        e.drafted_at = Some(at(14, 10, 50));
        e.sent = sent(when, MAAIKE.0, "e-mail aan de contactpersoon privacy");
        e.acknowledged = acked.and_then(|a| ack(a, None));
        out.push(e);
    }
    for (i, customer) in CUSTOMERS.iter().enumerate() {
        let mut e = entry(
            "customer-follow-up",
            "Vervolgbericht aan elke getroffen klant: bevindingen voor hun eigen melding (art. 28 lid 3 f, 33 lid 4)",
            "each-affected-customer",
            None,
        );
        e.customer = Some(customer.to_string());
        e.to_customer = true;
        if i < 2 {
            e.sent = sent(at(16, 10 + i as u32, 0), SOFIE.0, "e-mail");
        }
        out.push(e);
    }
    let mut authority = entry(
        "authority",
        "Melding van een datalek aan Datatilsynet (AVG art. 33)",
        "Datatilsynet",
        Some("Verwerkingsverantwoordelijke: melding binnen 72 uur"),
    );
    authority.not_applicable = Some(ruled("gdpr-role", GDPR_ROLE, Some(PROCESSOR)));
    out.push(authority);
    let mut subjects = entry(
        "data-subjects",
        "Bericht aan de betrokkenen (AVG art. 34)",
        "betrokkenen",
        None,
    );
    subjects.not_applicable = Some(ruled("art34-decision", "Betrokkenen informeren?", None));
    out.push(subjects);
    let mut ew = entry(
        "national-early-warning",
        "Vroegtijdige waarschuwing van een significant incident aan NSM (NIS2 art. 23 lid 4 a)",
        "NSM",
        Some("Vroegtijdige waarschuwing binnen 24 uur"),
    );
    ew.sent = sent(at(14, 16, 5), SANDER.0, "meldingsportaal NSM");
    ew.acknowledged = ack(at(14, 16, 40), Some("NSM-sak 2026-0311"));
    out.push(ew);
    let mut nn = entry(
        "national-notification",
        "Incidentmelding aan NSM (NIS2 art. 23 lid 4 b)",
        "NSM",
        Some("Incidentmelding binnen 72 uur"),
    );
    nn.sent = sent(at(16, 15, 0), SANDER.0, "meldingsportaal NSM");
    out.push(nn);
    let mut fr = entry(
        "national-final-report",
        "Eindrapport aan NSM (NIS2 art. 23 lid 4 d)",
        "NSM",
        Some("Eindrapport binnen een maand"),
    );
    fr.sent = sent(at(27, 11, 0), SANDER.0, "meldingsportaal NSM");
    out.push(fr);
    let mut hp = entry(
        "hosting-partner",
        "Prioriteit-1-verzoek aan de NOC van de hostingpartner",
        "Hostingpartner NOC",
        None,
    );
    hp.sent = sent(at(14, 9, 48), INGRID.0, "telefoon en ticket");
    out.push(hp);
    let mut police = entry("police", "Aangifte bij de politie", "Politiet", None);
    police.sent = sent(at(15, 10, 0), SANDER.0, "digitale aangifte");
    out.push(police);
    out
}

/// The team server's receipt of a demo action by `actor` at `at`: their login, their laptop's
/// address on the office network, two seconds later.
fn demo_receipt(actor: &str, at: DateTime<Utc>) -> ServerReceipt {
    let people = [SANDER, INGRID, KARE, SOFIE, MAAIKE, ANNEKE];
    let i = people.iter().position(|p| p.0 == actor).unwrap_or(0);
    let login = actor
        .split(' ')
        .next()
        .unwrap_or(actor)
        .to_lowercase()
        .replace('å', "a")
        .replace('ø', "o");
    ServerReceipt {
        login,
        address: Some(format!("10.20.4.{}", 11 + i)),
        server_time: at + Duration::seconds(2),
    }
}

/// The demo incident record: a breach where the vendor is processor only (a leaked API token,
/// three customers' CRM data exported); `extra_actions` appends that many more action-log
/// entries.
pub fn demo_incident(extra_actions: usize) -> IncidentRecord {
    let mut actions = vec![
        (
            at(14, 8, 47),
            "monitoring",
            "Alarm: ongebruikelijk exportvolume via de mobiele API (svc-mobile-api)",
        ),
        (
            at(14, 8, 52),
            KARE.0,
            "Run gestart: incidentprocedure (ISO/IEC 27035); gebeurtenis vastgelegd",
        ),
        (
            at(14, 9, 2),
            SANDER.0,
            "Rollen toegewezen: incident-manager, technical-lead, dpo, communications, scribe",
        ),
        (
            at(14, 9, 5),
            INGRID.0,
            "Notitie: Bjørn Åsheim (hostingpartner) zet de logexport van ‘svc-crm-web’ vast; \
             Ørjan en Æsa van de klant Fjordkraft Handel AS bevestigen de melding; \
             forensische ondersteuning begroot op € 1 200",
        ),
        (at(14, 9, 10), SANDER.0, "Besluit: incident"),
        (at(14, 9, 15), SANDER.0, "Besluit: ernst 2 (groot)"),
        (
            at(14, 9, 30),
            SOFIE.0,
            "Besluit: persoonsgegevens getroffen (vermoed)",
        ),
        (
            at(14, 9, 45),
            SOFIE.0,
            "Besluit: wij zijn alleen verwerker; 72-uurstermijn niet van toepassing",
        ),
        (
            at(14, 9, 58),
            KARE.0,
            "Stap klaar (buiten rol): token ingetrokken, debuglogging uit",
        ),
        (
            at(14, 11, 5),
            INGRID.0,
            "Moment vastgelegd: optreden 02:10 (eerder, met reden)",
        ),
        (
            at(14, 11, 20),
            MAAIKE.0,
            "Vroegtijdig bericht verzonden aan Fjordkraft Handel AS",
        ),
        (
            at(14, 12, 40),
            INGRID.0,
            "Bewijs toegevoegd: geheugen-, schijf- en logkopieën (SHA-256 vastgelegd)",
        ),
        (
            at(14, 16, 5),
            SANDER.0,
            "Vroegtijdige waarschuwing verzonden aan NSM",
        ),
        (
            at(15, 8, 10),
            MAAIKE.0,
            "Vroegtijdig bericht verzonden aan Nordlys Eiendom AS (laatste klant)",
        ),
        (
            at(15, 14, 0),
            INGRID.0,
            "Stap klaar: alle API-tokens vernieuwd (uitroeien)",
        ),
        (at(16, 15, 0), SANDER.0, "Incidentmelding verzonden aan NSM"),
        (at(18, 16, 30), SANDER.0, "Incident gesloten"),
        (at(25, 10, 0), SANDER.0, "Evaluatie gehouden"),
        (at(27, 15, 0), SANDER.0, "Run afgesloten en afgetekend"),
    ];
    let base = at(15, 11, 45);
    for i in 0..extra_actions {
        actions.push((
            base + Duration::minutes(i as i64 * 3),
            if i % 2 == 0 { INGRID.0 } else { KARE.0 },
            "Controle: exportlog van een tenant doorzocht, geen verdere afwijkingen (‘rowcount’ en checksum gelijk)",
        ));
    }
    actions.sort_by_key(|a| a.0);
    let actions = actions
        .into_iter()
        .enumerate()
        .map(|(i, (at, actor, action))| Action {
            seq: 1041 + i as u64,
            at,
            actor: actor.to_string(),
            action: action.to_string(),
            // The team server's receipt: all but the sign-off, which the server has not seen yet.
            receipt: (action != "Run afgesloten en afgetekend").then(|| demo_receipt(actor, at)),
        })
        .collect();
    IncidentRecord {
        identity: RecordIdentity {
            id: Uuid::from_u128(0x0196_2f4e_8c1a_7d3b_9e55_6a0c_2b7f_1d01),
            reference: "INC-2026-0042".into(),
            title: "Gelekt API-token; export van CRM-gegevens van drie klanten".into(),
            classification: "Vertrouwelijk".into(),
            organisation: "Demo CRM Online AS".into(),
            generated_at: at(27, 15, 10),
        },
        summary: "Een API-token van een integratie stond door een verkeerd ingestelde debuglog leesbaar in \
                  een gedeelde logbucket. Daarmee zijn contactpersonen en klantnotities van drie klanten \
                  geëxporteerd. Wij zijn voor deze gegevens alleen verwerker: de drie klanten zijn \
                  vroegtijdig geïnformeerd en bij hun eigen melding bijgestaan; NSM is gemeld als \
                  significant incident."
            .into(),
        moments: demo_moments(),
        metrics: demo_metrics(),
        tracks: demo_tracks(),
        clocks: demo_clocks(),
        decisions: demo_decisions(),
        overrides: demo_overrides(),
        register: demo_register(),
        concurrent: Vec::new(),
        conflicts: vec![ConflictEntry {
            step: SEVERITY.into(),
            answers: vec![
                ConflictAnswer { option: "Ernst 2: groot".into(), by: INGRID.0.into(), host: INGRID.2.into(), at: at(14, 9, 40) },
                ConflictAnswer { option: "Ernst 3: middel".into(), by: KARE.0.into(), host: KARE.2.into(), at: at(14, 9, 41) },
            ],
            settled: Some(ConflictAnswer { option: "Ernst 2: groot".into(), by: SANDER.0.into(), host: SANDER.2.into(), at: at(14, 9, 55) }),
        }],
        classification: Classification {
            is_incident: true,
            criteria: vec![
                Criterion { text: "Vertrouwelijkheid van klantgegevens aangetast".into(), met: true },
                Criterion { text: "Beschikbaarheid van een kritieke dienst aangetast".into(), met: false },
                Criterion { text: "Opzettelijk handelen van een derde".into(), met: true },
            ],
            decided_by: "Sander de Vries (incident-manager)".into(),
            decided_at: at(14, 9, 10),
            rationale: "Ongeautoriseerde export van klantgegevens via een gelekt API-token.".into(),
            severity: "Ernst 2: groot".into(),
        },
        affected: vec![
            Affected { node: "svc-mobile-api".into(), name: "Mobiele API".into(), impact: "Gelekt token gebruikt voor exports".into() },
            Affected { node: "store-crm-db".into(), name: "CRM-database (SQL Server)".into(), impact: "Gegevens van drie tenants geëxporteerd".into() },
            Affected { node: "store-logs".into(), name: "Logbucket".into(), impact: "Debuglog met token leesbaar voor te veel accounts".into() },
        ],
        personal_data: PersonalData {
            involved: true,
            categories: vec!["contactgegevens".into(), "klantnotities".into()],
            data_subjects: Some(12_400),
            assessment: "Verwerker voor alle getroffen gegevens; de klanten (verwerkingsverantwoordelijken) \
                         beoordelen zelf de melding aan hun toezichthouder en betrokkenen."
                .into(),
        },
        estimated_cost_cents: Some(2_310_000),
        roles: vec![
            RoleAssignment { role: "incident-manager".into(), person: SANDER.0.into(), assigned_at: at(14, 8, 55) },
            RoleAssignment { role: "technical-lead".into(), person: INGRID.0.into(), assigned_at: at(14, 8, 56) },
            RoleAssignment { role: "responder".into(), person: KARE.0.into(), assigned_at: at(14, 8, 52) },
            RoleAssignment { role: "communications".into(), person: MAAIKE.0.into(), assigned_at: at(14, 9, 0) },
            RoleAssignment { role: "scribe".into(), person: ANNEKE.0.into(), assigned_at: at(14, 9, 0) },
            RoleAssignment { role: "dpo".into(), person: SOFIE.0.into(), assigned_at: at(14, 9, 2) },
        ],
        actions,
        team_server: Some(TeamServerCheck {
            anchor: Some(14),
            reason: "phase change: sign-off".into(),
            server_time: Some(at(27, 14, 58)),
            chains: 6,
            matched: true,
            detail: String::new(),
        }),
        communications: vec![
            Communication { at: at(14, 10, 20), channel: "statuspagina".into(), audience: "alle klanten".into(), summary: "“We onderzoeken ongebruikelijke activiteit op de mobiele API; de dienst is beschikbaar.”".into(), by: MAAIKE.0.into() },
            Communication { at: at(14, 11, 20), channel: "e-mail".into(), audience: "Fjordkraft Handel AS".into(), summary: "Vroegtijdig bericht: vermoed datalek, wat we weten, contactpunt".into(), by: MAAIKE.0.into() },
            Communication { at: at(14, 16, 5), channel: "portaal".into(), audience: "NSM".into(), summary: "Vroegtijdige waarschuwing significant incident".into(), by: SANDER.0.into() },
        ],
        evidence: vec![
            Evidence { name: "geheugenkopie-api-node-3.lime".into(), sha256: hash("geheugenkopie"), size: 8_204_311_552, collected_at: at(14, 12, 10), collected_by: INGRID.0.into(), custody: Some(Custody { method: "memory-image".into(), host: "api-node-3".into(), path: "/var/forensics/geheugenkopie-api-node-3.lime".into(), system: None, by_reference: true, events: vec![CustodyEvent { at: at(15, 9, 0), by: INGRID.0.into(), action: "handed-over".into(), detail: Some("Fox-IT (forensisch onderzoek)".into()) }] }) },
            Evidence { name: "toegangslog-export-0210-0958.jsonl.gz".into(), sha256: hash("toegangslog"), size: 41_877_120, collected_at: at(14, 12, 30), collected_by: INGRID.0.into(), custody: Some(Custody { method: "export".into(), host: "soc-ws-2".into(), path: "/home/ingrid/exports/toegangslog-export-0210-0958.jsonl.gz".into(), system: Some("SIEM".into()), by_reference: false, events: vec![CustodyEvent { at: at(14, 15, 5), by: INGRID.0.into(), action: "viewed".into(), detail: None }] }) },
            Evidence { name: "logbucket-acl-voor-wijziging.json".into(), sha256: hash("acl"), size: 9_315, collected_at: at(14, 12, 40), collected_by: INGRID.0.into(), custody: Some(Custody { method: "copied-file".into(), host: "soc-ws-2".into(), path: "/home/ingrid/logbucket-acl-voor-wijziging.json".into(), system: None, by_reference: false, events: Vec::new() }) },
        ],
        root_cause: "Debuglogging van de mobiele API schreef volledige verzoekkoppen (met API-tokens) naar een \
                     logbucket die voor alle ontwikkelaarsaccounts leesbaar was; een gecompromitteerd \
                     ontwikkelaarsaccount las het token."
            .into(),
        lessons: vec![
            "Het vroegtijdige bericht aan de klanten ging binnen 24 uur uit; de derde klant pas de volgende ochtend, omdat de contactpersoon privacy ontbrak.".into(),
            "Inperken kon niet wachten op de technisch leider; de rol heeft een vaste vervanger nodig.".into(),
        ],
        corrective_actions: vec![
            CorrectiveAction { action: "Verzoekkoppen nooit loggen; tokens maskeren in alle services".into(), owner: INGRID.0.into(), due: date(2026, 4, 15), status: "open".into() },
            CorrectiveAction { action: "Contactpersoon privacy van elke klant vastleggen in het CRM-contract".into(), owner: SOFIE.0.into(), due: date(2026, 4, 30), status: "open".into() },
            CorrectiveAction { action: "Vaste vervanger voor de rol technisch leider".into(), owner: SANDER.0.into(), due: date(2026, 3, 31), status: "open".into() },
        ],
        sign_off: vec![
            SignOff { role: "incident-manager".into(), name: SANDER.0.into(), at: Some(at(27, 15, 0)), statement: "Rapport volledig en juist".into() },
            SignOff { role: "dpo".into(), name: SOFIE.0.into(), at: Some(at(27, 15, 5)), statement: "AVG-beoordeling akkoord".into() },
        ],
        signoffs: vec![
            PersonSignOff { role: "incident-manager".into(), person: hash("key-sander"), name: SANDER.0.into(), signed_at: Some(at(27, 15, 0)), certificate_fingerprint: Some(hash("certificate-sander")) },
            PersonSignOff { role: "dpo".into(), person: hash("key-sofie"), name: SOFIE.0.into(), signed_at: None, certificate_fingerprint: Some(hash("certificate-sofie")) },
        ],
        checkpoint: Checkpoint { count: 1041 + 18 + extra_actions as u64, head_hash: hash("journal-head-incident") },
    }
}

/// The demo exercise report: the scenario `drill-datacenter-stavanger-loss` run on the playbook
/// `dr-datacenter-failover` 2026.2, in English throughout; its figures are those the drill
/// measurement gives for these events on the demo topology (the services stay up on Oslo).
pub fn demo_exercise() -> ExerciseReport {
    demo_exercise_in(crate::Language::En)
}

/// The demo exercise report written in `language` throughout: labels and content alike (the
/// renderer gives the labels, this the content), as a real report is.
pub fn demo_exercise_in(language: crate::Language) -> ExerciseReport {
    let nl = language == crate::Language::Nl;
    let p = move |en: &'static str, nl_text: &'static str| if nl { nl_text } else { en };
    let steps = [
        (
            "confirm-site-loss",
            p(
                "Confirm which site is lost and declare the outage",
                "Bevestig welke locatie is uitgevallen en stel de uitval vast",
            ),
            "technical-lead",
            15.0,
            Some(12.0),
            "",
        ),
        (
            "open-incident-procedure",
            p(
                "Run the incident procedure alongside",
                "Start de incidentprocedure ernaast",
            ),
            "incident-manager",
            10.0,
            Some(9.0),
            "",
        ),
        (
            "decide-failover",
            p("Fail over or wait?", "Failover of wachten?"),
            "incident-manager",
            10.0,
            Some(6.0),
            p(
                "Failover chosen: the partner estimated 8 hours",
                "Voor failover gekozen: de partner schatte 8 uur",
            ),
        ),
        (
            "announce-outage",
            p("Announce the outage", "Kondig de storing aan"),
            "communications",
            15.0,
            Some(11.0),
            "",
        ),
        (
            "fence-failed-site",
            p("Fence the failed site", "Scherm de uitgevallen locatie af"),
            "technical-lead",
            15.0,
            Some(27.0),
            p(
                "The fencing script was missing on the Oslo jump host",
                "Het afschermscript ontbrak op de jumphost in Oslo",
            ),
        ),
        (
            "promote-database",
            p(
                "Promote the database on the surviving site",
                "Promoveer de database op de overgebleven locatie",
            ),
            "responder",
            20.0,
            Some(16.0),
            "",
        ),
        (
            "switch-traffic",
            p(
                "Move the web, API and login traffic",
                "Verplaats het web-, API- en loginverkeer",
            ),
            "responder",
            20.0,
            Some(18.0),
            "",
        ),
        (
            "verify-services",
            p("Verify the services", "Controleer de diensten"),
            "technical-lead",
            15.0,
            Some(14.0),
            "",
        ),
        (
            "plan-failback",
            p(
                "Inform customers and plan the failback",
                "Informeer klanten en plan de terugschakeling",
            ),
            "communications",
            30.0,
            None,
            p(
                "Skipped: failback is planned in the change board",
                "Overgeslagen: de terugschakeling wordt in de wijzigingsraad gepland",
            ),
        ),
    ];
    let recovery = |service: &str, name: &str, rto: f64, rpo: Option<(f64, f64)>| ServiceRecovery {
        service: service.into(),
        name: name.into(),
        rto_target_minutes: rto,
        rto_achieved_minutes: None,
        rpo_target_minutes: rpo.map_or(0.0, |r| r.0),
        rpo_achieved_minutes: rpo.map(|r| r.1),
        down_at: None,
        caused_by: None,
        restored_at: None,
        restore_tier: rpo.map(|_| "point-in-time".to_string()),
        restore_point: rpo.map(|_| at(19, 9, 0)),
        rto: Some(MeasuredFigure {
            target_minutes: Some(rto),
            target_override: None,
            achieved_minutes: None,
            verdict: FigureVerdict::NoOutage,
            missed_by_minutes: None,
        }),
        rpo: Some(match rpo {
            Some((target, achieved)) => MeasuredFigure {
                target_minutes: Some(target),
                target_override: None,
                achieved_minutes: Some(achieved),
                verdict: if achieved <= target {
                    FigureVerdict::Met
                } else {
                    FigureVerdict::Missed
                },
                missed_by_minutes: (achieved > target).then_some(achieved - target),
            },
            None => MeasuredFigure {
                target_minutes: None,
                target_override: None,
                achieved_minutes: None,
                verdict: FigureVerdict::NotMeasured,
                missed_by_minutes: None,
            },
        }),
    };
    let trend =
        |service: &str, name: &str, target: f64, points: &[(i32, u32, Option<f64>)]| TrendSeries {
            service: service.into(),
            name: name.into(),
            target_minutes: Some(target),
            points: points
                .iter()
                .map(|&(year, month, achieved)| TrendPoint {
                    at: Utc
                        .with_ymd_and_hms(year, month, 19, 9, 0, 0)
                        .single()
                        .unwrap_or_default(),
                    achieved_minutes: achieved,
                })
                .collect(),
        };
    ExerciseReport {
        identity: RecordIdentity {
            id: Uuid::from_u128(0x0196_3a10_44c2_7e01_8f3d_5b2a_9c6e_0e02),
            reference: "DRILL-2026-007".into(),
            title: p("Drill: loss of datacenter Stavanger", "Oefening: verlies van datacenter Stavanger").into(),
            classification: p("Internal", "Intern").into(),
            organisation: "Demo CRM Online AS".into(),
            generated_at: at(20, 15, 30),
        },
        exercise_type: p("Full failover (ISO 22301, 8.5)", "Volledige failover (ISO 22301, 8.5)").into(),
        scope: p("Both power feeds in Stavanger fail and the site goes dark. The team declares the outage, \
                fences the site and runs production on Oslo alone; during the failover a database server \
                in Oslo fails on the controller's cue.", "Beide stroomvoedingen in Stavanger vallen uit en de locatie ligt plat. Het team stelt de uitval vast, \
                schermt de locatie af en draait de productie alleen op Oslo; tijdens de failover valt op aanwijzing \
                van de oefenleider een databaseserver in Oslo uit.")
            .into(),
        objectives: vec![
            p("Show that login, the CRM web application and the mobile API keep running on Oslo alone within their RTOs.", "Aantonen dat de login, de CRM-webapplicatie en de mobiele API alleen op Oslo blijven draaien binnen hun RTO.").into(),
            p("Show that the CRM database is restorable to the moment of the failure without data loss (RPO 0).", "Aantonen dat de CRM-database zonder gegevensverlies (RPO 0) te herstellen is tot het moment van de uitval.").into(),
            p("Show that the team fences the failed site before it could come back on its own.", "Aantonen dat het team de uitgevallen locatie afschermt voordat die vanzelf terug kan komen.").into(),
        ],
        success_criteria: vec![
            Criterion { text: p("Every measured service meets its RTO from the topology (judged by Sander de Vries: no service went down).", "Elke gemeten dienst haalt zijn RTO uit de topologie (beoordeeld door Sander de Vries: geen dienst viel uit).").into(), met: true },
            Criterion { text: p("The chosen restore point of the CRM database loses no data (judged by Sander de Vries: point-in-time, 0 min).", "Het gekozen herstelpunt van de CRM-database verliest geen gegevens (beoordeeld door Sander de Vries: point-in-time, 0 min).").into(), met: true },
            Criterion { text: p("The loss of a second database server does not stop the CRM (judged by Sander de Vries: db-oslo-1 failed, the CRM kept running).", "Het verlies van een tweede databaseserver stopt de CRM niet (beoordeeld door Sander de Vries: db-oslo-1 viel uit, de CRM bleef draaien).").into(), met: true },
        ],
        scenario: p("Loss of datacenter Stavanger (drill-datacenter-stavanger-loss 2026.1)", "Verlies van datacenter Stavanger (drill-datacenter-stavanger-loss 2026.1)").into(),
        injections: vec![
            Injection { at: at(19, 9, 0), node: "dc-stavanger".into(), description: p("Monitoring loses every host in Stavanger at once; the hosting partner reports a power failure on both feeds.", "De monitoring verliest alle hosts in Stavanger tegelijk; de hostingpartner meldt stroomuitval op beide voedingen.").into(), on_cue: false },
            Injection { at: at(19, 9, 52), node: "db-oslo-1".into(), description: p("Database server db-oslo-1 stops responding.", "Databaseserver db-oslo-1 reageert niet meer.").into(), on_cue: true },
        ],
        participants: vec![
            Participant { name: "Sander de Vries".into(), role: "incident-manager".into(), organisation: "Demo CRM Online AS".into() },
            Participant { name: "Ingrid Sæther".into(), role: "technical-lead".into(), organisation: "Demo CRM Online AS".into() },
            Participant { name: "Kåre Østby".into(), role: "responder".into(), organisation: "Demo CRM Online AS".into() },
            Participant { name: "Maaike van den Berg".into(), role: "communications".into(), organisation: "Demo CRM Online AS".into() },
            Participant { name: "Bjørn Åsheim".into(), role: "hosting-partner-contact".into(), organisation: p("Hosting partner (Norway)", "Hostingpartner (Noorwegen)").into() },
        ],
        playbook: PlaybookVersion {
            id: "dr-datacenter-failover".into(),
            title: p("Datacenter failover", "Failover naar het andere datacenter").into(),
            version: "2026.2".into(),
            sha256: hash("playbooks/dr/datacenter-failover.toml@2026.2"),
        },
        started_at: at(19, 9, 0),
        ended_at: at(19, 11, 10),
        steps: steps
            .iter()
            .map(|(step, title, role, planned, actual, note)| StepTiming {
                step: step.to_string(),
                title: title.to_string(),
                role: role.to_string(),
                planned_minutes: *planned,
                actual_minutes: *actual,
                note: note.to_string(),
            })
            .collect(),
        recovery: vec![
            recovery("svc-login", p("Login (own accounts, or Office 365 / G Suite with two-factor)", "Login (eigen accounts, of Office 365 / G Suite met tweefactorauthenticatie)"), 120.0, None),
            recovery("svc-crm-web", p("CRM web application", "CRM-webapplicatie"), 240.0, Some((0.0, 0.0))),
            recovery("svc-mobile-api", p("Mobile API (TLS)", "Mobiele API (TLS)"), 240.0, None),
            recovery("svc-document-archive", p("Archived documents", "Gearchiveerde documenten"), 480.0, None),
        ],
        cost_cents: Some(640_000),
        deviations: vec![
            p("Step \"Fence the failed site\" took 27 min against 15 min planned: the fencing script was missing on the Oslo jump host.", "Stap \"Scherm de uitgevallen locatie af\" duurde 27 min tegen 15 min gepland: het afschermscript ontbrak op de jumphost in Oslo.").into(),
            p("Step \"Inform customers and plan the failback\" was skipped: failback is planned in the change board.", "Stap \"Informeer klanten en plan de terugschakeling\" is overgeslagen: de terugschakeling wordt in de wijzigingsraad gepland.").into(),
        ],
        findings: vec![
            Finding { id: "F-1".into(), severity: p("major", "ernstig").into(), text: p("Fencing depended on a script that existed only in Stavanger.", "Het afschermen hing af van een script dat alleen in Stavanger bestond.").into(), step: Some("fence-failed-site".into()), service: None },
            Finding { id: "F-2".into(), severity: p("observation", "observatie").into(), text: p("The hosting partner's contact answered only at the second call.", "De contactpersoon van de hostingpartner nam pas bij de tweede oproep op.").into(), step: None, service: None },
            Finding { id: "F-3".into(), severity: p("observation", "observatie").into(), text: p("Æsa Ødegård (customer Fjordkraft Handel AS) saw ‘svc-crm-web’ back before the status page said so; the page's extra hosting costs € 40 a month.", "Æsa Ødegård (klant Fjordkraft Handel AS) zag ‘svc-crm-web’ terug voordat de statuspagina dat meldde; de extra hosting van die pagina kost € 40 per maand.").into(), step: None, service: Some("svc-crm-web".into()) },
        ],
        corrective_actions: vec![
            CorrectiveAction { action: p("Keep the fencing script on the jump hosts of both sites and test it monthly", "Bewaar het afschermscript op de jumphosts van beide locaties en test het maandelijks").into(), owner: "technical-lead".into(), due: date(2026, 4, 15), status: "open".into() },
        ],
        sign_off: vec![
            SignOff { role: "incident-manager".into(), name: "Sander de Vries".into(), at: Some(at(20, 15, 0)), statement: p("Exercise carried out as planned; findings accepted", "Oefening uitgevoerd zoals gepland; bevindingen aanvaard").into() },
        ],
        signoffs: Vec::new(),
        next_exercise: date(2027, 3, 19),
        checkpoint: Checkpoint { count: 1212, head_hash: hash("journal-head-drill") },
        scenario_ref: Some(ScenarioRef {
            id: "drill-datacenter-stavanger-loss".into(),
            version: "2026.1".into(),
            path: "drills/datacenter-stavanger-loss.toml".into(),
            sha256: hash("playbooks/drills/datacenter-stavanger-loss.toml@2026.1"),
        }),
        timeline: vec![
            TimelineEntry { at: at(19, 9, 0), text: p("Injected: dc-stavanger", "Geïnjecteerd: dc-stavanger").into() },
            TimelineEntry { at: at(19, 9, 12), text: p("Step done: Confirm which site is lost and declare the outage", "Stap afgerond: Bevestig welke locatie is uitgevallen en stel de uitval vast").into() },
            TimelineEntry { at: at(19, 9, 52), text: p("Injected on cue: db-oslo-1", "Geïnjecteerd op aanwijzing: db-oslo-1").into() },
            TimelineEntry { at: at(19, 10, 5), text: p("Restore point of svc-crm-web: point-in-time, no data lost", "Herstelpunt van svc-crm-web: point-in-time, geen gegevens verloren").into() },
            TimelineEntry { at: at(19, 11, 5), text: p("Restored: dc-stavanger, db-oslo-1", "Hersteld: dc-stavanger, db-oslo-1").into() },
        ],
        trend: vec![
            trend(p("svc-crm-web", "svc-crm-web"), "CRM web application", 240.0, &[(2025, 3, Some(262.0)), (2025, 9, Some(205.0)), (2026, 3, None)]),
            trend("svc-login", "Login", 120.0, &[(2025, 3, Some(131.0)), (2025, 9, Some(96.0)), (2026, 3, None)]),
        ],
    }
}
