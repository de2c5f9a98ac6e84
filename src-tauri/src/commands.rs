//! IPC commands: one call each into the session. Their names are listed in `commands.in`
//! (which generates the permissions) and in `vakt_api::commands::COMMANDS` (which generates
//! the TypeScript); a test keeps the three in step.

use tauri::State;
use vakt_api::json::{
    CutSetView, DrillInput, DrillView, ImpactView, JournalCheck, JournalFilter, JournalPage,
    PlaybookSummary, ProducedRecord, RecordVerdict, RecordableRun, RecoveryView, RestoreItem,
    RestoreView, RunAction, RunSummary, RunView, Settings, SettingsInput, SigningIdentity,
    SpofView, TopologyGraph, WorkspaceOverview,
};
use vakt_api::{ApiError, Session};

#[tauri::command]
pub fn workspace_overview(session: State<'_, Session>) -> Result<WorkspaceOverview, ApiError> {
    session.with(|vakt| vakt.workspace_overview())
}

#[tauri::command]
pub fn choose_workspace(
    session: State<'_, Session>,
    path: String,
) -> Result<WorkspaceOverview, ApiError> {
    session.with(|vakt| vakt.choose_workspace(path.into()))
}

#[tauri::command]
pub fn settings(session: State<'_, Session>) -> Result<Settings, ApiError> {
    session.with(|vakt| vakt.settings())
}

#[tauri::command]
pub fn save_settings(
    session: State<'_, Session>,
    input: SettingsInput,
) -> Result<Settings, ApiError> {
    session.with(|vakt| vakt.save_settings(&input))
}

#[tauri::command]
pub fn playbook_list(session: State<'_, Session>) -> Result<Vec<PlaybookSummary>, ApiError> {
    session.with(|vakt| Ok(vakt.playbook_list()))
}

#[tauri::command]
pub fn run_list(session: State<'_, Session>) -> Result<Vec<RunSummary>, ApiError> {
    session.with(|vakt| vakt.run_list())
}

#[tauri::command]
pub fn run_start(
    session: State<'_, Session>,
    playbook: String,
    mode: String,
    title: String,
) -> Result<RunView, ApiError> {
    session.with(|vakt| vakt.run_start(&playbook, &mode, &title))
}

#[tauri::command]
pub fn run_view(session: State<'_, Session>, run: String) -> Result<RunView, ApiError> {
    session.with(|vakt| vakt.run_view(&run))
}

#[tauri::command]
pub fn run_act(
    session: State<'_, Session>,
    run: String,
    action: RunAction,
) -> Result<RunView, ApiError> {
    session.with(|vakt| vakt.run_act(&run, action))
}

#[tauri::command]
pub fn run_attach(
    session: State<'_, Session>,
    run: String,
    path: String,
    step: Option<String>,
    description: String,
) -> Result<RunView, ApiError> {
    session.with(|vakt| vakt.run_attach(&run, &path, step, &description))
}

#[tauri::command]
pub fn journal_page(
    session: State<'_, Session>,
    filter: JournalFilter,
) -> Result<JournalPage, ApiError> {
    session.with(|vakt| vakt.journal_page(&filter))
}

#[tauri::command]
pub fn journal_check(
    session: State<'_, Session>,
    checkpoint: Option<String>,
) -> Result<JournalCheck, ApiError> {
    session.with(|vakt| vakt.journal_check(checkpoint.as_deref()))
}

#[tauri::command]
pub fn journal_export_file(
    session: State<'_, Session>,
    format: String,
    path: String,
) -> Result<u64, ApiError> {
    session.with(|vakt| vakt.journal_export_file(&format, &path))
}

#[tauri::command]
pub fn topology_graph(session: State<'_, Session>) -> Result<TopologyGraph, ApiError> {
    session.with(|vakt| vakt.topology_graph())
}

#[tauri::command]
pub fn topology_impact(
    session: State<'_, Session>,
    failed: Vec<String>,
) -> Result<ImpactView, ApiError> {
    session.with(|vakt| vakt.topology_impact(&failed))
}

#[tauri::command]
pub fn topology_spofs(session: State<'_, Session>) -> Result<SpofView, ApiError> {
    session.with(|vakt| vakt.topology_spofs())
}

#[tauri::command]
pub fn topology_cut_sets(
    session: State<'_, Session>,
    service: String,
) -> Result<CutSetView, ApiError> {
    session.with(|vakt| vakt.topology_cut_sets(&service))
}

#[tauri::command]
pub fn topology_recovery(
    session: State<'_, Session>,
    failed: Vec<String>,
    crews: u32,
) -> Result<RecoveryView, ApiError> {
    session.with(|vakt| vakt.topology_recovery(&failed, crews))
}

#[tauri::command]
pub fn topology_drill(
    session: State<'_, Session>,
    drill: DrillInput,
) -> Result<DrillView, ApiError> {
    session.with(|vakt| vakt.topology_drill(&drill))
}

#[tauri::command]
pub fn topology_restore_point(
    session: State<'_, Session>,
    store: String,
    item: RestoreItem,
    wanted: String,
) -> Result<RestoreView, ApiError> {
    session.with(|vakt| vakt.topology_restore_point(&store, item, &wanted))
}

#[tauri::command]
pub fn recordable_runs(session: State<'_, Session>) -> Result<Vec<RecordableRun>, ApiError> {
    session.with(|vakt| vakt.recordable_runs())
}

// Rendering, key derivation and signing take a moment: async, so off the window's thread.
#[tauri::command]
pub async fn produce_record(
    session: State<'_, Session>,
    run: String,
    language: String,
    passphrase: String,
    path: String,
) -> Result<ProducedRecord, ApiError> {
    session.with(|vakt| vakt.produce_record(&run, &language, &passphrase, path.as_ref()))
}

#[tauri::command]
pub async fn verify_record(
    session: State<'_, Session>,
    path: String,
) -> Result<RecordVerdict, ApiError> {
    session.with(|vakt| vakt.verify_record(path.as_ref()))
}

#[tauri::command]
pub fn signing_identity(session: State<'_, Session>) -> Result<SigningIdentity, ApiError> {
    session.with(|vakt| vakt.signing_identity())
}

#[tauri::command]
pub async fn generate_identity(
    session: State<'_, Session>,
    passphrase: String,
    again: String,
    replace: bool,
) -> Result<SigningIdentity, ApiError> {
    session.with(|vakt| vakt.generate_identity(&passphrase, &again, replace, &mut rand_core::OsRng))
}

#[tauri::command]
pub async fn import_identity(
    session: State<'_, Session>,
    path: String,
    file_passphrase: String,
    passphrase: String,
    again: String,
    replace: bool,
) -> Result<SigningIdentity, ApiError> {
    session.with(|vakt| {
        vakt.import_identity(
            path.as_ref(),
            &file_passphrase,
            &passphrase,
            &again,
            replace,
            &mut rand_core::OsRng,
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shell_registers_exactly_the_api_commands() {
        let declared: Vec<&str> = include_str!("../commands.in")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let api: Vec<&str> = vakt_api::commands::COMMANDS
            .iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(
            declared, api,
            "commands.in and vakt_api::commands::COMMANDS differ"
        );
        let source = include_str!("lib.rs");
        for name in &api {
            assert!(
                source.contains(&format!("commands::{name},")),
                "{name} is not in generate_handler! in lib.rs"
            );
        }
    }
}
