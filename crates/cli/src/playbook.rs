//! `vakt playbook ...`: playbook files.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use vakt_api::ops::PlaybookUpgradeRequest;

use crate::Context;

/// `vakt playbook ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum PlaybookCommand {
    /// Convert a format-1 playbook into format 2: print the new text (what could not be
    /// expressed goes to standard error, each with file:line:col), or write it back with --write.
    Upgrade {
        /// The format-1 playbook file.
        file: PathBuf,
        /// Replace the file with the format-2 text.
        #[arg(long)]
        write: bool,
    },
}

/// Runs `vakt playbook ...`.
pub fn playbook(
    cx: &mut Context<'_, '_, '_>,
    command: PlaybookCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        PlaybookCommand::Upgrade { file, write } => {
            let upgraded = cx.call(PlaybookUpgradeRequest {
                path: file.display().to_string(),
            })?;
            if !cx.json {
                for note in &upgraded.notes {
                    writeln!(cx.io.err, "{note}")?;
                }
            }
            if write {
                std::fs::write(&file, &upgraded.text)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
                if cx.json {
                    cx.show(&upgraded)?;
                } else {
                    cx.emit(&format!(
                        "wrote {} in format 2 ({} note(s))\n",
                        file.display(),
                        upgraded.notes.len()
                    ))?;
                }
            } else {
                cx.show(&upgraded)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
