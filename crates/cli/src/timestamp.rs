//! `vakt timestamp FILE.pdf --tsa URL`: a document timestamp added later, one operation.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use vakt_api::ops::TimestampPdfRequest;

use crate::Context;

/// `vakt timestamp FILE.pdf --tsa URL [--out OUT.pdf]`.
#[derive(Debug, Clone, Args)]
pub struct TimestampArgs {
    /// The (signed) PDF.
    file: PathBuf,
    /// The time-stamping authority (RFC 3161 over HTTP, `http://…`).
    #[arg(long, value_name = "URL")]
    tsa: String,
    /// Where to write the timestamped PDF; default: the file itself.
    #[arg(long, value_name = "FILE.pdf")]
    out: Option<PathBuf>,
}

/// Runs `vakt timestamp`.
pub fn timestamp(cx: &mut Context<'_, '_, '_>, args: TimestampArgs) -> anyhow::Result<ExitCode> {
    let out = args.out.unwrap_or_else(|| args.file.clone());
    let stamped = cx.call(TimestampPdfRequest {
        input: args.file.display().to_string(),
        tsa: args.tsa,
        path: out.display().to_string(),
    })?;
    if cx.json {
        cx.emit(&format!("{}\n", serde_json::to_string_pretty(&stamped)?))?;
    } else {
        cx.emit(&format!("{} (document timestamp added)\n", stamped.path))?;
    }
    Ok(ExitCode::SUCCESS)
}
