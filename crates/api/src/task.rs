//! Long operations the window can watch and stop: a request that names a task (a string the
//! caller chooses) registers it while it runs; `task_progress` reads how far it got and
//! `task_cancel` asks it to stop. Nothing here waits: the long operation reports and polls its
//! own [`Task`], and the other two operations only read or set its atomics.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use ts_rs::TS;

/// One running task's shared state.
#[derive(Debug, Default)]
pub struct Task {
    done: AtomicU64,
    total: AtomicU64,
    found: AtomicU64,
    cancelled: AtomicBool,
}

impl Task {
    /// Records how far the work got: `done` of `total` units, `found` results so far.
    pub fn report(&self, done: u64, total: u64, found: u64) {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.found.store(found, Ordering::Relaxed);
    }

    /// Whether someone asked the task to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// The flag `task_cancel` sets, for work that polls a flag of its own (evidence intake).
    pub fn cancelled_flag(&self) -> &AtomicBool {
        &self.cancelled
    }

    fn progress(&self, task: &str) -> TaskProgress {
        TaskProgress {
            task: task.to_string(),
            running: true,
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            found: self.found.load(Ordering::Relaxed),
            cancelled: self.is_cancelled(),
        }
    }
}

/// How far a task got, as `task_progress` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskProgress {
    /// The task's name, as the request gave it.
    pub task: String,
    /// Whether it is still running (false: finished, or never started under this name).
    pub running: bool,
    /// Units done so far.
    #[ts(type = "number")]
    pub done: u64,
    /// Units in all (0 while unknown).
    #[ts(type = "number")]
    pub total: u64,
    /// Results found so far.
    #[ts(type = "number")]
    pub found: u64,
    /// Whether a cancel was asked for.
    pub cancelled: bool,
}

/// The tasks running in one session.
#[derive(Debug, Default)]
pub(crate) struct Tasks {
    running: Mutex<HashMap<String, Arc<Task>>>,
}

impl Tasks {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Task>>> {
        self.running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers `name` (a fresh task; an older one of the same name is replaced) until the
    /// guard drops. `None` gives an unregistered task nobody can watch.
    pub(crate) fn start(&self, name: Option<&str>) -> TaskGuard<'_> {
        let task = Arc::new(Task::default());
        if let Some(name) = name {
            self.map().insert(name.to_string(), Arc::clone(&task));
        }
        TaskGuard {
            tasks: self,
            name: name.map(str::to_string),
            task,
        }
    }

    pub(crate) fn progress(&self, name: &str) -> TaskProgress {
        match self.map().get(name) {
            Some(task) => task.progress(name),
            None => TaskProgress {
                task: name.to_string(),
                running: false,
                done: 0,
                total: 0,
                found: 0,
                cancelled: false,
            },
        }
    }

    /// Asks `name` to stop; false when no such task runs.
    pub(crate) fn cancel(&self, name: &str) -> bool {
        match self.map().get(name) {
            Some(task) => {
                task.cancelled.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

/// A registered task; unregistered when dropped.
pub struct TaskGuard<'a> {
    tasks: &'a Tasks,
    name: Option<String>,
    task: Arc<Task>,
}

impl std::ops::Deref for TaskGuard<'_> {
    type Target = Task;
    fn deref(&self) -> &Task {
        &self.task
    }
}

impl Drop for TaskGuard<'_> {
    fn drop(&mut self) {
        if let Some(name) = &self.name {
            let mut map = self.tasks.map();
            // Only remove our own entry: a newer task may have taken the name.
            if map.get(name).is_some_and(|t| Arc::ptr_eq(t, &self.task)) {
                map.remove(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_task_is_visible_while_it_runs_and_can_be_cancelled() {
        let tasks = Tasks::default();
        assert!(!tasks.progress("cuts").running);
        assert!(!tasks.cancel("cuts"));
        {
            let task = tasks.start(Some("cuts"));
            task.report(3, 10, 1);
            let p = tasks.progress("cuts");
            assert!(p.running);
            assert_eq!((p.done, p.total, p.found, p.cancelled), (3, 10, 1, false));
            assert!(tasks.cancel("cuts"));
            assert!(task.is_cancelled());
        }
        assert!(!tasks.progress("cuts").running);
    }

    #[test]
    fn a_newer_task_of_the_same_name_survives_the_older_ones_end() {
        let tasks = Tasks::default();
        let old = tasks.start(Some("x"));
        let new = tasks.start(Some("x"));
        drop(old);
        assert!(tasks.progress("x").running);
        drop(new);
        assert!(!tasks.progress("x").running);
    }
}
