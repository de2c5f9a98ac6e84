//! Checking a folder of definitions: playbooks and the workspace file by the playbook loader,
//! the topology and the retention tiers by their own loaders.

use std::path::{Path, PathBuf};

use crate::json::{DefinitionKind, OtherDefinition, ProblemView, ValidPlaybook, Validation};
use crate::{ApiError, RETENTION_FILE, TOPOLOGY_FILE, Vakt};

impl Vakt {
    /// Checks every definition of `folder`, or of the workspace.
    pub fn validate(&self, folder: Option<&str>) -> Result<Validation, ApiError> {
        let root: PathBuf = match folder.map(str::trim).filter(|f| !f.is_empty()) {
            Some(f) => PathBuf::from(f),
            None => self.workspace()?.root.clone(),
        };
        let loaded = self.definitions(Some(&root))?;
        // Scenarios are checked against this folder's topology, playbooks, roles, stores and
        // languages.
        let scenarios = drill_scenarios(&root, &loaded);
        let other_files: Vec<OtherDefinition> = loaded
            .other_files
            .iter()
            .map(|f| match f.strip_prefix("drills/") {
                Some(_) => OtherDefinition {
                    path: f.clone(),
                    kind: DefinitionKind::Drill,
                    summary: scenarios
                        .scenarios
                        .iter()
                        .find(|s| s.path == *f)
                        .map(|s| format!("drill scenario {}", s.scenario.id)),
                    problems: scenarios
                        .problems
                        .iter()
                        .filter(|p| p.file.to_string_lossy() == f.as_str())
                        .map(ProblemView::from)
                        .collect(),
                },
                None => check_other(&root, f),
            })
            .collect();
        let problems: Vec<ProblemView> = loaded.problems.iter().map(ProblemView::from).collect();
        let count = problems.len() + other_files.iter().map(|o| o.problems.len()).sum::<usize>();
        Ok(Validation {
            folder: root.display().to_string(),
            playbooks: loaded
                .playbooks
                .iter()
                .map(|p| ValidPlaybook {
                    path: p.path.clone(),
                    id: p.playbook.id.clone(),
                    sha256: p.sha256.clone(),
                    steps: u32::try_from(p.playbook.steps.len()).unwrap_or(u32::MAX),
                })
                .collect(),
            other_files,
            problems,
            problem_count: u32::try_from(count).unwrap_or(u32::MAX),
        })
    }
}

/// The scenarios of the workspace at `root`, checked against its own definitions.
fn drill_scenarios(root: &Path, loaded: &vakt_playbook::Loaded) -> vakt_drill::Scenarios {
    let topology = vakt_topology::load_file(&root.join(TOPOLOGY_FILE)).ok();
    let retention = vakt_retention::Retention::load_file(&root.join(RETENTION_FILE)).ok();
    let playbooks: std::collections::BTreeSet<String> = loaded.claims.keys().cloned().collect();
    let roles: Option<std::collections::BTreeSet<String>> = loaded
        .workspace
        .as_ref()
        .map(|w| w.roles.iter().map(|r| r.id.clone()).collect());
    let stores: Option<std::collections::BTreeSet<String>> = retention
        .as_ref()
        .map(|r| r.stores.iter().map(|s| s.id.clone()).collect());
    let languages = loaded
        .workspace
        .as_ref()
        .map(|w| w.organisation.languages.clone());
    let context = vakt_drill::Context {
        topology: topology.as_ref(),
        playbooks: Some(&playbooks),
        roles: roles.as_ref(),
        stores: stores.as_ref(),
        languages: languages.as_deref(),
    };
    vakt_drill::load_dir(root, &context)
}

/// Checks a definition file that is not a playbook with its own loader.
fn check_other(root: &Path, file: &str) -> OtherDefinition {
    let path = root.join(file);
    let shown = path.display().to_string();
    let lines = |e: String| {
        e.lines()
            .map(|l| ProblemView::from_report_line(&shown, l))
            .collect::<Vec<_>>()
    };
    let (kind, summary, problems) = match file {
        TOPOLOGY_FILE => match vakt_topology::load_file(&path) {
            Ok(t) => (
                DefinitionKind::Topology,
                Some(format!("topology, {} nodes", t.node_count())),
                vec![],
            ),
            Err(e) => (DefinitionKind::Topology, None, lines(e.to_string())),
        },
        RETENTION_FILE => match vakt_retention::Retention::load_file(&path) {
            Ok(r) => (
                DefinitionKind::Retention,
                Some(format!("retention, {} stores", r.stores.len())),
                vec![],
            ),
            Err(e) => (DefinitionKind::Retention, None, lines(e.to_string())),
        },
        _ => (DefinitionKind::Unknown, None, vec![]),
    };
    OtherDefinition {
        path: file.to_string(),
        kind,
        summary,
        problems,
    }
}
