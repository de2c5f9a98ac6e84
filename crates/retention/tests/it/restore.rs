//! Restore-point answers on the demo tiers, at the boundaries, worked out by hand.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use expect_test::{expect, expect_file};
use vakt_retention::{Item, RestoreAnswer, Retention, format::json_schema, restore_point};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn demo() -> Retention {
    Retention::load_file(&root().join("playbooks/retention.toml")).expect("demo retention loads")
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("test moment")
}

fn utc(s: &str) -> DateTime<Utc> {
    at(s).with_timezone(&Utc)
}

fn ask(store: &str, item: Item, wanted: &str, now: &str) -> RestoreAnswer {
    restore_point(&demo(), store, item, at(wanted), utc(now))
}

const NOW: &str = "2026-11-26T12:00:00Z";

#[test]
fn database_day_30_is_point_in_time_and_day_31_falls_to_the_monthly() {
    // Exactly 30 days back: the edge of point-in-time restore, included, nothing lost.
    let a = ask("store-crm-db", Item::Any, "2026-10-27T12:00:00Z", NOW);
    assert!(a.can_restore);
    assert_eq!(a.tier.as_deref(), Some("point-in-time"));
    assert_eq!(a.restore_point, Some(utc("2026-10-27T12:00:00Z")));
    assert_eq!(a.data_loss_seconds, Some(0));
    // One second more: point-in-time cannot; the monthly of 1 October 01:00 can, and everything
    // from then to the wanted moment is lost (26 d 10 h 59 min 59 s).
    let b = ask("store-crm-db", Item::Any, "2026-10-27T11:59:59Z", NOW);
    assert_eq!(b.tier.as_deref(), Some("monthly"));
    assert_eq!(b.restore_point, Some(utc("2026-10-01T01:00:00Z")));
    assert_eq!(
        b.data_loss_seconds,
        Some(26 * 86_400 + 10 * 3_600 + 59 * 60 + 59)
    );
    assert!(
        b.tiers[0].reason.contains("30 days"),
        "{}",
        b.tiers[0].reason
    );
    // Day 31.
    let c = ask("store-crm-db", Item::Any, "2026-10-26T12:00:00Z", NOW);
    assert_eq!(c.tier.as_deref(), Some("monthly"));
}

#[test]
fn monthly_backup_of_month_12_is_kept_and_of_month_13_is_not() {
    // 15 Dec 2025: the monthly of 1 Dec 2025 01:00 is kept until 1 Dec 2026 01:00: restorable.
    let a = ask("store-crm-db", Item::Any, "2025-12-15T00:00:00Z", NOW);
    assert_eq!(a.tier.as_deref(), Some("monthly"));
    assert_eq!(a.restore_point, Some(utc("2025-12-01T01:00:00Z")));
    // 15 Nov 2025: its monthly (1 Nov 2025) expired on 1 Nov 2026; the yearly of 1 Jan 2025
    // restores it, losing 10 months and a half.
    let b = ask("store-crm-db", Item::Any, "2025-11-15T00:00:00Z", NOW);
    assert_eq!(b.tier.as_deref(), Some("yearly"));
    assert_eq!(b.restore_point, Some(utc("2025-01-01T01:00:00Z")));
    assert_eq!(b.data_loss_seconds, Some(317 * 86_400 + 23 * 3_600));
    assert!(
        b.tiers[1].reason.contains("until 2026-11-01 01:00:00 UTC"),
        "{}",
        b.tiers[1].reason
    );
}

#[test]
fn the_expiry_moment_itself_is_still_inside() {
    let kept = ask(
        "store-crm-db",
        Item::Any,
        "2025-11-01T01:00:00Z",
        "2026-11-01T01:00:00Z",
    );
    assert_eq!(kept.tier.as_deref(), Some("monthly"));
    let gone = ask(
        "store-crm-db",
        Item::Any,
        "2025-11-01T01:00:00Z",
        "2026-11-01T01:00:01Z",
    );
    assert_eq!(gone.tier.as_deref(), Some("yearly"));
}

