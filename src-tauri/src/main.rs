//! The `vakt-app` binary: opens Vakt's window ([`vakt_app::run`]).
// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    vakt_app::run();
}
