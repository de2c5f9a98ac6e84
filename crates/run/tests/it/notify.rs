//! Drafting notifications from the run's facts.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::collections::BTreeMap;

use vakt_run::{Action, FACTS, draft};

use crate::util::*;

#[test]
fn draft_fills_placeholders_and_shows_the_missing_ones() {
    let facts: BTreeMap<String, String> = [
        ("what_happened", "A stolen laptop"),
        ("records_approx", "about 1,200"),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .into();
    assert_eq!(
        draft(
            "# {{what_happened}}\nRecords: {{ records_approx }}; contact {{contact_point}}.\n{{unclosed",
            &facts
        ),
        "# A stolen laptop\nRecords: about 1,200; contact [missing: contact_point].\n{{unclosed"
    );
    assert_eq!(draft("", &facts), "");
    assert_eq!(draft("{{}}", &facts), "[missing: ]");
    assert_eq!(
        draft("é {{what_happened}} ü", &facts),
        "é A stolen laptop ü"
    );
}

#[test]
fn a_run_records_facts_and_drafts_each_notification_from_them() {
    let mut f = fixture();
    let run = start(&mut f);
    act(&mut f, &run, complete("report")).unwrap();
    let facts: BTreeMap<String, String> = FACTS
        .iter()
        .map(|k| (k.to_string(), format!("<{k}>")))
        .collect();
    act(&mut f, &run, Action::RecordFacts { facts }).unwrap();
    let s = act(
        &mut f,
        &run,
        Action::RecordFacts {
            facts: [("measures_taken".to_string(), "Accounts locked".to_string())].into(),
        },
    )
    .unwrap();
    act(
        &mut f,
        &run,
        Action::AffectedCustomer {
            customer: "acme".into(),
        },
    )
    .unwrap();
    let err = act(
        &mut f,
        &run,
        Action::AffectedCustomer {
            customer: "acme".into(),
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "already recorded: customer `acme` as affected"
    );
    let facts = s.draft_facts("Stavanger Cloud AS", "customer-early-notice", Some("acme"));
    let text = draft(
        "Dear {{recipient}}, {{organisation}} writes about \"{{run_title}}\", detected \
         {{detection_at}}. Done: {{measures_taken}}. {{data_subjects_approx}}",
        &facts,
    );
    assert_eq!(
        text,
        "Dear acme, Stavanger Cloud AS writes about \"Breach at a customer\", detected \
         2026-11-26T08:00:00.000000Z. Done: Accounts locked. <data_subjects_approx>"
    );
    let s = act(
        &mut f,
        &run,
        Action::DraftNotification {
            notification: "authority".into(),
            customer: None,
        },
    )
    .unwrap();
    assert_eq!(s.notifications[0].word(), "drafted");
    assert_eq!(s.notifications[0].drafted.as_ref().unwrap().by, "kari");
    assert_eq!(
        s.draft_facts("X", "authority", None)["recipient"],
        "datatilsynet"
    );
}
