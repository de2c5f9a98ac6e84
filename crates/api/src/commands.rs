//! What the operation list generates for the other side of the IPC boundary: the TypeScript
//! (`ui/src/lib/ipc/generated.ts`: every request and response type with what they use, and a
//! typed command set) and the shell's command list (`src-tauri/commands.in`, from which its
//! build script makes one permission per command). Both are committed; tests fail when either is
//! stale (`UPDATE_EXPECT=1 cargo test -p vakt-api` rewrites them: expect-test file snapshots).

use std::collections::BTreeSet;

use ts_rs::{Config, TS, TypeVisitor};

use crate::operation::{Operation, OperationVisitor, visit_operations};
use crate::{ApiError, ErrorCode};

/// Collects the TypeScript declaration of every type an operation uses, once each, in the order
/// first met.
struct Declarations {
    cfg: Config,
    seen: BTreeSet<String>,
    out: Vec<String>,
}

impl Declarations {
    fn add<T: TS + 'static + ?Sized>(&mut self) {
        // Only named types get a declaration; `string`, arrays and options do not.
        if T::output_path().is_none() {
            self.add_in_name_order(|d: &mut Direct<'_>| T::visit_generics(d));
            return;
        }
        let name = T::ident(&self.cfg);
        if !self.seen.insert(name) {
            return;
        }
        self.add_in_name_order(|d: &mut Direct<'_>| T::visit_dependencies(d));
        self.out.push(T::decl(&self.cfg));
    }

    /// Adds the types `visit` names, sorted by name. ts-rs's derive visits a type's dependencies
    /// in the order of a hash set, which changes from one build to the next; sorting keeps the
    /// generated file the same for the same code.
    fn add_in_name_order(&mut self, visit: impl FnOnce(&mut Direct<'_>)) {
        let mut direct = Direct {
            cfg: &self.cfg,
            types: Vec::new(),
        };
        visit(&mut direct);
        let mut types = direct.types;
        types.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, add) in types {
            add(self);
        }
    }
}

/// How to declare one type.
type Declare = fn(&mut Declarations);

/// The types one type uses directly, each with its name and how to declare it.
struct Direct<'a> {
    cfg: &'a Config,
    types: Vec<(String, Declare)>,
}

impl TypeVisitor for Direct<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        self.types.push((T::name(self.cfg), Declarations::add::<T>));
    }
}

/// One typed function of the command set.
struct Functions {
    cfg: Config,
    out: String,
}

impl OperationVisitor for Declarations {
    fn visit<O: Operation>(&mut self) {
        if NOT_FOR_THE_WINDOW.contains(&O::NAME) {
            return;
        }
        self.add::<O>();
        self.add::<O::Response>();
    }
}

impl OperationVisitor for Functions {
    fn visit<O: Operation>(&mut self) {
        if NOT_FOR_THE_WINDOW.contains(&O::NAME) {
            return;
        }
        let request = O::ident(&self.cfg);
        let response = <O::Response as TS>::name(&self.cfg);
        // A request without fields may be left out by the caller.
        let empty = O::inline(&self.cfg) == "Record<symbol, never>";
        let parameter = if empty {
            format!("request: {request} = {{}}")
        } else {
            format!("request: {request}")
        };
        self.out.push_str(&format!(
            "    /** {} ({}) */\n    {}: ({parameter}): Promise<{response}> =>\n      invoke<{response}>(\"{}\", {{ request }}),\n",
            O::DOC,
            match O::ACCESS {
                crate::Access::Read => "reads",
                crate::Access::Change => "changes; refused to an auditor",
                crate::Access::Preferences => "changes the user's own preferences",
            },
            camel(O::NAME),
            O::NAME,
        ));
    }
}

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
    let mut decls = Declarations {
        cfg: Config::default(),
        seen: BTreeSet::new(),
        out: Vec::new(),
    };
    decls.add::<ErrorCode>();
    decls.add::<ApiError>();
    visit_operations(&mut decls);
    let mut functions = Functions {
        cfg: Config::default(),
        out: String::new(),
    };
    visit_operations(&mut functions);

    let mut out = String::from(
        "// Generated from crates/api by `UPDATE_EXPECT=1 cargo test -p vakt-api`. Do not edit.\n\n",
    );
    for d in decls.out {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.push_str(
        "/** Calls a backend command by name; the platform module supplies it. */\n\
         export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;\n\n\
         /** Every backend command, typed: one request object in, one response out. */\n\
         export function commands(invoke: Invoke) {\n  return {\n",
    );
    out.push_str(&functions.out);
    out.push_str("  };\n}\n\n/** The typed command set. */\nexport type Commands = ReturnType<typeof commands>;\n");
    out
}

