//! The background sync of a session with its team server: [`Session::run_team_sync`] starts a
//! thread that syncs when it starts, after every local change (an operation that changed
//! something), and when the server announces another device's events (`LISTEN vakt_event` on a
//! second connection), and retries with backoff while the server cannot be reached.
//!
//! Nothing an operation does waits for the network: the sync works on its own connection to the
//! data directory's database (SQLite's WAL lets the window read meanwhile; every local
//! transaction it opens holds no network call), and the session is held only for the moment it
//! takes to read which server and which database to use. What it found is kept in the session's
//! [`TeamLink`] for `team_status` to show.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;
use vakt_sources::Clock;
use vakt_store::{DataKey, Database};

use crate::json::{TeamLinkState, TeamLinkView};
use crate::session::{Session, Vakt};
use crate::{ApiError, ErrorCode};

/// What the background sync tells its host (the window turns each into an event of the same
/// name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamSignal {
    /// The journal took in events (pulled from the server) or receipts: screens showing the
    /// journal or a run read them again.
    JournalChanged,
    /// The link's state changed (connected, offline, a sync done): the status reads it again.
    StatusChanged,
}

impl TeamSignal {
    /// The event's name in the window: `journal-changed`, `team-status-changed`.
    pub fn name(self) -> &'static str {
        match self {
            Self::JournalChanged => "journal-changed",
            Self::StatusChanged => "team-status-changed",
        }
    }
}

/// Why the sync thread wakes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    /// An operation changed something here.
    Local,
    /// The server announced another device's event.
    Remote,
    /// The listening connection of this generation was lost.
    Lost(u64),
    /// Stop the thread.
    Stop,
}

/// The first wait after a failed attempt; doubled after each further failure up to
/// [`BACKOFF_MAX`].
const BACKOFF_START: Duration = Duration::from_millis(500);
/// The longest wait between attempts while the server cannot be reached.
const BACKOFF_MAX: Duration = Duration::from_secs(30);
/// A sync at least this often while connected, whatever the announcements (a lost NOTIFY is
/// caught up then).
const PERIOD: Duration = Duration::from_secs(30);
/// How often the session is asked again for a team server while none is set (or it is
/// locked).
const UNSET_RECHECK: Duration = Duration::from_secs(5);
/// How long the listening connection waits for announcements before it checks whether it
/// should stop.
const LISTEN_SLICE: Duration = Duration::from_secs(2);

/// What the link found, kept in the session.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkState {
    running: bool,
    connected_since: Option<DateTime<Utc>>,
    offline_since: Option<DateTime<Utc>>,
    last_sync: Option<DateTime<Utc>>,
    last_error: Option<String>,
    /// Whether a team server is set (else the link is off).
    configured: bool,
    /// The server's devices as the last sync saw them.
    pub(crate) devices: Option<Vec<vakt_team::ServerDevice>>,
}

impl LinkState {
    /// The view `team_status` gives.
    pub(crate) fn view(&self) -> TeamLinkView {
        let time = |t: &Option<DateTime<Utc>>| t.map(crate::console::time);
        let state = if !self.running || !self.configured {
            TeamLinkState::Off
        } else if self.offline_since.is_some() {
            TeamLinkState::Offline
        } else if self.connected_since.is_some() {
            TeamLinkState::Connected
        } else {
            TeamLinkState::Connecting
        };
        TeamLinkView {
            state,
            connected_since: time(&self.connected_since),
            offline_since: time(&self.offline_since),
            last_sync: time(&self.last_sync),
            last_error: self.last_error.clone(),
        }
    }
}

/// A session's link with its team server: its state and the way to wake its sync thread.
#[derive(Debug, Default)]
pub(crate) struct TeamLink {
    state: Mutex<LinkState>,
    wake: Mutex<Option<Sender<Wake>>>,
}

impl TeamLink {
    /// What the link found so far.
    pub(crate) fn state(&self) -> LinkState {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn update(&self, change: impl FnOnce(&mut LinkState)) {
        change(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()));
    }

    /// Tells the sync thread (if one runs) that something changed here.
    pub(crate) fn poke(&self) {
        if let Some(tx) = &*self.wake.lock().unwrap_or_else(|p| p.into_inner()) {
            let _ = tx.send(Wake::Local);
        }
    }

    /// Records a sync that completed at `now` (by the thread or by `team_sync`).
    pub(crate) fn synced(&self, now: DateTime<Utc>, devices: Vec<vakt_team::ServerDevice>) {
        self.update(|s| {
            s.configured = true;
            s.offline_since = None;
            s.last_error = None;
            s.connected_since.get_or_insert(now);
            s.last_sync = Some(now);
            s.devices = Some(devices);
        });
    }

    /// Records a failed attempt at `now`.
    pub(crate) fn failed(&self, now: DateTime<Utc>, error: &ApiError) {
        self.update(|s| {
            s.configured = true;
            s.connected_since = None;
            s.offline_since.get_or_insert(now);
            s.last_error = Some(error.message.clone());
        });
    }
}

