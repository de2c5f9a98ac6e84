//! Three laptops on one incident with random schedules of acting, syncing through the server and
//! carrying bundles by hand: after a final sync all three hold the same events in the same
//! replay order (so the same run state, which is a function of it), every chain verifies and
//! every event has the server's receipt. Over many seeded schedules.

use std::collections::HashMap;

use vakt_journal::{export_bundle, heads, import_bundle, verify};
use vakt_team::{add_member, approve, connect, enrol, sync};

use crate::laptop::Laptop;
use crate::pg::Cluster;

/// xorshift64*: a seeded schedule, no crate needed.
struct Schedule(u64);

impl Schedule {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % below
    }
}

const LOGINS: [&str; 3] = ["ingrid", "ola", "kari"];

#[test]
fn three_laptops_converge_over_seeded_schedules_of_server_and_bundle_syncs() {
    let cluster = Cluster::start();
    {
        // The roles are the cluster's: the first team database creates them.
        let first = cluster.team_database("schedule_0");
        let mut owner = connect(&cluster.conninfo("vakt", &first)).unwrap();
        add_member(&mut owner, "admin", None, true).unwrap();
        for login in LOGINS {
            add_member(&mut owner, login, None, false).unwrap();
        }
    }
    for seed in 1..=12u64 {
        let db = cluster.team_database(&format!("schedule_{seed}"));
        let mut laptops: Vec<Laptop> = ["Ingrid", "Ola", "Kari"]
            .iter()
            .map(|n| Laptop::new(n, "2026-12-01T14:00:00Z"))
            .collect();
        for (l, login) in laptops.iter().zip(LOGINS) {
            let by = l.by();
            let mut c = connect(&cluster.conninfo(login, &db)).unwrap();
            enrol(
                &mut c,
                &l.device(),
                by.person.as_deref(),
                &by.actor,
                &by.host,
            )
            .unwrap();
            approve(
                &mut connect(&cluster.conninfo("admin", &db)).unwrap(),
                l.device().id,
            )
            .unwrap();
        }
        let run = uuid::Uuid::now_v7();
        let mut s = Schedule(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let mut bundles = 0;
        for step in 0..30 {
            let who = s.next(3) as usize;
            match s.next(10) {
                0..=4 => {
                    laptops[who].act(Some(run), &format!("seed {seed} step {step}"));
                }
                5..=6 => {
                    let mut c = connect(&cluster.conninfo(LOGINS[who], &db)).unwrap();
                    let done = sync(&mut c, laptops[who].conn()).unwrap();
                    assert!(
                        done.push.refused.is_none() && done.pull.refused.is_empty(),
                        "{done:?}"
                    );
                }
                _ => {
                    let to = (who + 1 + s.next(2) as usize) % 3;
                    let held: HashMap<uuid::Uuid, u64> = heads(laptops[to].db.connection())
                        .unwrap()
                        .into_iter()
                        .map(|(d, n, _)| (d, n))
                        .collect();
                    let mut file = Vec::new();
                    let now = vakt_sources::Clock::now(&laptops[who].clock);
                    export_bundle(laptops[who].db.connection(), &held, None, now, &mut file)
                        .unwrap();
                    let done = import_bundle(laptops[to].conn(), &file).unwrap();
                    assert!(done.refused.is_empty(), "{done:?}");
                    bundles += 1;
                }
            }
        }
        // The final sync: everyone pushes and pulls, then once more for the receipts of events
        // that arrived by bundle before their author pushed them.
        for _ in 0..2 {
            for (i, login) in LOGINS.iter().enumerate() {
                let mut c = connect(&cluster.conninfo(login, &db)).unwrap();
                sync(&mut c, laptops[i].conn()).unwrap();
            }
        }
        let order = laptops[0].replay();
        for l in &laptops {
            assert_eq!(l.replay(), order, "seed {seed}: {} differs", l.name);
            assert_eq!(l.without_receipts(), 0, "seed {seed}: {}", l.name);
            let v = verify(l.db.connection(), None).unwrap();
            assert!(v.is_intact(), "seed {seed}: {:?}", v.first_break);
            assert_eq!(v.devices.len(), 3);
        }
        let server: i64 = connect(&cluster.conninfo("vakt", &db))
            .unwrap()
            .query_one("SELECT count(*) FROM vakt_event", &[])
            .unwrap()
            .get(0);
        assert_eq!(
            server as usize,
            order.len(),
            "seed {seed} ({bundles} bundles)"
        );
    }
}
