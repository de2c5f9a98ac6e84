//! `vakt`: the command line over Vakt's core, for scripts, CI and responders in a terminal.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use vakt_api::{LaunchOptions, Vakt};
use vakt_sources::{RandomIds, SystemClock};

mod journal;
mod record;
mod runs;
mod topology;

/// Vakt: incident response and disaster recovery for an ISMS, offline.
#[derive(Debug, Parser)]
#[command(name = "vakt", version, about)]
struct Cli {
    /// The workspace folder of definitions (else VAKT_WORKSPACE, the saved setting, the demo).
    #[arg(long, global = true, value_name = "PATH")]
    workspace: Option<PathBuf>,
    /// The data directory holding the database (else VAKT_DATA_DIR, the OS data directory).
    #[arg(long, global = true, value_name = "PATH")]
    data_dir: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show the workspace, its definition files and the database in use.
    Info,
    /// Check every definition of the workspace (or DIR); print each problem with file:line:col.
    Validate {
        /// The folder to check (default: the workspace).
        dir: Option<PathBuf>,
    },
    /// Start and advance runs (incidents and drills) of a playbook.
    Run(runs::RunArgs),
    /// Verify, checkpoint and export the journal.
    Journal(journal::JournalArgs),
    #[command(flatten)]
    Topology(topology::Command),
    /// Produce a record (incident or exercise) as an archival PDF, signed with --sign.
    Record(record::RecordArgs),
    /// The signing identity: generate, show, export the certificate.
    #[command(subcommand)]
    Identity(record::IdentityCommand),
    /// Sign a PDF with the signing identity (PAdES, incremental update).
    Sign(record::SignArgs),
    /// Verify a signed record: signature, whole-file coverage, certificate, checkpoint.
    Verify(record::VerifyArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vakt: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn launch_options(cli: &Cli) -> anyhow::Result<LaunchOptions> {
    let mut options = LaunchOptions::from_args(Vec::<OsString>::new(), |k| std::env::var_os(k))?;
    if let Some(w) = &cli.workspace {
        options.workspace = Some(w.clone());
    }
    if let Some(d) = &cli.data_dir {
        options.data_dir = Some(d.clone());
    }
    Ok(options)
}

fn open(cli: &Cli) -> anyhow::Result<Vakt> {
    let options = launch_options(cli)?;
    Vakt::open(&options, Arc::new(SystemClock), Arc::new(RandomIds)).context("opening Vakt")
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let data_dir = || -> anyhow::Result<PathBuf> { Ok(launch_options(&cli)?.resolved_data_dir()?) };
    match &cli.command {
        Command::Record(args) => return record::record(args.clone(), &data_dir()?, || open(&cli)),
        Command::Identity(c) => return record::identity(c.clone(), &data_dir()?, cli.json),
        Command::Sign(args) => return record::sign(args.clone(), &data_dir()?),
        Command::Verify(args) => {
            return record::verify(args.clone(), &data_dir()?, cli.json, || open(&cli));
        }
        Command::Validate { dir } => return runs::validate(&open(&cli)?, dir.clone(), cli.json),
        Command::Run(args) => return runs::run(&mut open(&cli)?, args.clone(), cli.json),
        Command::Journal(args) => {
            return journal::journal(&mut open(&cli)?, args.clone(), cli.json);
        }
        Command::Topology(command) => return topology::run(command, &open(&cli)?, cli.json),
        Command::Info => {
            let overview = open(&cli)?.workspace_overview()?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&overview)?);
            } else {
                println!("Vakt {}", overview.vakt_version);
                println!(
                    "workspace  {} ({:?})",
                    overview.workspace_path, overview.workspace_source
                );
                println!(
                    "database   {} (schema {})",
                    overview.database_path, overview.schema_version
                );
                println!("definitions: {}", overview.definition_files.len());
                for f in &overview.definition_files {
                    println!(
                        "  {:<40} {:<10} {:>8} B  {}{}",
                        f.path,
                        f.kind.as_deref().unwrap_or("-"),
                        f.size,
                        &f.sha256[..12],
                        f.problem
                            .as_deref()
                            .map(|p| format!("  ({p})"))
                            .unwrap_or_default()
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
