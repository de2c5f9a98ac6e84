//! Labels of records in English and Dutch, and the formatting of times, dates and euro amounts.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The language of a record's labels (the content is whatever the run recorded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Dutch.
    Nl,
}

impl std::str::FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(Language::En),
            "nl" => Ok(Language::Nl),
            other => Err(format!("unknown language {other:?} (en or nl)")),
        }
    }
}

/// Every label a record prints, named by what it labels.
pub(crate) struct Labels {
    pub(crate) page_of: &'static str,
    pub(crate) incident_record: &'static str,
    pub(crate) exercise_report: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) reference: &'static str,
    pub(crate) record_id: &'static str,
    pub(crate) classification: &'static str,
    pub(crate) organisation: &'static str,
    pub(crate) generated: &'static str,
    pub(crate) severity: &'static str,
    pub(crate) decision: &'static str,
    pub(crate) incident: &'static str,
    pub(crate) event_only: &'static str,
    pub(crate) decided_by: &'static str,
    pub(crate) rationale: &'static str,
    pub(crate) criterion: &'static str,
    pub(crate) met: &'static str,
    pub(crate) yes: &'static str,
    pub(crate) no: &'static str,
    pub(crate) occurrence: &'static str,
    pub(crate) detection: &'static str,
    pub(crate) awareness: &'static str,
    pub(crate) report: &'static str,
    pub(crate) containment: &'static str,
    pub(crate) recovery: &'static str,
    pub(crate) closure: &'static str,
    pub(crate) not_reached: &'static str,
    pub(crate) affected: &'static str,
    pub(crate) node: &'static str,
    pub(crate) name: &'static str,
    pub(crate) impact: &'static str,
    pub(crate) personal_data: &'static str,
    pub(crate) involved: &'static str,
    pub(crate) categories: &'static str,
    pub(crate) data_subjects: &'static str,
    pub(crate) assessment: &'static str,
    pub(crate) recipient: &'static str,
    pub(crate) estimated_cost: &'static str,
    pub(crate) roles: &'static str,
    pub(crate) role: &'static str,
    pub(crate) person: &'static str,
    pub(crate) assigned: &'static str,
    pub(crate) action_log: &'static str,
    pub(crate) time: &'static str,
    pub(crate) actor: &'static str,
    pub(crate) action: &'static str,
    pub(crate) communications: &'static str,
    pub(crate) channel: &'static str,
    pub(crate) audience: &'static str,
    pub(crate) by: &'static str,
    pub(crate) evidence: &'static str,
    pub(crate) size: &'static str,
    pub(crate) collected: &'static str,
    /// Chain of custody in the evidence table (issue 12).
    pub(crate) custody: CustodyLabels,
    pub(crate) root_cause: &'static str,
    pub(crate) lessons: &'static str,
    pub(crate) corrective_actions: &'static str,
    pub(crate) owner: &'static str,
    pub(crate) due: &'static str,
    pub(crate) status: &'static str,
    pub(crate) sign_off: &'static str,
    pub(crate) pending: &'static str,
    pub(crate) signoffs: &'static str,
    pub(crate) signs_later: &'static str,
    pub(crate) no_key_here: &'static str,
    pub(crate) signoffs_note: &'static str,
    pub(crate) statement: &'static str,
    pub(crate) checkpoint: &'static str,
    pub(crate) events: &'static str,
    pub(crate) head_hash: &'static str,
    pub(crate) checkpoint_note: &'static str,
    pub(crate) exercise_type: &'static str,
    pub(crate) scope: &'static str,
    pub(crate) objectives: &'static str,
    pub(crate) success_criteria: &'static str,
    pub(crate) scenario: &'static str,
    pub(crate) injections: &'static str,
    pub(crate) participants: &'static str,
    pub(crate) playbook: &'static str,
    pub(crate) version: &'static str,
    pub(crate) period: &'static str,
    pub(crate) planned_vs_actual: &'static str,
    pub(crate) step: &'static str,
    pub(crate) planned: &'static str,
    pub(crate) actual: &'static str,
    pub(crate) minutes: &'static str,
    pub(crate) skipped: &'static str,
    pub(crate) note: &'static str,
    pub(crate) rto_rpo: &'static str,
    pub(crate) service: &'static str,
    pub(crate) rto_target: &'static str,
    pub(crate) rto_achieved: &'static str,
    pub(crate) rpo_target: &'static str,
    pub(crate) rpo_achieved: &'static str,
    pub(crate) verdict: &'static str,
    pub(crate) within: &'static str,
    pub(crate) missed: &'static str,
    pub(crate) cost: &'static str,
    pub(crate) deviations: &'static str,
    pub(crate) findings: &'static str,
    pub(crate) next_exercise: &'static str,
    pub(crate) signature: &'static str,
    pub(crate) signed_by: &'static str,
    pub(crate) signed_at: &'static str,
    pub(crate) fingerprint: &'static str,
    pub(crate) signature_note: &'static str,
    pub(crate) embedded_note: &'static str,
    pub(crate) none: &'static str,
    pub(crate) eradication: &'static str,
    pub(crate) moments: &'static str,
    pub(crate) moment: &'static str,
    pub(crate) happened: &'static str,
    pub(crate) recorded: &'static str,
    pub(crate) earlier_reason: &'static str,
    pub(crate) metrics: &'static str,
    pub(crate) metric: &'static str,
    pub(crate) measured_between: &'static str,
    pub(crate) value: &'static str,
    pub(crate) not_measured: &'static str,
    pub(crate) to_detect: &'static str,
    pub(crate) to_report: &'static str,
    pub(crate) to_contain: &'static str,
    pub(crate) to_eradicate: &'static str,
    pub(crate) to_recover: &'static str,
    pub(crate) to_close: &'static str,
    pub(crate) tracks: &'static str,
    pub(crate) other_steps: &'static str,
    pub(crate) outcome: &'static str,
    pub(crate) done: &'static str,
    pub(crate) decided: &'static str,
    pub(crate) failed: &'static str,
    pub(crate) not_applicable: &'static str,
    pub(crate) started: &'static str,
    pub(crate) open: &'static str,
    pub(crate) waiting: &'static str,
    pub(crate) by_decision: &'static str,
    pub(crate) carried_over: &'static str,
    pub(crate) override_: &'static str,
    pub(crate) when_by: &'static str,
    pub(crate) clocks: &'static str,
    pub(crate) clock: &'static str,
    pub(crate) counts: &'static str,
    pub(crate) final_state: &'static str,
    pub(crate) clock_met: &'static str,
    pub(crate) clock_missed: &'static str,
    pub(crate) clock_overdue: &'static str,
    pub(crate) clock_not_applicable: &'static str,
    pub(crate) clock_stopped: &'static str,
    pub(crate) clock_running: &'static str,
    pub(crate) clock_pending: &'static str,
    pub(crate) decisions: &'static str,
    pub(crate) question: &'static str,
    pub(crate) chosen: &'static str,
    pub(crate) overrides: &'static str,
    pub(crate) holder: &'static str,
    pub(crate) reason: &'static str,
    pub(crate) act_started: &'static str,
    pub(crate) act_completed: &'static str,
    pub(crate) act_skipped: &'static str,
    pub(crate) act_failed: &'static str,
    pub(crate) act_decided: &'static str,
    pub(crate) register: &'static str,
    pub(crate) notification: &'static str,
    pub(crate) sent: &'static str,
    pub(crate) acknowledged: &'static str,
    pub(crate) not_sent: &'static str,
    pub(crate) customers: &'static str,
    pub(crate) customers_note: &'static str,
    pub(crate) customer: &'static str,
    pub(crate) told: &'static str,
    pub(crate) not_told: &'static str,
    pub(crate) concurrent: &'static str,
    pub(crate) receipt: &'static str,
    pub(crate) conflicts: &'static str,
    pub(crate) conflict_open: &'static str,
    pub(crate) settled_by: &'static str,
    pub(crate) answers: &'static str,
    pub(crate) team_matched: &'static str,
    pub(crate) team_differed: &'static str,
    pub(crate) team_no_anchor: &'static str,
    pub(crate) unit_day: &'static str,
    pub(crate) unit_hour: &'static str,
    pub(crate) unit_minute: &'static str,
    pub(crate) recorded_later: &'static str,
}

