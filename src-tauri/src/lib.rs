//! Vakt's desktop window: a thin Tauri v2 shell. It opens a [`vakt_api::Session`] from the
//! command line and environment, and each command makes exactly one call into it; one more
//! call starts the team journal's background sync, whose signals become window events
//! (`journal-changed`, `team-status-changed`). No domain logic lives here.

mod commands;

use std::sync::Arc;

use tauri::Emitter;

use vakt_api::{LaunchOptions, Session, Sources};
use vakt_sources::{RandomIds, SystemClock, SystemMachine};

/// Opens the session and runs the window until it is closed.
pub fn run() {
    let session =
        match LaunchOptions::from_args(std::env::args_os().skip(1), |k| std::env::var_os(k)) {
            Ok(options) => Session::open(
                &options,
                Sources {
                    clock: Arc::new(SystemClock),
                    ids: Arc::new(RandomIds),
                    keys: Sources::os_keys(),
                    machine: Arc::new(SystemMachine),
                },
            ),
            Err(e) => Session::failed(e),
        };
    let session = Arc::new(session);
    let syncing = Arc::clone(&session);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            // The team journal's background sync: the window is told when to read again.
            let window = app.handle().clone();
            let _running = syncing.run_team_sync(move |signal| {
                let _ = window.emit(signal.name(), ());
            });
            Ok(())
        })
        .manage(session)
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("vakt-app: the window could not run: {e}");
        std::process::exit(1);
    }
}
