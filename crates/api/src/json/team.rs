//! The team journal's transport types: the server's devices, sync and bundle outcomes, the
//! comparison with the server.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An event refused by the other side, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamRefusal {
    /// The event's id.
    pub event: String,
    /// Why it was refused.
    pub reason: String,
}

/// A device as the team server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamDevice {
    /// Its id.
    pub id: String,
    /// Whether it is this data directory's device.
    pub this_device: bool,
    /// The person it was enrolled for (display name, as claimed).
    pub person_name: String,
    /// The person id, as claimed.
    pub person: Option<String>,
    /// Its host name, as claimed.
    pub host: String,
    /// The database login that enrolled it.
    pub login: String,
    /// When it was enrolled (server time, RFC 3339).
    pub enrolled_at: String,
    /// The administrator who approved it, once approved.
    pub approved_by: Option<String>,
    /// How many of its events the server holds.
    #[ts(type = "number")]
    pub events: i64,
    /// The server time of its latest event (RFC 3339).
    pub last_seen: Option<String>,
}

/// The server's devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamDevices {
    /// By id.
    pub devices: Vec<TeamDevice>,
}

impl fmt::Display for TeamDevice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}{}  {} on {} (login {}), {} events, {}",
            self.id,
            if self.this_device {
                " (this device)"
            } else {
                ""
            },
            self.person_name,
            self.host,
            self.login,
            self.events,
            match &self.approved_by {
                Some(by) => format!("approved by {by}"),
                None => "waiting for approval (vakt team approve)".to_string(),
            }
        )
    }
}

impl fmt::Display for TeamDevices {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.devices.is_empty() {
            writeln!(f, "no device enrolled")?;
        }
        for d in &self.devices {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// The schema migrations `team init` applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamInitialized {
    /// Applied now.
    pub applied: Vec<i32>,
    /// Held by the server in all.
    pub migrations: Vec<i32>,
}

impl fmt::Display for TeamInitialized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.applied.is_empty() {
            writeln!(
                f,
                "team server schema up to date ({} migrations)",
                self.migrations.len()
            )
        } else {
            writeln!(
                f,
                "team server schema: applied migrations {:?}",
                self.applied
            )
        }
    }
}

/// What a sync with the team server did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamSynced {
    /// Events this device pushed.
    #[ts(type = "number")]
    pub pushed: u64,
    /// Events pulled from the server.
    #[ts(type = "number")]
    pub pulled: u64,
    /// Server receipts newly stored.
    #[ts(type = "number")]
    pub receipts: u64,
    /// Events refused (by the server on push, here on pull).
    pub refused: Vec<TeamRefusal>,
}

impl fmt::Display for TeamSynced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "synced: {} pushed, {} pulled, {} receipts",
            self.pushed, self.pulled, self.receipts
        )?;
        for r in &self.refused {
            writeln!(f, "refused {}: {}", r.event, r.reason)?;
        }
        Ok(())
    }
}

/// This laptop's side of the team: the server it uses and what is not shared yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamStatus {
    /// The team server's connection string (no password), when one is set.
    pub server: Option<String>,
    /// This device's id.
    pub device: String,
    /// This device's events the server has not acknowledged yet (no receipt).
    #[ts(type = "number")]
    pub not_shared: u64,
    /// Events of any device held here without a server receipt.
    #[ts(type = "number")]
    pub without_receipt: u64,
    /// Every device chain held here: device, events.
    pub chains: Vec<TeamChain>,
    /// The background sync's link with the server (the window's; the command line has none).
    pub link: TeamLinkView,
    /// The server's devices as the last sync saw them (people, hosts, approval, last seen);
    /// `null` before the first sync of this session.
    pub server_devices: Option<Vec<TeamDevice>>,
}

/// Where the background sync stands with the team server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum TeamLinkState {
    /// No background sync runs (the command line), or no team server is set.
    Off,
    /// Connecting for the first time.
    Connecting,
    /// The last sync succeeded and the server's announcements are listened to.
    Connected,
    /// The server could not be reached (or refused); retried with backoff.
    Offline,
}

/// The background sync's link with the team server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamLinkView {
    /// Where it stands.
    pub state: TeamLinkState,
    /// Since when it is connected (RFC 3339).
    pub connected_since: Option<String>,
    /// Since when the server has been unreachable (RFC 3339), while offline.
    pub offline_since: Option<String>,
    /// When the last sync completed (RFC 3339).
    pub last_sync: Option<String>,
    /// Why the last attempt failed, while offline.
    pub last_error: Option<String>,
}

