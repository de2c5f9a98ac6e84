//! The team journal for the session: the team server it uses (a local setting), enrolment,
//! sync, bundles, the comparison with the server. The domain lives in `vakt-team` and
//! `vakt-journal`; this adapts it to the operations.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use vakt_journal::{Checkpoint, this_device, without_receipt};

use crate::console::invalid;
use crate::json::{
    BundleExported, BundleImported, ChainAgainstServer, ServerComparison, TeamAnchored, TeamChain,
    TeamDevice, TeamDevices, TeamInitialized, TeamRefusal, TeamStatus, TeamSynced,
};
use crate::session::{Session, Vakt};
use crate::team_link::{Connected, LinkState};
use crate::{ApiError, ErrorCode};

/// The setting that names this laptop's team server (a libpq connection string with this
/// person's login; never a password: that comes from `PGPASSWORD` or a client certificate).
pub(crate) const TEAM_SERVER: &str = "team.server";

pub(crate) fn server_error(e: vakt_team::TeamError) -> ApiError {
    match e {
        vakt_team::TeamError::Refused(m) => ApiError::new(ErrorCode::InvalidRequest, m),
        vakt_team::TeamError::Server(ref pg) if pg.as_db_error().is_none() => {
            ApiError::new(ErrorCode::Unavailable, e.to_string())
        }
        other => ApiError::new(ErrorCode::Failed, other.to_string()),
    }
}

fn journal_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Failed, e.to_string())
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn refusals(list: Vec<(uuid::Uuid, String)>) -> Vec<TeamRefusal> {
    list.into_iter()
        .map(|(event, reason)| TeamRefusal {
            event: event.to_string(),
            reason,
        })
        .collect()
}

/// What enrolling takes from the session; the network part runs without holding it.
struct Enrolment {
    conninfo: String,
    device: vakt_journal::Device,
    by: vakt_journal::Attribution,
}

/// Enrols this device with the team server for the person acting, and saves the server as this
/// laptop's team server. The session is held only to read and to save, not while connecting.
pub(crate) fn team_enrol(session: &Session, server: Option<&str>) -> Result<TeamDevice, ApiError> {
    let e = session.with_open(|v| v.enrolment(server))?;
    let mut client = vakt_team::connect(&e.conninfo).map_err(server_error)?;
    let enrolled = vakt_team::enrol(
        &mut client,
        &e.device,
        e.by.person.as_deref(),
        &e.by.actor,
        &e.by.host,
    )
    .map_err(server_error)?;
    session.with_open(|v| {
        v.db.set_setting(TEAM_SERVER, &e.conninfo, v.clock.as_ref())?;
        v.team_device_view(enrolled)
    })
}

/// Approves an enrolled device (an administrator's login), without holding the session while
/// connecting.
pub(crate) fn team_approve(
    session: &Session,
    server: Option<&str>,
    device: &str,
) -> Result<TeamDevice, ApiError> {
    let device = uuid::Uuid::parse_str(device.trim())
        .map_err(|_| invalid(format!("`{device}` is not a device id")))?;
    let conninfo = session.with_open(|v| v.team_server(server))?;
    let mut client = vakt_team::connect(&conninfo).map_err(server_error)?;
    let approved = vakt_team::approve(&mut client, device).map_err(server_error)?;
    session.with_open(|v| v.team_device_view(approved))
}

/// Pushes, pulls and fetches receipts now, on connections of its own (the session is held only
/// to read which server and database), and records the outcome in the session's team link.
pub(crate) fn team_sync(session: &Session, server: Option<&str>) -> Result<TeamSynced, ApiError> {
    let target = session.sync_target(server)?.ok_or_else(|| {
        invalid("no team server set: give one (vakt team enrol --server 'host=… dbname=… user=…')")
    })?;
    let now = target.clock.now();
    let link = session.team_link();
    match Connected::open(&target).and_then(|mut c| c.sync()) {
        Ok((done, devices)) => {
            link.synced(target.clock.now(), devices);
            let mut refused = refusals(done.pull.refused);
            refused.splice(0..0, refusals(done.push.refused.into_iter().collect()));
            Ok(TeamSynced {
                pushed: done.push.pushed,
                pulled: done.pull.pulled,
                receipts: done.receipts,
                refused,
            })
        }
        Err(e) => {
            link.failed(now, &e);
            Err(e)
        }
    }
}