const EN: Labels = Labels {
    page_of: "Page {x} of {n}",
    incident_record: "Incident record",
    exercise_report: "Exercise report (ISO 22301, 8.5)",
    summary: "Summary",
    reference: "Reference",
    record_id: "Record ID",
    classification: "Classification",
    organisation: "Organisation",
    generated: "Generated",
    severity: "Severity",
    decision: "Event or incident",
    incident: "Information security incident",
    event_only: "Event, not an incident",
    decided_by: "Decided by",
    rationale: "Rationale",
    criterion: "Criterion",
    met: "Met",
    yes: "yes",
    no: "no",
    occurrence: "Occurrence",
    detection: "Detection",
    awareness: "Awareness",
    report: "Reported",
    containment: "Contained",
    recovery: "Recovered",
    closure: "Closed",
    not_reached: "not recorded",
    affected: "Affected assets and services",
    node: "Node",
    name: "Name",
    impact: "Impact",
    personal_data: "Personal data",
    involved: "Personal data involved",
    categories: "Categories",
    data_subjects: "Data subjects (approx.)",
    assessment: "Assessment",
    recipient: "Recipient",
    estimated_cost: "Estimated financial impact",
    roles: "Roles",
    role: "Role",
    person: "Person",
    assigned: "Assigned",
    action_log: "Action log (timeline)",
    time: "Time (UTC)",
    actor: "Actor",
    action: "Action",
    communications: "Communications",
    channel: "Channel",
    audience: "Audience",
    by: "By",
    evidence: "Evidence",
    size: "Size",
    collected: "Collected",
    custody: CustodyLabels {
        from: "from",
        how: "how",
        by_reference: "registered by reference (not copied)",
        methods: [
            ("copied-file", "copied file"),
            ("screenshot", "screenshot"),
            ("export", "export from a system"),
            ("memory-image", "memory image"),
            ("disk-image", "disk image"),
            ("other", "other"),
        ],
        viewed: "viewed",
        exported: "exported to",
        handed_over: "handed over to",
    },
    root_cause: "Root cause",
    lessons: "Lessons learned",
    corrective_actions: "Corrective actions",
    owner: "Owner",
    due: "Due",
    status: "Status",
    sign_off: "Sign-off",
    pending: "pending",
    signoffs: "Signed off by, each with their own key",
    signs_later: "signs after this record was fixed: the time is in their signature",
    no_key_here: "no key known",
    signoffs_note: "Each person signs this file with their own key, in this order. The first signature certifies the record and allows only further signatures (and the organisation's seal). Check every signature with: vakt verify FILE.pdf --trust ORGANISATION-CA.pem, pdfsig or pyHanko.",
    statement: "Statement",
    checkpoint: "Journal checkpoint at signing",
    events: "Events",
    head_hash: "Head hash (SHA-256)",
    checkpoint_note: "Check with: vakt verify FILE.pdf (compares this checkpoint with the journal).",
    exercise_type: "Exercise type",
    scope: "Scope",
    objectives: "Objectives",
    success_criteria: "Success criteria",
    scenario: "Scenario",
    injections: "Injected failures",
    participants: "Participants",
    playbook: "Playbook tested",
    version: "Version",
    period: "Period",
    planned_vs_actual: "Planned against actual per step",
    step: "Step",
    planned: "Planned",
    actual: "Actual",
    minutes: "min",
    skipped: "skipped",
    note: "Note",
    rto_rpo: "Achieved RTO and RPO against targets",
    service: "Service",
    rto_target: "RTO target",
    rto_achieved: "RTO achieved",
    rpo_target: "RPO target",
    rpo_achieved: "RPO achieved",
    verdict: "Verdict",
    within: "within target",
    missed: "target missed",
    cost: "Cost of the exercise",
    deviations: "Deviations from the plan",
    findings: "Findings",
    next_exercise: "Next exercise",
    signature: "Digital signature",
    signed_by: "Signed by",
    signed_at: "Signed at",
    fingerprint: "Certificate SHA-256",
    signature_note: "PAdES signature in this file; any change after signing breaks it.",
    embedded_note: "The machine-readable record (JSON) is embedded in this PDF as record.json.",
    none: "none",
    eradication: "Eradicated",
    moments: "Moments",
    moment: "Moment",
    happened: "Happened (claimed)",
    recorded: "Recorded",
    earlier_reason: "Why earlier",
    metrics: "Metrics",
    metric: "Metric",
    measured_between: "Between",
    value: "Value",
    not_measured: "not measured",
    to_detect: "Time to detect",
    to_report: "Time to report",
    to_contain: "Time to contain",
    to_eradicate: "Time to eradicate",
    to_recover: "Time to recover",
    to_close: "Time to close",
    tracks: "Tracks and steps",
    other_steps: "Steps without a track",
    outcome: "Outcome",
    done: "done",
    decided: "decided",
    failed: "failed",
    not_applicable: "not applicable",
    started: "in progress",
    open: "open, not started",
    waiting: "waiting",
    by_decision: "by the decision",
    carried_over: "because this step does not apply:",
    override_: "override",
    when_by: "When, by whom",
    clocks: "Clocks (deadlines)",
    clock: "Clock",
    counts: "Counts from → stops at",
    final_state: "Final state",
    clock_met: "met at {t}, {d} to spare",
    clock_missed: "missed by {d} (deadline {t})",
    clock_overdue: "overdue by {d} (deadline {t})",
    clock_not_applicable: "not applicable",
    clock_stopped: "stopped when the run closed at {t}, before its deadline",
    clock_running: "still running when the record was made; deadline {t}",
    clock_pending: "not started: its start moment was never recorded",
    decisions: "Decisions",
    question: "Question",
    chosen: "Chosen",
    overrides: "Actions outside one's role (overrides)",
    holder: "Role held by",
    reason: "Reason",
    act_started: "started",
    act_completed: "completed",
    act_skipped: "skipped",
    act_failed: "marked failed",
    act_decided: "decided",
    register: "Notifications register",
    notification: "Notification",
    sent: "Sent",
    acknowledged: "Acknowledged",
    not_sent: "not sent",
    customers: "Early notices to affected customers",
    customers_note: "As processor we tell each affected customer (the controller) without waiting for certainty (GDPR Art. 33(2)).",
    customer: "Customer",
    told: "{n} of {m} customers told",
    not_told: "Not yet told",
    concurrent: "Concurrent actions (did not count)",
    receipt: "Server receipt",
    conflicts: "Decisions answered differently",
    conflict_open: "OPEN: the incident manager settles it by deciding again",
    settled_by: "Settled by",
    answers: "Answers",
    team_matched: "Team server: at anchor #{seq} ({time}, {reason}) this laptop's journal matched what the server held ({chains} device chains).",
    team_differed: "Team server: at anchor #{seq} ({time}, {reason}) this laptop's journal did NOT match the server: {detail}.",
    team_no_anchor: "Team server: set, but no anchor was stored from this laptop yet; not compared.",
    unit_day: "d",
    unit_hour: "h",
    unit_minute: "min",
    recorded_later: "recorded {t}",
};

