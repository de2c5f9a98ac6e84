//! End-to-end journeys of the console in the real window: report an incident from the
//! procedure, take the event-or-incident decision, attach evidence, complete steps, see the
//! journal verify; and an auditor who can change nothing. They also measure cold start to an
//! interactive dashboard, the round trip of a step action and idle memory (printed; the
//! figures are in docs/console.md) and save the screenshots of docs/screenshots/.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use vakt_tests::repo;
use vakt_tests::webdriver::Session;
use vakt_tests::window::Window;

use crate::util::{PATIENCE, click, saved_seq, text, wait};

fn type_into(s: &Session, css: &str, value: &str) {
    let e = wait(s, css);
    s.clear(&e).expect("clear");
    s.send_keys(&e, value).expect("type");
}

/// Waits until the text of `css` satisfies `ok`; returns it.
fn wait_text(s: &Session, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Ok(e) = s.find(css)
            && let Ok(t) = s.text(&e)
            && ok(&t)
        {
            return t;
        }
        assert!(
            Instant::now() < deadline,
            "{css} never showed what was expected"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn screenshot(s: &Session, name: &str) -> PathBuf {
    // WebKitWebDriver can return the frame before the last change is painted: let it paint.
    std::thread::sleep(Duration::from_millis(500));
    let png = s.screenshot_png().expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"));
    let dir = repo::target_dir().join("e2e");
    std::fs::create_dir_all(&dir).expect("mkdir target/e2e");
    let path = dir.join(name);
    std::fs::write(&path, png).expect("write screenshot");
    path
}

/// The window on data directory `data`, with the demo workspace copied beside it without its
/// `[[people]]` (so the person at the keyboard, whose key no workspace can list in advance,
/// may be given roles; e2e_people and the API tests cover the listed people).
fn open_app(data: &Path) -> Window {
    let ws = data.join("workspace");
    if !ws.exists() {
        let ok = std::process::Command::new("cp")
            .arg("-r")
            .arg(repo::root().join("playbooks"))
            .arg(&ws)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "copy the demo workspace");
        let file = ws.join("workspace.toml");
        let text = std::fs::read_to_string(&file).expect("workspace.toml");
        let kept: Vec<&str> = text.split("\n[[").collect();
        let mut out = kept[0].to_string();
        for part in &kept[1..] {
            if !part.starts_with("people]]") {
                out.push_str("\n[[");
                out.push_str(part);
            }
        }
        std::fs::write(&file, out).expect("write workspace.toml");
    }
    Window::open(
        &repo::app_binary(),
        &[],
        &[("VAKT_DATA_DIR", data), ("VAKT_WORKSPACE", &ws)],
    )
    .expect("open the window")
}

/// The display name of the person at the keyboard, as the first start created them.
fn os_person(data: &Path) -> String {
    std::fs::read_dir(data.join("people"))
        .expect("people")
        .filter_map(Result::ok)
        .find_map(|d| std::fs::read_to_string(d.path().join("person.toml")).ok())
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("display_name = "))
                .map(|v| v.trim_matches('"').to_string())
        })
        .expect("the person at the keyboard")
}

fn tab(s: &Session, screen: &str) {
    click(s, &format!("[data-screen={screen}]"));
}

/// Claims `role` in Settings (who acts is the person at the keyboard, not a setting).
fn be(s: &Session, role: &str) {
    tab(s, "settings");
    click(s, &format!("[data-testid=user-role] option[value={role}]"));
    click(s, "[data-testid=save-settings]");
    wait(s, "[data-testid=settings-saved]");
}

/// The CSS of the active step card of step `id`, or of something inside it.
fn card(id: &str, inside: &str) -> String {
    format!("[data-testid=active-step][data-step={id}] {inside}")
        .trim_end()
        .to_string()
}

/// Waits until step `id` is among the active steps.
fn wait_active(s: &Session, id: &str) {
    wait(s, &card(id, ""));
}

