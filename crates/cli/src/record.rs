//! `vakt record`, `vakt identity`, `vakt sign`, `vakt verify`: signed PDF records.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand, ValueEnum};
use vakt_record::{
    ExerciseReport, IncidentRecord, Language, RenderOptions, RenderedRecord, SignatureBlock,
};
use vakt_signature::{Certificate, Identity, KdfCost, KeyAlgorithm, SignOptions, VerifyOptions};
use vakt_sources::{Clock, SystemClock};

/// The kind of record.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Kind {
    /// Incident record (ISO/IEC 27035).
    Incident,
    /// Exercise report (ISO 22301 clause 8.5).
    Exercise,
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
    /// Build the record from this run and its journal events (an incident run for `incident`,
    /// a drill for `exercise`); its checkpoint is the journal's now.
    #[arg(long, value_name = "RUN_ID", conflicts_with = "demo")]
    run: Option<uuid::Uuid>,
    /// Use the built-in demo record instead of --input.
    #[arg(long)]
    demo: bool,
    /// Demo only: add this many action-log entries (to test long records).
    #[arg(long, default_value_t = 0, requires = "demo")]
    extra_actions: usize,
    /// Where to write the PDF.
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
    /// Language of the labels: en or nl.
    #[arg(long, default_value = "en")]
    lang: Language,
    /// Sign it right away with the identity (passphrase from VAKT_PASSPHRASE or stdin).
    #[arg(long)]
    sign: bool,
    #[command(flatten)]
    signing: SigningArgs,
}

/// How a signature is described.
#[derive(Debug, Clone, Args)]
pub struct SigningArgs {
    /// The signature's reason.
    #[arg(long, default_value = "Record of the ISMS")]
    reason: String,
    /// The signature's location.
    #[arg(long, default_value = "")]
    location: String,
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
        #[arg(long, default_value = "rsa-3072")]
        algorithm: KeyAlgorithm,
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
    /// A trusted certificate (PEM); repeatable. The own identity's certificate when omitted
    /// and an identity exists.
    #[arg(long, value_name = "CERT.pem")]
    trust: Vec<PathBuf>,
}

fn identity_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("identity")
}

fn passphrase(confirm: bool) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("VAKT_PASSPHRASE") {
        return Ok(p);
    }
    eprint!("passphrase for the signing key: ");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let p = line.trim_end_matches(['\r', '\n']).to_string();
    if confirm {
        eprint!("again: ");
        let mut again = String::new();
        std::io::stdin().lock().read_line(&mut again)?;
        if again.trim_end_matches(['\r', '\n']) != p {
            bail!("the passphrases differ");
        }
    }
    Ok(p)
}

fn load_identity(data_dir: &Path) -> anyhow::Result<Identity> {
    let dir = identity_dir(data_dir);
    if !Identity::exists(&dir) {
        bail!(
            "no signing identity in {}; run `vakt identity generate --organisation NAME`",
            dir.display()
        );
    }
    Ok(Identity::load(&dir, &passphrase(false)?)?)
}

