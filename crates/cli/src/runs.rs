//! `vakt validate` and `vakt run …`: definitions and guided runs.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand, ValueEnum};
use uuid::Uuid;
use vakt_api::Vakt;
use vakt_run::{Action, Actor, ClockState, Mode, RunState, StepStatus};

/// Who is acting, for every `vakt run` command.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Your name as it goes into the journal (else VAKT_ACTOR, else USER).
    #[arg(long, global = true)]
    actor: Option<String>,
    /// The role you act in (else the role assigned to you in the run).
    #[arg(long = "as-role", global = true, value_name = "ROLE")]
    as_role: Option<String>,
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
    /// Start a run of a playbook (an incident, or a drill with --drill); prints the run id.
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

fn actor(args: &RunArgs) -> Actor {
    let name = args
        .actor
        .clone()
        .or_else(|| std::env::var("VAKT_ACTOR").ok())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".to_string());
    Actor {
        name,
        role: args.as_role.clone(),
        host: host(),
    }
}

/// This machine's name.
pub fn host() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown-host".to_string())
}

fn find_run(vakt: &mut Vakt, prefix: &str) -> anyhow::Result<Uuid> {
    if let Ok(id) = Uuid::parse_str(prefix) {
        return Ok(id);
    }
    let runs = vakt.run_engine().runs()?;
    let found: Vec<Uuid> = runs
        .iter()
        .map(|r| r.id)
        .filter(|id| id.to_string().starts_with(prefix))
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => bail!("no run id starts with `{prefix}`"),
        _ => bail!(
            "`{prefix}` matches {} runs; give more of the id",
            found.len()
        ),
    }
}

