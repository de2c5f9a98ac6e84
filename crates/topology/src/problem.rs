//! Problems found while loading a definition file, each with its place in the file. The
//! [`Problem`] type and its line/column locator are `vakt-stdx`'s, shared with the other loaders.

use std::path::PathBuf;

pub(crate) use vakt_stdx::Lines;
pub use vakt_stdx::Problem;

/// Why a topology could not be loaded: every problem found, in file order.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file was read but is not a valid topology.
    #[error("{}", render(.0))]
    Invalid(Vec<Problem>),
}

impl LoadError {
    /// The problems, when the file was read (empty for an I/O error).
    pub fn problems(&self) -> &[Problem] {
        match self {
            LoadError::Invalid(p) => p,
            LoadError::Io { .. } => &[],
        }
    }
}

fn render(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
