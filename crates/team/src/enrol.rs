//! Enrolment: a login registers its device's public key and its person; an administrator
//! approves it; only then does the server take the device's events.

use chrono::{DateTime, Utc};
use postgres::Client;
use serde::Serialize;
use uuid::Uuid;
use vakt_journal::Device;

use crate::TeamError;

/// A device as the team server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerDevice {
    /// Its id.
    pub id: Uuid,
    /// Its P-256 public key, SEC1 uncompressed.
    #[serde(skip)]
    pub public_key: Vec<u8>,
    /// When the device says it was created.
    pub created_at: DateTime<Utc>,
    /// The person id it was enrolled for, as claimed.
    pub person: Option<String>,
    /// The person's display name, as claimed.
    pub person_name: String,
    /// Its host name, as claimed.
    pub host: String,
    /// The login that enrolled it (the server's word).
    pub login: String,
    /// When it was enrolled (server time).
    pub enrolled_at: DateTime<Utc>,
    /// Who approved it and when, once approved.
    pub approved: Option<(String, DateTime<Utc>)>,
    /// How many of its events the server holds.
    pub events: i64,
    /// The server time of its latest event.
    pub last_seen: Option<DateTime<Utc>>,
}

impl ServerDevice {
    /// The device as the journal registers it.
    pub fn device(&self) -> Device {
        Device {
            id: self.id,
            public_key: self.public_key.clone(),
            created_at: self.created_at,
        }
    }
}

/// Every device the server knows, approved or not, by id.
pub fn server_devices(client: &mut Client) -> Result<Vec<ServerDevice>, TeamError> {
    let rows = client.query(
        "SELECT d.id, d.public_key, d.created_at, d.person, d.person_name, d.host, d.login::text, \
                d.enrolled_at, d.approved_by::text, d.approved_at, \
                (SELECT count(*) FROM vakt_event e WHERE e.device = d.id), \
                (SELECT max(server_time) FROM vakt_event e WHERE e.device = d.id) \
         FROM vakt_device d ORDER BY d.id",
        &[],
    )?;
    Ok(rows
        .iter()
        .map(|r| ServerDevice {
            id: r.get(0),
            public_key: r.get(1),
            created_at: r.get(2),
            person: r.get(3),
            person_name: r.get(4),
            host: r.get(5),
            login: r.get(6),
            enrolled_at: r.get(7),
            approved: r
                .get::<_, Option<String>>(8)
                .zip(r.get::<_, Option<DateTime<Utc>>>(9)),
            events: r.get(10),
            last_seen: r.get(11),
        })
        .collect())
}

/// Enrols `device` for the connected login, with the person it acts for (person id, display
/// name) and its host name. Enrolling again is harmless; a device enrolled by another login or
/// with another key is refused. Returns the server's row (not yet approved the first time).
pub fn enrol(
    client: &mut Client,
    device: &Device,
    person: Option<&str>,
    person_name: &str,
    host: &str,
) -> Result<ServerDevice, TeamError> {
    client.execute(
        "INSERT INTO vakt_device (id, public_key, created_at, person, person_name, host, login, \
         enrolled_at) VALUES ($1, $2, $3, $4, $5, $6, session_user, now()) \
         ON CONFLICT DO NOTHING",
        &[
            &device.id,
            &device.public_key,
            &device.created_at,
            &person,
            &person_name,
            &host,
        ],
    )?;
    let login: String = client.query_one("SELECT session_user::text", &[])?.get(0);
    let held = server_devices(client)?
        .into_iter()
        .find(|d| d.id == device.id || d.public_key == device.public_key);
    match held {
        Some(d) if d.id != device.id || d.public_key != device.public_key => {
            Err(TeamError::Refused(format!(
                "device {}: the server holds this id or key with another device",
                device.id
            )))
        }
        Some(d) if d.login != login => Err(TeamError::Refused(format!(
            "device {} is enrolled by login `{}`, not `{login}`",
            device.id, d.login
        ))),
        Some(d) => Ok(d),
        None => Err(TeamError::Refused(format!(
            "device {}: the server did not keep the enrolment",
            device.id
        ))),
    }
}

/// Approves an enrolled device (the connected login must be in `vakt_admin`); approving an
/// approved device again is harmless.
pub fn approve(client: &mut Client, device: Uuid) -> Result<ServerDevice, TeamError> {
    client.execute(
        "UPDATE vakt_device SET approved_at = now() WHERE id = $1 AND approved_at IS NULL",
        &[&device],
    )?;
    server_devices(client)?
        .into_iter()
        .find(|d| d.id == device && d.approved.is_some())
        .ok_or_else(|| TeamError::Refused(format!("device {device} is not enrolled")))
}

/// Creates the database login `login` as a team member (the connected login needs
/// CREATEROLE); with `password` it can log in with it (SCRAM), else only by other means the
/// server's `pg_hba.conf` allows (certificates, peer). `admin` also makes it an administrator.
pub fn add_member(
    client: &mut Client,
    login: &str,
    password: Option<&str>,
    admin: bool,
) -> Result<(), TeamError> {
    let valid = !login.is_empty()
        && login.len() <= 63
        && login.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        return Err(TeamError::Refused(format!(
            "login `{login}`: use lower-case letters, digits and _ (at most 63), starting with a letter"
        )));
    }
    let roles = if admin {
        "vakt_member, vakt_admin"
    } else {
        "vakt_member"
    };
    let statement: String = client
        .query_one(
            &format!(
                "SELECT CASE WHEN $2::text IS NULL \
                   THEN format('CREATE ROLE %I LOGIN IN ROLE {roles}', $1::text) \
                   ELSE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE {roles}', $1::text, $2::text) END"
            ),
            &[&login, &password],
        )?
        .get(0);
    client.batch_execute(&statement)?;
    Ok(())
}
