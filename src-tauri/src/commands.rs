//! IPC commands: one call each into the session. Their names are listed in `commands.in`
//! (which generates the permissions) and in `vakt_api::commands::COMMANDS` (which generates
//! the TypeScript); a test keeps the three in step.

use tauri::State;
use vakt_api::json::{
    ProducedRecord, RecordVerdict, RecordableRun, SigningIdentity, WorkspaceOverview,
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