/// Plugin permissions the window uses besides its own commands, each with why: the system file
/// dialogs, to choose an evidence file, a checkpoint, a record or a workspace folder (`open`)
/// and where to save an export or a record (`save`). The dialogs only return a path the user
/// chose; reading and writing still go through the operations.
pub const PLUGIN_PERMISSIONS: &[&str] = &[
    "dialog:allow-open",
    "dialog:allow-save",
    // The team journal's background sync tells the window when to read again
    // (`journal-changed`, `team-status-changed`): listening to the app's own events.
    "core:event:allow-listen",
    "core:event:allow-unlisten",
];

/// Operations the window is not granted (nor given TypeScript for): the CLI's alone. The window
/// gets only what its screens call, so a compromised webview cannot reach the rest; the
/// security test checks that every granted command is called by the UI. `journal_soak` is the
/// crash test's load generator; the others serve the command line (validation, exports,
/// signing any PDF, topology exchange files, upgrading a playbook file) and have no screen yet.
pub const NOT_FOR_THE_WINDOW: &[&str] = &[
    "validate",
    "journal_checkpoint",
    "journal_export",
    "journal_soak",
    "topology_node_spofs",
    "topology_check",
    "topology_dot",
    "topology_export",
    "topology_import",
    "playbook_upgrade",
    "render_record",
    "sign_pdf",
    "signing_certificate",
    "timestamp_pdf",
    // The organisation's CA is held offline and run from the command line only.
    "ca_create",
    "ca_issue",
    "ca_certificate",
    // Custody events and exports of evidence: the command line's for now (the window's
    // evidence panel attaches, lists the register and verifies).
    "evidence_custody",
    "evidence_export",
    // Turning encryption on and changing its passphrase: `vakt data encrypt|passphrase` (the
    // window only unlocks).
    "data_encrypt",
    "data_change_passphrase",
    // Attaching to a step from the command line (`vakt run evidence`); the window's evidence
    // panel uses `evidence_attach` with progress and cancel.
    "run_attach",
    // The team journal: the server's schema (its owner's job), the server's device list (the
    // team panel shows the background sync's copy), anchors, the comparison with the server
    // and bundle files stay the command line's; the team panel enrols, approves, syncs now
    // and shows the status.
    "team_init",
    "team_devices",
    "team_anchor",
    "journal_against_server",
    "journal_bundle_export",
    "journal_bundle_import",
    // Adding another person at a shared console: `vakt person add` (importing a person's key
    // from the organisation's PKI is in the window's Settings, person panel).
    "person_add",
];

/// The main window's capability file (`src-tauri/capabilities/main.json`): every operation's
/// command and the plugin permissions above, nothing else.
pub fn main_capability() -> String {
    let mut permissions: Vec<String> = crate::OPERATIONS
        .iter()
        .filter(|o| !NOT_FOR_THE_WINDOW.contains(&o.name))
        .map(|o| format!("allow-{}", o.name.replace('_', "-")))
        .collect();
    permissions.extend(PLUGIN_PERMISSIONS.iter().map(|p| p.to_string()));
    let capability = serde_json::json!({
        "identifier": "main",
        "description": "The main window: Vakt's own commands (one per operation) the system file dialogs (open, save) and listening to the app's own events, nothing else. Generated from crates/api.",
        "windows": ["main"],
        "permissions": permissions,
    });
    let mut text = serde_json::to_string_pretty(&capability).unwrap_or_default();
    text.push('\n');
    text
}

/// The shell's command list: one name a line, in the operations' order.
pub fn command_list() -> String {
    let mut out = String::new();
    for o in crate::OPERATIONS {
        out.push_str(o.name);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed file equals what the operation list generates; `UPDATE_EXPECT=1` rewrites it.
    fn check_fresh(relative: &str, want: &str) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
        expect_test::expect_file![path].assert_eq(want);
    }

    #[test]
    fn camel_case_names() {
        assert_eq!(camel("workspace_overview"), "workspaceOverview");
        assert_eq!(camel("x"), "x");
    }

    #[test]
    fn committed_typescript_bindings_are_fresh() {
        check_fresh("../../ui/src/lib/ipc/generated.ts", &typescript());
    }

    #[test]
    fn committed_shell_command_list_is_fresh() {
        check_fresh("../../src-tauri/commands.in", &command_list());
    }

    #[test]
    fn committed_main_capability_is_fresh() {
        check_fresh("../../src-tauri/capabilities/main.json", &main_capability());
    }

    #[test]
    fn every_request_and_response_is_declared_once() {
        let ts = typescript();
        for o in crate::OPERATIONS {
            if NOT_FOR_THE_WINDOW.contains(&o.name) {
                assert!(
                    !ts.contains(&format!("\"{}\"", o.name)),
                    "{} reaches the UI",
                    o.name
                );
                continue;
            }
            assert!(
                ts.contains(&format!("    {}: (", camel(o.name))),
                "{} has no function",
                o.name
            );
        }
        let mut names: Vec<&str> = ts
            .lines()
            .filter_map(|l| l.strip_prefix("export type "))
            .filter_map(|l| l.split([' ', '<']).next())
            .collect();
        let before = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(before, names.len(), "a type is declared twice");
    }
}
