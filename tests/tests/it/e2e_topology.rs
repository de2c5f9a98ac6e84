//! End-to-end journeys of the topology view in the real window: fail a datacenter and see what
//! it takes down and the order to bring it back, restore it; play a drill step by step. Also
//! prints the figures of docs/console.md (time to draw the graph, to recompute on a click).
use std::time::{Duration, Instant};

use vakt_tests::repo;
use vakt_tests::webdriver::Session;
use vakt_tests::window::Window;

use crate::util::{PATIENCE, click, save_screenshot, text};

/// Waits until the text of `css` satisfies `want`, and returns it.
fn text_until(s: &Session, css: &str, want: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let now = s.find(css).and_then(|e| s.text(&e)).unwrap_or_default();
        if want(&now) {
            return now;
        }
        assert!(
            Instant::now() < deadline,
            "{css} never matched; last: {now:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn attribute_until(s: &Session, css: &str, name: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(v) = s
            .find(css)
            .and_then(|e| s.attribute(&e, name))
            .ok()
            .flatten()
        {
            return v;
        }
        assert!(Instant::now() < deadline, "{css} never got {name}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Two days ago at noon, as the form takes it (local time).
fn recent_moment() -> String {
    let day = chrono::Local::now() - chrono::Duration::days(2);
    format!("{} 12:00", day.format("%Y-%m-%d"))
}

fn open_topology() -> (tempfile::TempDir, Window) {
    let data = tempfile::tempdir().expect("tempdir");
    let window = Window::open(&repo::app_binary(), &[], &[("VAKT_DATA_DIR", data.path())])
        .expect("open the app window");
    click(window.session(), "[data-screen=topology]");
    (data, window)
}

#[test]
#[ignore = "needs the app built with the embedded UI; scripts/test builds it and runs this"]
fn failing_a_datacenter_shows_the_impact_and_the_recovery_order_and_restoring_clears_it() {
    let (_data, window) = open_topology();
    let s = window.session();
    let draw = attribute_until(s, "[data-testid=topology-screen]", "data-draw-ms");
    let build = attribute_until(s, "[data-testid=topology-screen]", "data-build-ms");
    println!("figure: 70-node graph built in {build} ms, first frame painted at {draw} ms");
    let calm = text(s, "[data-testid=nothing-failed]");
    assert!(
        calm.contains("Nothing is failed"),
        "nothing failed at first: {calm}"
    );
    save_screenshot(&window, "topology.png");

    // Find the datacenter with the keyboard-accessible search field and fail it.
    let search = s
        .wait_for("[data-testid=node-search]", PATIENCE)
        .expect("search");
    s.send_keys(&search, "dc-oslo").expect("type");
    click(s, "[data-testid=toggle-dc-oslo]");
    let counts = text_until(s, "[data-testid=impact-counts]", |t| t.contains("down"));
    assert!(counts.starts_with("23 down · 7 degraded"), "{counts}");
    let failed = text(s, "[data-testid=failed-nodes]");
    assert!(failed.contains("dc-oslo"), "{failed}");
    let services = text(s, "[data-testid=affected-services]");
    assert!(
        services.contains("svc-"),
        "a business service is hit: {services}"
    );
    let why = text(s, "[data-testid=affected-services] .path");
    assert!(
        why.contains("→") && why.ends_with("dc-oslo"),
        "why-path: {why}"
    );
    let recompute = attribute_until(s, "[data-testid=topology-screen]", "data-impact-ms");
    println!("figure: click to recoloured graph (impact over IPC): {recompute} ms");
    click(s, "[data-testid=fit]");
    save_screenshot(&window, "topology-impact.png");

    // The recovery order after the loss, against the RTOs.
    click(s, "[data-tab=recovery]");
    let order = text(s, "[data-testid=recovery-order]");
    assert!(order.contains("dc-oslo"), "{order}");
    // Losing one datacenter degrades the services but takes none down: no RTO is at stake.
    let verdicts = text(s, "[data-testid=recovery-services]");
    assert!(
        verdicts.contains("No business service is down"),
        "{verdicts}"
    );
    let makespan = text(s, "[data-testid=makespan]");
    assert!(makespan.starts_with("Everything back after"), "{makespan}");
    save_screenshot(&window, "topology-recovery.png");

    // Lose the hosting partner as well: now services are down and measured against their RTOs.
    let search = s
        .wait_for("[data-testid=node-search]", PATIENCE)
        .expect("search");
    s.clear(&search).expect("clear");
    s.send_keys(&search, "hosting-partner").expect("type");
    click(s, "[data-testid=toggle-hosting-partner]");
    let verdicts = text_until(s, "[data-testid=recovery-services]", |t| t.contains("RTO"));
    assert!(
        verdicts.contains("MISSED") || verdicts.contains("CANNOT"),
        "{verdicts}"
    );
    click(s, "[data-testid=fit]");
    save_screenshot(&window, "topology-recovery-missed.png");
    click(s, "[data-testid=toggle-hosting-partner]");
    s.clear(&search).expect("clear");
    s.send_keys(&search, "dc-oslo").expect("type");

    // Restore it from the keyboard-accessible finder.
    click(s, "[data-testid=toggle-dc-oslo]");
    click(s, "[data-tab=impact]");
    let calm = text(s, "[data-testid=nothing-failed]");
    assert!(calm.contains("Nothing is failed"), "{calm}");
}

#[test]
#[ignore = "needs the app built with the embedded UI; scripts/test builds it and runs this"]
fn a_drill_plays_step_by_step_and_the_weak_spots_and_restore_point_answer() {
    let (_data, window) = open_topology();
    let s = window.session();
    click(s, "[data-tab=drill]");
    click(s, "[data-testid=drill-play]");
    let first = text(s, "[data-testid=drill-moment]");
    assert!(first.starts_with("Moment 1 of 4"), "{first}");
    click(s, "[data-testid=drill-forward]");
    click(s, "[data-testid=drill-forward]");
    click(s, "[data-testid=drill-forward]");
    let last = text_until(s, "[data-testid=drill-moment]", |t| {
        t.starts_with("Moment 4")
    });
    assert!(last.contains("+1h"), "{last}");
    save_screenshot(&window, "topology-drill.png");
    click(s, "[data-testid=drill-back]");
    text_until(s, "[data-testid=drill-moment]", |t| {
        t.starts_with("Moment 3")
    });
    click(s, "[data-testid=drill-leave]");

    click(s, "[data-tab=weak]");
    let spofs = text(s, "[data-testid=spofs]");
    assert!(spofs.contains("svc-login"), "{spofs}");
    let pairs = text(s, "[data-testid=cut-pairs]");
    assert!(pairs.contains('{'), "{pairs}");
    save_screenshot(&window, "topology-weak-spots.png");

    click(s, "[data-tab=restorePoint]");
    let wanted = s
        .wait_for("[data-testid=restore-wanted]", PATIENCE)
        .expect("wanted");
    s.send_keys(&wanted, "2010-01-01 00:00").expect("type");
    click(s, "[data-testid=restore-form] button[type=submit]");
    let answer = text(s, "[data-testid=restore-answer]");
    assert!(answer.starts_with("Cannot be restored"), "{answer}");
    // A moment within the point-in-time window is answered with a tier and a data-loss window.
    let wanted = s
        .wait_for("[data-testid=restore-wanted]", PATIENCE)
        .expect("wanted");
    s.clear(&wanted).expect("clear");
    s.send_keys(&wanted, &recent_moment()).expect("type");
    click(s, "[data-testid=restore-form] button[type=submit]");
    let answer = text_until(s, "[data-testid=restore-answer]", |t| {
        t.starts_with("Can be restored")
    });
    assert!(answer.contains("point-in-time"), "{answer}");
    save_screenshot(&window, "topology-restore-point.png");
}
