//! An open session of Vakt's core.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rand_core::CryptoRngCore;
use vakt_sources::{Clock, IdSource, Machine};
use vakt_store::Database;
use vakt_workspace::{Candidates, Resolved};

use crate::operation::{Access, Needs, Operation};
use crate::task::{TaskGuard, TaskProgress, Tasks};
use crate::{ApiError, ErrorCode, LaunchOptions, json};

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "vakt.sqlite3";

/// Where new keys' randomness comes from: a function giving a fresh random source each time.
pub type Keys = Arc<dyn Fn() -> Box<dyn CryptoRngCore + Send> + Send + Sync>;

/// What a session is given instead of reading it itself: the clock, the ID source, the source
/// of randomness for keys and the machine (login, host, addresses). Binaries pass the system's;
/// tests pass fixed ones.
#[derive(Clone)]
pub struct Sources {
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// The ID source.
    pub ids: Arc<dyn IdSource>,
    /// Randomness for new keys.
    pub keys: Keys,
    /// Where actions are done: read afresh for every journal event.
    pub machine: Arc<dyn Machine>,
}

impl Sources {
    /// The operating system's random source, for new keys.
    pub fn os_keys() -> Keys {
        Arc::new(|| Box::new(rand_core::OsRng) as Box<dyn CryptoRngCore + Send>)
    }
}

impl std::fmt::Debug for Sources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sources").finish_non_exhaustive()
    }
}

/// An open session: data directory, database, workspace, clock and IDs.
pub struct Vakt {
    pub(crate) data_dir: PathBuf,
    pub(crate) db: Database,
    /// The workspace, or why it could not be found: operations that need only the data
    /// directory (identity, signing, verification, the journal) still work without one.
    pub(crate) workspace: Result<Resolved, ApiError>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) ids: Arc<dyn IdSource>,
    pub(crate) keys: Keys,
    pub(crate) machine: Arc<dyn Machine>,
    pub(crate) acting: Option<Acting>,
    /// The person at the keyboard (created from the operating-system account on first start;
    /// `None` only on a read-only data directory that holds none for this account).
    pub(crate) me_person: Option<crate::people::Person>,
    /// The person the binary chose ([`Acting::person`]), resolved among those held here.
    pub(crate) acting_person: Option<crate::people::Person>,
    /// The data key when the database is encrypted (for evidence under the same key).
    pub(crate) data_key: Option<vakt_store::DataKey>,
    /// How the data key was unlocked (`None` when the database is not encrypted).
    pub(crate) unlocked_with: Option<json::UnlockedWith>,
    /// The last chain verification and the journal's size (events, last seq) it saw: reused
    /// while the journal has not grown ([`Vakt::journal_state`]).
    pub(crate) chain_seen: Option<((u64, u64), json::JournalCheck)>,
}

/// Who acts, when the binary says so itself rather than through the saved settings (the CLI's
/// `--actor` and `--as-role`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acting {
    /// A person held in this data directory (id or id prefix, display name, full name or
    /// login); `None` is the person at the keyboard. Never creates a person: a name that
    /// names none held here is refused with the list.
    pub person: Option<String>,
    /// The role acted in; `None` lets the run engine take the role assigned in the run.
    pub role: Option<String>,
}

impl std::fmt::Debug for Vakt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vakt")
            .field("data_dir", &self.data_dir)
            .field("db", &self.db.path())
            .field("workspace", &self.workspace)
            .finish_non_exhaustive()
    }
}

impl Vakt {
    /// Opens the data directory and its database (creating and migrating it when needed), then
    /// finds the workspace: `--workspace`, `VAKT_WORKSPACE`, the saved setting, or the demo.
    /// On write-protected media or a full disk the database opens read-only: reading operations
    /// work, changing ones are refused. An encrypted database needs
    /// [`Vakt::open_with_passphrase`].
    pub fn open(options: &LaunchOptions, sources: Sources) -> Result<Self, ApiError> {
        Self::open_with_passphrase(options, sources, None)
    }

    /// [`Vakt::open`], unlocking an encrypted database with `passphrase` (a wrong one is
    /// [`ErrorCode::WrongPassphrase`] and changes nothing; none for an encrypted database is
    /// the error "… is encrypted: unlock it with your passphrase"). A plain database ignores it.
    pub fn open_with_passphrase(
        options: &LaunchOptions,
        sources: Sources,
        passphrase: Option<&str>,
    ) -> Result<Self, ApiError> {
        let path = options.resolved_data_dir()?.join(DATABASE_FILE);
        let key = match passphrase {
            Some(p) if vakt_store::at_rest(&path)?.needs_key() => {
                Some(vakt_store::DataKey::unlock(&path, p)?)
            }
            _ => None,
        };
        Self::open_with_key(options, sources, key)
    }

