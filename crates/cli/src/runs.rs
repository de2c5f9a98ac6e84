//! `vakt run …`: guided runs of a playbook, each command one operation.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use vakt_api::json::{Fact, RunAction, RunMode, RunView, StepStatusName};
use vakt_api::ops::{
    NotificationDraftRequest, RunActRequest, RunAttachRequest, RunListRequest, RunStartRequest,
    RunViewRequest,
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
    /// Start, complete, skip or fail a step (--step; may be left out while one step is active).
    Step {
        /// The run id (or a unique prefix).
        run: String,
        /// What to do.
        verb: StepVerb,
        /// The step (default: the only active step).
        #[arg(long)]
        step: Option<String>,
        /// Why (required to skip or fail).
        #[arg(long)]
        reason: Option<String>,
        /// Why you act on a step whose role someone else holds (journaled and listed).
        #[arg(long)]
        override_reason: Option<String>,
    },
    /// Take a decision (--step; may be left out while one decision step is active).
    Decide {
        /// The run id (or a unique prefix).
        run: String,
        /// The option chosen.
        option: String,
        /// Why this option.
        #[arg(long)]
        why: String,
        /// The decision step (default: the only active decision step).
        #[arg(long)]
        step: Option<String>,
        /// Why you decide for a role someone else holds (journaled and listed).
        #[arg(long)]
        override_reason: Option<String>,
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
    /// Assign a role to a person the workspace lists as eligible (their workspace id, name or
    /// person id); only the incident manager (the sign-off role's holder) assigns.
    Assign {
        /// The run id (or a unique prefix).
        run: String,
        /// The role id.
        role: String,
        /// The person.
        person: String,
    },
    /// Give a role up (its holder, or the incident manager).
    Release {
        /// The run id (or a unique prefix).
        run: String,
        /// The role id.
        role: String,
    },
    /// Record a moment (occurrence, detection, awareness, …), now or --at an earlier time
    /// with --reason.
    Moment {
        /// The run id (or a unique prefix).
        run: String,
        /// The moment id.
        moment: String,
        /// When (RFC 3339, such as 2026-11-27T22:00:00Z); now when left out.
        #[arg(long)]
        at: Option<String>,
        /// Why the time is earlier than now ("the phishing mail arrived at 08:31").
        #[arg(long)]
        reason: Option<String>,
    },
    /// The notifications register: record facts, affected customers, and what was drafted,
    /// sent and acknowledged (Vakt sends nothing itself).
    #[command(subcommand)]
    Notify(NotifyCommand),
    /// Print the draft of a notification, from the workspace's template and the run's facts.
    Draft {
        /// The run id (or a unique prefix).
        run: String,
        /// The notification's id (see `vakt run show`).
        notification: String,
        /// The customer, for a notice to each affected customer.
        #[arg(long)]
        customer: Option<String>,
        /// Save the draft to this file as well.
        #[arg(long)]
        out: Option<PathBuf>,
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
    /// Show a run: active steps by track, steps, clocks, moments, metrics, the register,
    /// overrides, roles, decisions, evidence.
    Show {
        /// The run id (or a unique prefix).
        run: String,
    },
    /// List every run.
    List,
}

#[derive(Debug, Clone, Subcommand)]
enum NotifyCommand {
    /// Record facts the drafts are filled with, as name=value (what_happened, contact_point, …).
    Facts {
        /// The run id (or a unique prefix).
        run: String,
        /// name=value pairs.
        #[arg(required = true)]
        facts: Vec<String>,
    },
    /// Record a customer as affected: the register gains its notices.
    Affected {
        /// The run id (or a unique prefix).
        run: String,
        /// The customer.
        customer: String,
    },
    /// Record that a notification was drafted.
    Drafted {
        /// The run id (or a unique prefix).
        run: String,
        /// The notification's id.
        notification: String,
        /// The customer, for a notice to each affected customer.
        #[arg(long)]
        customer: Option<String>,
    },
    /// Record that a notification was sent: how, and when (now, or --at with --reason).
    Sent {
        /// The run id (or a unique prefix).
        run: String,
        /// The notification's id.
        notification: String,
        /// The customer, for a notice to each affected customer.
        #[arg(long)]
        customer: Option<String>,
        /// How it was sent (e-mail, portal, telephone).
        #[arg(long)]
        channel: String,
        /// When (RFC 3339); now when left out.
        #[arg(long)]
        at: Option<String>,
        /// Why the time is earlier than now.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Record that the recipient acknowledged a sent notification.
    Acknowledged {
        /// The run id (or a unique prefix).
        run: String,
        /// The notification's id.
        notification: String,
        /// The customer, for a notice to each affected customer.
        #[arg(long)]
        customer: Option<String>,
        /// When (RFC 3339); now when left out.
        #[arg(long)]
        at: Option<String>,
        /// A reference or remark (the authority's case number).
        #[arg(long)]
        note: Option<String>,
    },
}

/// The step given, else the run's only active step (of those that are decisions when
/// `decision`).
fn step_or_only_active(
    cx: &Context<'_, '_, '_>,
    run: &str,
    step: Option<String>,
    decision: bool,
) -> anyhow::Result<String> {
    if let Some(step) = step {
        return Ok(step);
    }
    let view = cx.call(RunViewRequest { run: run.into() })?;
    let active: Vec<&str> = view
        .steps
        .iter()
        .filter(|s| {
            matches!(
                s.status,
                StepStatusName::Active | StepStatusName::Started | StepStatusName::Failed
            ) && (!decision || s.question.is_some())
        })
        .map(|s| s.id.as_str())
        .collect();
    match active.as_slice() {
        [one] => Ok(one.to_string()),
        [] if decision => anyhow::bail!("no decision step of this run is active"),
        [] => anyhow::bail!("no step of this run is active"),
        many => anyhow::bail!(
            "{} steps are active ({}); say which with --step",
            many.len(),
            many.join(", ")
        ),
    }
}

/// `name=value` pairs as facts.
fn facts(pairs: Vec<String>) -> anyhow::Result<Vec<Fact>> {
    pairs
        .into_iter()
        .map(|p| {
            let (name, value) = p
                .split_once('=')
                .with_context(|| format!("`{p}` is not name=value"))?;
            Ok(Fact {
                name: name.trim().to_string(),
                value: value.to_string(),
            })
        })
        .collect()
}

/// The run and the action of `vakt run notify …`.
fn notify_action(command: NotifyCommand) -> anyhow::Result<(String, RunAction)> {
    Ok(match command {
        NotifyCommand::Facts { run, facts: pairs } => (
            run,
            RunAction::Facts {
                facts: facts(pairs)?,
            },
        ),
        NotifyCommand::Affected { run, customer } => {
            (run, RunAction::AffectedCustomer { customer })
        }
        NotifyCommand::Drafted {
            run,
            notification,
            customer,
        } => (
            run,
            RunAction::NotificationDrafted {
                notification,
                customer,
            },
        ),
        NotifyCommand::Sent {
            run,
            notification,
            customer,
            channel,
            at,
            reason,
        } => (
            run,
            RunAction::NotificationSent {
                notification,
                customer,
                channel,
                at,
                reason,
            },
        ),
        NotifyCommand::Acknowledged {
            run,
            notification,
            customer,
            at,
            note,
        } => (
            run,
            RunAction::NotificationAcknowledged {
                notification,
                customer,
                at,
                note,
            },
        ),
    })
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
        RunCommand::Show { run } => {
            let view = cx.call(RunViewRequest { run })?;
            let state = cx.call(vakt_api::ops::JournalStateRequest {})?;
            if !state.intact {
                // What the run shows comes from a journal that no longer verifies: said first,
                // on standard error, and the exit code says damage was found.
                cx.note(&format!(
                    "vakt: WARNING: the journal is broken at event {} ({}); what this run shows may not be what was recorded (run `vakt journal verify`)",
                    state.break_seq.map_or_else(|| "?".to_string(), |s| s.to_string()),
                    state.break_reason.as_deref().unwrap_or("unknown")
                ));
                if cx.json {
                    cx.emit(&format!("{}\n", serde_json::to_string_pretty(&view)?))?;
                } else {
                    cx.emit(&view.text(&args.lang).to_string())?;
                }
                return Ok(ExitCode::from(crate::exit::FAILED));
            }
            view
        }
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
            override_reason,
        } => {
            let step = step_or_only_active(cx, &run, step, false)?;
            let reason = reason.unwrap_or_default();
            let action = match verb {
                StepVerb::Start => RunAction::Start {
                    step,
                    override_reason,
                },
                StepVerb::Complete => RunAction::Complete {
                    step,
                    override_reason,
                },
                StepVerb::Skip => RunAction::Skip {
                    step,
                    reason,
                    override_reason,
                },
                StepVerb::Fail => RunAction::Fail {
                    step,
                    reason,
                    override_reason,
                },
            };
            cx.call(RunActRequest { run, action })?
        }
        RunCommand::Decide {
            run,
            option,
            why,
            step,
            override_reason,
        } => {
            let step = step_or_only_active(cx, &run, step, true)?;
            let action = RunAction::Decide {
                step,
                option,
                rationale: why,
                override_reason,
            };
            cx.call(RunActRequest { run, action })?
        }
        RunCommand::Notify(command) => {
            let (run, action) = notify_action(command)?;
            cx.call(RunActRequest { run, action })?
        }
        RunCommand::Draft {
            run,
            notification,
            customer,
            out,
        } => {
            let draft = cx.call(NotificationDraftRequest {
                run,
                notification,
                customer,
                language: args.lang.clone(),
                save_to: out.map(|p| p.display().to_string()),
            })?;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&draft)?))?;
            } else {
                cx.emit(&draft.to_string())?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        RunCommand::Note { run, text, step } => cx.call(RunActRequest {
            run,
            action: RunAction::Note { step, text },
        })?,
        RunCommand::Assign { run, role, person } => cx.call(RunActRequest {
            run,
            action: RunAction::AssignRole { role, person },
        })?,
        RunCommand::Release { run, role } => cx.call(RunActRequest {
            run,
            action: RunAction::ReleaseRole { role },
        })?,
        RunCommand::Moment {
            run,
            moment,
            at,
            reason,
        } => cx.call(RunActRequest {
            run,
            action: RunAction::Moment { moment, at, reason },
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
