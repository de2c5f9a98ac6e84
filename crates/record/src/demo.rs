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

/// The demo incident record; `extra_actions` appends that many more action-log entries.
pub fn demo_incident(extra_actions: usize) -> IncidentRecord {
    let mut actions = vec![
        (
            at(14, 8, 47),
            "monitoring",
            "Alarm: replicatievertraging CRM-database > 15 min (dc-stavanger)",
        ),
        (
            at(14, 8, 52),
            "Sander de Vries",
            "Run gestart: incidentprocedure (ISO/IEC 27035)",
        ),
        (
            at(14, 8, 55),
            "Sander de Vries",
            "Rol toegewezen: incident-manager → Sander de Vries",
        ),
        (
            at(14, 8, 56),
            "Sander de Vries",
            "Rol toegewezen: technical-lead → Ingrid Sæther",
        ),
        (
            at(14, 9, 4),
            "Ingrid Sæther",
            "Stap klaar: storage-array in dc-stavanger meldt controllerfout",
        ),
        (
            at(14, 9, 10),
            "Sander de Vries",
            "Besluit: incident, ernst Hoog (P2); criteria bijgevoegd",
        ),
        (
            at(14, 9, 18),
            "Ingrid Sæther",
            "Stap klaar: failover CRM-database naar dc-oslo gestart",
        ),
        (
            at(14, 9, 41),
            "Ingrid Sæther",
            "Stap klaar: ‘svc-crm-web’ en ‘svc-mobile-api’ draaien vanuit dc-oslo",
        ),
        (
            at(14, 9, 44),
            "Anneke Jansen",
            "Bewijs toegevoegd: storage-controller-log.tar.gz (SHA-256 vastgelegd)",
        ),
        (
            at(14, 10, 5),
            "Bjørn Åsheim",
            "Notitie: hostingpartner bevestigt defecte controller, vervanging besteld",
        ),
        (
            at(14, 11, 30),
            "Sofie Bakker",
            "Besluit: melding Datatilsynet niet vereist (geen verlies van persoonsgegevens)",
        ),
        (
            at(15, 14, 0),
            "Ingrid Sæther",
            "Stap klaar: replicatie terug naar dc-stavanger, consistentie gecontroleerd",
        ),
        (
            at(16, 10, 0),
            "Sander de Vries",
            "Evaluatie gehouden; corrigerende maatregelen vastgelegd",
        ),
        (
            at(16, 16, 30),
            "Sander de Vries",
            "Incident afgesloten en afgetekend",
        ),
    ];
    let base = at(14, 11, 45);
    for i in 0..extra_actions {
        actions.push((
            base + Duration::minutes(i as i64 * 3),
            if i % 2 == 0 { "Ingrid Sæther" } else { "Kåre Østby" },
            "Controle: consistentiecheck tabelreeks voltooid, geen afwijkingen (‘rowcount’ en checksum gelijk)",
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
        })
        .collect();
    IncidentRecord {
        identity: RecordIdentity {
            id: Uuid::from_u128(0x0196_2f4e_8c1a_7d3b_9e55_6a0c_2b7f_1d01),
            reference: "INC-2026-0042".into(),
            title: "Uitval opslag in datacenter Stavanger; failover naar Oslo".into(),
            classification: "Vertrouwelijk".into(),
            organisation: "Demo CRM Online AS".into(),
            generated_at: at(16, 16, 45),
        },
        summary: "Een defecte storage-controller in datacenter Stavanger vertraagde de replicatie van de \
                  CRM-database (SQL Server). De dienst is binnen 49 minuten overgezet naar datacenter Oslo; \
                  er is geen data verloren gegaan. Klanten zagen 23 minuten verminderde prestaties van \
                  ‘CRM web’ en de mobiele API."
            .into(),
        times: IncidentTimes {
            occurrence: Some(at(14, 8, 31)),
            detection: Some(at(14, 8, 47)),
            awareness: Some(at(14, 9, 10)),
            report: Some(at(14, 8, 52)),
            containment: Some(at(14, 9, 41)),
            recovery: Some(at(15, 14, 0)),
            closure: Some(at(16, 16, 30)),
        },
        classification: Classification {
            is_incident: true,
            criteria: vec![
                Criterion { text: "Beschikbaarheid van een kritieke dienst aangetast (svc-crm-web)".into(), met: true },
                Criterion { text: "Integriteit of vertrouwelijkheid van klantgegevens in gevaar".into(), met: false },
                Criterion { text: "Herstel vereist uitwijk naar het andere datacenter".into(), met: true },
            ],
            decided_by: "Sander de Vries (incident-manager)".into(),
            decided_at: at(14, 9, 10),
            rationale: "Twee van de drie criteria voldaan; de uitwijk raakt alle klanten in de EU/EER.".into(),
            severity: "Hoog (P2)".into(),
        },
        affected: vec![
            Affected { node: "store-crm-db".into(), name: "CRM-database (SQL Server)".into(), impact: "Replicatie 22 min achter; failover naar dc-oslo".into() },
            Affected { node: "svc-crm-web".into(), name: "CRM web".into(), impact: "23 min trage respons (p95 4,1 s)".into() },
            Affected { node: "svc-mobile-api".into(), name: "Mobiele API".into(), impact: "Time-outs voor 6 % van de verzoeken".into() },
            Affected { node: "dc-stavanger".into(), name: "Datacenter Stavanger".into(), impact: "Storage-array defect; controller vervangen".into() },
        ],
        personal_data: PersonalData {
            involved: true,
            categories: vec!["contactgegevens".into(), "klantnotities".into()],
            data_subjects: Some(184_000),
            assessment: "Alleen beschikbaarheid tijdelijk verminderd; geen verlies, wijziging of inzage door \
                         onbevoegden. Laag risico voor betrokkenen."
                .into(),
        },
        notifications: vec![
            Notification {
                recipient: "Datatilsynet".into(),
                required: false,
                decision: "Geen melding: geen inbreuk op vertrouwelijkheid of integriteit, beschikbaarheid binnen 1 uur hersteld".into(),
                decided_by: "Sofie Bakker (dpo)".into(),
                decided_at: at(14, 11, 30),
                deadline: Some(at(17, 9, 10)),
                notified_at: None,
                reference: None,
            },
            Notification {
                recipient: "Klanten (AVG art. 34)".into(),
                required: false,
                decision: "Geen individuele melding; statuspagina bijgewerkt".into(),
                decided_by: "Sofie Bakker (dpo)".into(),
                decided_at: at(14, 11, 35),
                deadline: None,
                notified_at: None,
                reference: None,
            },
        ],
        estimated_cost_cents: Some(1_845_000),
        roles: vec![
            RoleAssignment { role: "incident-manager".into(), person: "Sander de Vries".into(), assigned_at: at(14, 8, 55) },
            RoleAssignment { role: "technical-lead".into(), person: "Ingrid Sæther".into(), assigned_at: at(14, 8, 56) },
            RoleAssignment { role: "communications".into(), person: "Maaike van den Berg".into(), assigned_at: at(14, 9, 0) },
            RoleAssignment { role: "scribe".into(), person: "Anneke Jansen".into(), assigned_at: at(14, 9, 0) },
            RoleAssignment { role: "dpo".into(), person: "Sofie Bakker".into(), assigned_at: at(14, 9, 15) },
            RoleAssignment { role: "hosting-partner-contact".into(), person: "Bjørn Åsheim".into(), assigned_at: at(14, 9, 20) },
        ],
        actions,
        communications: vec![
            Communication { at: at(14, 9, 5), channel: "statuspagina".into(), audience: "alle klanten".into(), summary: "“Verminderde prestaties CRM; we werken aan herstel.”".into(), by: "Maaike van den Berg".into() },
            Communication { at: at(14, 9, 50), channel: "statuspagina".into(), audience: "alle klanten".into(), summary: "“Dienst hersteld vanuit ons tweede datacenter.”".into(), by: "Maaike van den Berg".into() },
            Communication { at: at(14, 9, 55), channel: "e-post".into(), audience: "Norske kunder".into(), summary: "«Ærlig talt: ingen kundedata gikk tapt; tjenesten kjørte fra Oslo. Beklager ulempen.» – Kåre Østby".into(), by: "Kåre Østby".into() },
            Communication { at: at(14, 10, 5), channel: "telefoon".into(), audience: "hostingpartner".into(), summary: "Vervanging controller afgesproken, levering binnen 24 uur".into(), by: "Bjørn Åsheim".into() },
        ],
        evidence: vec![
            Evidence { name: "storage-controller-log.tar.gz".into(), sha256: hash("storage-controller-log"), size: 18_204_311, collected_at: at(14, 9, 44), collected_by: "Anneke Jansen".into() },
            Evidence { name: "replicatie-vertraging.png".into(), sha256: hash("replicatie-vertraging"), size: 241_877, collected_at: at(14, 9, 46), collected_by: "Anneke Jansen".into() },
            Evidence { name: "failover-uitvoer-dc-oslo.txt".into(), sha256: hash("failover-uitvoer"), size: 9_315, collected_at: at(14, 9, 42), collected_by: "Ingrid Sæther".into() },
        ],
        root_cause: "Firmwarefout in de storage-controller (bekend bij de leverancier sinds februari) \
                     gecombineerd met een uitgestelde firmware-update bij de hostingpartner."
            .into(),
        lessons: vec![
            "De failover verliep volgens het draaiboek; het besluit tot uitwijk kwam na 23 minuten, dat kan sneller.".into(),
            "Alarmering op replicatievertraging werkte; de drempel van 15 minuten is te ruim voor het RPO van 5 minuten.".into(),
        ],
        corrective_actions: vec![
            CorrectiveAction { action: "Drempel replicatie-alarm naar 3 minuten".into(), owner: "Ingrid Sæther".into(), due: date(2026, 3, 31), status: "open".into() },
            CorrectiveAction { action: "Firmware-updates storage opnemen in het onderhoudsvenster (24 uur vooraf melden)".into(), owner: "Bjørn Åsheim".into(), due: date(2026, 4, 30), status: "open".into() },
        ],
        sign_off: vec![
            SignOff { role: "incident-manager".into(), name: "Sander de Vries".into(), at: Some(at(16, 16, 30)), statement: "Rapport volledig en juist".into() },
            SignOff { role: "dpo".into(), name: "Sofie Bakker".into(), at: Some(at(16, 16, 40)), statement: "AVG-beoordeling akkoord".into() },
        ],
        checkpoint: Checkpoint { count: 1041 + 14 + extra_actions as u64, head_hash: hash("journal-head-incident") },
    }
}

/// The demo exercise report: a failover drill from Stavanger to Oslo.
pub fn demo_exercise() -> ExerciseReport {
    let steps = [
        (
            "S1",
            "Storing vaststellen en drill-run openen",
            "incident-manager",
            5.0,
            Some(4.0),
            "",
        ),
        (
            "S2",
            "Hostingpartner informeren (Bjørn Åsheim)",
            "hosting-partner-contact",
            10.0,
            Some(12.5),
            "Contactpersoon pas bij tweede poging bereikt",
        ),
        (
            "S3",
            "CRM-database failover naar dc-oslo",
            "technical-lead",
            20.0,
            Some(17.0),
            "",
        ),
        (
            "S4",
            "VPN site-to-site omleggen",
            "responder",
            10.0,
            Some(22.0),
            "Firewallregel ontbrak in dc-oslo",
        ),
        (
            "S5",
            "Controle ‘svc-crm-web’ en ‘svc-mobile-api’",
            "responder",
            10.0,
            Some(8.0),
            "",
        ),
        (
            "S6",
            "Documentarchief controleren (Azure West-Europa)",
            "responder",
            5.0,
            None,
            "Overgeslagen: archief niet geraakt door scenario",
        ),
        (
            "S7",
            "Statuspagina bijwerken",
            "communications",
            5.0,
            Some(3.0),
            "",
        ),
        (
            "S8",
            "Terugschakelen naar dc-stavanger",
            "technical-lead",
            30.0,
            Some(34.0),
            "Extra consistentiecontrole",
        ),
    ];
    ExerciseReport {
        identity: RecordIdentity {
            id: Uuid::from_u128(0x0196_3a10_44c2_7e01_8f3d_5b2a_9c6e_0e02),
            reference: "DRILL-2026-007".into(),
            title: "Uitwijkoefening: verlies datacenter Stavanger".into(),
            classification: "Intern".into(),
            organisation: "Demo CRM Online AS".into(),
            generated_at: at(20, 15, 30),
        },
        exercise_type: "Functionele oefening met echte failover (ISO 22301, 8.5)".into(),
        scope: "Productieomgeving van CRM web, mobiele API en login in beide Noorse datacenters; \
                documentarchief op Azure alleen ter controle."
            .into(),
        objectives: vec![
            "Aantonen dat de failover naar dc-oslo binnen het RTO van 60 minuten lukt.".into(),
            "Aantonen dat het RPO van 5 minuten voor de CRM-database wordt gehaald.".into(),
            "De samenwerking met de hostingpartner oefenen, inclusief escalatie.".into(),
        ],
        success_criteria: vec![
            Criterion { text: "svc-crm-web binnen 60 minuten beschikbaar vanuit dc-oslo".into(), met: true },
            Criterion { text: "Dataverlies CRM-database ≤ 5 minuten".into(), met: true },
            Criterion { text: "Alle stappen binnen 120 % van de geplande tijd".into(), met: false },
        ],
        scenario: "Om 09:00 valt datacenter Stavanger volledig uit (stroom en koeling). De hostingpartner \
                   bevestigt na 10 minuten dat herstel ter plaatse meer dan 8 uur duurt."
            .into(),
        injections: vec![
            Injection { at: at(19, 9, 0), node: "dc-stavanger".into(), description: "Volledige uitval datacenter (gesimuleerd)".into() },
            Injection { at: at(19, 9, 25), node: "vpn-site-to-site".into(), description: "VPN-tunnel naar Stavanger verbroken".into() },
        ],
        participants: vec![
            Participant { name: "Sander de Vries".into(), role: "incident-manager".into(), organisation: "Demo CRM Online AS".into() },
            Participant { name: "Ingrid Sæther".into(), role: "technical-lead".into(), organisation: "Demo CRM Online AS".into() },
            Participant { name: "Kåre Østby".into(), role: "responder".into(), organisation: "Demo CRM Online AS".into() },
            Participant { name: "Maaike van den Berg".into(), role: "communications".into(), organisation: "Demo CRM Online AS".into() },
            Participant { name: "Bjørn Åsheim".into(), role: "hosting-partner-contact".into(), organisation: "Hostingpartner (Noorwegen)".into() },
            Participant { name: "Live Ærøy".into(), role: "responder".into(), organisation: "Hostingpartner (Noorwegen)".into() },
            Participant { name: "Joost Vermeulen".into(), role: "auditor".into(), organisation: "Extern, waarnemer".into() },
        ],
        playbook: PlaybookVersion {
            id: "dr-failover-datacenter".into(),
            title: "Failover tussen de Noorse datacenters".into(),
            version: "3".into(),
            sha256: hash("playbooks/dr/failover-datacenter.toml@3"),
        },
        started_at: at(19, 9, 0),
        ended_at: at(19, 12, 10),
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
            ServiceRecovery { service: "svc-crm-web".into(), name: "CRM web".into(), rto_target_minutes: 60.0, rto_achieved_minutes: Some(49.0), rpo_target_minutes: 5.0, rpo_achieved_minutes: Some(2.0) },
            ServiceRecovery { service: "svc-mobile-api".into(), name: "Mobiele API".into(), rto_target_minutes: 60.0, rto_achieved_minutes: Some(52.0), rpo_target_minutes: 5.0, rpo_achieved_minutes: Some(2.0) },
            ServiceRecovery { service: "svc-login".into(), name: "Login".into(), rto_target_minutes: 30.0, rto_achieved_minutes: Some(41.0), rpo_target_minutes: 5.0, rpo_achieved_minutes: Some(0.0) },
            ServiceRecovery { service: "svc-status-page".into(), name: "Statuspagina".into(), rto_target_minutes: 15.0, rto_achieved_minutes: Some(3.0), rpo_target_minutes: 60.0, rpo_achieved_minutes: Some(0.0) },
        ],
        cost_cents: Some(640_000),
        deviations: vec![
            "S4 duurde 22 in plaats van 10 minuten: de firewallregel voor de VPN ontbrak in dc-oslo.".into(),
            "S6 overgeslagen: het documentarchief op Azure viel buiten het scenario.".into(),
        ],
        findings: vec![
            Finding { id: "F-1".into(), severity: "major".into(), text: "Login haalde het RTO van 30 minuten niet (41 min): afhankelijk van de VPN-stap.".into() },
            Finding { id: "F-2".into(), severity: "minor".into(), text: "Contactgegevens hostingpartner in het draaiboek verouderd.".into() },
        ],
        corrective_actions: vec![
            CorrectiveAction { action: "Firewallregels voor VPN in beide datacenters gelijktrekken en in de topologie vastleggen".into(), owner: "Ingrid Sæther".into(), due: date(2026, 4, 15), status: "open".into() },
            CorrectiveAction { action: "Contactlijst hostingpartner bijwerken in playbooks/workspace.toml".into(), owner: "Maaike van den Berg".into(), due: date(2026, 3, 27), status: "open".into() },
        ],
        sign_off: vec![
            SignOff { role: "incident-manager".into(), name: "Sander de Vries".into(), at: Some(at(20, 15, 0)), statement: "Oefening uitgevoerd volgens plan, bevindingen geaccepteerd".into() },
            SignOff { role: "auditor".into(), name: "Joost Vermeulen".into(), at: None, statement: "Waarneming".into() },
        ],
        next_exercise: date(2026, 9, 17),
        checkpoint: Checkpoint { count: 1212, head_hash: hash("journal-head-drill") },
    }
}