#[test]
fn yearly_backups_reach_back_ten_years_and_no_further() {
    // The yearly of 1 Jan 2017 is kept until 1 Jan 2027: still there on 26 Nov 2026.
    let a = ask("store-crm-db", Item::Any, "2017-06-01T00:00:00Z", NOW);
    assert_eq!(a.restore_point, Some(utc("2017-01-01T01:00:00Z")));
    // The yearly of 1 Jan 2016 expired on 1 Jan 2026: nothing restores mid-2016.
    let b = ask("store-crm-db", Item::Any, "2016-06-01T00:00:00Z", NOW);
    assert!(!b.can_restore);
    assert_eq!(
        b.earliest_restorable_after,
        Some(utc("2017-01-01T01:00:00Z"))
    );
    assert!(b.summary.starts_with("Cannot"));
}

#[test]
fn deleted_documents_are_restorable_for_90_days_after_deletion() {
    // Deleted exactly 90 days ago (28 Aug 12:00): the nightly of 28 Aug 02:00 holds it; what
    // changed in the 10 hours before the deletion is lost.
    let a = ask(
        "store-document-archive",
        Item::Deleted,
        "2026-08-28T12:00:00Z",
        NOW,
    );
    assert_eq!(a.tier.as_deref(), Some("deleted-documents"));
    assert_eq!(a.restore_point, Some(utc("2026-08-28T02:00:00Z")));
    assert_eq!(a.data_loss_seconds, Some(10 * 3_600));
    // One second earlier: past the 90 days.
    let b = ask(
        "store-document-archive",
        Item::Deleted,
        "2026-08-28T11:59:59Z",
        NOW,
    );
    assert!(!b.can_restore);
    assert!(
        b.summary.contains("kept 90 days after deletion"),
        "{}",
        b.summary
    );
}

#[test]
fn changed_documents_count_30_days_from_the_nightly_backup() {
    // 29 days back: the nightly of 28 Oct 02:00 is kept until 27 Nov 02:00: restorable.
    let a = ask(
        "store-document-archive",
        Item::Changed,
        "2026-10-28T12:00:00Z",
        NOW,
    );
    assert_eq!(a.restore_point, Some(utc("2026-10-28T02:00:00Z")));
    // Exactly 30 days back (27 Oct 12:00): the version is in the nightly of 27 Oct 02:00,
    // which was kept until 26 Nov 02:00, ten hours ago: it cannot, and the answer names the
    // earliest version still kept: the nightly of 28 Oct 02:00.
    let b = ask(
        "store-document-archive",
        Item::Changed,
        "2026-10-27T12:00:00Z",
        NOW,
    );
    assert!(!b.can_restore);
    assert_eq!(
        b.earliest_restorable_after,
        Some(utc("2026-10-28T02:00:00Z"))
    );
}

#[test]
fn the_archive_asks_whether_changed_or_deleted() {
    let a = ask(
        "store-document-archive",
        Item::Any,
        "2026-11-20T12:00:00Z",
        NOW,
    );
    assert!(!a.can_restore);
    assert!(a.tiers.iter().all(|t| t.reason.contains("only")), "{a:?}");
}

#[test]
fn leap_day_counts_as_a_day() {
    // 2024 is a leap year: 30 days before 1 March 12:00 is 31 January 12:00 (29 days of
    // February plus 1); in 2023 it is 30 January.
    let a = ask(
        "store-crm-db",
        Item::Any,
        "2024-01-31T12:00:00Z",
        "2024-03-01T12:00:00Z",
    );
    assert_eq!(a.tier.as_deref(), Some("point-in-time"));
    let b = ask(
        "store-crm-db",
        Item::Any,
        "2024-01-31T11:59:59Z",
        "2024-03-01T12:00:00Z",
    );
    assert_eq!(b.tier.as_deref(), Some("monthly"));
    let c = ask(
        "store-crm-db",
        Item::Any,
        "2023-01-30T12:00:00Z",
        "2023-03-01T12:00:00Z",
    );
    assert_eq!(c.tier.as_deref(), Some("point-in-time"));
    // Wanted: leap day itself, a year on. The February 2024 monthly expired on 1 Feb 2025;
    // the yearly of 1 Jan 2024 restores it: 59 days 22 hours lost.
    let d = ask(
        "store-crm-db",
        Item::Any,
        "2024-02-29T23:00:00Z",
        "2025-02-28T12:00:00Z",
    );
    assert_eq!(d.tier.as_deref(), Some("yearly"));
    assert_eq!(d.data_loss_seconds, Some(59 * 86_400 + 22 * 3_600));
}