/// `vakt validate [DIR]`.
pub fn validate(vakt: &Vakt, dir: Option<PathBuf>, json: bool) -> anyhow::Result<ExitCode> {
    let loaded = vakt.definitions(dir.as_deref());
    let root = dir.unwrap_or_else(|| vakt.workspace_root().to_path_buf());
    let others: Vec<OtherCheck> = loaded
        .other_files
        .iter()
        .map(|f| check_other(&root, f))
        .collect();
    let problems = loaded.problems.len() + others.iter().map(|o| o.problems.len()).sum::<usize>();
    if json {
        let out = serde_json::json!({
            "playbooks": loaded.playbooks.iter().map(|p| serde_json::json!({
                "path": p.path, "id": p.playbook.id, "sha256": p.sha256,
                "steps": p.playbook.steps.len(),
            })).collect::<Vec<_>>(),
            "other_files": others.iter().map(|o| serde_json::json!({
                "path": o.path, "checked": o.summary.is_some() || !o.problems.is_empty(),
                "summary": o.summary, "problems": o.problems,
            })).collect::<Vec<_>>(),
            "problems": loaded.problems,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for p in &loaded.problems {
            println!("{p}");
        }
        for o in &others {
            for p in &o.problems {
                println!("{p}");
            }
        }
        for p in &loaded.playbooks {
            println!(
                "ok  {:<45} {:<32} {:>2} steps  {}",
                p.path,
                p.playbook.id,
                p.playbook.steps.len(),
                &p.sha256[..12]
            );
        }
        for o in &others {
            match &o.summary {
                Some(summary) => println!("ok  {:<45} {summary}", o.path),
                None if o.problems.is_empty() => {
                    println!("--  {} (kind not known to this Vakt; not checked)", o.path)
                }
                None => {}
            }
        }
        println!(
            "{} playbook(s) and {} other definition(s) valid, {problems} problem(s)",
            loaded.playbooks.len(),
            others.iter().filter(|o| o.summary.is_some()).count(),
        );
    }
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The check of a definition file that is not a playbook.
struct OtherCheck {
    path: String,
    /// What it holds, when it loaded cleanly.
    summary: Option<String>,
    /// Every problem found, `file:line:col: message`.
    problems: Vec<String>,
}

/// Checks the topology and retention files with their own loaders.
fn check_other(root: &std::path::Path, file: &str) -> OtherCheck {
    let path = root.join(file);
    let lines = |e: String| e.lines().map(str::to_string).collect::<Vec<_>>();
    let (summary, problems) = match file {
        vakt_api::TOPOLOGY_FILE => match vakt_topology::load_file(&path) {
            Ok(t) => (Some(format!("topology, {} nodes", t.node_count())), vec![]),
            Err(e) => (None, lines(e.to_string())),
        },
        vakt_api::RETENTION_FILE => match vakt_retention::Retention::load_file(&path) {
            Ok(r) => (
                Some(format!("retention, {} stores", r.stores.len())),
                vec![],
            ),
            Err(e) => (None, lines(e.to_string())),
        },
        _ => (None, vec![]),
    };
    OtherCheck {
        path: file.to_string(),
        summary,
        problems,
    }
}

/// `vakt run …`.
pub fn run(vakt: &mut Vakt, args: RunArgs, json: bool) -> anyhow::Result<ExitCode> {
    let who = actor(&args);
    let lang = args.lang.clone();
    let state = match args.command {
        RunCommand::List => {
            let runs = vakt.run_engine().runs()?;
            if json {
                let list: Vec<_> = runs.iter().map(summary).collect();
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for r in &runs {
                    println!(
                        "{}  {:<8} {:<7} {:<30} {}",
                        r.id,
                        format!("{:?}", r.mode).to_lowercase(),
                        if r.closed.is_some() { "closed" } else { "open" },
                        r.playbook.id,
                        r.title
                    );
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        RunCommand::Start {
            playbook,
            title,
            drill,
        } => {
            let loaded = vakt.definitions(None);
            let Some(p) = loaded.playbook(&playbook) else {
                let known: Vec<&str> = loaded
                    .playbooks
                    .iter()
                    .map(|p| p.playbook.id.as_str())
                    .collect();
                bail!(
                    "no valid playbook `{playbook}`; playbooks: {}",
                    known.join(", ")
                );
            };
            let roles = loaded
                .workspace
                .as_ref()
                .map(|w| w.roles.iter().map(|r| r.id.clone()).collect())
                .unwrap_or_default();
            let mode = if drill { Mode::Drill } else { Mode::Incident };
            let p = p.clone();
            vakt.run_engine().start(&who, &p, roles, mode, &title)?
        }
        RunCommand::Evidence {
            run,
            file,
            step,
            description,
        } => {
            let id = find_run(vakt, &run)?;
            vakt.run_engine()
                .attach(id, &who, &file, step, &description)
                .with_context(|| format!("attaching {}", file.display()))?
        }
        RunCommand::Show { run } => {
            let id = find_run(vakt, &run)?;
            vakt.run_engine().state(id)?
        }
        command => {
            let (run, action) = action(vakt, command)?;
            vakt.run_engine().act(run, &who, action)?
        }
    };
    let now = vakt_sources::Clock::now(&vakt_sources::SystemClock);
    if json {
        let mut value = serde_json::to_value(&state)?;
        value["clocks"] = serde_json::to_value(state.clocks(now))?;
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        show(&state, now, &lang);
    }
    Ok(ExitCode::SUCCESS)
}

fn current_or(vakt: &mut Vakt, run: Uuid, step: Option<String>) -> anyhow::Result<String> {
    match step {
        Some(s) => Ok(s),
        None => vakt
            .run_engine()
            .state(run)?
            .current
            .context("every step of this run is behind; there is no current step"),
    }
}

fn action(vakt: &mut Vakt, command: RunCommand) -> anyhow::Result<(Uuid, Action)> {
    Ok(match command {
        RunCommand::Step {
            run,
            verb,
            step,
            reason,
        } => {
            let id = find_run(vakt, &run)?;
            let step = current_or(vakt, id, step)?;
            let reason = reason.unwrap_or_default();
            let action = match verb {
                StepVerb::Start => Action::StartStep { step },
                StepVerb::Complete => Action::CompleteStep { step },
                StepVerb::Skip => Action::SkipStep { step, reason },
                StepVerb::Fail => Action::FailStep { step, reason },
            };
            (id, action)
        }
        RunCommand::Decide {
            run,
            option,
            why,
            step,
        } => {
            let id = find_run(vakt, &run)?;
            let step = current_or(vakt, id, step)?;
            (
                id,
                Action::Decide {
                    step,
                    option,
                    rationale: why,
                },
            )
        }
        RunCommand::Note { run, text, step } => {
            (find_run(vakt, &run)?, Action::Note { step, text })
        }
        RunCommand::Assign { run, role, person } => {
            (find_run(vakt, &run)?, Action::AssignRole { role, person })
        }
        RunCommand::Moment { run, moment, at } => {
            let at = at
                .map(|t| t.parse::<chrono::DateTime<chrono::Utc>>())
                .transpose()
                .context("--at must be an RFC 3339 time such as 2026-11-27T22:00:00Z")?;
            (find_run(vakt, &run)?, Action::RecordMoment { moment, at })
        }
        RunCommand::Close { run, statement } => {
            (find_run(vakt, &run)?, Action::Close { statement })
        }
        RunCommand::Start { .. }
        | RunCommand::Evidence { .. }
        | RunCommand::Show { .. }
        | RunCommand::List => bail!("not an action"),
    })
}

fn summary(r: &RunState) -> serde_json::Value {
    serde_json::json!({
        "id": r.id, "mode": r.mode, "title": r.title, "playbook": r.playbook.id,
        "playbook_sha256": r.playbook_sha256, "started_at": r.started_at,
        "closed": r.closed.is_some(), "current": r.current,
    })
}

fn duration_words(seconds: i64) -> String {
    let (h, m) = (seconds / 3600, (seconds % 3600) / 60);
    format!("{h}h{m:02}m")
}

fn show(r: &RunState, now: chrono::DateTime<chrono::Utc>, lang: &str) {
    println!("run       {}", r.id);
    println!("title     {} ({:?})", r.title, r.mode);
    println!(
        "playbook  {} {} ({}, sha256 {})",
        r.playbook.id, r.playbook.version, r.playbook_path, &r.playbook_sha256
    );
    println!("started   {} by {}", r.started_at, r.started_by);
    match &r.current {
        Some(c) => {
            if let Some(step) = r.playbook.step(c) {
                let status = r.step(c).map(|s| s.status.word()).unwrap_or("?");
                println!(
                    "\nNOW: {} [{}] ({status}; role {}; about {})",
                    step.title.get(lang),
                    c,
                    step.role,
                    step.duration
                );
                println!("  {}", step.instructions.get(lang));
                for item in &step.checklist {
                    println!("  [ ] {}", item.get(lang));
                }
                for e in &step.evidence {
                    println!("  evidence wanted: {} ({})", e.title.get(lang), e.id);
                }
                if !step.nodes.is_empty() {
                    println!("  concerns: {}", step.nodes.join(", "));
                }
                if let Some(d) = &step.decision {
                    println!("  DECIDE: {}", d.question.get(lang));
                    for o in &d.options {
                        println!("    {:<24} {}", o.id, o.title.get(lang));
                        if let Some(c) = &o.criteria {
                            println!("    {:<24}   when: {}", "", c.get(lang));
                        }
                    }
                }
            }
        }
        None => println!("\nevery step is behind"),
    }
    println!("\nsteps:");
    for s in &r.playbook.steps {
        let rec = r.step(&s.id);
        let mark = match rec.map(|x| &x.status) {
            Some(StepStatus::Done { .. }) => "done",
            Some(StepStatus::Skipped { .. }) => "skipped",
            Some(StepStatus::Failed { .. }) => "FAILED",
            Some(StepStatus::Active { .. }) => "active",
            _ => "",
        };
        let here = if r.current.as_deref() == Some(&s.id) {
            ">"
        } else {
            " "
        };
        println!("{here} {:<8} {:<28} {}", mark, s.id, s.title.get(lang));
    }
    let clocks = r.clocks(now);
    if !clocks.is_empty() {
        println!("\nclocks:");
        for c in clocks {
            let state = match c.state {
                ClockState::Waiting => "waiting for its moment".to_string(),
                ClockState::Running { remaining_seconds } => {
                    format!("{} left", duration_words(remaining_seconds))
                }
                ClockState::Overdue { overdue_seconds } => {
                    format!("OVERDUE by {}", duration_words(overdue_seconds))
                }
                ClockState::Met { at, in_time } => {
                    format!("met at {at}{}", if in_time { "" } else { " (LATE)" })
                }
            };
            let deadline = c.deadline.map(|d| d.to_string()).unwrap_or_default();
            println!("  {:<28} {:<26} {state}", c.id, deadline);
        }
    }
    if !r.assignments.is_empty() {
        println!("\nroles:");
        for (role, person) in &r.assignments {
            println!("  {role:<24} {person}");
        }
    }
    for d in &r.decisions {
        println!(
            "decision  {} → {} by {} at {}: {}",
            d.step, d.option, d.by, d.at, d.rationale
        );
    }
    for n in &r.notes {
        println!("note      {} {}: {}", n.at, n.by, n.text);
    }
    for e in &r.evidence {
        println!(
            "evidence  {} {} B {} ({}) by {}",
            e.sha256, e.size, e.original_name, e.description, e.by
        );
    }
    if let Some(c) = &r.closed {
        println!(
            "closed    {} by {} as {}: {}",
            c.at, c.by, c.role, c.statement
        );
    }
}
