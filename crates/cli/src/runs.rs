//! `vakt run …`: guided runs of a playbook, each command one operation.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use vakt_api::json::{RunAction, RunMode, RunView};
use vakt_api::ops::{
    RunActRequest, RunAttachRequest, RunListRequest, RunStartRequest, RunViewRequest,
};

use crate::Context;

/// `vakt run` and its commands.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Language of the texts shown: en or nl.
    #[arg(long, global = true, default_value = "en")]
    lang: String,
    #[command(subcommand)]
    command: RunCommand,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum StepVerb {
    Start,
    Complete,
    Skip,
    Fail,
}

#[derive(Debug, Clone, Subcommand)]
enum RunCommand {
    /// Start a run of a playbook (an incident, or a drill with --drill); prints the run.
    Start {
        /// The playbook's id (see `vakt validate`).
        playbook: String,
        /// A short title for this run.
        #[arg(long)]
        title: String,
        /// A rehearsal rather than a real incident.
        #[arg(long)]
        drill: bool,
    },
    /// Start, complete, skip or fail the current step (or --step).
    Step {
        /// The run id (or a unique prefix).
        run: String,
        /// What to do.
        verb: StepVerb,
        /// The step (default: the current one).
        #[arg(long)]
        step: Option<String>,
        /// Why (required to skip or fail).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Take the decision of the current step.
    Decide {
        /// The run id (or a unique prefix).
        run: String,
        /// The option chosen.
        option: String,
        /// Why this option.
        #[arg(long)]
        why: String,
        /// The step (default: the current one).
        #[arg(long)]
        step: Option<String>,
    },
    /// Add a note.
    Note {
        /// The run id (or a unique prefix).
        run: String,
        /// The text.
        text: String,
        /// The step it is about.
        #[arg(long)]
        step: Option<String>,
    },
    /// Assign a role to a person.
    Assign {
        /// The run id (or a unique prefix).
        run: String,
        /// The role id.
        role: String,
        /// The person.
        person: String,
    },
    /// Record a moment (awareness, a maintenance window, …), now or --at a time.
    Moment {
        /// The run id (or a unique prefix).
        run: String,
        /// The moment id.
        moment: String,
        /// When (RFC 3339, such as 2026-11-27T22:00:00Z).
        #[arg(long)]
        at: Option<String>,
    },
    /// Attach an evidence file (copied into the store with its SHA-256).
    Evidence {
        /// The run id (or a unique prefix).
        run: String,
        /// The file.
        file: PathBuf,
        /// The step it belongs to.
        #[arg(long)]
        step: Option<String>,
        /// What it shows.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Close the run with your sign-off (you must hold the playbook's sign-off role).
    Close {
        /// The run id (or a unique prefix).
        run: String,
        /// What you declare.
        #[arg(long)]
        statement: String,
    },
    /// Show a run: current step, steps, clocks, roles, decisions, evidence.
    Show {
        /// The run id (or a unique prefix).
        run: String,
    },
    /// List every run.
    List,
}

/// The step given, else the run's current step.
fn step_or_current(
    cx: &Context<'_, '_, '_>,
    run: &str,
    step: Option<String>,
) -> anyhow::Result<String> {
    if let Some(step) = step {
        return Ok(step);
    }
    cx.call(RunViewRequest { run: run.into() })?
        .summary
        .current_step
        .context("every step of this run is behind; there is no current step")
}

/// `vakt run …`.
pub fn run(cx: &mut Context<'_, '_, '_>, args: RunArgs) -> anyhow::Result<ExitCode> {
    let view: RunView = match args.command {
        RunCommand::List => {
            let runs = cx.call(RunListRequest {})?;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&runs)?))?;
            } else {
                let text: String = runs.iter().map(ToString::to_string).collect();
                cx.emit(&text)?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        RunCommand::Start {
            playbook,
            title,
            drill,
        } => cx.call(RunStartRequest {
            playbook,
            mode: if drill {
                RunMode::Drill
            } else {
                RunMode::Incident
            },
            title,
        })?,
        RunCommand::Show { run } => cx.call(RunViewRequest { run })?,
        RunCommand::Evidence {
            run,
            file,
            step,
            description,
        } => cx
            .call(RunAttachRequest {
                run,
                path: file.display().to_string(),
                step,
                description,
            })
            .with_context(|| format!("attaching {}", file.display()))?,
        RunCommand::Step {
            run,
            verb,
            step,
            reason,
        } => {
            let step = step_or_current(cx, &run, step)?;
            let reason = reason.unwrap_or_default();
            let action = match verb {
                StepVerb::Start => RunAction::Start { step },
                StepVerb::Complete => RunAction::Complete { step },
                StepVerb::Skip => RunAction::Skip { step, reason },
                StepVerb::Fail => RunAction::Fail { step, reason },
            };
            cx.call(RunActRequest { run, action })?
        }
        RunCommand::Decide {
            run,
            option,
            why,
            step,
        } => {
            let step = step_or_current(cx, &run, step)?;
            let action = RunAction::Decide {
                step,
                option,
                rationale: why,
            };
            cx.call(RunActRequest { run, action })?
        }
        RunCommand::Note { run, text, step } => cx.call(RunActRequest {
            run,
            action: RunAction::Note { step, text },
        })?,
        RunCommand::Assign { run, role, person } => cx.call(RunActRequest {
            run,
            action: RunAction::AssignRole { role, person },
        })?,
        RunCommand::Moment { run, moment, at } => cx.call(RunActRequest {
            run,
            action: RunAction::Moment { moment, at },
        })?,
        RunCommand::Close { run, statement } => cx.call(RunActRequest {
            run,
            action: RunAction::Close { statement },
        })?,
    };
    if cx.json {
        cx.emit(&format!("{}\n", serde_json::to_string_pretty(&view)?))?;
    } else {
        cx.emit(&view.text(&args.lang).to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}
