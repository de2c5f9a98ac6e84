//! Issue 10, the auditor's scenario: a breach where we are processor only. Contain and notify
//! are active together, the Art. 33 72 h clock does not apply (and says which decision made it
//! so), the national (NSM) clock runs, and the customers' early notice stops its clock.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use chrono::Duration;
use vakt_run::{Action, ClockState, RuledOut, StepStatus};
use vakt_sources::Clock;

use crate::util::*;

#[test]
fn issue_10_breach_as_processor_only_runs_contain_and_notify_together() {
    let mut f = fixture();
    let run = start(&mut f);
    for (role, who) in [("technical-lead", "ola"), ("dpo", "siri")] {
        act(&mut f, &run, assign(role, who)).unwrap();
    }
    act(&mut f, &run, complete("report")).unwrap();
    f.clock.advance(Duration::minutes(20));
    let s = act(&mut f, &run, decide("triage", "incident")).unwrap();
    assert_eq!(
        s.active_steps(),
        ["contain", "personal-data", "national-duty"],
        "three tracks at once after triage"
    );
    f.clock.advance(Duration::minutes(30));
    let s = act_as(
        &mut f,
        &run,
        &person("siri"),
        decide("personal-data", "processor"),
    )
    .unwrap();
    assert_eq!(
        s.active_steps(),
        ["contain", "notify-customers", "national-duty"]
    );
    assert_eq!(
        s.step("notify-authority").unwrap().status,
        StepStatus::NotApplicable {
            by: RuledOut {
                step: "personal-data".into(),
                option: Some("processor".into()),
            }
        },
        "the Art. 33 notification is for controllers"
    );
    let s = act(&mut f, &run, decide("national-duty", "significant")).unwrap();
    assert_eq!(
        s.active_steps(),
        ["contain", "notify-customers", "nsm-warning"]
    );

    // Long after 72 hours: the Art. 33 clock is not applicable, never overdue, and names why.
    f.clock.advance(Duration::hours(80));
    let clocks = s.clocks(f.clock.now());
    let art33 = clocks.iter().find(|c| c.id == "gdpr-art33-72h").unwrap();
    assert_eq!(
        art33.state,
        ClockState::NotApplicable {
            step: "personal-data".into(),
            option: "processor".into(),
        }
    );
    assert!(!art33.is_overdue());
    let nsm = clocks.iter().find(|c| c.id == "nsm-24h").unwrap();
    assert_eq!(nsm.deadline, Some(t("2026-11-27T08:50:00Z")));
    assert!(
        nsm.is_overdue(),
        "the NSM clock applies and is running late"
    );
    let customers = clocks.iter().find(|c| c.id == "customers-24h").unwrap();
    assert!(customers.is_overdue());
}

#[test]
fn issue_10_early_notices_to_each_affected_customer_stop_the_customers_clock() {
    let mut f = fixture();
    let run = start(&mut f);
    act(&mut f, &run, assign("dpo", "kari")).unwrap();
    act(&mut f, &run, complete("report")).unwrap();
    act(&mut f, &run, decide("triage", "incident")).unwrap();
    act(&mut f, &run, decide("personal-data", "processor")).unwrap();
    for customer in ["acme", "globex"] {
        act(
            &mut f,
            &run,
            Action::AffectedCustomer {
                customer: customer.into(),
            },
        )
        .unwrap();
    }
    let s = act(&mut f, &run, decide("national-duty", "significant")).unwrap();
    let notices: Vec<_> = s
        .notifications
        .iter()
        .map(|n| (n.notification.as_str(), n.customer.as_deref(), n.word()))
        .collect();
    assert_eq!(
        notices,
        [
            ("authority", None, "not applicable"),
            ("nsm-early-warning", None, "to do"),
            ("customer-early-notice", Some("acme"), "to do"),
            ("customer-early-notice", Some("globex"), "to do"),
        ]
    );
    f.clock.advance(Duration::hours(2));
    let send = |customer: &str| Action::SendNotification {
        notification: "customer-early-notice".into(),
        customer: Some(customer.into()),
        channel: "e-mail to the customer's security contact".into(),
        at: None,
        reason: None,
    };
    let s = act(&mut f, &run, send("acme")).unwrap();
    assert!(
        !s.moments.contains_key("customers-notified"),
        "globex is not told yet"
    );
    f.clock.advance(Duration::hours(1));
    let s = act(&mut f, &run, send("globex")).unwrap();
    let notified = &s.moments["customers-notified"];
    assert_eq!(notified.claimed_at, t("2026-11-26T11:00:00Z"));
    let clocks = s.clocks(f.clock.now());
    let customers = clocks.iter().find(|c| c.id == "customers-24h").unwrap();
    assert_eq!(
        customers.state,
        ClockState::Met {
            at: t("2026-11-26T11:00:00Z"),
            margin_seconds: 21 * 3600,
        }
    );
    let err = act(&mut f, &run, send("globex")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "already recorded: notification `customer-early-notice` to `globex` as sent"
    );
    let s = act(
        &mut f,
        &run,
        Action::AcknowledgeNotification {
            notification: "customer-early-notice".into(),
            customer: Some("acme".into()),
            at: None,
            note: Some("ticket ACME-77".into()),
        },
    )
    .unwrap();
    assert_eq!(s.notifications[2].word(), "acknowledged");
    assert_eq!(s, engine(&mut f).state(run.id).unwrap());
}
