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
        let other_files: Vec<OtherDefinition> = loaded
            .other_files
            .iter()
            .map(|f| check_other(&root, f))
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
