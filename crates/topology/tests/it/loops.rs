//! Dependency loops by hand: a cluster that needs the directory running on it cannot start
//! from cold; a loop with a way in from outside can.

use std::path::Path;

use vakt_topology::{Impact, State, Topology, Vertex, load_str, loops, recovery_plan};

const TEXT: &str = r#"
format = 1
kind = "topology"

[[node]]
id = "power"
kind = "power-feed"
name = "Power"

# The virtualised cluster needs the directory to start its hosts; the directory's domain
# controllers run as virtual machines on that cluster: a loop with no way in.
[[node]]
id = "cluster"
kind = "server-group"
name = "Virtualisation cluster"
recovery = "30m"
needs = ["power", "directory"]

[[node]]
id = "directory"
kind = "server-group"
name = "Directory (domain controllers on the cluster)"
recovery = "15m"
needs = ["cluster"]

[[node]]
id = "crm"
kind = "business-service"
name = "CRM"
rto = "4h"
recovery = "10m"
needs = ["cluster"]

# Second loop: the key vault needs the HSM or the break-glass key; the HSM needs the key vault.
# The break-glass key depends on nothing, so the loop can start.
[[node]]
id = "key-vault"
kind = "storage"
name = "Key vault"
group = [{ name = "keys", at_least = 1, of = ["hsm", "break-glass-key"] }]

[[node]]
id = "hsm"
kind = "server"
name = "HSM"
needs = ["key-vault"]

[[node]]
id = "break-glass-key"
kind = "team"
name = "Break-glass key holders"
"#;

fn topology() -> Topology {
    load_str(TEXT, Path::new("loops.toml")).expect("fixture loads")
}

fn v(t: &Topology, id: &str) -> Vertex {
    t.find(id).expect("node exists")
}

#[test]
fn the_loop_without_a_way_in_is_named_with_what_it_blocks() {
    let t = topology();
    let found = loops(&t);
    assert_eq!(found.len(), 2);
    let stuck = &found[0];
    assert!(!stuck.can_cold_start);
    let members: Vec<String> = stuck.members.iter().map(|&m| t.label(m)).collect();
    assert_eq!(members, ["cluster", "directory"]);
    let cycle: Vec<String> = stuck.cycle.iter().map(|&m| t.label(m)).collect();
    assert_eq!(cycle, ["cluster", "directory", "cluster"]);
    assert_eq!(stuck.blocked, vec![v(&t, "crm")]);
    let startable = &found[1];
    assert!(startable.can_cold_start);
    assert!(startable.blocked.is_empty());
}

#[test]
fn a_running_loop_stays_up_until_a_failure_reaches_it() {
    let t = topology();
    assert_eq!(Impact::evaluate(&t, &[]).state(v(&t, "crm")), State::Up);
    let i = Impact::evaluate(&t, &[v(&t, "power")]);
    for id in ["cluster", "directory", "crm"] {
        assert_eq!(i.state(v(&t, id)), State::Down, "{id}");
    }
    let path: Vec<String> = i
        .path(v(&t, "directory"))
        .iter()
        .map(|&p| t.label(p))
        .collect();
    assert_eq!(path, ["directory", "cluster", "power"]);
    // Losing the break-glass key leaves the key vault running on the HSM, degraded.
    let k = Impact::evaluate(&t, &[v(&t, "break-glass-key")]);
    assert_eq!(k.state(v(&t, "key-vault")), State::Degraded);
    assert_eq!(k.state(v(&t, "hsm")), State::Degraded);
}

#[test]
fn after_a_power_loss_the_loop_cannot_be_recovered_and_the_plan_says_so() {
    // Power comes back (no recovery time given), but the cluster waits for the directory and
    // the directory for the cluster: neither can begin, and the CRM waits on them.
    let t = topology();
    let i = Impact::evaluate(&t, &[v(&t, "power")]);
    let plan = recovery_plan(&t, &i, 1);
    let mut stuck: Vec<String> = plan.unrecoverable.iter().map(|&u| t.label(u)).collect();
    stuck.sort();
    assert_eq!(stuck, ["cluster", "crm", "directory"]);
    assert_eq!(plan.steps.len(), 1, "only the power feed comes back");
    let crm = &plan.services[0];
    assert_eq!(
        (crm.planned, crm.earliest, crm.meets_rto),
        (None, None, false)
    );
}
