//! `vakt journal …`: verify, checkpoint, export.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand, ValueEnum};
use vakt_api::Vakt;
use vakt_journal::{Checkpoint, EventDraft};

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
pub fn journal(vakt: &mut Vakt, args: JournalArgs, json: bool) -> anyhow::Result<ExitCode> {
    match args.command {
        JournalCommand::Verify { checkpoint } => {
            let cp = checkpoint
                .map(|path| -> anyhow::Result<Checkpoint> {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("reading {}", path.display()))?;
                    serde_json::from_str(&text)
                        .with_context(|| format!("{} is not a checkpoint", path.display()))
                })
                .transpose()?;
            let v = vakt.journal_verify(cp.as_ref())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else if let Some(b) = &v.first_break {
                println!("journal BROKEN at event {}: {}", b.seq, b.reason);
            } else {
                println!(
                    "journal intact: {} events, head {}{}",
                    v.count,
                    v.head_hash,
                    if cp.is_some() {
                        ", matches the checkpoint"
                    } else {
                        ""
                    }
                );
            }
            Ok(if v.is_intact() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        JournalCommand::Checkpoint { out } => {
            let v = vakt.journal_verify(None)?;
            if let Some(b) = &v.first_break {
                bail!(
                    "no checkpoint of a broken journal: event {}: {}",
                    b.seq,
                    b.reason
                );
            }
            let text = serde_json::to_string_pretty(&v.checkpoint())?;
            if let Some(path) = out {
                std::fs::write(&path, format!("{text}\n"))
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            println!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        JournalCommand::Export { format, out } => {
            let format = match format {
                Format::Json => "json",
                Format::Csv => "csv",
            };
            let n = match out {
                Some(path) => {
                    let mut file = std::io::BufWriter::new(
                        std::fs::File::create(&path)
                            .with_context(|| format!("creating {}", path.display()))?,
                    );
                    let n = vakt.journal_export(format, &mut file)?;
                    file.flush()?;
                    eprintln!("{n} events written to {}", path.display());
                    n
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = std::io::BufWriter::new(stdout.lock());
                    let n = vakt.journal_export(format, &mut lock)?;
                    lock.flush()?;
                    n
                }
            };
            let _ = n;
            Ok(ExitCode::SUCCESS)
        }
        JournalCommand::Soak { count } => {
            let host = crate::runs::host();
            let stdout = std::io::stdout();
            let mut i = 0u64;
            while count == 0 || i < count {
                i += 1;
                let draft = EventDraft {
                    actor: "soak".into(),
                    role: None,
                    host: host.clone(),
                    kind: "soak.tick".into(),
                    run: None,
                    payload: serde_json::json!({ "i": i }),
                };
                let e = vakt.journal_append(&draft)?;
                let mut lock = stdout.lock();
                writeln!(lock, "ack {}", e.seq)?;
                lock.flush()?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
