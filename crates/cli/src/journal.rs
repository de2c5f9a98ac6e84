//! `vakt journal …`: verify, checkpoint, export, each one operation.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use vakt_api::json::ExportFormat;
use vakt_api::ops::{
    JournalCheckRequest, JournalCheckpointRequest, JournalExportFileRequest, JournalExportRequest,
    JournalSoakRequest,
};

use crate::Context;

/// `vakt journal` and its commands.
#[derive(Debug, Clone, Args)]
pub struct JournalArgs {
    #[command(subcommand)]
    command: JournalCommand,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Csv,
}

impl From<Format> for ExportFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Json => Self::Json,
            Format::Csv => Self::Csv,
        }
    }
}

#[derive(Debug, Clone, Subcommand)]
enum JournalCommand {
    /// Check the hash chain; with --checkpoint, also that no tail was cut off.
    Verify {
        /// A checkpoint file written by `vakt journal checkpoint`.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
    },
    /// Verify, then print (or write) a checkpoint: {count, head_hash}.
    Checkpoint {
        /// Write it to this file too.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Export every event.
    Export {
        /// json or csv.
        #[arg(long, value_enum)]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// For the crash test: append `count` events, printing `ack SEQ` after each commit.
    #[command(hide = true)]
    Soak {
        /// How many events (0: until killed).
        #[arg(long, default_value_t = 0)]
        count: u64,
    },
}

/// `vakt journal …`.
pub fn journal(cx: &mut Context<'_, '_, '_>, args: JournalArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        JournalCommand::Verify { checkpoint } => {
            let check = cx.call(JournalCheckRequest {
                checkpoint: checkpoint.map(|p| p.display().to_string()),
            })?;
            cx.show(&check)?;
            Ok(if check.intact {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        JournalCommand::Checkpoint { out } => {
            let checkpoint = cx.call(JournalCheckpointRequest {
                path: out.map(|p| p.display().to_string()),
            })?;
            // The checkpoint is JSON either way: it is what `--checkpoint` reads back.
            cx.emit(&format!("{}\n", serde_json::to_string_pretty(&checkpoint)?))?;
            Ok(ExitCode::SUCCESS)
        }
        JournalCommand::Export { format, out } => {
            match out {
                Some(path) => {
                    let written = cx.call(JournalExportFileRequest {
                        format: format.into(),
                        path: path.display().to_string(),
                    })?;
                    cx.note(&format!(
                        "{} events written to {}",
                        written.count, written.path
                    ));
                    if cx.json {
                        cx.emit(&format!("{}\n", serde_json::to_string_pretty(&written)?))?;
                    }
                }
                None => {
                    // The export is JSON or CSV already: printed as it is.
                    let export = cx.call(JournalExportRequest {
                        format: format.into(),
                    })?;
                    cx.emit(&export.text)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        JournalCommand::Soak { count } => {
            let mut tick = 0u64;
            while count == 0 || tick < count {
                tick += 1;
                let acked = cx.call(JournalSoakRequest { tick })?;
                cx.emit(&format!("ack {}\n", acked.seq))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
