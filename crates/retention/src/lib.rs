//! Vakt's restore-point calculator over backup retention tiers.
//!
//! Retention tiers are definitions (`playbooks/retention.toml`): for each data store, the tiers
//! that can restore it (point-in-time restore, daily, monthly or yearly backups), how long each
//! keeps its restore points, and what each holds (the whole store, changed items, deleted
//! items). Things no backup covers (third-party apps) are listed and said plainly.
//!
//! [`restore_point`] answers, for a store, a wanted moment and now: which tier restores it, the
//! nearest restorable moment and the data-loss window, or "cannot" with the reason.
//!
//! ```
//! use std::path::Path;
//! use vakt_retention::{Item, Retention, restore_point};
//! let retention = Retention::load_str(r#"
//! format = 1
//! kind = "retention"
//! [[store]]
//! id = "store-crm-db"
//! name = "CRM database"
//! [[store.tier]]
//! id = "point-in-time"
//! name = "Point-in-time restore"
//! schedule = "continuous"
//! keep = "30d"
//! "#, Path::new("retention.toml")).unwrap();
//! let now = "2026-11-26T12:00:00Z".parse().unwrap();
//! let a = restore_point(&retention, "store-crm-db", Item::Any, "2026-11-20T09:15:00+01:00".parse().unwrap(), now);
//! assert!(a.can_restore);
//! assert_eq!(a.data_loss_seconds, Some(0));
//! let b = restore_point(&retention, "store-crm-db", Item::Any, "2026-10-26T11:59:59Z".parse().unwrap(), now);
//! assert!(!b.can_restore);
//! ```
//!
//! Domain code here never reads the clock: `now` is always passed in.
#![deny(missing_docs)]

pub mod format;
mod model;
mod restore;

pub use format::{CountedFrom, Item, Schedule};
pub use model::{Keep, NotCovered, Retention, RetentionError, Store, Tier};
pub use restore::{RestoreAnswer, TierOutcome, restore_point, span_words};
