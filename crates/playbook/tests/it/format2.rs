//! Format 2: steps that wait on others, decisions that open steps and rule steps and clocks
//! out, and the flow the run engine walks.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use vakt_playbook::{Context, Flow, OptionRef, parse_playbook};

use crate::util::fixture;

#[test]
fn a_format_2_playbook_loads_and_its_flow_says_what_runs_in_parallel() {
    let text = fixture("parallel.toml");
    let p = parse_playbook("parallel.toml", &text, &Context::default()).expect("loads");
    assert_eq!(p.format, 2);
    assert_eq!(p.tracks.len(), 2);
    assert!(p.steps[2].evidence[0].required);
    assert_eq!(p.notifications[0].clock.as_deref(), Some("gdpr-72h"));
    let flow = Flow::new(&p);
    let at = |id: &str| flow.index(id).expect(id);
    assert_eq!(flow.starts(), [at("report")]);
    assert_eq!(flow.after(at("triage")), [at("report")]);
    let incident = OptionRef {
        step: at("triage"),
        option: 0,
    };
    let event = OptionRef {
        step: at("triage"),
        option: 1,
    };
    assert_eq!(flow.opens(incident), [at("contain"), at("notify")]);
    assert_eq!(flow.gates(at("contain")), [incident]);
    assert!(flow.is_gated(at("close-as-event")));
    assert_eq!(
        flow.gated_steps().collect::<Vec<_>>(),
        [at("contain"), at("notify"), at("close-as-event")]
    );
    assert_eq!(flow.ruled_out(event).clocks, [0]);
    assert!(flow.ruled_out(incident).steps.is_empty());
    assert_eq!(flow.exclusive_options(), [vec![incident, event]]);
    assert_eq!(
        flow.branch(at("contain")).map(|b| b.options.clone()),
        Some(vec![0])
    );
    assert_eq!(
        flow.branch(at("review")).map(|b| b.options.clone()),
        Some(vec![0, 1]),
        "review follows either option"
    );
    assert_eq!(flow.waiting_on(at("contain")), [at("review")]);
}