#[test]
fn a_moment_in_another_time_zone_is_the_instant_it_names() {
    // 1 Dec 2026 01:30 in Oslo (UTC+1) is 00:30 UTC, before the 01:00 UTC monthly of that day:
    // the November monthly restores it (November has 30 days: 29 d 23 h 30 min lost). The same
    // clock time in UTC is after the December monthly.
    let now = "2027-06-15T12:00:00Z";
    let oslo = ask("store-crm-db", Item::Any, "2026-12-01T01:30:00+01:00", now);
    assert_eq!(oslo.restore_point, Some(utc("2026-11-01T01:00:00Z")));
    assert_eq!(
        oslo.data_loss_seconds,
        Some(29 * 86_400 + 23 * 3_600 + 30 * 60)
    );
    let utc_answer = ask("store-crm-db", Item::Any, "2026-12-01T01:30:00Z", now);
    assert_eq!(utc_answer.restore_point, Some(utc("2026-12-01T01:00:00Z")));
    assert_eq!(utc_answer.data_loss_seconds, Some(30 * 60));
}

#[test]
fn the_future_cannot_be_restored() {
    let a = ask("store-crm-db", Item::Any, "2026-11-26T12:00:01Z", NOW);
    assert!(!a.can_restore);
    assert!(a.summary.contains("after now"));
}

#[test]
fn third_party_apps_are_not_covered_said_plainly() {
    let a = ask("third-party-apps", Item::Any, "2026-11-20T00:00:00Z", NOW);
    assert!(!a.can_restore);
    assert!(
        a.summary.contains("Third-party apps are not covered"),
        "{}",
        a.summary
    );
    let b = ask("store-crm-db", Item::Any, "2026-11-20T00:00:00Z", NOW);
    assert!(b.not_covered[0].starts_with("Third-party apps are not covered"));
    let c = ask("store-unknown", Item::Any, "2026-11-20T00:00:00Z", NOW);
    assert!(
        c.summary
            .contains("known stores: store-crm-db, store-document-archive")
    );
}

#[test]
fn every_demo_store_is_a_node_of_the_demo_topology() {
    let topology =
        vakt_topology::load_file(&root().join("playbooks/topology.toml")).expect("topology");
    for s in &demo().stores {
        assert!(
            topology.find(&s.id).is_some(),
            "{} is in the topology",
            s.id
        );
    }
}

#[test]
fn the_committed_json_schema_is_current() {
    // `UPDATE_EXPECT=1 cargo test -p vakt-retention` rewrites it.
    expect_file![root().join("playbooks/schema/retention.schema.json")].assert_eq(&json_schema());
}

#[test]
fn a_broken_file_reports_every_problem_with_line_and_column() {
    let text = "format = 1\nkind = \"retention\"\n[[store]]\nid = \"s\"\nname = \"S\"\n[[store.tier]]\nid = \"t\"\nname = \"T\"\nschedule = \"monthly\"\nkeep = \"12 months\"\nday = 31\nat = \"25:99\"\n";
    let err = Retention::load_str(text, Path::new("retention.toml")).expect_err("broken");
    expect![[r#"
        retention.toml:10:8: tier "t" of store "s": keep "12 months": unknown unit " months"; use d, h, mo or y
        retention.toml:11:7: tier "t" of store "s": day must be 1 to 28, not 31
        retention.toml:12:6: tier "t" of store "s": at = "25:99" is not a time of day like "02:00""#]]
    .assert_eq(&err.to_string());
    let syntax =
        Retention::load_str("format = 1\nkind = \n", Path::new("r.toml")).expect_err("syntax");
    assert!(syntax.to_string().starts_with("r.toml:2:"), "{syntax}");
}
