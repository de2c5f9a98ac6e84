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
