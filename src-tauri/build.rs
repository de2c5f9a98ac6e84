//! Declares the app's own commands so Tauri generates a permission for each
//! (`allow-<command>`); the capability files then grant exactly the ones the UI uses.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let names = include_str!("commands.in");
    // The manifest wants a 'static list; the build script is short-lived, so leaking is fine.
    let commands: &'static [&'static str] = names
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .leak();
    println!("cargo:rerun-if-changed=commands.in");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )?;
    Ok(())
}