const NL: Labels = Labels {
    page_of: "Pagina {x} van {n}",
    incident_record: "Incidentrapport",
    exercise_report: "Oefenrapport (ISO 22301, 8.5)",
    summary: "Samenvatting",
    reference: "Kenmerk",
    record_id: "Record-ID",
    classification: "Classificatie",
    organisation: "Organisatie",
    generated: "Gegenereerd",
    severity: "Ernst",
    decision: "Gebeurtenis of incident",
    incident: "Informatiebeveiligingsincident",
    event_only: "Gebeurtenis, geen incident",
    decided_by: "Besloten door",
    rationale: "Onderbouwing",
    criterion: "Criterium",
    met: "Voldaan",
    yes: "ja",
    no: "nee",
    occurrence: "Optreden",
    detection: "Detectie",
    awareness: "Kennisname",
    report: "Gemeld",
    containment: "Ingedamd",
    recovery: "Hersteld",
    closure: "Afgesloten",
    not_reached: "niet vastgelegd",
    affected: "Getroffen middelen en diensten",
    node: "Knooppunt",
    name: "Naam",
    impact: "Impact",
    personal_data: "Persoonsgegevens",
    involved: "Persoonsgegevens betrokken",
    categories: "Categorieën",
    data_subjects: "Betrokkenen (ca.)",
    assessment: "Beoordeling",
    recipient: "Ontvanger",
    estimated_cost: "Geschatte financiële impact",
    roles: "Rollen",
    role: "Rol",
    person: "Persoon",
    assigned: "Toegewezen",
    action_log: "Actielogboek (tijdlijn)",
    time: "Tijd (UTC)",
    actor: "Door",
    action: "Actie",
    communications: "Communicatie",
    channel: "Kanaal",
    audience: "Publiek",
    by: "Door",
    evidence: "Bewijsmateriaal",
    size: "Grootte",
    collected: "Verzameld",
    custody: CustodyLabels {
        from: "van",
        how: "hoe",
        by_reference: "geregistreerd als verwijzing (niet gekopieerd)",
        methods: [
            ("copied-file", "gekopieerd bestand"),
            ("screenshot", "schermafbeelding"),
            ("export", "export uit een systeem"),
            ("memory-image", "geheugenimage"),
            ("disk-image", "schijfimage"),
            ("other", "anders"),
        ],
        viewed: "bekeken",
        exported: "geëxporteerd naar",
        handed_over: "overgedragen aan",
    },
    root_cause: "Grondoorzaak",
    lessons: "Geleerde lessen",
    corrective_actions: "Corrigerende maatregelen",
    owner: "Eigenaar",
    due: "Uiterlijk",
    status: "Status",
    sign_off: "Aftekening",
    pending: "openstaand",
    signoffs: "Afgetekend door, elk met een eigen sleutel",
    signs_later: "tekent nadat dit verslag is vastgelegd: de tijd staat in de handtekening",
    no_key_here: "geen sleutel bekend",
    signoffs_note: "Elke persoon ondertekent dit bestand met een eigen sleutel, in deze volgorde. De eerste handtekening certificeert het verslag en staat alleen verdere handtekeningen toe (en het zegel van de organisatie). Controleer elke handtekening met: vakt verify BESTAND.pdf --trust ORGANISATIE-CA.pem, pdfsig of pyHanko.",
    statement: "Verklaring",
    checkpoint: "Journaal-controlepunt bij ondertekening",
    events: "Gebeurtenissen",
    head_hash: "Laatste hash (SHA-256)",
    checkpoint_note: "Controleer met: vakt verify BESTAND.pdf (vergelijkt dit controlepunt met het journaal).",
    exercise_type: "Soort oefening",
    scope: "Reikwijdte",
    objectives: "Doelen",
    success_criteria: "Succescriteria",
    scenario: "Scenario",
    injections: "Ingebrachte storingen",
    participants: "Deelnemers",
    playbook: "Geteste playbook",
    version: "Versie",
    period: "Periode",
    planned_vs_actual: "Gepland tegenover werkelijk per stap",
    step: "Stap",
    planned: "Gepland",
    actual: "Werkelijk",
    minutes: "min",
    skipped: "overgeslagen",
    note: "Opmerking",
    rto_rpo: "Behaalde RTO en RPO tegenover doelen",
    service: "Dienst",
    rto_target: "RTO-doel",
    rto_achieved: "RTO behaald",
    rpo_target: "RPO-doel",
    rpo_achieved: "RPO behaald",
    verdict: "Oordeel",
    within: "binnen doel",
    missed: "doel gemist",
    cost: "Kosten van de oefening",
    deviations: "Afwijkingen van het plan",
    findings: "Bevindingen",
    next_exercise: "Volgende oefening",
    signature: "Digitale handtekening",
    signed_by: "Ondertekend door",
    signed_at: "Ondertekend op",
    fingerprint: "Certificaat SHA-256",
    signature_note: "PAdES-handtekening in dit bestand; elke wijziging na ondertekening verbreekt haar.",
    embedded_note: "Het machineleesbare record (JSON) is in deze PDF ingebed als record.json.",
    none: "geen",
    eradication: "Uitgeroeid",
    moments: "Momenten",
    moment: "Moment",
    happened: "Gebeurd (opgegeven)",
    recorded: "Vastgelegd",
    earlier_reason: "Waarom eerder",
    metrics: "Kengetallen",
    metric: "Kengetal",
    measured_between: "Tussen",
    value: "Waarde",
    not_measured: "niet gemeten",
    to_detect: "Tijd tot detectie",
    to_report: "Tijd tot melding",
    to_contain: "Tijd tot indamming",
    to_eradicate: "Tijd tot uitroeiing",
    to_recover: "Tijd tot herstel",
    to_close: "Tijd tot afsluiting",
    tracks: "Sporen en stappen",
    other_steps: "Stappen zonder spoor",
    outcome: "Uitkomst",
    done: "uitgevoerd",
    decided: "besloten",
    failed: "mislukt",
    not_applicable: "niet van toepassing",
    started: "bezig",
    open: "open, niet gestart",
    waiting: "wachtend",
    by_decision: "door het besluit",
    carried_over: "omdat deze stap niet van toepassing is:",
    override_: "buiten rol",
    when_by: "Wanneer, door wie",
    clocks: "Termijnen",
    clock: "Termijn",
    counts: "Loopt van → stopt bij",
    final_state: "Eindtoestand",
    clock_met: "gehaald op {t}, {d} over",
    clock_missed: "gemist met {d} (termijn {t})",
    clock_overdue: "verlopen met {d} (termijn {t})",
    clock_not_applicable: "niet van toepassing",
    clock_stopped: "gestopt bij afsluiting op {t}, vóór de termijn",
    clock_running: "liep nog toen het rapport werd gemaakt; termijn {t}",
    clock_pending: "niet gestart: het startmoment is nooit vastgelegd",
    decisions: "Besluiten",
    question: "Vraag",
    chosen: "Gekozen",
    overrides: "Handelingen buiten de eigen rol",
    holder: "Rol in handen van",
    reason: "Reden",
    act_started: "gestart",
    act_completed: "afgerond",
    act_skipped: "overgeslagen",
    act_failed: "als mislukt gemarkeerd",
    act_decided: "besloten",
    register: "Meldingenregister",
    notification: "Melding",
    sent: "Verzonden",
    acknowledged: "Bevestigd",
    not_sent: "niet verzonden",
    customers: "Vroegtijdige berichten aan getroffen klanten",
    customers_note: "Als verwerker informeren we elke getroffen klant (de verwerkingsverantwoordelijke) zonder op zekerheid te wachten (AVG art. 33 lid 2).",
    customer: "Klant",
    told: "{n} van {m} klanten geïnformeerd",
    not_told: "Nog niet geïnformeerd",
    concurrent: "Gelijktijdige handelingen (telden niet mee)",
    receipt: "Serverontvangst",
    conflicts: "Beslissingen verschillend beantwoord",
    conflict_open: "OPEN: de incidentmanager beslecht dit door opnieuw te beslissen",
    settled_by: "Beslecht door",
    answers: "Antwoorden",
    team_matched: "Teamserver: bij anker #{seq} ({time}, {reason}) kwam het journaal van deze laptop overeen met wat de server had ({chains} apparaatketens).",
    team_differed: "Teamserver: bij anker #{seq} ({time}, {reason}) kwam het journaal van deze laptop NIET overeen met de server: {detail}.",
    team_no_anchor: "Teamserver: ingesteld, maar deze laptop heeft nog geen anker opgeslagen; niet vergeleken.",
    unit_day: "d",
    unit_hour: "u",
    unit_minute: "min",
    recorded_later: "vastgelegd {t}",
};

