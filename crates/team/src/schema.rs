//! The team server's schema: numbered SQL migrations, applied in order, each once, each in its
//! own transaction, recorded in `vakt_schema`.

use postgres::Client;

use crate::TeamError;

/// The migrations, in order: number, name, SQL.
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (1, "p256", include_str!("../migrations/0001_p256.sql")),
    (2, "events", include_str!("../migrations/0002_events.sql")),
    (
        3,
        "p256_tables",
        include_str!("../migrations/0003_p256_tables.sql"),
    ),
    (
        4,
        "p256_points",
        include_str!("../migrations/0004_p256_points.sql"),
    ),
];

/// Applies the migrations the server lacks; returns the numbers applied. Run by the database's
/// owner (it creates the roles `vakt_member` and `vakt_admin` when missing: CREATEROLE needed).
pub fn init(client: &mut Client) -> Result<Vec<i32>, TeamError> {
    let encoding: String = client
        .query_one("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()", &[])?
        .get(0);
    if encoding != "UTF8" {
        return Err(TeamError::Refused(format!(
            "the team database must be UTF8 (it is {encoding}): event hashes are over UTF-8 text"
        )));
    }
    client.batch_execute(
        "CREATE TABLE IF NOT EXISTS vakt_schema (
             version    int PRIMARY KEY,
             name       text NOT NULL,
             applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )?;
    let mut applied = Vec::new();
    for (version, name, sql) in MIGRATIONS {
        let mut tx = client.transaction()?;
        tx.batch_execute("LOCK TABLE vakt_schema IN EXCLUSIVE MODE")?;
        let done = tx
            .query_opt("SELECT 1 FROM vakt_schema WHERE version = $1", &[version])?
            .is_some();
        if done {
            continue;
        }
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO vakt_schema (version, name) VALUES ($1, $2)",
            &[version, name],
        )?;
        tx.commit()?;
        applied.push(*version);
    }
    Ok(applied)
}

/// The migrations the server holds.
pub fn applied(client: &mut Client) -> Result<Vec<i32>, TeamError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('vakt_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(Vec::new());
    }
    Ok(client
        .query("SELECT version FROM vakt_schema ORDER BY version", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect())
}
