//! A definition file's bytes as text: [`utf8_text`] lives in `vakt_stdx` (the topology and
//! retention loaders use it too) and is re-exported here.

pub use vakt_stdx::utf8_text;
