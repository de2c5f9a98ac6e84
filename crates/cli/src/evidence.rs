//! `vakt evidence …`: the evidence register with its chain of custody, each one operation.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use vakt_api::json::EvidenceMethod;
use vakt_api::ops::{
    EvidenceAttachRequest, EvidenceCustodyRequest, EvidenceExportRequest, EvidenceRegisterRequest,
    EvidenceVerifyRequest,
};

use crate::Context;

/// `vakt evidence` and its commands.
#[derive(Debug, Clone, Args)]
pub struct EvidenceArgs {
    #[command(subcommand)]
    command: EvidenceCommand,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Method {
    CopiedFile,
    Screenshot,
    Export,
    MemoryImage,
    DiskImage,
    Other,
}

impl From<Method> for EvidenceMethod {
    fn from(m: Method) -> Self {
        match m {
            Method::CopiedFile => Self::CopiedFile,
            Method::Screenshot => Self::Screenshot,
            Method::Export => Self::Export,
            Method::MemoryImage => Self::MemoryImage,
            Method::DiskImage => Self::DiskImage,
            Method::Other => Self::Other,
        }
    }
}

#[derive(Debug, Clone, Subcommand)]
enum EvidenceCommand {
    /// Rehash every stored copy against the journal: missing, modified, extra (exit 1 when
    /// one is missing or modified).
    Verify,
    /// The register: every item with who collected it, from where, how, when, and its custody.
    List {
        /// Only this run (id or unique prefix).
        #[arg(long)]
        run: Option<String>,
    },
    /// Register an item in a run: copied into the store, or --by-reference hashed in place.
    Attach {
        /// The run id (or a unique prefix).
        run: String,
        /// The file (a regular file; symbolic links are refused).
        file: PathBuf,
        /// How it was obtained.
        #[arg(long, value_enum, default_value_t = Method::CopiedFile)]
        method: Method,
        /// What it shows.
        #[arg(long, default_value = "")]
        description: String,
        /// The step it belongs to.
        #[arg(long)]
        step: Option<String>,
        /// Who collected it (default: you).
        #[arg(long)]
        collected_by: Option<String>,
        /// When it was collected, RFC 3339 (default: now).
        #[arg(long)]
        collected_at: Option<String>,
        /// The machine it came from (default: this one).
        #[arg(long)]
        source_host: Option<String>,
        /// The system it came from (an EDR console, a mail gateway).
        #[arg(long)]
        source_system: Option<String>,
        /// Hash it where it lies and keep a reference; no copy, no size limit.
        #[arg(long)]
        by_reference: bool,
        /// The largest copy in bytes (default 4 GiB).
        #[arg(long, value_name = "BYTES")]
        copy_limit: Option<u64>,
    },
    /// Record that an item was viewed, or with --to handed over.
    Custody {
        /// The item id (see `vakt evidence list`).
        item: String,
        /// Handed over to this person or organisation.
        #[arg(long, requires = "purpose")]
        to: Option<String>,
        /// Why it was handed over.
        #[arg(long)]
        purpose: Option<String>,
    },
    /// Write a copy of a stored item to a new file and record the export.
    Export {
        /// The item id (see `vakt evidence list`).
        item: String,
        /// The new file.
        #[arg(long)]
        out: PathBuf,
    },
}

/// `vakt evidence …`.
pub fn evidence(cx: &mut Context<'_, '_, '_>, args: EvidenceArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        EvidenceCommand::Verify => {
            let verdict = cx.call(EvidenceVerifyRequest {})?;
            cx.show(&verdict)?;
            return Ok(if verdict.intact {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        EvidenceCommand::List { run } => {
            let items = cx.call(EvidenceRegisterRequest { run })?;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&items)?))?;
            } else {
                let text: String = items.iter().map(ToString::to_string).collect();
                cx.emit(&text)?;
            }
        }
        EvidenceCommand::Attach {
            run,
            file,
            method,
            description,
            step,
            collected_by,
            collected_at,
            source_host,
            source_system,
            by_reference,
            copy_limit,
        } => {
            let view = cx
                .call(EvidenceAttachRequest {
                    run,
                    path: file.display().to_string(),
                    step,
                    request: None,
                    description,
                    method: method.into(),
                    collected_by,
                    collected_at,
                    source_host,
                    source_system,
                    by_reference,
                    copy_limit,
                    task: None,
                })
                .with_context(|| {
                    format!(
                        "attaching {}",
                        vakt_stdx::shown_safely(&file.display().to_string())
                    )
                })?;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&view)?))?;
            } else {
                cx.emit(&view.text("en").to_string())?;
            }
        }
        EvidenceCommand::Custody { item, to, purpose } => {
            let entry = cx.call(EvidenceCustodyRequest {
                item,
                handed_to: to,
                purpose,
            })?;
            cx.emit(&format!("{}\n", serde_json::to_string_pretty(&entry)?))?;
        }
        EvidenceCommand::Export { item, out } => {
            let entry = cx.call(EvidenceExportRequest {
                item,
                path: out.display().to_string(),
            })?;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&entry)?))?;
            } else {
                cx.emit(&format!("{}\n", out.display()))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