    /// [`Vakt::open`] with the data key already unwrapped (an encrypted database needs it; a
    /// plain one must be given none).
    pub fn open_with_key(
        options: &LaunchOptions,
        sources: Sources,
        key: Option<vakt_store::DataKey>,
    ) -> Result<Self, ApiError> {
        let Sources {
            clock,
            ids,
            keys,
            machine,
        } = sources;
        let data_dir = options.resolved_data_dir()?;
        let path = data_dir.join(DATABASE_FILE);
        let mut db = Database::open_or_read_only(&path, clock.as_ref(), key.as_ref())?;
        // A device key is created once, on writable media; a write-protected copy keeps the
        // devices it has and is only read.
        if db.read_only().is_none() {
            vakt_journal::ensure_device(db.connection_mut(), &mut *keys(), clock.as_ref())
                .map_err(|e| {
                    ApiError::new(
                        ErrorCode::Failed,
                        format!("cannot create this device's journal key: {e}"),
                    )
                })?;
        }
        let candidates = Candidates {
            flag: options.workspace.clone(),
            environment: options.workspace_from_environment.clone(),
            setting: db.setting("workspace")?.map(PathBuf::from),
        };
        let workspace = vakt_workspace::resolve(&candidates, &data_dir).map_err(ApiError::from);
        let mut vakt = Self {
            data_dir,
            db,
            workspace,
            clock,
            ids,
            keys,
            machine,
            acting: None,
            me_person: None,
            acting_person: None,
            unlocked_with: key.as_ref().map(|_| json::UnlockedWith::Passphrase),
            data_key: key,
            chain_seen: None,
        };
        // The person at the keyboard exists from the first start, so reporting an incident
        // never waits for set-up.
        vakt.me_person = vakt.ensure_os_person()?;
        Ok(vakt)
    }

    /// Acts as `acting`: its person must be held in this data directory.
    pub(crate) fn set_acting(&mut self, acting: Acting) -> Result<(), ApiError> {
        self.acting_person = match &acting.person {
            Some(p) => Some(self.person_named(p)?),
            None => None,
        };
        self.acting = Some(acting);
        Ok(())
    }

    /// The workspace in use, or why there is none.
    pub fn workspace(&self) -> Result<&Resolved, ApiError> {
        self.workspace.as_ref().map_err(Clone::clone)
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The data key, when the database is encrypted.
    pub fn data_key(&self) -> Option<&vakt_store::DataKey> {
        self.data_key.as_ref()
    }

    /// What the first screen shows: where the workspace and the database are, and which
    /// definition files the workspace holds.
    pub fn workspace_overview(&self) -> Result<json::WorkspaceOverview, ApiError> {
        let workspace = self.workspace()?;
        let files = vakt_workspace::definition_files(&workspace.root)?;
        Ok(json::WorkspaceOverview {
            workspace_path: workspace.root.display().to_string(),
            workspace_source: workspace.source.into(),
            definition_files: files.into_iter().map(Into::into).collect(),
            database_path: self.db.path().display().to_string(),
            schema_version: self.db.schema_version()?,
            data_dir: self.data_dir.display().to_string(),
            vakt_version: env!("CARGO_PKG_VERSION").to_string(),
        })
    }

    /// Saves `path` as the workspace for the next start; it must be an existing folder.
    pub fn choose_workspace(&mut self, path: PathBuf) -> Result<json::WorkspaceOverview, ApiError> {
        let resolved = vakt_workspace::resolve(
            &Candidates {
                setting: Some(path),
                ..Candidates::default()
            },
            &self.data_dir,
        )?;
        let text = resolved.root.to_str().ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidRequest,
                "the workspace path is not valid Unicode",
            )
        })?;
        self.db
            .set_setting("workspace", text, self.clock.as_ref())?;
        self.workspace = Ok(resolved);
        self.workspace_overview()
    }
}

