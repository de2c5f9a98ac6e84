//! `vakt drill …` and `vakt finding …`: drills from scenarios, their injections, recoveries and
//! restore points; graded findings and corrective actions. Each command is one operation.

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use vakt_api::json::{ActionInput, ActionStateName, FindingGrade, RestoreItem};
use vakt_api::ops::{
    ActionUpdateRequest, CorrectiveActionsRequest, DrillFindingRequest, DrillInjectRequest,
    DrillJudgeRequest, DrillListRequest, DrillRestorePointRequest, DrillRestoreRequest,
    DrillScenariosRequest, DrillStartRequest, DrillTickRequest, DrillViewRequest,
};

use crate::Context;

/// `vakt drill` and its commands.
#[derive(Debug, Clone, Args)]
pub struct DrillArgs {
    #[command(subcommand)]
    command: DrillCommand,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Item {
    Any,
    Changed,
    Deleted,
}

#[derive(Debug, Clone, Subcommand)]
enum DrillCommand {
    /// The workspace's scenarios (`drills/*.toml`) and the problems of broken ones.
    Scenarios,
    /// Every drill started from a scenario, newest first.
    List,
    /// Start a scenario: its playbook's run in drill mode; injections at +0 are journaled.
    Start {
        /// The scenario's id.
        scenario: String,
        /// A title for the run.
        #[arg(long)]
        title: Option<String>,
    },
    /// A drill: schedule, what is down, achieved against target RTO and RPO, findings.
    View {
        /// The run id (or a unique prefix).
        run: String,
    },
    /// Journal the scheduled injections whose moment has passed.
    Tick {
        /// The run id (or a unique prefix).
        run: String,
    },
    /// The controller's cue: inject a failure of the scenario now.
    Inject {
        /// The run id (or a unique prefix).
        run: String,
        /// The injection's id in the scenario.
        injection: String,
    },
    /// Mark nodes restored.
    Restore {
        /// The run id (or a unique prefix).
        run: String,
        /// The node ids.
        #[arg(required = true)]
        nodes: Vec<String>,
        /// When, RFC 3339 (default: now; an earlier time needs --reason).
        #[arg(long)]
        at: Option<String>,
        /// Why the time is earlier than now.
        #[arg(long)]
        reason: Option<String>,
        /// The step that restored them.
        #[arg(long)]
        step: Option<String>,
    },
    /// Choose a measured service's restore point with the calculator and journal it (its RPO).
    RestorePoint {
        /// The run id (or a unique prefix).
        run: String,
        /// The measured service.
        service: String,
        /// The moment to restore to, RFC 3339 (default: when the service went down).
        #[arg(long)]
        wanted: Option<String>,
        /// What is restored.
        #[arg(long, value_enum, default_value_t = Item::Any)]
        item: Item,
        /// The tier (default: the one losing least).
        #[arg(long)]
        tier: Option<String>,
    },
    /// Judge one of the scenario's success criteria (as `vakt drill view` numbers them).
    Judge {
        /// The run id (or a unique prefix).
        run: String,
        /// The criterion's number, from 1.
        criterion: u32,
        /// Met (`met`) or not (`not-met`).
        #[arg(value_parser = ["met", "not-met"])]
        verdict: String,
        /// What showed it, or what was missing.
        #[arg(long)]
        note: String,
    },
}

/// `vakt finding` and its commands.
#[derive(Debug, Clone, Args)]
pub struct FindingArgs {
    #[command(subcommand)]
    command: FindingCommand,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Grade {
    Major,
    Minor,
    Observation,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum State {
    Open,
    Done,
    Verified,
}

#[derive(Debug, Clone, Subcommand)]
enum FindingCommand {
    /// Record a graded finding in a drill, with a corrective action when --action is given.
    Add {
        /// The run id (or a unique prefix).
        run: String,
        /// How heavy it is.
        #[arg(long, value_enum)]
        grade: Grade,
        /// What was found.
        #[arg(long)]
        text: String,
        /// The step it is about.
        #[arg(long)]
        step: Option<String>,
        /// The service it is about.
        #[arg(long)]
        service: Option<String>,
        /// The corrective action.
        #[arg(long, requires_all = ["owner", "due"])]
        action: Option<String>,
        /// Who does it.
        #[arg(long)]
        owner: Option<String>,
        /// By when, YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
    },
    /// Corrective actions across drills (exit 1 with --overdue when any is overdue).
    Actions {
        /// Only those open past their due date.
        #[arg(long)]
        overdue: bool,
    },
    /// Move a corrective action on: open → done → verified (done may be reopened).
    Update {
        /// The action's id (or a unique prefix).
        action: String,
        /// The new state.
        #[arg(long, value_enum)]
        state: State,
        /// What was done, or why it is reopened.
        #[arg(long)]
        note: String,
        /// The drill it is recorded in (default: the one that raised it).
        #[arg(long)]
        run: Option<String>,
    },
}

/// `vakt drill …`.
pub fn drill(cx: &mut Context<'_, '_, '_>, args: DrillArgs) -> anyhow::Result<ExitCode> {
    let view = match args.command {
        DrillCommand::Scenarios => {
            let list = cx.call(DrillScenariosRequest {})?;
            cx.show(&list)?;
            return Ok(if list.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        DrillCommand::List => {
            let list = cx.call(DrillListRequest {})?;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&list)?))?;
            } else {
                let text: String = list
                    .iter()
                    .map(|d| {
                        format!(
                            "{}  {:<6} {}  {}  {}\n",
                            d.run,
                            if d.open { "open" } else { "closed" },
                            d.started_at,
                            d.scenario,
                            d.title
                        )
                    })
                    .collect();
                cx.emit(&text)?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        DrillCommand::Start { scenario, title } => {
            cx.call(DrillStartRequest { scenario, title })?
        }
        DrillCommand::View { run } => cx.call(DrillViewRequest { run })?,
        DrillCommand::Tick { run } => cx.call(DrillTickRequest { run })?,
        DrillCommand::Inject { run, injection } => {
            cx.call(DrillInjectRequest { run, injection })?
        }
        DrillCommand::Restore {
            run,
            nodes,
            at,
            reason,
            step,
        } => cx.call(DrillRestoreRequest {
            run,
            nodes,
            at,
            reason,
            step,
        })?,
        DrillCommand::RestorePoint {
            run,
            service,
            wanted,
            item,
            tier,
        } => cx.call(DrillRestorePointRequest {
            run,
            service,
            wanted,
            item: match item {
                Item::Any => RestoreItem::Any,
                Item::Changed => RestoreItem::Changed,
                Item::Deleted => RestoreItem::Deleted,
            },
            tier,
        })?,
        DrillCommand::Judge {
            run,
            criterion,
            verdict,
            note,
        } => cx.call(DrillJudgeRequest {
            run,
            criterion: criterion
                .checked_sub(1)
                .ok_or_else(|| anyhow::anyhow!("criteria are numbered from 1"))?,
            met: verdict == "met",
            note,
        })?,
    };
    cx.show(&view)?;
    Ok(ExitCode::SUCCESS)
}

/// `vakt finding …`.
pub fn finding(cx: &mut Context<'_, '_, '_>, args: FindingArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        FindingCommand::Add {
            run,
            grade,
            text,
            step,
            service,
            action,
            owner,
            due,
        } => {
            let view = cx.call(DrillFindingRequest {
                run,
                grade: match grade {
                    Grade::Major => FindingGrade::Major,
                    Grade::Minor => FindingGrade::Minor,
                    Grade::Observation => FindingGrade::Observation,
                },
                step,
                service,
                text,
                action: action.map(|text| ActionInput {
                    text,
                    owner: owner.unwrap_or_default(),
                    due: due.unwrap_or_default(),
                }),
            })?;
            cx.show(&view)?;
        }
        FindingCommand::Actions { overdue } => {
            let list = cx.call(CorrectiveActionsRequest {
                overdue_only: overdue,
            })?;
            if cx.json {
                cx.emit(&format!("{}\n", serde_json::to_string_pretty(&list)?))?;
            } else {
                let text: String = list.iter().map(ToString::to_string).collect();
                cx.emit(&text)?;
            }
            if overdue && !list.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
        FindingCommand::Update {
            action,
            state,
            note,
            run,
        } => {
            let view = cx.call(ActionUpdateRequest {
                action,
                state: match state {
                    State::Open => ActionStateName::Open,
                    State::Done => ActionStateName::Done,
                    State::Verified => ActionStateName::Verified,
                },
                note,
                run,
            })?;
            cx.show(&view)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `vakt readiness`: the gaps between the plans and a real disaster (exit 1 when any).
pub fn readiness(cx: &mut Context<'_, '_, '_>) -> anyhow::Result<ExitCode> {
    let view = cx.call(vakt_api::ops::ReadinessRequest {})?;
    cx.show(&view)?;
    Ok(if view.gaps.is_empty() && view.overdue_actions.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `vakt programme`: the exercise programme.
pub fn programme(cx: &mut Context<'_, '_, '_>) -> anyhow::Result<ExitCode> {
    let view = cx.call(vakt_api::ops::ProgrammeRequest {})?;
    cx.show(&view)?;
    Ok(ExitCode::SUCCESS)
}