/// Where a sync goes: the server and this data directory's database, read from the session.
pub(crate) struct SyncTarget {
    pub(crate) conninfo: String,
    database: PathBuf,
    key: Option<DataKey>,
    pub(crate) clock: Arc<dyn Clock>,
    device: Uuid,
}

impl SyncTarget {
    /// The session's target: `server` when given, else the saved setting; `None` when no
    /// server is set or the database is read-only (nothing could be pulled into it).
    pub(crate) fn of(vakt: &Vakt, server: Option<&str>) -> Result<Option<Self>, ApiError> {
        let conninfo = match server.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => s.to_string(),
            None => match vakt.db.setting(crate::team::TEAM_SERVER)? {
                Some(s) => s,
                None => return Ok(None),
            },
        };
        if vakt.db.read_only().is_some() {
            return Ok(None);
        }
        let device = vakt_journal::this_device(vakt.db.connection())
            .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))?
            .ok_or_else(|| {
                ApiError::new(ErrorCode::Failed, "this data directory has no device key")
            })?;
        Ok(Some(Self {
            conninfo,
            database: vakt.db.path().to_path_buf(),
            key: vakt.data_key.clone(),
            clock: Arc::clone(&vakt.clock),
            device,
        }))
    }

    fn same_place(&self, other: &SyncTarget) -> bool {
        self.conninfo == other.conninfo && self.database == other.database
    }

    /// Opens this data directory's database a second time, for the sync alone.
    fn open_database(&self) -> Result<Database, ApiError> {
        Ok(Database::open_or_read_only(
            &self.database,
            self.clock.as_ref(),
            self.key.as_ref(),
        )?)
    }
}

/// Open connections to the server and the database, kept between syncs.
pub(crate) struct Connected {
    client: postgres::Client,
    db: Database,
}

impl Connected {
    /// Connects to the target's server and opens its database.
    pub(crate) fn open(target: &SyncTarget) -> Result<Self, ApiError> {
        let client = vakt_team::connect(&target.conninfo).map_err(crate::team::server_error)?;
        let db = target.open_database()?;
        Ok(Self { client, db })
    }

    /// Pushes, pulls, fetches receipts, then reads the server's devices.
    pub(crate) fn sync(
        &mut self,
    ) -> Result<(vakt_team::Synced, Vec<vakt_team::ServerDevice>), ApiError> {
        let done = vakt_team::sync(&mut self.client, self.db.connection_mut())
            .map_err(crate::team::server_error)?;
        let devices =
            vakt_team::server_devices(&mut self.client).map_err(crate::team::server_error)?;
        Ok((done, devices))
    }
}

/// The background sync thread of a session; dropping the handle leaves it running (the window
/// keeps it for its whole life), [`TeamSyncHandle::stop`] ends it.
#[derive(Debug)]
#[must_use = "dropping the handle leaves the sync running; keep it to stop it"]
pub struct TeamSyncHandle {
    tx: Sender<Wake>,
    thread: Option<JoinHandle<()>>,
}

