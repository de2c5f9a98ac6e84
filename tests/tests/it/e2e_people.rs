//! The person at the keyboard in the real window: on a fresh data directory, "Report an
//! incident" works at once (no settings first) and the run's first event names the person the
//! operating system gave; Settings shows that person with the place to set a passphrase, and
//! imports the key the organisation issued (PKCS#12): the person id becomes that key's and the
//! key can sign.

use vakt_tests::repo;
use vakt_tests::window::Window;

use crate::util::{click, save_screenshot, text, wait};

#[test]
#[ignore = "needs the app built with the embedded UI; scripts/test builds it and runs this"]
fn a_fresh_start_reports_an_incident_at_once_as_the_os_person() {
    let data = tempfile::tempdir().expect("tempdir");
    let window = Window::open(&repo::app_binary(), &[], &[("VAKT_DATA_DIR", data.path())])
        .expect("open the window");
    let s = window.session();
    // No settings first: the report button, then the title, then start.
    click(s, "[data-testid=report-incident]:not([disabled])");
    let title = wait(s, "[data-testid=run-title]");
    s.clear(&title).expect("clear");
    s.send_keys(&title, "Phishing mail at a customer")
        .expect("type");
    click(s, "[data-testid=start-run]");
    wait(s, "[data-testid=active-step][data-step=report-event]");
    save_screenshot(&window, "people-run-started.png");

    // The run's first event names the person created from this account.
    let person = std::fs::read_dir(data.path().join("people"))
        .expect("people")
        .filter_map(Result::ok)
        .find(|d| d.path().join("person.toml").is_file())
        .expect("the person at the keyboard");
    let id = person.file_name().to_string_lossy().into_owned();
    let toml = std::fs::read_to_string(person.path().join("person.toml")).expect("person.toml");
    let name = toml
        .lines()
        .find_map(|l| l.strip_prefix("display_name = "))
        .map(|v| v.trim_matches('"').to_string())
        .expect("display name");
    click(s, "[data-screen=journal]");
    wait(s, "[data-testid=journal-events]");
    let who = text(
        s,
        "[data-testid=journal-events] tbody tr:last-child [data-testid=event-person]",
    );
    assert_eq!(who, name);
    let first = s
        .find("[data-testid=journal-events] tbody tr:last-child [data-testid=event-person]")
        .expect("first event");
    assert_eq!(
        s.attribute(&first, "title").expect("title").as_deref(),
        Some(id.as_str())
    );
    let login = std::env::var("USER").unwrap_or_default();
    let wh = text(
        s,
        "[data-testid=journal-events] tbody tr:last-child [data-testid=event-where]",
    );
    assert!(wh.contains('@'), "{wh}");
    if !login.is_empty() {
        assert!(wh.starts_with(&login), "{wh} names {login}");
    }

    // Settings: the person, and where the passphrase is set.
    click(s, "[data-screen=settings]");
    assert_eq!(text(s, "[data-testid=person-id]"), id);
    assert!(text(s, "[data-testid=passphrase-state]").contains("cannot sign"));
    wait(s, "[data-testid=person-passphrase]");
    wait(s, "[data-testid=set-passphrase]");
    save_screenshot(&window, "people-settings.png");

    // The organisation's key for Ingrid Berg (a published test key, listed in the demo
    // workspace): a wrong file passphrase first, then the right one and a new passphrase.
    let p12 = repo::root().join("crates/api/tests/data/people/ingrid-berg.p12");
    let ingrid = "e6b8454273135909f76bd6a35609892de995fc44aabaf43a30ece2beefcf9ab5";
    type_into(
        s,
        "[data-testid=person-p12-path]",
        &p12.display().to_string(),
    );
    type_into(s, "[data-testid=person-p12-passphrase]", "not the file's");
    type_into(
        s,
        "[data-testid=person-p12-new]",
        "lilac tractor humming underwater",
    );
    type_into(
        s,
        "[data-testid=person-p12-again]",
        "lilac tractor humming underwater",
    );
    click(s, "[data-testid=person-p12-import]");
    let refused = text(s, "[data-testid=person-p12-error]");
    assert!(!refused.is_empty(), "the wrong file passphrase is refused");
    assert_eq!(text(s, "[data-testid=person-id]"), id, "nothing changed");
    type_into(s, "[data-testid=person-p12-passphrase]", "test-key-only");
    click(s, "[data-testid=person-p12-import]");
    let done = text(s, "[data-testid=person-p12-done]");
    assert!(done.contains(&ingrid[..16]), "{done}");
    assert_eq!(text(s, "[data-testid=person-id]"), ingrid);
    assert!(text(s, "[data-testid=passphrase-state]").contains("can sign"));
    assert!(
        text(s, "[data-testid=person-workspace]").contains("ingrid-berg"),
        "the workspace lists this key"
    );
    let folder = data.path().join("people").join(ingrid);
    assert!(
        folder.join("key.pem").is_file(),
        "kept under the new passphrase"
    );
    assert!(
        !data.path().join("people").join(&id).exists(),
        "the old folder is gone"
    );
    vakt_signature::Identity::load(&folder, "lilac tractor humming underwater")
        .expect("the imported key opens with the new passphrase");
    save_screenshot(&window, "people-pkcs12-imported.png");
}

/// Types `value` into the field `css`, replacing what it held.
fn type_into(s: &vakt_tests::webdriver::Session, css: &str, value: &str) {
    let e = wait(s, css);
    s.clear(&e).expect("clear");
    s.send_keys(&e, value).expect("type");
}