/// Waits until step `id` is no longer among the active steps.
fn wait_gone(s: &Session, id: &str) {
    let deadline = Instant::now() + PATIENCE;
    while s.find(&card(id, "")).is_ok() {
        assert!(Instant::now() < deadline, "step {id} stayed active");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Clicks `css` and waits until the window says a newer journal event is saved.
fn act_and_wait_saved(s: &Session, css: &str) -> Duration {
    let before = saved_seq(s);
    let t = Instant::now();
    click(s, css);
    let deadline = Instant::now() + PATIENCE;
    while saved_seq(s) <= before {
        if let Ok(e) = s.find("[data-testid=run-error]") {
            panic!("{css} refused: {}", s.text(&e).unwrap_or_default());
        }
        assert!(Instant::now() < deadline, "{css}: nothing saved");
        std::thread::sleep(Duration::from_millis(5));
    }
    t.elapsed()
}

/// RSS in KiB of the app started with data directory `data` and of its descendants (the
/// WebKit web and network processes).
fn resident_kib(data: &Path) -> Option<(u64, usize)> {
    let pids: Vec<u32> = std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    let parent = |pid: u32| -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        stat.rsplit(')')
            .next()?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    let marker = format!("VAKT_DATA_DIR={}", data.display());
    let app = pids.iter().copied().find(|pid| {
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
        exe.file_name().is_some_and(|n| n == "vakt-app")
            && std::fs::read(format!("/proc/{pid}/environ"))
                .map(|env| env.split(|b| *b == 0).any(|v| v == marker.as_bytes()))
                .unwrap_or(false)
    })?;
    let mut family = vec![app];
    let mut grew = true;
    while grew {
        grew = false;
        for &pid in &pids {
            if !family.contains(&pid) && parent(pid).is_some_and(|p| family.contains(&p)) {
                family.push(pid);
                grew = true;
            }
        }
    }
    let rss = family
        .iter()
        .filter_map(|pid| {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .sum();
    Some((rss, family.len()))
}

#[test]
#[ignore = "needs the app built with the embedded UI; scripts/test builds it and runs this"]
fn report_an_incident_decide_attach_evidence_complete_steps_and_the_journal_verifies() {
    let data = tempfile::tempdir().expect("tempdir");
    let asked = Instant::now();
    let window = open_app(data.path());
    let s = window.session();
    // Interactive: the dashboard has its runs and playbooks (the report button is enabled).
    let report = wait(s, "[data-testid=report-incident]:not([disabled])");
    wait(s, "[data-testid=open-count]");
    let cold = asked.elapsed();
    println!(
        "FIGURE cold start to interactive dashboard: {} ms",
        cold.as_millis()
    );
    assert!(
        s.text(&report)
            .expect("text")
            .contains("Report an incident")
    );

    be(s, "incident-manager");
    screenshot(s, "settings.png");

    tab(s, "dashboard");
    click(s, "[data-testid=report-incident]");
    type_into(s, "[data-testid=run-title]", "Phishing mail at a customer");
    click(s, "[data-testid=start-run]");
    wait_active(s, "report-event");
    assert_eq!(
        text(s, "[data-testid=run-title]"),
        "Phishing mail at a customer"
    );

    // Evidence for the first step: the system file dialog is offered (Browse); the test
    // types the path it would fill in, as WebDriver cannot drive a native dialog.
    wait(s, "[data-testid=browse]");
    let file = data.path().join("phishing-mail.eml");
    let content = b"From: it-support@examp1e.net\nSubject: reset your password\n";
    std::fs::write(&file, content).expect("write evidence");
    type_into(
        s,
        "[data-testid=evidence-path]",
        &file.display().to_string(),
    );
    type_into(s, "[data-testid=evidence-description]", "the reported mail");
    act_and_wait_saved(s, "[data-testid=attach]");
    let want: String = Sha256::digest(content)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        text(s, "[data-testid=evidence-sha256]"),
        format!("SHA-256 {want}")
    );
    act_and_wait_saved(s, &card("report-event", "[data-testid=complete-step]"));

    // Two steps are active at once; the later one in the file is done first.
    wait_active(s, "assign-roles");
    wait_active(s, "triage");
    assert_eq!(text(s, "[data-testid=active-count]"), "2");
    screenshot(s, "run.png");
    type_into(
        s,
        &card("triage", "[data-testid=rationale]"),
        "a customer's staff entered passwords",
    );
    act_and_wait_saved(
        s,
        &card("triage", "[data-testid=decide][data-option=incident]"),
    );
    wait_gone(s, "triage");
    assert!(text(s, "[data-testid=decisions]").contains("triage"));
    // Containment does not wait for the paperwork: contain and personal data are active together.
    wait_active(s, "contain");
    wait_active(s, "personal-data");
    act_and_wait_saved(s, &card("assign-roles", "[data-testid=complete-step]"));
    wait_gone(s, "assign-roles");

    // Roles: the person at the keyboard takes the DPO's role for the GDPR decisions.
    let me = os_person(data.path());
    click(s, "[data-testid=assign-role] option[value=dpo]");
    type_into(s, "[data-testid=assign-person]", &me);
    act_and_wait_saved(s, "[data-testid=assign]");
    assert!(text(s, "[data-testid=assignments]").contains(&format!("dpo: {me}")));

    // Round trip of a step action: click, IPC, journal commit, the window saying saved.
    let mut trips = Vec::new();
    for i in 0..10 {
        type_into(s, "[data-testid=note]", &format!("status check {i}"));
        trips.push(act_and_wait_saved(s, "[data-testid=add-note]"));
    }
    trips.sort();
    println!(
        "FIGURE step action round trip (add note, click to saved shown), median of 10: {} ms (min {} ms, max {} ms)",
        trips[5].as_millis(),
        trips[0].as_millis(),
        trips[9].as_millis()
    );

    // A breach where we are processor only: the Art. 33 72-hour clock does not apply.
    type_into(
        s,
        &card("personal-data", "[data-testid=rationale]"),
        "passwords of the customer's staff exposed",
    );
    act_and_wait_saved(
        s,
        &card("personal-data", "[data-testid=decide][data-option=breach]"),
    );
    wait_active(s, "gdpr-role");
    type_into(
        s,
        &card("gdpr-role", "[data-testid=rationale]"),
        "customers' CRM data: they are the controllers",
    );
    act_and_wait_saved(
        s,
        &card("gdpr-role", "[data-testid=decide][data-option=processor]"),
    );
    wait_active(s, "notify-customers");
    wait_active(s, "contain");

    // The journal holds every saved step and its chain verifies.
    let committed = saved_seq(s);
    tab(s, "journal");
    click(s, "[data-testid=verify]");
    let verdict = wait_text(s, "[data-testid=verdict]", |t| !t.is_empty());
    assert!(verdict.contains("The journal is intact"), "{verdict}");
    let events = text(s, "[data-testid=event-count]");
    assert_eq!(
        events.parse::<u64>().expect("count"),
        committed,
        "every saved action is an event"
    );
    screenshot(s, "journal.png");

    tab(s, "dashboard");
    wait(s, "[data-testid=run-active-step][data-step=contain]");
    let art33 = wait(s, "[data-clock=gdpr-art33-72h][data-state=not-applicable]");
    let why = s.text(&art33).expect("text");
    assert!(
        why.contains("gdpr-role") || why.to_lowercase().contains("processor"),
        "the 72-hour clock says which decision ruled it out: {why}"
    );
    assert!(!why.to_lowercase().contains("overdue"), "{why}");
    std::thread::sleep(Duration::from_secs(5));
    if let Some((kib, processes)) = resident_kib(data.path()) {
        println!(
            "FIGURE idle memory (RSS of vakt-app and its {} WebKit processes): {} MiB",
            processes - 1,
            kib / 1024
        );
    }
    screenshot(s, "dashboard.png");
}

#[test]
#[ignore = "needs the app built with the embedded UI; scripts/test builds it and runs this"]
fn an_auditor_can_change_nothing() {
    let data = tempfile::tempdir().expect("tempdir");
    let window = open_app(data.path());
    let s = window.session();
    be(s, "incident-manager");
    tab(s, "dashboard");
    click(s, "[data-testid=report-incident]");
    click(s, "[data-testid=start-run]");
    wait_active(s, "report-event");

    be(s, "auditor");
    tab(s, "journal");
    let before = wait_text(s, "[data-testid=event-count]", |t| t != "0");

    tab(s, "dashboard");
    wait(s, "[data-testid=auditor-note]");
    click(s, "[data-testid=report-incident]");
    click(s, "[data-testid=start-run]");
    let refused = text(s, "[data-testid=start-error]");
    assert!(refused.contains("change nothing"), "{refused}");

    click(s, "[data-testid=open-run-button]");
    wait_active(s, "report-event");
    // The same person holds the step's role as the reporter, but acting as auditor the core
    // refuses the change whatever they hold.
    click(s, &card("report-event", "[data-testid=start-step]"));
    let refused = text(s, "[data-testid=run-error]");
    assert!(refused.contains("change nothing"), "{refused}");
    type_into(s, "[data-testid=note]", "an auditor's remark");
    click(s, "[data-testid=add-note]");
    wait_text(s, "[data-testid=run-error]", |t| {
        t.contains("change nothing")
    });
    let note = wait(s, "[data-testid=note]");
    assert_eq!(
        s.attribute(&note, "value").expect("value").as_deref(),
        Some("an auditor's remark"),
        "what was typed is kept"
    );
    screenshot(s, "run-auditor.png");

    tab(s, "settings");
    click(s, "[data-testid=choose-workspace]");
    assert!(text(s, "[data-testid=workspace-error]").contains("change nothing"));

    tab(s, "journal");
    click(s, "[data-testid=verify]");
    let verdict = wait_text(s, "[data-testid=verdict]", |t| !t.is_empty());
    assert!(verdict.contains("intact"), "an auditor verifies: {verdict}");
    assert_eq!(
        text(s, "[data-testid=event-count]"),
        before,
        "nothing was recorded"
    );
}
