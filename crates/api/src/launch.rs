//! How a binary tells the core where things are.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::{ApiError, ErrorCode};

/// Where the data directory and the workspace are, as the user gave them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LaunchOptions {
    /// The data directory (`--data-dir`, else `VAKT_DATA_DIR`); `None` means the OS default.
    pub data_dir: Option<PathBuf>,
    /// `--workspace PATH`.
    pub workspace: Option<PathBuf>,
    /// `VAKT_WORKSPACE`.
    pub workspace_from_environment: Option<PathBuf>,
}

impl LaunchOptions {
    /// Reads `--workspace PATH` and `--data-dir PATH` (also `--flag=PATH`) from `args` (without
    /// the program name) and `VAKT_WORKSPACE` / `VAKT_DATA_DIR` through `env`. Other arguments
    /// are an error, so a typo never silently opens the wrong workspace.
    pub fn from_args(
        args: impl IntoIterator<Item = OsString>,
        env: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Self, ApiError> {
        let mut options = Self {
            data_dir: env("VAKT_DATA_DIR")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            workspace: None,
            workspace_from_environment: env("VAKT_WORKSPACE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        };
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let text = arg.to_string_lossy().into_owned();
            let (flag, inline) = match text.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(OsString::from(v))),
                _ => (text.clone(), None),
            };
            let slot = match flag.as_str() {
                "--workspace" => &mut options.workspace,
                "--data-dir" => &mut options.data_dir,
                _ => {
                    return Err(ApiError::new(
                        ErrorCode::InvalidRequest,
                        format!(
                            "unknown argument {text:?}; expected --workspace PATH or --data-dir PATH"
                        ),
                    ));
                }
            };
            let value = inline.or_else(|| args.next()).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidRequest,
                    format!("{flag} needs a folder after it"),
                )
            })?;
            *slot = Some(PathBuf::from(value));
        }
        Ok(options)
    }

    /// The data directory: the one given, else the OS data directory's `vakt` folder.
    pub fn resolved_data_dir(&self) -> Result<PathBuf, ApiError> {
        match &self.data_dir {
            Some(d) => Ok(d.clone()),
            None => dirs::data_dir().map(|d| d.join("vakt")).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Failed,
                    "this system has no data directory for applications; start Vakt with --data-dir PATH",
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    #[test]
    fn flags_and_environment_are_read() {
        let env = |k: &str| match k {
            "VAKT_WORKSPACE" => Some(OsString::from("/env/ws")),
            "VAKT_DATA_DIR" => Some(OsString::from("/env/data")),
            _ => None,
        };
        let o = LaunchOptions::from_args(args(&["--workspace", "/ws"]), env).expect("ok");
        assert_eq!(o.workspace, Some("/ws".into()));
        assert_eq!(o.workspace_from_environment, Some("/env/ws".into()));
        assert_eq!(o.data_dir, Some("/env/data".into()));
        let o = LaunchOptions::from_args(args(&["--data-dir=/d"]), env).expect("ok");
        assert_eq!(o.data_dir, Some("/d".into()));
    }

    #[test]
    fn empty_environment_values_count_as_unset() {
        let o = LaunchOptions::from_args(args(&[]), |_| Some(OsString::new())).expect("ok");
        assert_eq!(o, LaunchOptions::default());
    }

    #[test]
    fn unknown_or_incomplete_arguments_are_refused() {
        let e = LaunchOptions::from_args(args(&["--worksapce", "/x"]), |_| None).expect_err("typo");
        assert_eq!(e.code, ErrorCode::InvalidRequest);
        assert!(e.message.contains("--worksapce"));
        let e = LaunchOptions::from_args(args(&["--workspace"]), |_| None).expect_err("no value");
        assert!(e.message.contains("needs a folder"));
    }
}
