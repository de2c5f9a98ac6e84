//! Restore points (work in progress).