impl Labels {
    /// The name of built-in moment `id` (occurrence, detection, …), or `None`.
    pub(crate) fn moment(&self, id: &str) -> Option<&'static str> {
        Some(match id {
            "occurrence" => self.occurrence,
            "detection" => self.detection,
            "report" => self.report,
            "awareness" => self.awareness,
            "containment" => self.containment,
            "eradication" => self.eradication,
            "recovery" => self.recovery,
            "closure" => self.closure,
            _ => return None,
        })
    }

    /// The name of metric `id` (`to_detect`, …), or the id itself.
    pub(crate) fn metric<'a>(&self, id: &'a str) -> &'a str {
        match id {
            "to_detect" => self.to_detect,
            "to_report" => self.to_report,
            "to_contain" => self.to_contain,
            "to_eradicate" => self.to_eradicate,
            "to_recover" => self.to_recover,
            "to_close" => self.to_close,
            other => other,
        }
    }

    /// What a journal event kind did to a step, in words.
    pub(crate) fn act<'a>(&self, kind: &'a str) -> &'a str {
        match kind {
            "step.started" => self.act_started,
            "step.completed" => self.act_completed,
            "step.skipped" => self.act_skipped,
            "step.failed" => self.act_failed,
            "decision.taken" => self.act_decided,
            other => other,
        }
    }

    /// A span of seconds: `2 d 4 h`, `3 h 12 min`, `25 min` (`u` for hours in Dutch).
    pub(crate) fn span(&self, seconds: i64) -> String {
        let sign = if seconds < 0 { "-" } else { "" };
        let minutes = seconds.unsigned_abs() / 60;
        let (d, h, m) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
        let text = match (d, h, m) {
            (0, 0, m) => format!("{m} {}", self.unit_minute),
            (0, h, 0) => format!("{h} {}", self.unit_hour),
            (0, h, m) => format!("{h} {} {m} {}", self.unit_hour, self.unit_minute),
            (d, 0, _) => format!("{d} {}", self.unit_day),
            (d, h, _) => format!("{d} {} {h} {}", self.unit_day, self.unit_hour),
        };
        format!("{sign}{text}")
    }

    /// "yes" or "no".
    pub(crate) fn yes_no(&self, b: bool) -> String {
        if b { self.yes } else { self.no }.to_string()
    }
}

