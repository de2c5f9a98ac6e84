//! `vakt sign-off` (a record signed by the persons who sign it off, each with their own key) and
//! `vakt ca` (the organisation's certification authority, held offline).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use vakt_api::ops::{
    CaCertificateRequest, CaCreateRequest, CaIssueRequest, RecordSignOffsRequest,
    SignOffRecordRequest,
};

use crate::Context;
use crate::record::{Algorithm, Lang};

/// `vakt sign-off RUN|FILE --person ID`.
#[derive(Debug, Clone, Args)]
pub struct SignOffArgs {
    /// A closed run (id or unique prefix): its record is made now and this is the first
    /// signature; or a record file made that way: this person's signature is added to it.
    target: String,
    /// The person signing: their id, a unique prefix of it, or their name (their key is in
    /// this data directory; passphrase from VAKT_PASSPHRASE or asked).
    #[arg(long)]
    person: Option<String>,
    /// Where to write the signed record (default for a file: the file itself).
    #[arg(long, value_name = "FILE.pdf")]
    out: Option<PathBuf>,
    /// Language of the record made from a run: en or nl.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// A time-stamping authority (RFC 3161, `http://…`) for a signature timestamp; offline, the
    /// record is signed without one (add it later with `vakt timestamp`).
    /// (default: VAKT_TSA when set).
    #[arg(long, value_name = "URL")]
    tsa: Option<String>,
    /// Only list the run's sign-off roles and who holds them.
    #[arg(long, conflicts_with_all = ["person", "out"])]
    list: bool,
}

/// Runs `vakt sign-off`.
pub fn sign_off(cx: &mut Context<'_, '_, '_>, args: SignOffArgs) -> anyhow::Result<ExitCode> {
    if args.list {
        let slots = cx.call(RecordSignOffsRequest { run: args.target })?;
        if cx.json {
            cx.emit(&format!("{}\n", serde_json::to_string_pretty(&slots)?))?;
        } else {
            for s in slots {
                cx.emit(&format!(
                    "{:<20} {}{}\n",
                    s.role,
                    if s.holder.is_empty() {
                        "nobody".to_string()
                    } else {
                        s.name.clone().unwrap_or(s.holder.clone())
                    },
                    match &s.person {
                        Some(id) => format!(" (person {}, key here)", &id[..16.min(id.len())]),
                        None => " (no key here)".into(),
                    }
                ))?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let person = args
        .person
        .context("name the person who signs off: --person ID (or their name)")?;
    let file = PathBuf::from(&args.target);
    let is_file = file.is_file();
    let out = match (&args.out, is_file) {
        (Some(out), _) => out.clone(),
        (None, true) => file.clone(),
        (None, false) => anyhow::bail!("say where to write the record: --out FILE.pdf"),
    };
    let passphrase = cx.passphrase("VAKT_PASSPHRASE", &format!("passphrase of {person}"))?;
    let signed = cx.call(SignOffRecordRequest {
        run: (!is_file).then(|| args.target.clone()),
        input: is_file.then(|| file.display().to_string()),
        person,
        passphrase,
        path: out.display().to_string(),
        language: Some(args.lang.into()),
        tsa: args.tsa.or_else(|| cx.env("VAKT_TSA")),
    })?;
    cx.show(&signed)?;
    Ok(ExitCode::SUCCESS)
}

/// `vakt ca ...`: the organisation's certification authority, held offline.
#[derive(Debug, Clone, Subcommand)]
pub enum CaCommand {
    /// Create the CA in a folder of its own (not the data directory); its key is protected by a
    /// passphrase (VAKT_CA_PASSPHRASE, else asked twice).
    Create {
        /// The CA's folder (a removable drive, a folder only you can reach).
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// The organisation's name (default: the workspace's).
        #[arg(long)]
        organisation: Option<String>,
        /// p256 (default) or rsa-3072.
        #[arg(long, value_enum, default_value_t = Algorithm::P256)]
        algorithm: Algorithm,
        /// Validity in days.
        #[arg(long, default_value_t = 3650)]
        days: u32,
    },
    /// Issue a person's signing certificate for the key they have (written into their folder
    /// with the CA's chain); the CA's passphrase from VAKT_CA_PASSPHRASE or asked.
    Issue {
        /// The CA's folder.
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// The person: id, unique prefix of it, or name.
        #[arg(long)]
        person: String,
        /// Validity in days.
        #[arg(long, default_value_t = 730)]
        days: u32,
    },
    /// Write the CA's certificate as PEM, for auditors (`vakt verify --trust CA.pem`).
    Export {
        /// The CA's folder.
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// Where to write it.
        #[arg(long, value_name = "CA.pem")]
        out: PathBuf,
    },
}

/// Runs `vakt ca`.
pub fn ca(cx: &mut Context<'_, '_, '_>, command: CaCommand) -> anyhow::Result<ExitCode> {
    match command {
        CaCommand::Create {
            folder,
            organisation,
            algorithm,
            days,
        } => {
            let (passphrase, again) = match cx.env("VAKT_CA_PASSPHRASE") {
                Some(p) => (p.clone(), p),
                None => (
                    cx.passphrase("VAKT_CA_PASSPHRASE", "passphrase for the CA's key")?,
                    cx.passphrase("VAKT_CA_PASSPHRASE", "again")?,
                ),
            };
            let ca = cx.call(CaCreateRequest {
                folder: folder.display().to_string(),
                organisation,
                passphrase,
                again,
                algorithm: Some(algorithm.into()),
                days: Some(days),
            })?;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&ca)?))?;
            } else {
                cx.emit(&format!(
                    "CA created in {}\n  subject      {}\n  fingerprint  {}\n  valid until  {}\nKeep this folder offline; hand auditors `vakt ca export --folder {} --out CA.pem`.\n",
                    ca.folder,
                    ca.subject,
                    ca.fingerprint,
                    ca.not_after,
                    ca.folder
                ))?;
            }
        }
        CaCommand::Issue {
            folder,
            person,
            days,
        } => {
            let passphrase = cx.passphrase("VAKT_CA_PASSPHRASE", "passphrase for the CA's key")?;
            let issued = cx.call(CaIssueRequest {
                folder: folder.display().to_string(),
                passphrase,
                person,
                days: Some(days),
            })?;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&issued)?))?;
            } else {
                cx.emit(&format!(
                    "certificate issued to {} (person {})\n  subject      {}\n  issuer       {}\n  fingerprint  {}\n  valid until  {}\n  written to   {}\n",
                    issued.name,
                    issued.person,
                    issued.subject,
                    issued.issuer,
                    issued.fingerprint,
                    issued.not_after,
                    issued.folder
                ))?;
            }
        }
        CaCommand::Export { folder, out } => {
            let ca = cx.call(CaCertificateRequest {
                folder: folder.display().to_string(),
            })?;
            std::fs::write(&out, &ca.pem).with_context(|| format!("writing {}", out.display()))?;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&ca)?))?;
            } else {
                cx.emit(&format!("{} (SHA-256 {})\n", out.display(), ca.fingerprint))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
