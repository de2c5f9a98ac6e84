//! The team journal: the team server (schema, enrolment, sync, anchors) and bundle files.

use crate::json::{
    BundleExported, BundleImported, ServerComparison, TeamAnchored, TeamDevice, TeamDevices,
    TeamInitialized, TeamStatus, TeamSynced,
};
use crate::ops::operation;

operation! {
    /// Applies the team server's schema migrations (run by the database's owner).
    "team_init", Change, DataDir,
    TeamInitRequest {
        /// The server's connection string (else this laptop's team server).
        server: Option<String>,
    } -> TeamInitialized,
    |r, host| host.with(|v| v.team_init(r.server.as_deref()))
}

operation! {
    /// Enrols this device and its person with the team server and keeps the server as this
    /// laptop's team server; an administrator then approves it.
    "team_enrol", Change, DataDir,
    TeamEnrolRequest {
        /// The server's connection string with this person's login (else the saved one).
        server: Option<String>,
    } -> TeamDevice,
    |r, host| crate::team::team_enrol(host.session(), r.server.as_deref())
}

operation! {
    /// Approves an enrolled device (the login must be a team administrator).
    "team_approve", Change, DataDir,
    TeamApproveRequest {
        /// The server's connection string (else this laptop's team server).
        server: Option<String>,
        /// The device's id.
        device: String,
    } -> TeamDevice,
    |r, host| crate::team::team_approve(host.session(), r.server.as_deref(), &r.device)
}

operation! {
    /// The devices the team server knows: person, host, login, approval, events, last seen.
    "team_devices", Read, DataDir,
    TeamDevicesRequest {
        /// The server's connection string (else this laptop's team server).
        server: Option<String>,
    } -> TeamDevices,
    |r, host| host.with(|v| v.team_devices(r.server.as_deref()))
}

operation! {
    /// Pushes this device's events the server lacks, pulls what this laptop lacks, stores the
    /// server's receipts.
    "team_sync", Change, DataDir,
    TeamSyncRequest {
        /// The server's connection string (else this laptop's team server).
        server: Option<String>,
    } -> TeamSynced,
    |r, host| crate::team::team_sync(host.session(), r.server.as_deref())
}

operation! {
    /// This laptop's side of the team without the network: its server, every device chain
    /// held here with its person and what is not shared yet, and the background sync's link
    /// (connected, offline since, the server's devices as last seen).
    "team_status", Read, DataDir,
    TeamStatusRequest {} -> TeamStatus,
    |_r, host| {
        let link = host.session().team_link().state();
        host.with(|v| v.team_status(&link))
    }
}

operation! {
    /// Stores an anchored checkpoint on the team server: every device chain's head as the
    /// server holds it now.
    "team_anchor", Change, DataDir,
    TeamAnchorRequest {
        /// The server's connection string (else this laptop's team server).
        server: Option<String>,
        /// Why ("phase change", "on demand").
        reason: String,
        /// The run, if any.
        run: Option<String>,
    } -> TeamAnchored,
    |r, host| host.with(|v| v.team_anchor(r.server.as_deref(), &r.reason, r.run.as_deref()))
}

operation! {
    /// Compares this journal with the team server's: shared events and anchors.
    "journal_against_server", Read, DataDir,
    JournalAgainstServerRequest {
        /// The server's connection string (else this laptop's team server).
        server: Option<String>,
    } -> ServerComparison,
    |r, host| host.with(|v| v.journal_against_server(r.server.as_deref()))
}

operation! {
    /// Writes a bundle file of the events another copy lacks (given its checkpoint file), or
    /// of everything since a moment, or of everything. Read: it writes only the file named.
    "journal_bundle_export", Read, DataDir,
    JournalBundleExportRequest {
        /// The file to write.
        path: String,
        /// The other copy's checkpoint file (`vakt journal checkpoint --out`).
        checkpoint: Option<String>,
        /// Only events from this moment on (RFC 3339).
        since: Option<String>,
    } -> BundleExported,
    |r, host| host.with(|v| v.bundle_export(&r.path, r.checkpoint.as_deref(), r.since.as_deref()))
}

operation! {
    /// Imports a bundle file: refused whole when cut off or altered; each forged event inside
    /// refused with the reason, the rest stored.
    "journal_bundle_import", Change, DataDir,
    JournalBundleImportRequest {
        /// The bundle file.
        path: String,
    } -> BundleImported,
    |r, host| host.with(|v| v.bundle_import(&r.path))
}