/// One device chain held here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamChain {
    /// The device.
    pub device: String,
    /// Its events held here.
    #[ts(type = "number")]
    pub events: u64,
    /// Whether it is this data directory's device.
    pub this_device: bool,
    /// The person of its latest event held here (display name, as claimed).
    pub person_name: String,
    /// The host of its latest event held here, as claimed.
    pub host: String,
    /// When its latest event held here was made (RFC 3339).
    pub last_at: Option<String>,
    /// Its events held here that the server has not acknowledged yet (no receipt): for this
    /// device, not yet shared; for another, carried here by a bundle before its own sync.
    #[ts(type = "number")]
    pub not_shared: u64,
}

impl fmt::Display for TeamStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "team server: {}",
            self.server
                .as_deref()
                .unwrap_or("none (vakt team enrol --server …)")
        )?;
        writeln!(
            f,
            "this device {}: {} events not yet shared; {} events without a server receipt",
            self.device, self.not_shared, self.without_receipt
        )?;
        match self.link.state {
            TeamLinkState::Off => {}
            TeamLinkState::Connecting => writeln!(f, "connecting")?,
            TeamLinkState::Connected => writeln!(
                f,
                "connected since {}",
                self.link.connected_since.as_deref().unwrap_or("?")
            )?,
            TeamLinkState::Offline => writeln!(
                f,
                "offline since {}: {}",
                self.link.offline_since.as_deref().unwrap_or("?"),
                self.link.last_error.as_deref().unwrap_or("")
            )?,
        }
        for c in &self.chains {
            writeln!(
                f,
                "  device {}{} ({} on {}): {} events, {} not yet shared",
                c.device,
                if c.this_device { " (this device)" } else { "" },
                c.person_name,
                c.host,
                c.events,
                c.not_shared
            )?;
        }
        Ok(())
    }
}

/// A bundle written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleExported {
    /// The file.
    pub path: String,
    /// Events in it.
    #[ts(type = "number")]
    pub events: u64,
    /// Devices whose events it carries.
    #[ts(type = "number")]
    pub devices: u64,
    /// SHA-256 of its content.
    pub sha256: String,
}

impl fmt::Display for BundleExported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "bundle {}: {} events of {} devices, sha256 {}",
            self.path, self.events, self.devices, self.sha256
        )
    }
}

/// A bundle read in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleImported {
    /// The device that wrote it.
    pub from: String,
    /// Events newly stored.
    #[ts(type = "number")]
    pub imported: u64,
    /// Events already held.
    #[ts(type = "number")]
    pub already_held: u64,
    /// Events refused, with the reason.
    pub refused: Vec<TeamRefusal>,
}

impl fmt::Display for BundleImported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "bundle from device {}: {} imported, {} already held, {} refused",
            self.from,
            self.imported,
            self.already_held,
            self.refused.len()
        )?;
        for r in &self.refused {
            writeln!(f, "refused {}: {}", r.event, r.reason)?;
        }
        Ok(())
    }
}

/// One device chain here against the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChainAgainstServer {
    /// The device.
    pub device: String,
    /// Events held here.
    #[ts(type = "number")]
    pub here: u64,
    /// Events the server holds.
    #[ts(type = "number")]
    pub server: u64,
    /// Whether the events both hold are the same.
    pub agree: bool,
}

/// This laptop's journal against what the team server saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerComparison {
    /// Whether every shared event and every anchor reached agrees.
    pub agrees: bool,
    /// Every device chain.
    pub chains: Vec<ChainAgainstServer>,
    /// Anchors this journal contradicts.
    #[ts(type = "number[]")]
    pub contradicted_anchors: Vec<i64>,
    /// Anchors this journal does not reach yet.
    #[ts(type = "number[]")]
    pub unreached_anchors: Vec<i64>,
}

impl fmt::Display for ServerComparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}",
            if self.agrees {
                "journal MATCHES the team server"
            } else {
                "journal DIFFERS from the team server"
            }
        )?;
        for c in &self.chains {
            writeln!(
                f,
                "  device {}: {} here, {} on the server{}",
                c.device,
                c.here,
                c.server,
                if c.agree { "" } else { "  DIFFERENT EVENTS" }
            )?;
        }
        for a in &self.contradicted_anchors {
            writeln!(f, "  anchor {a}: this journal contradicts it")?;
        }
        if !self.unreached_anchors.is_empty() {
            writeln!(
                f,
                "  {} anchors not reached yet (sync to pull their events)",
                self.unreached_anchors.len()
            )?;
        }
        Ok(())
    }
}

/// An anchored checkpoint stored on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamAnchored {
    /// Its number on the server.
    #[ts(type = "number")]
    pub seq: i64,
    /// The server's time (RFC 3339).
    pub server_time: String,
    /// Device chains it names.
    #[ts(type = "number")]
    pub chains: u64,
}

impl fmt::Display for TeamAnchored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "anchor {} stored at {} ({} device chains)",
            self.seq, self.server_time, self.chains
        )
    }
}