/// A session as a long-running shell holds it: open, locked (the data directory is encrypted
/// and waits for its passphrase), or the reason it could not open, so the window can still
/// start and say what is wrong. Every operation runs through [`Session::call`], which checks
/// access and needs before the operation runs.
#[derive(Debug)]
pub struct Session {
    inner: Result<Mutex<Slot>, ApiError>,
    tasks: Tasks,
    /// The link with the team server ([`Session::run_team_sync`]).
    pub(crate) team: crate::team_link::TeamLink,
    key_cost: vakt_store::KdfCost,
    /// Where the data key may also be held: the desktop's secret service unless a test or a
    /// binary chose another ([`Session::with_secret_service`]).
    pub(crate) secret_service: Arc<dyn vakt_store::SecretService>,
}

/// What a session holds.
#[derive(Debug)]
enum Slot {
    /// Open: every operation runs.
    Open(Box<Vakt>),
    /// Encrypted and not unlocked yet: only the operations that need nothing run.
    Locked(Locked),
}

/// What opening needs once the passphrase is given.
struct Locked {
    options: LaunchOptions,
    sources: Sources,
    data_dir: PathBuf,
    acting: Option<Acting>,
}

impl std::fmt::Debug for Locked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locked")
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

/// The error of every operation while the data directory is locked.
pub(crate) fn locked_error(data_dir: &Path) -> ApiError {
    ApiError::new(
        ErrorCode::Locked,
        format!(
            "the data in {} is encrypted: unlock it with your passphrase first",
            data_dir.display()
        ),
    )
}

impl Session {
    /// Opens a session; a failure is kept and returned by every later call. An encrypted data
    /// directory opens locked: every operation but those that need nothing
    /// ([`Needs::Nothing`]: the data directory's status, unlocking) answers
    /// [`ErrorCode::Locked`] until [`Session::unlock`].
    pub fn open(options: &LaunchOptions, sources: Sources) -> Self {
        let slot = (|| {
            let data_dir = options.resolved_data_dir()?;
            if vakt_store::at_rest(&data_dir.join(DATABASE_FILE))?.needs_key() {
                return Ok(Slot::Locked(Locked {
                    options: options.clone(),
                    sources,
                    data_dir,
                    acting: None,
                }));
            }
            let vakt = Vakt::open(options, sources)?;
            vakt.sweep_evidence();
            Ok(Slot::Open(Box::new(vakt)))
        })();
        Self {
            inner: slot.map(Mutex::new),
            tasks: Tasks::default(),
            team: Default::default(),
            key_cost: vakt_store::KdfCost::INTERACTIVE,
            secret_service: Arc::new(crate::DesktopKeyring::default()),
        }
    }

    /// A session over an open [`Vakt`].
    pub fn new(vakt: Vakt) -> Self {
        Self {
            inner: Ok(Mutex::new(Slot::Open(Box::new(vakt)))),
            tasks: Tasks::default(),
            team: Default::default(),
            key_cost: vakt_store::KdfCost::INTERACTIVE,
            secret_service: Arc::new(crate::DesktopKeyring::default()),
        }
    }

    /// A session that could not start, for example because the arguments were wrong.
    pub fn failed(error: ApiError) -> Self {
        Self {
            inner: Err(error),
            tasks: Tasks::default(),
            team: Default::default(),
            key_cost: vakt_store::KdfCost::INTERACTIVE,
            secret_service: Arc::new(crate::DesktopKeyring::default()),
        }
    }

    /// The same session deriving keys from new passphrases at `cost` (tests use
    /// [`vakt_store::KdfCost::TEST`]; the default is [`vakt_store::KdfCost::INTERACTIVE`]).
    pub fn with_key_cost(mut self, cost: vakt_store::KdfCost) -> Self {
        self.key_cost = cost;
        self
    }

    /// The same session keeping the data key in `service` when asked to (the default is the
    /// desktop's secret service, [`crate::DesktopKeyring`]).
    pub fn with_secret_service(mut self, service: Arc<dyn vakt_store::SecretService>) -> Self {
        self.secret_service = service;
        self
    }