impl Language {
    /// The labels of this language.
    pub(crate) fn labels(self) -> &'static Labels {
        match self {
            Language::En => &EN,
            Language::Nl => &NL,
        }
    }
}

/// A moment as printed: `2026-03-14 09:12 UTC`.
pub(crate) fn when(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// An optional moment, or the "not recorded" label.
pub(crate) fn when_opt(t: &Option<DateTime<Utc>>, l: &Labels) -> String {
    t.as_ref()
        .map(when)
        .unwrap_or_else(|| l.not_reached.to_string())
}

/// A date: `2026-03-14`.
pub(crate) fn day(d: &NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Euro cents in the language's convention: `€ 18.450,00` or `€18,450.00`.
pub(crate) fn euro(cents: i64, lang: Language) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (whole, frac) = (abs / 100, abs % 100);
    let digits = whole.to_string();
    let (group, decimal) = match lang {
        Language::En => (',', '.'),
        Language::Nl => ('.', ','),
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    match lang {
        Language::En => format!("{sign}€{grouped}{decimal}{frac:02}"),
        Language::Nl => format!("€ {sign}{grouped}{decimal}{frac:02}"),
    }
}

/// Minutes as printed: whole numbers without decimals, else one decimal.
pub(crate) fn minutes(m: f64) -> String {
    if (m - m.round()).abs() < 0.05 {
        format!("{}", m.round() as i64)
    } else {
        format!("{m:.1}")
    }
}

/// A byte size: `18.2 MB`.
pub(crate) fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euro_amounts_follow_the_language() {
        assert_eq!(euro(1_845_000, Language::Nl), "€ 18.450,00");
        assert_eq!(euro(1_845_000, Language::En), "€18,450.00");
        assert_eq!(euro(-5, Language::En), "-€0.05");
        assert_eq!(euro(123_456_789, Language::Nl), "€ 1.234.567,89");
    }

    #[test]
    fn spans_read_in_the_language() {
        let (en, nl) = (Language::En.labels(), Language::Nl.labels());
        assert_eq!(en.span(25 * 60 + 59), "25 min");
        assert_eq!(en.span(3 * 3600 + 12 * 60), "3 h 12 min");
        assert_eq!(nl.span(3 * 3600), "3 u");
        assert_eq!(en.span(2 * 86400 + 4 * 3600 + 59), "2 d 4 h");
        assert_eq!(nl.span(-(30 * 3600 + 26 * 60)), "-1 d 6 u");
    }

    #[test]
    fn sizes_and_minutes_read_naturally() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(18_200_000), "18.2 MB");
        assert_eq!(minutes(47.0), "47");
        assert_eq!(minutes(12.5), "12.5");
    }
}

/// The words of the chain of custody in the evidence table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CustodyLabels {
    pub(crate) from: &'static str,
    pub(crate) how: &'static str,
    pub(crate) by_reference: &'static str,
    /// Method id → words.
    pub(crate) methods: [(&'static str, &'static str); 6],
    pub(crate) viewed: &'static str,
    pub(crate) exported: &'static str,
    pub(crate) handed_over: &'static str,
}

impl CustodyLabels {
    /// The words for method `id` (the id itself when unknown).
    pub(crate) fn method<'a>(&self, id: &'a str) -> &'a str {
        self.methods
            .iter()
            .find(|(m, _)| *m == id)
            .map_or(id, |(_, words)| words)
    }
}
