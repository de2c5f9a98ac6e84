//! `vakt`: the command line over Vakt's operation layer, for scripts, CI and responders in a
//! terminal.
//!
//! The command line keeps no logic of its own: clap parses the arguments into one request of
//! [`vakt_api::ops`], [`Session::call`] runs it (the access check happens there), and the
//! response prints as text rendered from the transport type, or with `--json` as that type in
//! JSON. [`run`] takes the arguments, the clock, ID and key sources and the terminal as
//! parameters, so tests drive it in-process with fixed ones.

use std::ffi::OsString;
use std::fmt::Display;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;
use vakt_api::{Acting, ApiError, LaunchOptions, Operation, Session, Sources};

mod data;
mod drill;
mod evidence;
mod journal;
mod person;
mod playbook;
mod record;
mod runs;
mod signoff;
mod team;
mod terminal;
mod timestamp;
mod topology;

/// The exit codes of `vakt`, one meaning each (also in `vakt --help` and the README).
pub mod exit {
    /// Done: the command did what was asked (a change is committed, even when its output
    /// could not be written because the reader went away).
    pub const DONE: u8 = 0;
    /// Failed: an error, or a check that found damage (a broken journal, modified evidence,
    /// an invalid signature, problems in definitions).
    pub const FAILED: u8 = 1;
    /// Refused or untrusted: the request was not carried out because it does not fit (a usage
    /// error, an action the run's state does not allow, the auditor's change, a wrong
    /// passphrase, a file that is no regular file), the answer is "no" (cannot restore,
    /// failover refused), or a record verifies but its signer is not trusted.
    pub const REFUSED: u8 = 2;
    /// Cannot: something needed cannot be reached (a missing workspace, an unreadable file,
    /// a locked or newer database, a full disk).
    pub const CANNOT: u8 = 3;
}

/// Exit code of a command that answered "no" (cannot restore, failover refused).
pub const EXIT_REFUSED: u8 = exit::REFUSED;

/// The exit code for an error: by its [`ApiError`] code when it is one (the one place that
/// maps them), [`exit::CANNOT`] for an IO error, else [`exit::FAILED`].
pub fn exit_code_of(error: &anyhow::Error) -> u8 {
    use vakt_api::ErrorCode;
    if let Some(e) = error.downcast_ref::<ApiError>() {
        return match e.code {
            ErrorCode::WorkspaceNotFound
            | ErrorCode::DatabaseTooNew
            | ErrorCode::Unavailable
            | ErrorCode::Locked => exit::CANNOT,
            ErrorCode::InvalidRequest
            | ErrorCode::Forbidden
            | ErrorCode::WrongPassphrase
            | ErrorCode::WeakPassphrase => exit::REFUSED,
            ErrorCode::Failed => exit::FAILED,
        };
    }
    if error.downcast_ref::<std::io::Error>().is_some() {
        return exit::CANNOT;
    }
    exit::FAILED
}

const EXIT_CODES: &str = "Exit codes:
  0  done (a committed change stays done even when its output could not be written)
  1  failed: an error, or a check that found damage
  2  refused or untrusted: a usage error, an action that does not fit, an auditor's change,
     a wrong passphrase, a \"no\" (cannot restore, failover refused), an untrusted signer
  3  cannot: a missing workspace, an unreadable file, a locked or newer database, a full disk";

