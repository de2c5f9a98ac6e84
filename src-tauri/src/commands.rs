//! IPC commands, one per operation, generated from the one operation list
//! ([`vakt_api::for_each_operation!`]). Each is async and runs its operation on Tauri's blocking
//! pool, so the window's main thread never waits for the core; each takes one `request` object
//! and makes one call, [`vakt_api::Session::call`], which checks access before anything runs.
//! The permission list (`commands.in`) is generated from the same list.

use std::sync::Arc;

use tauri::State;
use vakt_api::{ApiError, ErrorCode, Operation, Session};

/// Runs `request` on the session off the main thread.
async fn call<O: Operation>(
    session: State<'_, Arc<Session>>,
    request: O,
) -> Result<O::Response, ApiError> {
    let session = Arc::clone(&session);
    tauri::async_runtime::spawn_blocking(move || session.call(request))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Failed, format!("the operation stopped: {e}")))?
}

macro_rules! commands {
    ($($name:ident : $request:ty,)*) => {
        $(
            #[tauri::command]
            pub async fn $name(
                session: State<'_, Arc<Session>>,
                request: $request,
            ) -> Result<<$request as Operation>::Response, ApiError> {
                call(session, request).await
            }
        )*

        /// The handler of every command.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

vakt_api::for_each_operation!(commands);
