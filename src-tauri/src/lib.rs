//! Vakt's desktop window: a thin Tauri v2 shell. It opens a [`vakt_api::Session`] from the
//! command line and environment, and each command makes exactly one call into it. No domain
//! logic lives here.

mod commands;

use std::sync::Arc;

use vakt_api::{LaunchOptions, Session};
use vakt_sources::{RandomIds, SystemClock};

/// Opens the session and runs the window until it is closed.
pub fn run() {
    let session =
        match LaunchOptions::from_args(std::env::args_os().skip(1), |k| std::env::var_os(k)) {
            Ok(options) => Session::open(&options, Arc::new(SystemClock), Arc::new(RandomIds)),
            Err(e) => Session::failed(e),
        };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(session)
        .invoke_handler(tauri::generate_handler![
            commands::workspace_overview,
            commands::choose_workspace,
            commands::settings,
            commands::save_settings,
            commands::playbook_list,
            commands::run_list,
            commands::run_start,
            commands::run_view,
            commands::run_act,
            commands::run_attach,
            commands::journal_page,
            commands::journal_check,
            commands::journal_export_file,
            commands::topology_graph,
            commands::topology_impact,
            commands::topology_spofs,
            commands::topology_cut_sets,
            commands::topology_recovery,
            commands::topology_drill,
            commands::topology_restore_point,
            commands::recordable_runs,
            commands::produce_record,
            commands::verify_record,
            commands::signing_identity,
            commands::generate_identity,
            commands::import_identity,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("vakt-app: the window could not run: {e}");
        std::process::exit(1);
    }
}
