//! Which folder is the workspace.

use std::path::{Path, PathBuf};

use crate::WorkspaceError;

/// Where the workspace choice came from, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkspaceSource {
    /// `--workspace PATH` on the command line.
    Flag,
    /// The `VAKT_WORKSPACE` environment variable.
    Environment,
    /// The workspace folder saved in the settings.
    Setting,
    /// The demo workspace built into Vakt.
    EmbeddedDemo,
}

impl WorkspaceSource {
    /// The source in words, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Flag => "given with --workspace",
            Self::Environment => "given by VAKT_WORKSPACE",
            Self::Setting => "saved in the settings",
            Self::EmbeddedDemo => "the demo workspace built into Vakt",
        }
    }
}

/// The folders that might be the workspace, as far as the caller knows them.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// From `--workspace`.
    pub flag: Option<PathBuf>,
    /// From `VAKT_WORKSPACE`.
    pub environment: Option<PathBuf>,
    /// From the settings.
    pub setting: Option<PathBuf>,
}

/// The workspace chosen, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The folder, absolute.
    pub root: PathBuf,
    /// Where the choice came from.
    pub source: WorkspaceSource,
}

/// Chooses the workspace: the first of flag, environment and setting that is given, else the
/// demo unpacked under `data_dir`. A given folder that does not exist is an error rather than a
/// silent fall-back to the demo: a responder must never work in another organisation's
/// definitions without knowing it.
pub fn resolve(candidates: &Candidates, data_dir: &Path) -> Result<Resolved, WorkspaceError> {
    let given = [
        (&candidates.flag, WorkspaceSource::Flag),
        (&candidates.environment, WorkspaceSource::Environment),
        (&candidates.setting, WorkspaceSource::Setting),
    ];
    for (path, source) in given {
        if let Some(path) = path {
            if !path.is_dir() {
                return Err(WorkspaceError::NotFound {
                    path: path.clone(),
                    source_name: source.describe(),
                });
            }
            let root = path.canonicalize().map_err(|source| WorkspaceError::Io {
                path: path.clone(),
                source,
            })?;
            return Ok(Resolved { root, source });
        }
    }
    let root = crate::demo::unpack(data_dir)?;
    Ok(Resolved {
        root,
        source: WorkspaceSource::EmbeddedDemo,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_is_flag_then_environment_then_setting_then_demo() {
        let data = tempfile::tempdir().expect("tempdir");
        let a = tempfile::tempdir().expect("a");
        let b = tempfile::tempdir().expect("b");
        let c = tempfile::tempdir().expect("c");
        let mut cand = Candidates {
            flag: Some(a.path().into()),
            environment: Some(b.path().into()),
            setting: Some(c.path().into()),
        };
        let r = resolve(&cand, data.path()).expect("flag");
        assert_eq!(
            (r.root.as_path(), r.source),
            (
                a.path().canonicalize().expect("c").as_path(),
                WorkspaceSource::Flag
            )
        );
        cand.flag = None;
        assert_eq!(
            resolve(&cand, data.path()).expect("env").source,
            WorkspaceSource::Environment
        );
        cand.environment = None;
        assert_eq!(
            resolve(&cand, data.path()).expect("setting").source,
            WorkspaceSource::Setting
        );
        cand.setting = None;
        let demo = resolve(&cand, data.path()).expect("demo");
        assert_eq!(demo.source, WorkspaceSource::EmbeddedDemo);
        assert!(demo.root.starts_with(data.path()));
    }

    #[test]
    fn a_given_folder_that_is_missing_is_an_error_not_the_demo() {
        let data = tempfile::tempdir().expect("tempdir");
        let cand = Candidates {
            environment: Some("/nonexistent/ws".into()),
            ..Candidates::default()
        };
        let err = resolve(&cand, data.path()).expect_err("missing");
        let msg = err.to_string();
        assert!(
            msg.contains("/nonexistent/ws") && msg.contains("VAKT_WORKSPACE"),
            "{msg}"
        );
    }
}
