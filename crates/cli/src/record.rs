//! `vakt record`, `vakt identity`, `vakt sign`, `vakt verify`: signed PDF records, each one
//! operation.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use vakt_api::json::{RecordKind, RecordLanguage, SigningAlgorithm};
use vakt_api::ops::{
    GenerateIdentityRequest, ImportIdentityRequest, ProduceRecordRequest, RenderRecordRequest,
    SignPdfRequest, SigningCertificateRequest, SigningIdentityRequest, VerifyRecordRequest,
};

use crate::Context;

/// The kind of record.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Kind {
    /// Incident record (ISO/IEC 27035).
    Incident,
    /// Exercise report (ISO 22301 clause 8.5).
    Exercise,
}

impl From<Kind> for RecordKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Incident => Self::Incident,
            Kind::Exercise => Self::Exercise,
        }
    }
}

/// A record's language.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Dutch.
    Nl,
}

impl From<Lang> for RecordLanguage {
    fn from(l: Lang) -> Self {
        match l {
            Lang::En => Self::En,
            Lang::Nl => Self::Nl,
        }
    }
}

/// A new key's algorithm.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Algorithm {
    /// RSA 3072, SHA256withRSA (the default).
    #[value(name = "rsa-3072")]
    Rsa3072,
    /// ECDSA P-256.
    P256,
}

impl From<Algorithm> for SigningAlgorithm {
    fn from(a: Algorithm) -> Self {
        match a {
            Algorithm::Rsa3072 => Self::Rsa3072,
            Algorithm::P256 => Self::P256,
        }
    }
}

/// `vakt record KIND`: produce a record as an archival PDF, signed with `--sign`.
#[derive(Debug, Clone, Args)]
pub struct RecordArgs {
    /// Which record.
    kind: Kind,
    /// The record's input (JSON of `IncidentRecord` or `ExerciseReport`).
    #[arg(
        long,
        value_name = "FILE.json",
        conflicts_with_all = ["demo", "run"],
        required_unless_present_any = ["demo", "run"]
    )]
    input: Option<PathBuf>,
    /// Build the record from this run (id or unique prefix) and its journal events (an
    /// incident run for `incident`, a drill for `exercise`); its checkpoint is the journal's now.
    #[arg(long, value_name = "RUN_ID", conflicts_with = "demo")]
    run: Option<String>,
    /// Use the built-in demo record instead of --input.
    #[arg(long)]
    demo: bool,
    /// Demo only: add this many action-log entries (to test long records).
    #[arg(long, default_value_t = 0, requires = "demo")]
    extra_actions: u32,
    /// Where to write the PDF.
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
    /// Language of the labels: en or nl.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Sign it right away with the identity (passphrase from VAKT_PASSPHRASE or stdin).
    #[arg(long)]
    sign: bool,
    #[command(flatten)]
    signing: SigningArgs,
}

/// How a signature is described.
#[derive(Debug, Clone, Args)]
pub struct SigningArgs {
    /// The signature's reason (default: "Record of the ISMS"; for a run's record, its kind).
    #[arg(long)]
    reason: Option<String>,
    /// The signature's location.
    #[arg(long)]
    location: Option<String>,
}

/// `vakt identity ...`: the signing identity.
#[derive(Debug, Clone, Subcommand)]
pub enum IdentityCommand {
    /// Generate a key and a self-signed certificate in the organisation's name, once.
    Generate {
        /// The organisation's name (certificate subject).
        #[arg(long)]
        organisation: String,
        /// rsa-3072 (default, SHA256withRSA) or p256.
        #[arg(long, value_enum, default_value_t = Algorithm::Rsa3072)]
        algorithm: Algorithm,
        /// Replace an existing identity.
        #[arg(long)]
        force: bool,
    },
    /// Import the identity from a PKCS#12 file issued by the organisation's CA (its passphrase
    /// from VAKT_PKCS12_PASSPHRASE or stdin; then the key is kept under VAKT_PASSPHRASE).
    Import {
        /// The `.p12` / `.pfx` file.
        file: PathBuf,
        /// Replace an existing identity.
        #[arg(long)]
        force: bool,
    },
    /// Show the identity's certificate.
    Show,
    /// Write the identity's certificate as PEM (give it to auditors as trust anchor).
    ExportCertificate {
        /// Where to write it.
        #[arg(long, value_name = "FILE.pem")]
        out: PathBuf,
    },
}

/// `vakt sign IN.pdf --out OUT.pdf`.
#[derive(Debug, Clone, Args)]
pub struct SignArgs {
    /// The PDF to sign.
    input: PathBuf,
    /// Where to write the signed PDF.
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
    #[command(flatten)]
    signing: SigningArgs,
}

/// `vakt verify FILE.pdf`.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// The signed PDF.
    file: PathBuf,
    /// A trusted certificate (PEM or DER), besides the own identity's; repeatable.
    #[arg(long, value_name = "CERT.pem")]
    trust: Vec<PathBuf>,
}