impl Vakt {
    /// The team server to use: `server` when given, else the saved setting.
    fn team_server(&self, server: Option<&str>) -> Result<String, ApiError> {
        match server.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Ok(s.to_string()),
            None => self.db.setting(TEAM_SERVER)?.ok_or_else(|| {
                invalid("no team server set: give one (vakt team enrol --server 'host=… dbname=… user=…')")
            }),
        }
    }

    fn team_client(&self, server: Option<&str>) -> Result<postgres::Client, ApiError> {
        vakt_team::connect(&self.team_server(server)?).map_err(server_error)
    }

    /// Applies the team server's schema migrations (as the database's owner).
    pub fn team_init(&mut self, server: Option<&str>) -> Result<TeamInitialized, ApiError> {
        let mut client = self.team_client(server)?;
        let applied = vakt_team::schema::init(&mut client).map_err(server_error)?;
        let migrations = vakt_team::schema::applied(&mut client).map_err(server_error)?;
        Ok(TeamInitialized {
            applied,
            migrations,
        })
    }

    fn team_device_view(&self, d: vakt_team::ServerDevice) -> Result<TeamDevice, ApiError> {
        let me = this_device(self.db.connection()).map_err(journal_error)?;
        Ok(TeamDevice {
            id: d.id.to_string(),
            this_device: me == Some(d.id),
            person_name: d.person_name,
            person: d.person,
            host: d.host,
            login: d.login,
            enrolled_at: time(d.enrolled_at),
            approved_by: d.approved.map(|(by, _)| by),
            events: d.events,
            last_seen: d.last_seen.map(time),
        })
    }

    /// What enrolling needs from the session: the server, this device and who acts.
    fn enrolment(&self, server: Option<&str>) -> Result<Enrolment, ApiError> {
        let conninfo = self.team_server(server)?;
        let me = this_device(self.db.connection())
            .map_err(journal_error)?
            .ok_or_else(|| journal_error("this data directory has no device key"))?;
        let device = vakt_journal::devices(self.db.connection())
            .map_err(journal_error)?
            .into_iter()
            .find(|d| d.id == me)
            .ok_or_else(|| journal_error("this device's key is missing"))?;
        Ok(Enrolment {
            conninfo,
            device,
            by: self.actor()?,
        })
    }

    /// The devices the team server knows.
    pub fn team_devices(&self, server: Option<&str>) -> Result<TeamDevices, ApiError> {
        let mut client = self.team_client(server)?;
        let devices = vakt_team::server_devices(&mut client).map_err(server_error)?;
        Ok(TeamDevices {
            devices: devices
                .into_iter()
                .map(|d| self.team_device_view(d))
                .collect::<Result<_, _>>()?,
        })
    }

    /// This laptop's side of the team, without the network: every device chain held here
    /// with its person, host and what the server has not acknowledged, and what the background
    /// sync last found (`link`).
    pub(crate) fn team_status(&self, link: &LinkState) -> Result<TeamStatus, ApiError> {
        let conn = self.db.connection();
        let me = this_device(conn).map_err(journal_error)?;
        let not_shared = without_receipt(conn, me, usize::MAX)
            .map_err(journal_error)?
            .len();
        let all = without_receipt(conn, None, usize::MAX)
            .map_err(journal_error)?
            .len();
        let mut chains = Vec::new();
        for (d, n, _) in vakt_journal::heads(conn).map_err(journal_error)? {
            let last = vakt_journal::device_events_after(conn, d, n.saturating_sub(1), 1)
                .map_err(journal_error)?
                .pop();
            chains.push(TeamChain {
                device: d.to_string(),
                events: n,
                this_device: me == Some(d),
                person_name: last
                    .as_ref()
                    .map(|e| e.by.actor.clone())
                    .unwrap_or_default(),
                host: last.as_ref().map(|e| e.by.host.clone()).unwrap_or_default(),
                last_at: last.as_ref().map(|e| time(e.at)),
                not_shared: without_receipt(conn, Some(d), usize::MAX)
                    .map_err(journal_error)?
                    .len() as u64,
            });
        }
        let server_devices = match &link.devices {
            Some(list) => Some(
                list.iter()
                    .cloned()
                    .map(|d| self.team_device_view(d))
                    .collect::<Result<_, _>>()?,
            ),
            None => None,
        };
        Ok(TeamStatus {
            server: self.db.setting(TEAM_SERVER)?,
            device: me.map(|d| d.to_string()).unwrap_or_default(),
            not_shared: not_shared as u64,
            without_receipt: all as u64,
            chains,
            link: link.view(),
            server_devices,
        })
    }

    /// Stores an anchored checkpoint on the server.
    pub fn team_anchor(
        &mut self,
        server: Option<&str>,
        reason: &str,
        run: Option<&str>,
    ) -> Result<TeamAnchored, ApiError> {
        let run = run
            .map(|r| {
                uuid::Uuid::parse_str(r.trim())
                    .map_err(|_| invalid(format!("`{r}` is not a run id")))
            })
            .transpose()?;
        let mut client = self.team_client(server)?;
        let a = vakt_team::anchor(&mut client, self.db.connection(), reason, run)
            .map_err(server_error)?;
        vakt_team::check_anchor(&mut client, self.db.connection(), &a).map_err(server_error)?;
        Ok(TeamAnchored {
            seq: a.seq,
            server_time: time(a.server_time),
            chains: a.heads.len() as u64,
        })
    }

    /// This journal against the team server's.
    pub fn journal_against_server(
        &self,
        server: Option<&str>,
    ) -> Result<ServerComparison, ApiError> {
        let mut client = self.team_client(server)?;
        let c = vakt_team::compare(&mut client, self.db.connection()).map_err(server_error)?;
        Ok(ServerComparison {
            agrees: c.agrees(),
            chains: c
                .devices
                .into_iter()
                .map(|d| ChainAgainstServer {
                    device: d.device.to_string(),
                    here: d.here,
                    server: d.server,
                    agree: d.agree,
                })
                .collect(),
            contradicted_anchors: c.contradicted_anchors,
            unreached_anchors: c.unreached_anchors,
        })
    }

    /// Writes a bundle of what the other side lacks given its checkpoint file (every device's
    /// count), or of everything since a moment, or everything.
    pub fn bundle_export(
        &self,
        path: &str,
        checkpoint: Option<&str>,
        since: Option<&str>,
    ) -> Result<BundleExported, ApiError> {
        let path = path.trim();
        if path.is_empty() {
            return Err(invalid("choose where to write the bundle"));
        }
        let mut held: HashMap<uuid::Uuid, u64> = HashMap::new();
        if let Some(file) = checkpoint {
            let text = std::fs::read_to_string(file)
                .map_err(|e| invalid(format!("cannot read checkpoint {file}: {e}")))?;
            let c: Checkpoint = serde_json::from_str(&text).map_err(|e| {
                invalid(format!(
                    "{file}:{}:{}: not a checkpoint: {e}",
                    e.line(),
                    e.column()
                ))
            })?;
            if c.devices.is_empty() && c.count > 0 {
                return Err(invalid(format!(
                    "{file} is a first-version checkpoint: it names no device chains (write a new one with vakt journal checkpoint)"
                )));
            }
            held = c.devices.into_iter().map(|d| (d.device, d.count)).collect();
        }
        let since = since
            .map(|s| {
                s.trim().parse::<DateTime<Utc>>().map_err(|e| {
                    invalid(format!(
                        "`{s}` is not an RFC 3339 time (2026-12-01T14:00:00Z): {e}"
                    ))
                })
            })
            .transpose()?;
        let mut out = Vec::new();
        let done = vakt_journal::export_bundle(
            self.db.connection(),
            &held,
            since,
            self.clock.now(),
            &mut out,
        )
        .map_err(journal_error)?;
        std::fs::write(path, out)
            .map_err(|e| ApiError::new(ErrorCode::Failed, format!("cannot write {path}: {e}")))?;
        Ok(BundleExported {
            path: path.to_string(),
            events: done.events,
            devices: done.devices,
            sha256: done.sha256,
        })
    }

    /// Imports a bundle file: refused whole when damaged, else each event on its own terms.
    pub fn bundle_import(&mut self, path: &str) -> Result<BundleImported, ApiError> {
        let bytes = std::fs::read(path.trim())
            .map_err(|e| invalid(format!("cannot read bundle {path}: {e}")))?;
        let done =
            vakt_journal::import_bundle(self.db.connection_mut(), &bytes).map_err(|e| match e {
                vakt_journal::BundleError::Damaged(m) => {
                    invalid(format!("{path}: bundle refused whole: {m}"))
                }
                other => journal_error(other),
            })?;
        Ok(BundleImported {
            from: done.from.to_string(),
            imported: done.imported,
            already_held: done.already_held,
            refused: refusals(done.refused),
        })
    }
}
