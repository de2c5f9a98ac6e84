//! End-to-end tests of the real window: the debug build of the app, with its UI embedded,
//! driven through tauri-driver and WebKitWebDriver. They need the app built first, so they are
//! ignored in a plain `cargo test`; `scripts/test` builds the app and runs them with --ignored.

use std::path::Path;
use std::time::Instant;

use vakt_tests::repo;
use vakt_tests::window::Window;

use crate::util::{PATIENCE, save_screenshot};

/// Opens the workspace tab (the dashboard is the first screen).
fn open_workspace_tab(window: &Window) {
    let s = window.session();
    let tab = s
        .wait_for("[data-screen=workspace]", PATIENCE)
        .expect("workspace tab");
    s.click(&tab).expect("click the workspace tab");
}

fn text(window: &Window, css: &str) -> String {
    let s = window.session();
    let e = s.wait_for(css, PATIENCE).expect(css);
    s.text(&e).expect("text")
}

#[test]
#[ignore = "needs the app built with the embedded UI; scripts/test builds it and runs this"]
fn the_workspace_tab_shows_the_embedded_demo_workspace_and_its_definitions() {
    let data = tempfile::tempdir().expect("tempdir");
    let asked = Instant::now();
    let window = Window::open(&repo::app_binary(), &[], &[("VAKT_DATA_DIR", data.path())])
        .expect("open the app window");
    open_workspace_tab(&window);
    let count = text(&window, "[data-testid=definition-count]");
    println!(
        "start to workspace tab: {:.0} ms (session with the app open after {:.0} ms)",
        asked.elapsed().as_secs_f64() * 1000.0,
        window.launch.as_secs_f64() * 1000.0
    );

    assert_eq!(count, repo::playbook_definition_count().to_string());
    let rows = text(&window, "[data-testid=definition-files] tbody");
    assert!(
        rows.contains("workspace.toml"),
        "the table lists workspace.toml: {rows}"
    );

    let workspace = text(&window, "[data-testid=workspace-path]");
    assert!(
        Path::new(&workspace).starts_with(data.path().join("demo-workspace")),
        "the demo is unpacked into the data directory: {workspace}"
    );
    assert_eq!(
        text(&window, "[data-testid=workspace-source]"),
        "the demo workspace built into Vakt"
    );

    let database = text(&window, "[data-testid=database-path]");
    assert_eq!(Path::new(&database), data.path().join("vakt.sqlite3"));
    assert!(
        Path::new(&database).exists(),
        "the app created its database"
    );
    let schema: u32 = text(&window, "[data-testid=schema-version]")
        .parse()
        .expect("a number");
    assert!(schema >= 1);

    let shot = save_screenshot(&window, "first-screen.png");
    println!("screenshot: {}", shot.display());

    // The language switch changes the labels without another round trip.
    let nl = window
        .session()
        .find(".languages button:nth-child(2)")
        .expect("NL button");
    window.session().click(&nl).expect("click NL");
    let tagline = text(&window, ".tagline");
    assert_eq!(tagline, "Incidentrespons en calamiteitenherstel, offline");
}

#[test]
#[ignore = "needs the app built with the embedded UI; scripts/test builds it and runs this"]
fn a_workspace_given_on_the_command_line_is_shown() {
    let data = tempfile::tempdir().expect("tempdir");
    let ws = tempfile::tempdir().expect("workspace");
    std::fs::create_dir_all(ws.path().join("dr")).expect("mkdir");
    std::fs::write(
        ws.path().join("a.toml"),
        "format = 1\nkind = \"playbook\"\n",
    )
    .expect("w");
    std::fs::write(
        ws.path().join("dr/b.toml"),
        "format = 1\nkind = \"topology\"\n",
    )
    .expect("w");
    let args = vec!["--workspace".to_string(), ws.path().display().to_string()];
    let window = Window::open(
        &repo::app_binary(),
        &args,
        &[("VAKT_DATA_DIR", data.path())],
    )
    .expect("open the app window");
    open_workspace_tab(&window);
    assert_eq!(text(&window, "[data-testid=definition-count]"), "2");
    assert_eq!(
        text(&window, "[data-testid=workspace-source]"),
        "given with --workspace"
    );
    let rows = text(&window, "[data-testid=definition-files] tbody");
    assert!(
        rows.contains("dr/b.toml") && rows.contains("topology"),
        "{rows}"
    );
}

#[test]
#[ignore = "needs the app built with the embedded UI; scripts/test builds it and runs this"]
fn a_missing_workspace_is_explained_in_the_window() {
    let data = tempfile::tempdir().expect("tempdir");
    let args = vec![
        "--workspace".to_string(),
        "/nonexistent/vakt-workspace".to_string(),
    ];
    let window = Window::open(
        &repo::app_binary(),
        &args,
        &[("VAKT_DATA_DIR", data.path())],
    )
    .expect("open the app window");
    open_workspace_tab(&window);
    let error = text(&window, "[data-testid=error]");
    assert!(error.contains("/nonexistent/vakt-workspace"), "{error}");
    assert!(error.contains("workspace_not_found"), "{error}");
    save_screenshot(&window, "missing-workspace.png");
}