/// Vakt: incident response and disaster recovery for an ISMS, offline.
#[derive(Debug, Parser)]
#[command(name = "vakt", version, about, after_help = EXIT_CODES)]
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
    /// Act as another person held in this data directory (name, login or person id; else
    /// VAKT_ACTOR; else the person at the keyboard). Never creates one: see `vakt person add`.
    #[arg(long, global = true)]
    actor: Option<String>,
    /// The role you act in (else the role assigned to you in the run; `auditor` changes nothing).
    #[arg(long = "as-role", global = true, value_name = "ROLE")]
    as_role: Option<String>,
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
    /// Playbook files: convert a format-1 playbook into format 2.
    #[command(subcommand)]
    Playbook(playbook::PlaybookCommand),
    /// Start and advance runs (incidents and drills) of a playbook.
    Run(runs::RunArgs),
    /// Verify, checkpoint and export the journal; carry it as bundle files.
    Journal(journal::JournalArgs),
    /// The team journal on a PostgreSQL server: init, enrol, approve, devices, sync, status.
    Team(team::TeamArgs),
    #[command(flatten)]
    Topology(topology::Command),
    /// Produce a record (incident or exercise) as an archival PDF, signed with --sign.
    Record(record::RecordArgs),
    /// The signing identity: generate, import, show, export the certificate.
    #[command(subcommand)]
    Identity(record::IdentityCommand),
    /// Sign a PDF with the signing identity (PAdES, incremental update).
    Sign(record::SignArgs),
    /// Verify a signed record: every signature, its certificate path, what was changed after
    /// it, the checkpoint. Exit 0 valid, 2 intact but signer not trusted, 1 broken.
    Verify(record::VerifyArgs),
    /// Sign a record off as a person with their own key: a closed run's record is made and
    /// certified by the first, the others add their signatures to that file.
    SignOff(signoff::SignOffArgs),
    /// The organisation's certification authority, held offline: create, issue a person's
    /// certificate, export the CA certificate for auditors.
    #[command(subcommand)]
    Ca(signoff::CaCommand),
    /// Add a document timestamp (RFC 3161) from a time-stamping authority to a PDF.
    Timestamp(timestamp::TimestampArgs),
    /// The evidence register: attach with chain of custody, list, record custody, export,
    /// verify the store against the journal.
    Evidence(evidence::EvidenceArgs),
    /// You as a person: name, passphrase, key; others who act at this console.
    #[command(subcommand)]
    Person(person::PersonCommand),
    /// The data directory at rest: status, encrypt it in place, change its passphrase. An
    /// encrypted data directory is unlocked with VAKT_DATA_PASSPHRASE, else asked for.
    Data(data::DataArgs),
    /// Drills from scenarios: start, injections on schedule and on cue, recoveries, restore
    /// points; achieved against target RTO and RPO per service.
    Drill(drill::DrillArgs),
    /// Graded findings of drills and their corrective actions (open → done → verified).
    Finding(drill::FindingArgs),
    /// Readiness: playbook clocks against topology RTOs, services no playbook restores,
    /// scenarios overdue, playbooks changed since their last drill, overdue actions (exit 1
    /// when any).
    Readiness,
    /// The exercise programme: per scenario its drills and results, 12-month coverage, next due.
    Programme,
}

/// The terminal and environment a command runs in.
pub struct Io<'a> {
    /// Standard output: the answers.
    pub out: &'a mut dyn Write,
    /// Standard error: prompts, progress and errors.
    pub err: &'a mut dyn Write,
    /// Standard input: passphrases when the environment gives none.
    pub input: &'a mut dyn BufRead,
    /// The process environment (`VAKT_*`).
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// Whether standard input is the process's terminal: passphrases are then read from it
    /// with echo turned off.
    pub terminal: bool,
}

/// Runs `vakt` with `args` (the program name first) and returns its exit code (see [`exit`]:
/// 0 done, 1 failed, 2 refused or untrusted, 3 cannot). Errors print as `vakt: message`.
/// Output to a closed pipe is not an error: the command's own status stands.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    sources: Sources,
    io: &mut Io<'_>,
) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let sink: &mut dyn Write = if e.use_stderr() {
                &mut *io.err
            } else {
                &mut *io.out
            };
            let _ = write!(sink, "{}", e.render());
            return ExitCode::from(if e.use_stderr() {
                exit::REFUSED
            } else {
                exit::DONE
            });
        }
    };
    match execute(cli, sources, io) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(io.err, "vakt: {e:#}");
            ExitCode::from(exit_code_of(&e))
        }
    }
}

/// What a command runs against: the session, the output mode and the terminal.
pub(crate) struct Context<'s, 'io, 'a> {
    pub session: &'s Session,
    pub json: bool,
    pub io: &'io mut Io<'a>,
    /// The data directory, for telling where the identity lives.
    pub data_dir: Option<PathBuf>,
    /// Set once standard output turned out closed: nothing more is written to it.
    pub undelivered: bool,
}