    fn slot(&self) -> Result<std::sync::MutexGuard<'_, Slot>, ApiError> {
        let slot = self.inner.as_ref().map_err(Clone::clone)?;
        Ok(slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// Whether the session waits for the passphrase of an encrypted data directory.
    pub fn is_locked(&self) -> bool {
        self.slot()
            .is_ok_and(|slot| matches!(*slot, Slot::Locked(_)))
    }

    /// The data directory's state: where it is, whether it is encrypted, locked, read-only.
    pub fn data_status(&self) -> Result<json::DataStatus, ApiError> {
        match &*self.slot()? {
            Slot::Open(vakt) => Ok(vakt.data_status()),
            Slot::Locked(locked) => Ok(json::DataStatus {
                data_dir: locked.data_dir.display().to_string(),
                encrypted: true,
                locked: true,
                read_only: None,
                keyring: vakt_store::held_in_keyring(&locked.data_dir.join(DATABASE_FILE)),
                unlocked_with: None,
            }),
        }
    }

    /// Unlocks an encrypted data directory with `passphrase` and opens it. The key is
    /// derived outside the session's lock (it takes about half a second on purpose); a wrong
    /// passphrase is [`ErrorCode::WrongPassphrase`] and leaves the session locked. An open
    /// session answers its status.
    pub fn unlock(&self, passphrase: &str) -> Result<json::DataStatus, ApiError> {
        let data_dir = match &*self.slot()? {
            Slot::Open(vakt) => return Ok(vakt.data_status()),
            Slot::Locked(locked) => locked.data_dir.clone(),
        };
        let key = vakt_store::DataKey::unlock(&data_dir.join(DATABASE_FILE), passphrase)?;
        self.open_unlocked(key, json::UnlockedWith::Passphrase)
    }

    /// Unlocks an encrypted data directory with the data key held in the desktop's keyring
    /// (`vakt data keyring on`), outside the session's lock (a locked keyring may ask its
    /// person to unlock it first). When the key is not held there, the keyring cannot be
    /// reached or no longer has it, the error says so and the session stays locked: the
    /// passphrase still unlocks. An open session answers its status.
    pub fn unlock_with_keyring(&self) -> Result<json::DataStatus, ApiError> {
        let data_dir = match &*self.slot()? {
            Slot::Open(vakt) => return Ok(vakt.data_status()),
            Slot::Locked(locked) => locked.data_dir.clone(),
        };
        let key = vakt_store::DataKey::from_keyring(
            &data_dir.join(DATABASE_FILE),
            self.secret_service.as_ref(),
        )?;
        self.open_unlocked(key, json::UnlockedWith::Keyring)
    }

    fn open_unlocked(
        &self,
        key: vakt_store::DataKey,
        with: json::UnlockedWith,
    ) -> Result<json::DataStatus, ApiError> {
        let mut slot = self.slot()?;
        if let Slot::Locked(locked) = &*slot {
            let mut vakt = Vakt::open_with_key(&locked.options, locked.sources.clone(), Some(key))?;
            vakt.unlocked_with = Some(with);
            if let Some(acting) = locked.acting.clone() {
                vakt.set_acting(acting)?;
            }
            vakt.sweep_evidence();
            *slot = Slot::Open(Box::new(vakt));
        }
        match &*slot {
            Slot::Open(vakt) => Ok(vakt.data_status()),
            Slot::Locked(locked) => Err(locked_error(&locked.data_dir)),
        }
    }

    /// Acts as `acting` from now on (the CLI's flags): the person must be held in this data
    /// directory (else the error lists who is), and the role given replaces the settings' one.
    /// A locked session keeps it for when it is unlocked.
    pub fn act_as(&self, acting: Acting) -> Result<(), ApiError> {
        match &mut *self.slot()? {
            Slot::Open(vakt) => vakt.set_acting(acting)?,
            Slot::Locked(locked) => locked.acting = Some(acting),
        }
        Ok(())
    }

    /// Runs one operation: refuses it when the data directory is locked and it needs it,
    /// when it needs a workspace and there is none, or when it changes something and the user
    /// acts as auditor; then runs it.
    pub fn call<O: Operation>(&self, request: O) -> Result<O::Response, ApiError> {
        let host = Host { session: self };
        if O::NEEDS != Needs::Nothing {
            host.with(|vakt| {
                if O::NEEDS == Needs::Workspace {
                    vakt.workspace()?;
                }
                if O::ACCESS != Access::Read {
                    // Write-protected media or a full disk: refused before anything runs.
                    vakt.db.ensure_writable()?;
                }
                if O::ACCESS == Access::Change {
                    vakt.may_change(O::NAME)?;
                }
                Ok(())
            })?;
        }
        let done = request.run(&host);
        // A change here may have journaled events: the background sync shares them.
        if O::ACCESS != Access::Read && O::NAME != "team_sync" && done.is_ok() {
            self.team.poke();
        }
        done
    }

    /// Runs `op` on the open session (the background sync reads its target so).
    pub(crate) fn with_open<T>(
        &self,
        op: impl FnOnce(&Vakt) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        match &*self.slot()? {
            Slot::Open(vakt) => op(vakt),
            Slot::Locked(locked) => Err(locked_error(&locked.data_dir)),
        }
    }
}

/// What an operation runs against: the session, reached one caller at a time through
/// [`Host::with`]. Slow work (rendering, signing, key derivation, reading big files) is done
/// outside `with`, so a quick query never waits behind it.
#[derive(Debug, Clone, Copy)]
pub struct Host<'a> {
    session: &'a Session,
}

