//! `vakt journal …`: verify, checkpoint, export, each one operation.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use vakt_api::json::ExportFormat;
use vakt_api::ops::{
    JournalAgainstServerRequest, JournalBundleExportRequest, JournalBundleImportRequest,
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
    /// Check the hash chain; with --checkpoint, also that no tail was cut off; with
    /// --against-server, also that it matches what the team server saw.
    Verify {
        /// A checkpoint file written by `vakt journal checkpoint`.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        /// Compare with the team server (the saved one, or --server / VAKT_TEAM_SERVER).
        #[arg(long)]
        against_server: bool,
        /// The team server's connection string.
        #[arg(long, value_name = "CONNINFO")]
        server: Option<String>,
    },
    /// Bundle files: the events another laptop lacks, carried by hand.
    #[command(subcommand)]
    Bundle(BundleCommand),
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

#[derive(Debug, Clone, Subcommand)]
enum BundleCommand {
    /// Write the events the other side lacks (given its checkpoint file), or everything since
    /// a moment, or everything, as one signed file.
    Export {
        /// The bundle file to write.
        #[arg(long)]
        out: PathBuf,
        /// The other side's checkpoint (`vakt journal checkpoint --out FILE` there).
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        /// Only events from this moment on (RFC 3339, e.g. 2026-12-01T14:00:00Z).
        #[arg(long)]
        since: Option<String>,
    },
    /// Import a bundle: refused whole when cut off or altered; a forged event inside is
    /// refused with the reason and the rest imported.
    Import {
        /// The bundle file.
        file: PathBuf,
    },
}

/// `vakt journal …`.
pub fn journal(cx: &mut Context<'_, '_, '_>, args: JournalArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        JournalCommand::Verify {
            checkpoint,
            against_server,
            server,
        } => {
            let check = cx.call(JournalCheckRequest {
                checkpoint: checkpoint.map(|p| p.display().to_string()),
            })?;
            cx.show(&check)?;
            let mut agrees = true;
            if against_server {
                let server = server.or_else(|| cx.env("VAKT_TEAM_SERVER"));
                let comparison = cx.call(JournalAgainstServerRequest { server })?;
                cx.show(&comparison)?;
                agrees = comparison.agrees;
            }
            Ok(if check.intact && agrees {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        JournalCommand::Bundle(BundleCommand::Export {
            out,
            checkpoint,
            since,
        }) => {
            let done = cx.call(JournalBundleExportRequest {
                path: out.display().to_string(),
                checkpoint: checkpoint.map(|p| p.display().to_string()),
                since,
            })?;
            cx.show(&done)?;
            Ok(ExitCode::SUCCESS)
        }
        JournalCommand::Bundle(BundleCommand::Import { file }) => {
            let done = cx.call(JournalBundleImportRequest {
                path: file.display().to_string(),
            })?;
            cx.show(&done)?;
            Ok(if done.refused.is_empty() {
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
