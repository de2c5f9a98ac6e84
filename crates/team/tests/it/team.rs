//! A team: one server database, members with their own logins, enrolled and approved laptops.

use postgres::Client;
use vakt_team::{add_member, approve, connect, enrol};

use crate::laptop::Laptop;
use crate::pg::Cluster;

pub struct Team {
    pub cluster: Cluster,
    pub db: String,
}

impl Team {
    pub fn new() -> Self {
        let cluster = Cluster::start();
        let db = cluster.team_database("team");
        let mut owner = connect(&cluster.conninfo("vakt", &db)).unwrap();
        add_member(&mut owner, "admin", None, true).unwrap();
        Self { cluster, db }
    }

    pub fn client(&self, login: &str) -> Client {
        connect(&self.cluster.conninfo(login, &self.db)).unwrap()
    }

    pub fn conninfo(&self, login: &str) -> String {
        self.cluster.conninfo(login, &self.db)
    }

    /// Adds `login` as a member (if new), enrols the laptop's device for it and approves it.
    pub fn join(&self, laptop: &Laptop, login: &str) {
        let mut owner = self.client("vakt");
        let exists = owner
            .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&login])
            .unwrap()
            .is_some();
        if !exists {
            add_member(&mut owner, login, None, false).unwrap();
        }
        let by = laptop.by();
        enrol(
            &mut self.client(login),
            &laptop.device(),
            by.person.as_deref(),
            &by.actor,
            &by.host,
        )
        .unwrap();
        approve(&mut self.client("admin"), laptop.device().id).unwrap();
    }
}