fn sign_bytes(
    pdf: &[u8],
    identity: &Identity,
    signing: &SigningArgs,
    widget: Option<(usize, [f32; 4])>,
    at: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Vec<u8>> {
    let options = SignOptions {
        signed_at: at,
        reason: signing.reason.clone(),
        location: signing.location.clone(),
        name: None,
        widget,
    };
    Ok(vakt_signature::sign_pdf(pdf, identity, &options)?)
}

/// Runs `vakt record`; `open` opens the session when the record comes from a run.
pub fn record(
    args: RecordArgs,
    data_dir: &Path,
    open: impl FnOnce() -> anyhow::Result<vakt_api::Vakt>,
) -> anyhow::Result<ExitCode> {
    let session = match args.run {
        Some(_) => Some(open()?),
        None => None,
    };
    let clock = SystemClock;
    let identity = if args.sign {
        Some(load_identity(data_dir)?)
    } else {
        None
    };
    let now = clock.now();
    let options = RenderOptions {
        language: args.lang,
        signature_block: identity.as_ref().map(|i| SignatureBlock {
            signer: i.subject(),
            signed_at: now,
            fingerprint: i.fingerprint(),
        }),
    };
    let read = |p: &Path| -> anyhow::Result<Vec<u8>> {
        std::fs::read(p).with_context(|| format!("reading {}", p.display()))
    };
    let rendered: RenderedRecord = match args.kind {
        Kind::Incident => {
            let r: IncidentRecord = match (&args.input, &session, args.run) {
                (_, Some(vakt), Some(run)) => vakt.incident_record(run)?,
                (Some(p), _, _) => serde_json::from_slice(&read(p)?)
                    .with_context(|| format!("{} is not an incident record", p.display()))?,
                _ => vakt_record::demo_incident(args.extra_actions),
            };
            vakt_record::render_incident(&r, &options)?
        }
        Kind::Exercise => {
            let r: ExerciseReport = match (&args.input, &session, args.run) {
                (_, Some(vakt), Some(run)) => vakt.exercise_report(run)?,
                (Some(p), _, _) => serde_json::from_slice(&read(p)?)
                    .with_context(|| format!("{} is not an exercise report", p.display()))?,
                _ => vakt_record::demo_exercise(),
            };
            vakt_record::render_exercise(&r, &options)?
        }
    };
    let bytes = match &identity {
        Some(id) => sign_bytes(
            &rendered.pdf,
            id,
            &args.signing,
            rendered.signature_area.map(|a| (a.page, a.rect)),
            now,
        )?,
        None => rendered.pdf.clone(),
    };
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "{} ({} pages, {} bytes{})",
        args.out.display(),
        rendered.pages,
        bytes.len(),
        if identity.is_some() { ", signed" } else { "" }
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `vakt identity`.
pub fn identity(command: IdentityCommand, data_dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let dir = identity_dir(data_dir);
    match command {
        IdentityCommand::Generate {
            organisation,
            algorithm,
            force,
        } => {
            if Identity::exists(&dir) && !force {
                bail!(
                    "an identity exists in {} (use --force to replace it)",
                    dir.display()
                );
            }
            let pass = passphrase(true)?;
            let mut rng = rand_core::OsRng;
            let id = Identity::generate(&organisation, algorithm, SystemClock.now(), &mut rng)?;
            id.save(&dir, &pass, KdfCost::default(), &mut rng)?;
            print_identity(&id.summary(), json)?;
        }
        IdentityCommand::Import { file, force } => {
            if Identity::exists(&dir) && !force {
                bail!(
                    "an identity exists in {} (use --force to replace it)",
                    dir.display()
                );
            }
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let p12_pass = match std::env::var("VAKT_PKCS12_PASSPHRASE") {
                Ok(p) => p,
                Err(_) => {
                    eprint!("passphrase of {}: ", file.display());
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let id = Identity::import_pkcs12(&bytes, &p12_pass)?;
            let pass = passphrase(true)?;
            id.save(&dir, &pass, KdfCost::default(), &mut rand_core::OsRng)?;
            print_identity(&id.summary(), json)?;
        }
        IdentityCommand::Show => {
            let cert = Identity::load_certificate(&dir)?;
            let fp = vakt_signature_fingerprint(&cert);
            if json {
                println!(
                    "{}",
                    serde_json::json!({"subject": cert.tbs_certificate.subject.to_string(), "issuer": cert.tbs_certificate.issuer.to_string(), "fingerprint": fp, "not_before": cert.tbs_certificate.validity.not_before.to_string(), "not_after": cert.tbs_certificate.validity.not_after.to_string(), "directory": dir.display().to_string()})
                );
            } else {
                println!("subject      {}", cert.tbs_certificate.subject);
                println!("issuer       {}", cert.tbs_certificate.issuer);
                println!("fingerprint  {fp}");
                println!(
                    "valid        {} – {}",
                    cert.tbs_certificate.validity.not_before,
                    cert.tbs_certificate.validity.not_after
                );
                println!("directory    {}", dir.display());
            }
        }
        IdentityCommand::ExportCertificate { out } => {
            let text = std::fs::read(dir.join("certificate.pem"))
                .context("no identity; run `vakt identity generate`")?;
            std::fs::write(&out, text)?;
            println!("{}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn vakt_signature_fingerprint(cert: &Certificate) -> String {
    use sha2::Digest as _;
    let der = der_of(cert);
    sha2::Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn der_of(cert: &Certificate) -> Vec<u8> {
    use der::Encode as _;
    cert.to_der().unwrap_or_default()
}

fn print_identity(s: &vakt_signature::IdentitySummary, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(s)?);
    } else {
        println!("subject      {}", s.subject);
        println!("algorithm    {}", s.algorithm);
        println!("fingerprint  {}", s.fingerprint);
        println!("valid        {} – {}", s.not_before, s.not_after);
    }
    Ok(())
}

/// Runs `vakt sign`.
pub fn sign(args: SignArgs, data_dir: &Path) -> anyhow::Result<ExitCode> {
    let pdf =
        std::fs::read(&args.input).with_context(|| format!("reading {}", args.input.display()))?;
    let id = load_identity(data_dir)?;
    let signed = sign_bytes(&pdf, &id, &args.signing, None, SystemClock.now())?;
    std::fs::write(&args.out, &signed)?;
    println!("{} (signed by {})", args.out.display(), id.subject());
    Ok(ExitCode::SUCCESS)
}

/// Runs `vakt verify`; exit code 1 when anything fails. The record's checkpoint is checked
/// against the journal of the data directory when its database exists (`open` opens it).
pub fn verify(
    args: VerifyArgs,
    data_dir: &Path,
    json: bool,
    open: impl FnOnce() -> anyhow::Result<vakt_api::Vakt>,
) -> anyhow::Result<ExitCode> {
    let pdf =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let mut trust = Vec::new();
    for p in &args.trust {
        let text = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        trust.push(
            <Certificate as der::DecodePem>::from_pem(&text)
                .with_context(|| format!("{} is not a PEM certificate", p.display()))?,
        );
    }
    if trust.is_empty()
        && let Ok(own) = Identity::load_certificate(&identity_dir(data_dir))
    {
        trust.push(own);
    }
    let session = if data_dir.join(vakt_api::DATABASE_FILE).exists() {
        Some(open()?)
    } else {
        None
    };
    let journal = session.as_ref().map(|v| v.journal_at_hand());
    let v = vakt_signature::verify_pdf(
        &pdf,
        &VerifyOptions {
            trust,
            journal: journal.as_ref().map(|j| j as &dyn vakt_signature::Journal),
        },
    )?;
    if json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!(
            "{}: {}",
            args.file.display(),
            if v.ok { "VALID" } else { "NOT VALID" }
        );
        for s in &v.signatures {
            println!("  signature {} by {:?} at {}", s.field, s.name, s.signed_at);
            println!("    digest matches     {}", s.digest_matches);
            println!("    signature valid    {}", s.signature_valid);
            println!("    covers whole file  {}", s.covers_whole_file);
            if let Some(c) = &s.certificate {
                println!(
                    "    certificate        {} (SHA-256 {})",
                    c.subject, c.fingerprint
                );
                println!("    valid at signing   {}", c.valid_at_signing);
                println!(
                    "    trusted            {}",
                    c.trusted
                        .map(|t| t.to_string())
                        .unwrap_or_else(|| "no trust anchor given".into())
                );
            }
        }
        if let Some(cp) = &v.checkpoint {
            println!(
                "  journal checkpoint   {} events, head {}",
                cp.count, cp.head_hash
            );
            println!(
                "    matches journal    {}",
                cp.matches_journal
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "no journal at hand".into())
            );
        }
        for p in &v.problems {
            println!("  problem: {p}");
        }
    }
    Ok(if v.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
