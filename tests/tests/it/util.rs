//! Helpers shared by the end-to-end tests of the real window.

use std::path::PathBuf;
use std::time::Duration;

use vakt_tests::repo;
use vakt_tests::webdriver::{Element, Session};
use vakt_tests::window::Window;

/// How long a test waits for an element before it fails.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// The element `css`, once it is there.
pub fn wait(s: &Session, css: &str) -> Element {
    s.wait_for(css, PATIENCE).expect(css)
}

/// Clicks the element `css`, once it is there.
pub fn click(s: &Session, css: &str) {
    let e = wait(s, css);
    s.click(&e)
        .unwrap_or_else(|err| panic!("click {css}: {err}"));
}

/// The text of the element `css`, once it is there.
pub fn text(s: &Session, css: &str) -> String {
    let e = wait(s, css);
    s.text(&e).expect("text")
}

/// Saves a screenshot of the window as `target/e2e/NAME` and gives its path.
pub fn save_screenshot(window: &Window, name: &str) -> PathBuf {
    let png = window.session().screenshot_png().expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
    let dir = repo::target_dir().join("e2e");
    std::fs::create_dir_all(&dir).expect("create target/e2e");
    let path = dir.join(name);
    std::fs::write(&path, png).expect("write screenshot");
    path
}

/// [`save_screenshot`] once the webview has painted what the test just found in its document
/// (a screenshot taken at once may still show the frame before).
pub fn look(window: &Window, name: &str) -> PathBuf {
    std::thread::sleep(Duration::from_millis(500));
    save_screenshot(window, name)
}

/// A copy of the demo workspace in `dir/workspace` without its `[[people]]`, so the person at
/// the keyboard (whose key no workspace can list in advance) may be given any role; its path.
pub fn workspace_without_people(dir: &std::path::Path) -> PathBuf {
    let ws = dir.join("workspace");
    let ok = std::process::Command::new("cp")
        .arg("-r")
        .arg(repo::root().join("playbooks"))
        .arg(&ws)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "copy the demo workspace");
    let file = ws.join("workspace.toml");
    let text = std::fs::read_to_string(&file).expect("workspace.toml");
    let mut parts = text.split("\n[[");
    let mut out = parts.next().unwrap_or_default().to_string();
    for part in parts {
        if !part.starts_with("people]]") {
            out.push_str("\n[[");
            out.push_str(part);
        }
    }
    std::fs::write(&file, out).expect("write workspace.toml");
    ws
}

/// Runs the `vakt` command line of this build on data directory `data` with `passphrase` for
/// any key it unlocks, on `workspace` (or, without one, on none from the environment), and
/// returns its standard output; a failure fails the test with what it printed.
pub fn vakt_cli(
    data: &std::path::Path,
    passphrase: &str,
    workspace: Option<&std::path::Path>,
    args: &[&str],
) -> String {
    let bin = repo::target_dir().join("debug").join("vakt");
    let mut command = std::process::Command::new(&bin);
    command
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("VAKT_PASSPHRASE", passphrase);
    match workspace {
        Some(w) => command.env("VAKT_WORKSPACE", w),
        None => command.env_remove("VAKT_WORKSPACE"),
    };
    let o = command
        .output()
        .unwrap_or_else(|e| panic!("{} runs (cargo build --workspace): {e}", bin.display()));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "vakt {args:?}: {out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// The sequence number of the journal event the window last showed as saved (0 before any).
pub fn saved_seq(s: &Session) -> u64 {
    s.find("[data-testid=saved]")
        .and_then(|e| s.text(&e))
        .ok()
        .and_then(|t| t.rsplit('#').next().and_then(|n| n.trim().parse().ok()))
        .unwrap_or(0)
}

/// Replaces what the field `css` holds with `value`, once the field is there.
pub fn type_into(s: &Session, css: &str, value: &str) {
    let e = wait(s, css);
    s.clear(&e).expect("clear");
    s.send_keys(&e, value).expect("type");
}

/// The text of `css` once it contains `want`, or whatever it holds when patience runs out (the
/// caller's assertion says what was wanted).
pub fn wait_text(s: &Session, css: &str, want: &str) -> String {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let t = s.find(css).and_then(|e| s.text(&e)).unwrap_or_default();
        if t.contains(want) || std::time::Instant::now() > deadline {
            return t;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A data directory with the user's settings (incident manager, English), encrypted under
/// `passphrase`, as `vakt data encrypt` leaves it.
pub fn encrypted_data_dir(data: &std::path::Path, passphrase: &str) {
    use vakt_api::json::{SettingsInput, UserRole};
    use vakt_api::ops::{DataEncryptRequest, SaveSettingsRequest};
    let options = vakt_api::LaunchOptions {
        data_dir: Some(data.into()),
        ..vakt_api::LaunchOptions::default()
    };
    let sources = vakt_api::Sources {
        clock: std::sync::Arc::new(vakt_sources::SystemClock),
        ids: std::sync::Arc::new(vakt_sources::RandomIds),
        keys: vakt_api::Sources::os_keys(),
        machine: std::sync::Arc::new(vakt_sources::SystemMachine),
    };
    let session =
        vakt_api::Session::open(&options, sources).with_key_cost(vakt_store::KdfCost::TEST);
    session
        .call(SaveSettingsRequest {
            input: SettingsInput {
                role: UserRole::IncidentManager,
                language: "en".into(),
            },
        })
        .expect("settings");
    session
        .call(DataEncryptRequest {
            passphrase: passphrase.into(),
        })
        .expect("encrypt");
}