impl Context<'_, '_, '_> {
    /// Runs one operation.
    pub fn call<O: Operation>(&self, request: O) -> Result<O::Response, ApiError> {
        self.session.call(request)
    }

    /// Prints an answer: its text, or with `--json` its transport type.
    pub fn show<T: Serialize + Display>(&mut self, value: &T) -> anyhow::Result<()> {
        if self.json {
            self.emit(&format!("{}\n", serde_json::to_string_pretty(value)?))
        } else {
            self.emit(&value.to_string())
        }
    }

    /// Writes text to standard output. A closed pipe (`vakt … | head -1`) means the output is
    /// not delivered, which is no error: the command's status stands (a committed change
    /// still exits 0), and nothing more is written. Any other write error is one.
    pub fn emit(&mut self, text: &str) -> anyhow::Result<()> {
        if self.undelivered {
            return Ok(());
        }
        match self
            .io
            .out
            .write_all(text.as_bytes())
            .and_then(|()| self.io.out.flush())
        {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.undelivered = true;
                Ok(())
            }
            Err(e) => Err(e.into()),
            Ok(()) => Ok(()),
        }
    }

    /// Writes a line for people to standard error (progress, where a file went); a closed or
    /// failing standard error never fails the command.
    pub fn note(&mut self, text: &str) {
        let _ = writeln!(self.io.err, "{text}");
    }

    /// A variable of the environment, when set and not empty.
    pub fn env(&self, name: &str) -> Option<String> {
        (self.io.env)(name).filter(|v| !v.is_empty())
    }

    /// A passphrase: from `variable`, else asked for on standard error and read from standard
    /// input, without echo when that is a terminal.
    pub fn passphrase(&mut self, variable: &str, prompt: &str) -> anyhow::Result<String> {
        if let Some(p) = self.env(variable) {
            return Ok(p);
        }
        write!(self.io.err, "{prompt}: ")?;
        self.io.err.flush()?;
        let mut line = String::new();
        {
            let _quiet = if self.io.terminal {
                terminal::EchoOff::on_stdin()
            } else {
                None
            };
            if self.io.input.read_line(&mut line)? == 0 {
                // Standard input ended (a script, `< /dev/null`): no passphrase was given, which
                // is not a wrong one.
                let _ = writeln!(self.io.err);
                return Err(ApiError::new(
                    vakt_api::ErrorCode::Unavailable,
                    format!("no {prompt} was given: standard input ended (scripts set {variable})"),
                )
                .into());
            }
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }

    /// The signing key's passphrase (`VAKT_PASSPHRASE`, else asked) and, for a new key, the
    /// same again (asked a second time when not from the environment).
    pub fn new_passphrase(&mut self) -> anyhow::Result<(String, String)> {
        if let Some(p) = self.env("VAKT_PASSPHRASE") {
            return Ok((p.clone(), p));
        }
        let first = self.passphrase("VAKT_PASSPHRASE", "passphrase for the signing key")?;
        let again = self.passphrase("VAKT_PASSPHRASE", "again")?;
        Ok((first, again))
    }
}

fn execute(cli: Cli, sources: Sources, io: &mut Io<'_>) -> anyhow::Result<ExitCode> {
    let mut options =
        LaunchOptions::from_args(Vec::<OsString>::new(), |k| (io.env)(k).map(OsString::from))?;
    if let Some(w) = &cli.workspace {
        options.workspace = Some(w.clone());
    }
    if let Some(d) = &cli.data_dir {
        options.data_dir = Some(d.clone());
    }
    let session = Session::open(&options, sources);
    let person = cli
        .actor
        .clone()
        .or_else(|| (io.env)("VAKT_ACTOR"))
        .filter(|n| !n.trim().is_empty());
    session.act_as(Acting {
        person,
        role: cli.as_role.clone(),
    })?;
    let mut cx = Context {
        session: &session,
        json: cli.json,
        io,
        data_dir: options.resolved_data_dir().ok(),
        undelivered: false,
    };
    let works_locked = matches!(&cli.command, Command::Data(args) if args.works_locked());
    if !works_locked {
        data::unlock(&mut cx)?;
    }
    match cli.command {
        Command::Info => {
            let overview = cx.call(vakt_api::ops::WorkspaceOverviewRequest {})?;
            cx.show(&overview)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { dir } => {
            let report = cx.call(vakt_api::ops::ValidateRequest {
                folder: dir.map(|d| d.display().to_string()),
            })?;
            cx.show(&report)?;
            Ok(if report.problem_count == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Playbook(command) => playbook::playbook(&mut cx, command),
        Command::Run(args) => runs::run(&mut cx, args),
        Command::Journal(args) => journal::journal(&mut cx, args),
        Command::Team(args) => team::team(&mut cx, args),
        Command::Topology(command) => topology::run(&mut cx, command),
        Command::Record(args) => record::record(&mut cx, args),
        Command::Identity(command) => record::identity(&mut cx, command),
        Command::Sign(args) => record::sign(&mut cx, args),
        Command::Verify(args) => record::verify(&mut cx, args),
        Command::SignOff(args) => signoff::sign_off(&mut cx, args),
        Command::Ca(command) => signoff::ca(&mut cx, command),
        Command::Timestamp(args) => timestamp::timestamp(&mut cx, args),
        Command::Evidence(args) => evidence::evidence(&mut cx, args),
        Command::Person(command) => person::person(&mut cx, command),
        Command::Data(args) => data::data(&mut cx, args),
        Command::Drill(args) => drill::drill(&mut cx, args),
        Command::Finding(args) => drill::finding(&mut cx, args),
        Command::Readiness => drill::readiness(&mut cx),
        Command::Programme => drill::programme(&mut cx),
    }
}