impl Host<'_> {
    /// Runs `op` on the open session while holding it; [`ErrorCode::Locked`] while the data
    /// directory waits for its passphrase.
    pub fn with<T>(
        &self,
        op: impl FnOnce(&mut Vakt) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        match &mut *self.session.slot()? {
            Slot::Open(vakt) => op(vakt),
            Slot::Locked(locked) => Err(locked_error(&locked.data_dir)),
        }
    }

    /// The session itself (the operations on the data directory's lock).
    pub fn session(&self) -> &Session {
        self.session
    }

    /// How hard new passphrases are made to guess (scrypt's cost).
    pub fn key_cost(&self) -> vakt_store::KdfCost {
        self.session.key_cost
    }

    /// Registers a task under `name` (when given) for as long as the guard lives, so
    /// `task_progress` can watch it and `task_cancel` stop it. Do not hold the session
    /// ([`Host::with`]) while the task works.
    pub fn task(&self, name: Option<&str>) -> TaskGuard<'_> {
        self.session.tasks.start(name)
    }

    /// How far the task `name` got.
    pub fn task_progress(&self, name: &str) -> TaskProgress {
        self.session.tasks.progress(name)
    }

    /// Asks the task `name` to stop; false when none of that name runs.
    pub fn cancel_task(&self, name: &str) -> bool {
        self.session.tasks.cancel(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::WorkspaceSource;
    use vakt_sources::{FixedClock, SequentialIds};

    fn sources() -> Sources {
        Sources {
            clock: Arc::new(FixedClock::at(
                "2026-11-26T08:00:00Z".parse().expect("time"),
            )),
            ids: Arc::new(SequentialIds::new()),
            keys: Sources::os_keys(),
            machine: Arc::new(vakt_sources::FixedMachine::new("kari", "laptop-7")),
        }
    }

    fn open(options: &LaunchOptions) -> Result<Vakt, ApiError> {
        Vakt::open(options, sources())
    }

    #[test]
    fn first_start_creates_the_database_and_unpacks_the_demo() {
        let data = tempfile::tempdir().expect("tempdir");
        let options = LaunchOptions {
            data_dir: Some(data.path().join("vakt")),
            ..LaunchOptions::default()
        };
        let overview = open(&options)
            .expect("open")
            .workspace_overview()
            .expect("overview");
        assert_eq!(overview.workspace_source, WorkspaceSource::EmbeddedDemo);
        assert!(overview.database_path.ends_with("vakt/vakt.sqlite3"));
        assert!(std::path::Path::new(&overview.database_path).exists());
        assert_eq!(overview.schema_version, vakt_store::LATEST_SCHEMA_VERSION);
        assert_eq!(
            overview.definition_files.len(),
            vakt_workspace::demo::files()
                .iter()
                .filter(|(p, _)| p.ends_with(".toml"))
                .count()
        );
    }

    #[test]
    fn a_chosen_workspace_is_used_at_the_next_start() {
        let data = tempfile::tempdir().expect("tempdir");
        let ws = tempfile::tempdir().expect("ws");
        std::fs::write(
            ws.path().join("p.toml"),
            "format = 1\nkind = \"playbook\"\n",
        )
        .expect("w");
        let options = LaunchOptions {
            data_dir: Some(data.path().into()),
            ..LaunchOptions::default()
        };
        open(&options)
            .expect("open")
            .choose_workspace(ws.path().into())
            .expect("choose");
        let overview = open(&options)
            .expect("reopen")
            .workspace_overview()
            .expect("overview");
        assert_eq!(overview.workspace_source, WorkspaceSource::Setting);
        assert_eq!(overview.definition_files.len(), 1);
        assert_eq!(
            overview.definition_files[0].kind.as_deref(),
            Some("playbook")
        );
    }

    /// A data directory on media that cannot be written: a read-only tmpfs when this user may
    /// mount one (root, as on CI), else a folder without write permission (which does not stop
    /// root, so it is used only for other users).
    fn write_protected_copy(from: &Path) -> (tempfile::TempDir, PathBuf, bool) {
        use std::os::unix::fs::PermissionsExt;
        use std::process::Command;
        let holder = tempfile::tempdir().expect("tempdir");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=16m", "tmpfs"])
            .arg(holder.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        let copy = holder.path().join("vakt");
        std::fs::create_dir_all(&copy).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("list") {
            let entry = entry.expect("entry");
            if entry.file_type().expect("type").is_file() {
                std::fs::copy(entry.path(), copy.join(entry.file_name())).expect("copy");
            }
        }
        if mounted {
            let ok = Command::new("mount")
                .args(["-o", "remount,ro"])
                .arg(holder.path())
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "remount read-only");
        } else {
            std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o500)).expect("chmod");
        }
        (holder, copy, mounted)
    }

    #[test]
    fn a_write_protected_data_directory_reads_and_refuses_changes() {
        let data = tempfile::tempdir().expect("tempdir");
        let options = LaunchOptions {
            data_dir: Some(data.path().into()),
            workspace: Some("/nonexistent/ws".into()),
            ..LaunchOptions::default()
        };
        drop(open(&options).expect("create"));
        let (holder, copy, mounted) = write_protected_copy(data.path());
        let session = Session::open(
            &LaunchOptions {
                data_dir: Some(copy.clone()),
                ..options
            },
            sources(),
        );
        let check = session
            .call(crate::ops::JournalCheckRequest { checkpoint: None })
            .expect("verify on a write-protected copy");
        assert!(check.intact);
        let err = session
            .call(crate::ops::SaveSettingsRequest {
                input: json::SettingsInput {
                    role: json::UserRole::IncidentManager,
                    language: "en".into(),
                },
            })
            .expect_err("a change on read-only media");
        assert!(err.message.contains("is open read-only"), "{err}");
        drop(session);
        if mounted {
            let _ = std::process::Command::new("umount")
                .arg("-l")
                .arg(holder.path())
                .status();
        }
    }

    #[test]
    fn an_encrypted_database_opens_only_with_its_passphrase() {
        let data = tempfile::tempdir().expect("tempdir");
        let options = LaunchOptions {
            data_dir: Some(data.path().into()),
            workspace: Some("/nonexistent/ws".into()),
            ..LaunchOptions::default()
        };
        drop(open(&options).expect("create"));
        let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
        let mut db = Database::open(&data.path().join(DATABASE_FILE), &clock).expect("plain");
        let key = db
            .encrypt(
                &clock,
                "open sesame",
                vakt_store::KdfCost::TEST,
                &mut rand_core::OsRng,
            )
            .expect("encrypt");
        drop(db);
        let err = open(&options).expect_err("locked");
        assert!(
            err.message.contains("unlock it with your passphrase"),
            "{err}"
        );
        let err = Vakt::open_with_passphrase(&options, sources(), Some("open sesam"))
            .expect_err("wrong passphrase");
        assert_eq!(err.code, ErrorCode::WrongPassphrase);
        let vakt =
            Vakt::open_with_passphrase(&options, sources(), Some("open sesame")).expect("unlocked");
        assert_eq!(vakt.data_key(), Some(&key));
        let session = Session::new(vakt);
        let check = session
            .call(crate::ops::JournalCheckRequest { checkpoint: None })
            .expect("verify");
        assert!(check.intact);
    }

    #[test]
    fn a_missing_workspace_refuses_workspace_operations_only() {
        let options = LaunchOptions {
            data_dir: Some(tempfile::tempdir().expect("tempdir").path().into()),
            workspace: Some("/nonexistent/ws".into()),
            ..LaunchOptions::default()
        };
        let session = Session::open(&options, sources());
        let err = session
            .call(crate::ops::WorkspaceOverviewRequest {})
            .expect_err("no workspace");
        assert_eq!(err.code, ErrorCode::WorkspaceNotFound);
        // The data directory still works: the signing identity can be read without a workspace.
        session
            .call(crate::ops::SigningIdentityRequest {})
            .expect("identity without workspace");
    }
}