impl TeamSyncHandle {
    /// Stops the thread and waits for it (at most one sync in progress).
    pub fn stop(mut self) {
        let _ = self.tx.send(Wake::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Session {
    /// Starts the background sync with the team server named by the setting `team.server` (it
    /// idles while none is set and starts syncing once `team enrol` sets one). `emit` is called
    /// from the sync thread with what the host should tell its screens.
    pub fn run_team_sync(
        self: &Arc<Self>,
        emit: impl Fn(TeamSignal) + Send + 'static,
    ) -> TeamSyncHandle {
        let (tx, rx) = mpsc::channel();
        *self.team.wake.lock().unwrap_or_else(|p| p.into_inner()) = Some(tx.clone());
        self.team.update(|s| s.running = true);
        let session = Arc::clone(self);
        let listener_tx = tx.clone();
        let thread = std::thread::Builder::new()
            .name("vakt-team-sync".into())
            .spawn(move || {
                SyncLoop {
                    session,
                    rx,
                    tx: listener_tx,
                    emit: Box::new(emit),
                    connected: None,
                    listener: None,
                    generation: 0,
                }
                .run()
            })
            .ok();
        TeamSyncHandle { tx, thread }
    }

    /// The target of a sync, read while holding the session for a moment; `None` while locked
    /// or without a team server.
    pub(crate) fn sync_target(&self, server: Option<&str>) -> Result<Option<SyncTarget>, ApiError> {
        match self.with_open(|vakt| SyncTarget::of(vakt, server)) {
            Err(e) if e.code == ErrorCode::Locked => Ok(None),
            other => other,
        }
    }

    /// The session's team link.
    pub(crate) fn team_link(&self) -> &TeamLink {
        &self.team
    }
}

/// The listening connection: the flag that stops it.
struct Listener {
    stop: Arc<AtomicBool>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

struct SyncLoop {
    session: Arc<Session>,
    rx: Receiver<Wake>,
    tx: Sender<Wake>,
    emit: Box<dyn Fn(TeamSignal) + Send>,
    connected: Option<(SyncTarget, Connected)>,
    listener: Option<Listener>,
    generation: u64,
}

/// What the thread does after an attempt.
enum Next {
    Go,
    Stop,
}

impl SyncLoop {
    fn run(mut self) {
        let mut backoff = BACKOFF_START;
        loop {
            let wait = match self.attempt() {
                Attempt::Unset => UNSET_RECHECK,
                Attempt::Synced => {
                    backoff = BACKOFF_START;
                    PERIOD
                }
                Attempt::Failed => {
                    let wait = backoff;
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                    // While offline, local changes do not hurry the next attempt.
                    match self.sleep_ignoring_local(wait) {
                        Next::Stop => return,
                        Next::Go => continue,
                    }
                }
            };
            match self.wait(wait) {
                Next::Stop => return,
                Next::Go => {}
            }
        }
    }

    /// Waits for a wake (or `timeout`), then takes every wake already queued with it.
    fn wait(&mut self, timeout: Duration) -> Next {
        let first = match self.rx.recv_timeout(timeout) {
            Ok(w) => Some(w),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Next::Stop,
        };
        for w in first
            .into_iter()
            .chain(self.rx.try_iter().collect::<Vec<_>>())
        {
            match w {
                Wake::Stop => return Next::Stop,
                Wake::Lost(g) if g == self.generation => self.listener = None,
                _ => {}
            }
        }
        Next::Go
    }

    /// Waits `wait` whatever wakes come, except a stop.
    fn sleep_ignoring_local(&mut self, wait: Duration) -> Next {
        let until = std::time::Instant::now() + wait;
        loop {
            let left = until.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Next::Go;
            }
            match self.rx.recv_timeout(left) {
                Ok(Wake::Stop) | Err(RecvTimeoutError::Disconnected) => return Next::Stop,
                Ok(Wake::Lost(g)) if g == self.generation => self.listener = None,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => return Next::Go,
            }
        }
    }

    fn attempt(&mut self) -> Attempt {
        let target = match self.session.sync_target(None) {
            Ok(Some(t)) => t,
            Ok(None) | Err(_) => {
                self.connected = None;
                self.listener = None;
                self.session.team.update(|s| s.configured = false);
                return Attempt::Unset;
            }
        };
        let link = &self.session.team;
        let now = target.clock.now();
        if self
            .connected
            .as_ref()
            .is_none_or(|(t, _)| !t.same_place(&target))
        {
            self.listener = None;
            match Connected::open(&target) {
                Ok(c) => self.connected = Some((target, c)),
                Err(e) => {
                    self.connected = None;
                    link.failed(now, &e);
                    (self.emit)(TeamSignal::StatusChanged);
                    return Attempt::Failed;
                }
            }
        }
        let Some((target, connected)) = self.connected.as_mut() else {
            return Attempt::Failed;
        };
        match connected.sync() {
            Ok((done, devices)) => {
                link.synced(target.clock.now(), devices);
                if done.pull.pulled > 0 || done.receipts > 0 || done.push.pushed > 0 {
                    (self.emit)(TeamSignal::JournalChanged);
                }
                (self.emit)(TeamSignal::StatusChanged);
                if self.listener.is_none() {
                    self.generation += 1;
                    self.listener = Some(listen(
                        target.conninfo.clone(),
                        target.device,
                        self.tx.clone(),
                        self.generation,
                    ));
                }
                Attempt::Synced
            }
            Err(e) => {
                link.failed(now, &e);
                self.connected = None;
                self.listener = None;
                (self.emit)(TeamSignal::StatusChanged);
                Attempt::Failed
            }
        }
    }
}

enum Attempt {
    Unset,
    Synced,
    Failed,
}

/// Starts the listening connection of `generation`: it wakes the sync thread once it listens
/// (so nothing announced before is missed) and at every announcement of another device's
/// event; it says so when its connection is lost, and ends when stopped.
fn listen(conninfo: String, own: Uuid, tx: Sender<Wake>, generation: u64) -> Listener {
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    let listener = Listener { stop };
    let spawned = std::thread::Builder::new()
        .name("vakt-team-listen".into())
        .spawn(move || {
            let Ok(mut client) = vakt_team::connect(&conninfo) else {
                let _ = tx.send(Wake::Lost(generation));
                return;
            };
            // Listening from here on: one more sync catches what came before.
            if client.batch_execute("LISTEN vakt_event").is_err() {
                let _ = tx.send(Wake::Lost(generation));
                return;
            }
            if tx.send(Wake::Remote).is_err() {
                return;
            }
            while !stopped.load(Ordering::Relaxed) {
                match vakt_team::wait_for_events(&mut client, LISTEN_SLICE) {
                    Ok(heard) => {
                        if heard.iter().any(|(d, _)| *d != own) && tx.send(Wake::Remote).is_err() {
                            return;
                        }
                    }
                    Err(_) => {
                        let _ = tx.send(Wake::Lost(generation));
                        return;
                    }
                }
            }
        });
    if spawned.is_err() {
        listener.stop.store(true, Ordering::Relaxed);
    }
    listener
}