fn text(p: &std::path::Path) -> String {
    p.display().to_string()
}

/// The signing key's passphrase, when signing.
fn signing_passphrase(cx: &mut Context<'_, '_, '_>, sign: bool) -> anyhow::Result<Option<String>> {
    if !sign {
        return Ok(None);
    }
    cx.passphrase("VAKT_PASSPHRASE", "passphrase for the signing key")
        .map(Some)
}

/// Runs `vakt record`.
pub fn record(cx: &mut Context<'_, '_, '_>, args: RecordArgs) -> anyhow::Result<ExitCode> {
    let passphrase = signing_passphrase(cx, args.sign)?;
    let produced = match args.run {
        Some(run) => cx.call(ProduceRecordRequest {
            run,
            language: args.lang.into(),
            passphrase,
            path: text(&args.out),
            kind: Some(args.kind.into()),
            reason: args.signing.reason,
            location: args.signing.location,
        })?,
        None => cx.call(RenderRecordRequest {
            kind: args.kind.into(),
            input: args.input.as_deref().map(text),
            extra_actions: Some(args.extra_actions),
            language: args.lang.into(),
            passphrase,
            reason: args.signing.reason,
            location: args.signing.location,
            path: text(&args.out),
        })?,
    };
    cx.show(&produced)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `vakt identity`.
pub fn identity(
    cx: &mut Context<'_, '_, '_>,
    command: IdentityCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        IdentityCommand::Generate {
            organisation,
            algorithm,
            force,
        } => {
            let (passphrase, again) = cx.new_passphrase()?;
            let identity = cx.call(GenerateIdentityRequest {
                passphrase,
                again,
                replace: force,
                organisation: Some(organisation),
                algorithm: Some(algorithm.into()),
            })?;
            cx.show(&identity)?;
        }
        IdentityCommand::Import { file, force } => {
            let file_passphrase = cx.passphrase(
                "VAKT_PKCS12_PASSPHRASE",
                &format!("passphrase of {}", file.display()),
            )?;
            let (passphrase, again) = cx.new_passphrase()?;
            let identity = cx.call(ImportIdentityRequest {
                path: text(&file),
                file_passphrase,
                passphrase,
                again,
                replace: force,
            })?;
            cx.show(&identity)?;
        }
        IdentityCommand::Show => {
            let identity = cx.call(SigningIdentityRequest {})?;
            cx.show(&identity)?;
            if identity.exists
                && !cx.json
                && let Some(dir) = &cx.data_dir
            {
                let dir = dir.join(vakt_api::records::IDENTITY_DIR);
                cx.emit(&format!("directory    {}\n", dir.display()))?;
            }
        }
        IdentityCommand::ExportCertificate { out } => {
            let certificate = cx.call(SigningCertificateRequest {})?;
            let pem = certificate
                .pem
                .context("no signing identity; run `vakt identity generate --organisation NAME`")?;
            std::fs::write(&out, pem).with_context(|| format!("writing {}", out.display()))?;
            if cx.json {
                cx.emit(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&certificate.fingerprint)?
                ))?;
            } else {
                cx.emit(&format!("{}\n", out.display()))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `vakt sign`.
pub fn sign(cx: &mut Context<'_, '_, '_>, args: SignArgs) -> anyhow::Result<ExitCode> {
    let passphrase = cx.passphrase("VAKT_PASSPHRASE", "passphrase for the signing key")?;
    let signed = cx.call(SignPdfRequest {
        input: text(&args.input),
        passphrase,
        reason: args.signing.reason,
        location: args.signing.location,
        path: text(&args.out),
    })?;
    if cx.json {
        cx.emit(&format!("{}\n", serde_json::to_string_pretty(&signed)?))?;
    } else {
        cx.emit(&format!("{} (signed by {})\n", signed.path, signed.signer))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `vakt verify`; exit code 1 when anything fails, 2 when only the signer is untrusted. The record's checkpoint is checked
/// against the journal of the data directory.
pub fn verify(cx: &mut Context<'_, '_, '_>, args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let mut trust = args.trust.iter().map(|p| text(p));
    let verdict = cx.call(VerifyRecordRequest {
        path: text(&args.file),
        trust: trust.next(),
        also_trust: Some(trust.collect()),
    })?;
    cx.show(&verdict)?;
    // Intact but signed by no one trusted: "untrusted" (2), not "failed" (1).
    let untrusted_only = !verdict.signatures.is_empty()
        && verdict.checkpoint_matches_journal != Some(false)
        && verdict.signatures.iter().all(|s| {
            s.digest_matches && s.signature_valid && s.covers_whole_file && s.valid_at_signing
        })
        && verdict.signatures.iter().any(|s| s.trusted == Some(false));
    Ok(if verdict.valid {
        ExitCode::SUCCESS
    } else if untrusted_only {
        ExitCode::from(crate::exit::REFUSED)
    } else {
        ExitCode::FAILURE
    })
}
