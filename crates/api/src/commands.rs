//! The IPC commands the desktop app offers, and the TypeScript they are called through.
//!
//! [`COMMANDS`] lists every command with its argument and result types. From it and the
//! transport types in [`crate::json`], [`typescript`] writes `ui/src/lib/ipc/generated.ts`; a
//! test fails when the committed file is stale (`VAKT_BLESS=1 cargo test -p vakt-api` rewrites
//! it). The Tauri shell registers exactly these names (its own test checks that).

use ts_rs::{Config, TS};

use crate::{ApiError, ErrorCode, json};

/// One IPC command.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// The name the shell registers (snake_case).
    pub name: &'static str,
    /// What it does, for the generated doc comment.
    pub doc: &'static str,
    /// Its arguments as `(name, TypeScript type)`, in camelCase as Tauri expects them.
    pub args: &'static [(&'static str, &'static str)],
    /// The TypeScript type of its result.
    pub returns: &'static str,
}

/// Every command, in the order the UI file lists them.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "workspace_overview",
        doc: "The workspace and database in use, and the definition files found.",
        args: &[],
        returns: "WorkspaceOverview",
    },
    Command {
        name: "choose_workspace",
        doc: "Saves a folder as the workspace and returns its overview.",
        args: &[("path", "string")],
        returns: "WorkspaceOverview",
    },
    Command {
        name: "settings",
        doc: "Who uses this computer, in which role, the language and the workspace folder.",
        args: &[],
        returns: "Settings",
    },
    Command {
        name: "save_settings",
        doc: "Saves the user's name, role and language.",
        args: &[("input", "SettingsInput")],
        returns: "Settings",
    },
    Command {
        name: "playbook_list",
        doc: "The playbooks one can start, the incident procedure first.",
        args: &[],
        returns: "PlaybookSummary[]",
    },
    Command {
        name: "run_list",
        doc: "Every run, newest first, with phase, current step and clocks.",
        args: &[],
        returns: "RunSummary[]",
    },
    Command {
        name: "run_start",
        doc: "Starts an incident or a drill from a playbook.",
        args: &[
            ("playbook", "string"),
            ("mode", "string"),
            ("title", "string"),
        ],
        returns: "RunView",
    },
    Command {
        name: "run_view",
        doc: "One run: every step, roles, decisions, notes and evidence.",
        args: &[("run", "string")],
        returns: "RunView",
    },
    Command {
        name: "run_act",
        doc: "Records an action in a run; returns the run as committed in the journal.",
        args: &[("run", "string"), ("action", "RunAction")],
        returns: "RunView",
    },
    Command {
        name: "run_attach",
        doc: "Copies a file into the evidence store and records it (SHA-256) in a run.",
        args: &[
            ("run", "string"),
            ("path", "string"),
            ("step", "string | null"),
            ("description", "string"),
        ],
        returns: "RunView",
    },
    Command {
        name: "journal_page",
        doc: "The journal's events matching a filter, with the filter's choices.",
        args: &[("filter", "JournalFilter")],
        returns: "JournalPage",
    },
    Command {
        name: "journal_check",
        doc: "Verifies the journal's chain, and against a checkpoint file when given.",
        args: &[("checkpoint", "string | null")],
        returns: "JournalCheck",
    },
    Command {
        name: "journal_export_file",
        doc: "Writes the whole journal as json or csv to a file; returns the event count.",
        args: &[("format", "string"), ("path", "string")],
        returns: "number",
    },
    Command {
        name: "topology_graph",
        doc: "The topology to draw: nodes with kind, label, requirement and layer; edges; the stores.",
        args: &[],
        returns: "TopologyGraph",
    },
    Command {
        name: "topology_impact",
        doc: "Every node's state when these nodes fail, with why-paths.",
        args: &[("failed", "string[]")],
        returns: "ImpactView",
    },
    Command {
        name: "topology_spofs",
        doc: "The single points of failure of every business service.",
        args: &[],
        returns: "SpofView",
    },
    Command {
        name: "topology_cut_sets",
        doc: "The minimal cut sets of order 2 or less of one service.",
        args: &[("service", "string")],
        returns: "CutSetView",
    },
    Command {
        name: "topology_recovery",
        doc: "The recovery order after these failures with this many crews, against the RTOs.",
        args: &[("failed", "string[]"), ("crews", "number")],
        returns: "RecoveryView",
    },
    Command {
        name: "topology_drill",
        doc: "Replays a drill overlay: the impact at each moment a failure is injected.",
        args: &[("drill", "DrillInput")],
        returns: "DrillView",
    },
    Command {
        name: "topology_restore_point",
        doc: "Can a store be restored to a moment (RFC 3339)? Tier, restore point, data-loss window, or why not.",
        args: &[
            ("store", "string"),
            ("item", "RestoreItem"),
            ("wanted", "string"),
        ],
        returns: "RestoreView",
    },
    Command {
        name: "recordable_runs",
        doc: "Every run, newest first, with the record it gives (incident record or exercise report).",
        args: &[],
        returns: "RecordableRun[]",
    },
    Command {
        name: "produce_record",
        doc: "Produces the record of a run, signs it with the identity the passphrase unlocks, and saves it at path.",
        args: &[
            ("run", "string"),
            ("language", "string"),
            ("passphrase", "string"),
            ("path", "string"),
        ],
        returns: "ProducedRecord",
    },
    Command {
        name: "verify_record",
        doc: "Verifies a record file: signature, whole-file coverage, certificate, checkpoint against the journal.",
        args: &[("path", "string")],
        returns: "RecordVerdict",
    },
    Command {
        name: "signing_identity",
        doc: "The signing identity's certificate, if there is one.",
        args: &[],
        returns: "SigningIdentity",
    },
    Command {
        name: "generate_identity",
        doc: "Generates the signing identity in the organisation's name; the passphrase is typed twice.",
        args: &[
            ("passphrase", "string"),
            ("again", "string"),
            ("replace", "boolean"),
        ],
        returns: "SigningIdentity",
    },
    Command {
        name: "import_identity",
        doc: "Imports the signing identity from a PKCS#12 file.",
        args: &[
            ("path", "string"),
            ("filePassphrase", "string"),
            ("passphrase", "string"),
            ("again", "string"),
            ("replace", "boolean"),
        ],
        returns: "SigningIdentity",
    },
];

fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The whole generated TypeScript file.
pub fn typescript() -> String {
    let cfg = Config::default();
    let decls = [
        ErrorCode::decl(&cfg),
        ApiError::decl(&cfg),
        json::WorkspaceSource::decl(&cfg),
        json::DefinitionFileInfo::decl(&cfg),
        json::WorkspaceOverview::decl(&cfg),
        json::Localized::decl(&cfg),
        json::UserRole::decl(&cfg),
        json::Settings::decl(&cfg),
        json::SettingsInput::decl(&cfg),
        json::PlaybookSummary::decl(&cfg),
        json::ClockView::decl(&cfg),
        json::RunSummary::decl(&cfg),
        json::OptionView::decl(&cfg),
        json::StepView::decl(&cfg),
        json::RunEntry::decl(&cfg),
        json::Assignment::decl(&cfg),
        json::RunView::decl(&cfg),
        json::RunAction::decl(&cfg),
        json::JournalFilter::decl(&cfg),
        json::JournalEventView::decl(&cfg),
        json::RunRef::decl(&cfg),
        json::JournalPage::decl(&cfg),
        json::JournalCheck::decl(&cfg),
        json::TopologyGraph::decl(&cfg),
        json::GraphNode::decl(&cfg),
        json::GraphEdge::decl(&cfg),
        json::StoreChoice::decl(&cfg),
        json::NodeStateName::decl(&cfg),
        json::NodeStateView::decl(&cfg),
        json::ImpactView::decl(&cfg),
        json::SpofView::decl(&cfg),
        json::ServiceSpofView::decl(&cfg),
        json::SpofPath::decl(&cfg),
        json::CutSetView::decl(&cfg),
        json::RecoveryView::decl(&cfg),
        json::RecoveryStepView::decl(&cfg),
        json::RecoveryServiceView::decl(&cfg),
        json::DrillInput::decl(&cfg),
        json::InjectionInput::decl(&cfg),
        json::DrillView::decl(&cfg),
        json::DrillMomentView::decl(&cfg),
        json::RestoreItem::decl(&cfg),
        json::RestoreView::decl(&cfg),
        json::RestoreTierView::decl(&cfg),
        json::RecordKind::decl(&cfg),
        json::RecordableRun::decl(&cfg),
        json::ProducedRecord::decl(&cfg),
        json::SignatureCheck::decl(&cfg),
        json::RecordVerdict::decl(&cfg),
        json::SigningIdentity::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from crates/api by `VAKT_BLESS=1 cargo test -p vakt-api`. Do not edit.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.push_str(
        "/** Calls a backend command by name; the platform module supplies it. */\n\
         export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;\n\n\
         /** Every backend command, typed. */\n\
         export function commands(invoke: Invoke) {\n  return {\n",
    );
    for c in COMMANDS {
        let params: Vec<String> = c.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
        let names: Vec<&str> = c.args.iter().map(|(n, _)| *n).collect();
        let call_args = if names.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", names.join(", "))
        };
        out.push_str(&format!(
            "    /** {} */\n    {}: ({}): Promise<{}> => invoke<{}>(\"{}\"{}),\n",
            c.doc,
            camel(c.name),
            params.join(", "),
            c.returns,
            c.returns,
            c.name,
            call_args
        ));
    }
    out.push_str("  };\n}\n\n/** The typed command set. */\nexport type Commands = ReturnType<typeof commands>;\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_names() {
        assert_eq!(camel("workspace_overview"), "workspaceOverview");
        assert_eq!(camel("x"), "x");
    }

    #[test]
    fn committed_typescript_bindings_are_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../ui/src/lib/ipc/generated.ts");
        let want = typescript();
        if std::env::var_os("VAKT_BLESS").is_some() {
            std::fs::write(&path, &want).expect("write bindings");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is stale; run `VAKT_BLESS=1 cargo test -p vakt-api` and commit it",
            path.display()
        );
    }

    #[test]
    fn every_result_type_is_declared() {
        let ts = typescript();
        for c in COMMANDS {
            let base = c.returns.trim_end_matches("[]");
            if base == "number" {
                continue;
            }
            assert!(
                ts.contains(&format!("type {base} =")),
                "{} not declared",
                c.returns
            );
        }
    }
}
