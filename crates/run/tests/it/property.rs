//! The engine on generated format-2 playbooks (random DAGs with decisions, repeats, clocks and
//! moments), acted on at random: replaying the journal gives the state acting returned; no
//! reachable state has zero active steps before the end; a clock that does not apply is never
//! overdue; every step's status follows the activation rule; every step offered as active
//! can be acted on. A seeded generator (no proptest in
//! the workspace): a failure names its seed.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::fmt::Write;

use chrono::Duration;
use vakt_playbook::{Flow, OptionRef};
use vakt_run::{Action, Actor, ClockState, Mode, RunState, StepStatus};
use vakt_sources::Clock;

use crate::util::*;

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const MOMENTS: [&str; 6] = [
    "detection",
    "awareness",
    "containment",
    "recovery",
    "m1",
    "m2",
];

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// A random format-2 playbook (the loader decides whether it is valid).
fn generate(rng: &mut Rng) -> String {
    let n = 3 + rng.below(16);
    let clocks = rng.below(4);
    let mut out = String::from(
        "format = 2\nkind = \"playbook\"\nid = \"gen\"\nversion = \"1\"\ncategory = \"dr\"\n\
         sign_off_role = \"r1\"\ntitle = { en = \"G\" }\nsummary = { en = \"G.\" }\n",
    );
    for m in ["m1", "m2"] {
        let _ = write!(
            out,
            "[[moments]]\nid = \"{m}\"\ntitle = {{ en = \"{m}\" }}\n"
        );
    }
    for c in 0..clocks {
        let from = *rng.pick(&MOMENTS);
        let _ = write!(
            out,
            "[[clocks]]\nid = \"c{c}\"\ntitle = {{ en = \"c{c}\" }}\nfrom = \"{from}\"\nafter = \"{}h\"\n",
            1 + rng.below(10)
        );
        let stop = *rng.pick(&MOMENTS);
        if stop != from && rng.chance(70) {
            let _ = writeln!(out, "stops_when = \"{stop}\"");
        }
    }
    for i in 0..n {
        let _ = write!(
            out,
            "[[steps]]\nid = \"s{i}\"\ntitle = {{ en = \"s{i}\" }}\ninstructions = {{ en = \"Do.\" }}\n\
             role = \"r{}\"\nduration = \"10m\"\n",
            1 + rng.below(2)
        );
        let mut after = Vec::new();
        if i > 0 && !rng.chance(15) {
            if rng.chance(20) && i > 1 {
                let a = rng.below(i);
                let mut b = rng.below(i);
                if a == b {
                    b = (a + 1) % i;
                }
                let _ = writeln!(
                    out,
                    "after_any = {}",
                    list(&[format!("s{a}"), format!("s{b}")])
                );
                after.push(a);
            } else {
                for _ in 0..1 + rng.below(2) {
                    let a = rng.below(i);
                    if !after.contains(&a) {
                        after.push(a);
                    }
                }
                let ids: Vec<String> = after.iter().map(|a| format!("s{a}")).collect();
                let _ = writeln!(out, "after = {}", list(&ids));
            }
        }
        if rng.chance(30) {
            let _ = writeln!(out, "marks = [\"{}\"]", rng.pick(&MOMENTS));
        }
        if rng.chance(30) {
            let _ = write!(out, "[steps.decision]\nquestion = {{ en = \"?\" }}\n");
            for o in 0..2 + rng.below(2) {
                let _ = write!(
                    out,
                    "[[steps.decision.options]]\nid = \"o{o}\"\ntitle = {{ en = \"o{o}\" }}\n"
                );
                let mut opens = Vec::new();
                if i + 1 < n {
                    for _ in 0..rng.below(3) {
                        let j = i + 1 + rng.below(n - i - 1);
                        opens.push(format!("s{j}"));
                    }
                }
                if !after.is_empty() && rng.chance(15) {
                    opens.push(format!("s{}", after[0]));
                }
                opens.dedup();
                if !opens.is_empty() {
                    let _ = writeln!(out, "opens = {}", list(&opens));
                }
                let mut na = Vec::new();
                if i + 1 < n && rng.chance(25) {
                    na.push(format!("s{}", i + 1 + rng.below(n - i - 1)));
                }
                if clocks > 0 && rng.chance(35) {
                    na.push(format!("c{}", rng.below(clocks)));
                }
                if !na.is_empty() {
                    let _ = writeln!(out, "not_applicable = {}", list(&na));
                }
            }
        }
    }
    out
}

/// Checks every step's status against the activation rule of PLAN2 section 2, step by step
/// from its neighbours' statuses (on an acyclic flow that fixes them all).
fn check_activation(seed: u64, s: &RunState) {
    let flow = Flow::new(&s.playbook);
    let steps = &s.playbook.steps;
    let status = |i: usize| &s.steps[&steps[i].id].status;
    let done = |i: usize| status(i).is_done();
    let na = |i: usize| matches!(status(i), StepStatus::NotApplicable { .. });
    let chose = |o: &OptionRef| s.chosen.get(&steps[o.step].id) == Some(&option_id(s, o));
    for (i, step) in steps.iter().enumerate() {
        if done(i) {
            continue;
        }
        let gates = flow.gates(i);
        let ruled_by_option = flow
            .exclusive_options()
            .iter()
            .flatten()
            .any(|o| chose(o) && flow.ruled_out(*o).steps.contains(&i));
        let gate_dead = !gates.is_empty()
            && gates
                .iter()
                .all(|o| na(o.step) || (s.chosen.contains_key(&steps[o.step].id) && !chose(o)));
        let any = flow.after_any(i);
        let should_be_na = ruled_by_option
            || gate_dead
            || flow.after(i).iter().any(|&a| na(a))
            || (!any.is_empty() && any.iter().all(|&a| na(a)));
        assert_eq!(
            na(i),
            should_be_na,
            "seed {seed}: step {} is {}",
            step.id,
            status(i).word()
        );
        if should_be_na {
            continue;
        }
        let active = (gates.is_empty() || gates.iter().any(chose))
            && flow.after(i).iter().all(|&a| done(a))
            && (any.is_empty()
                || (any.iter().any(|&a| done(a)) && any.iter().all(|&a| done(a) || na(a))));
        let expected = match (status(i), active) {
            (StepStatus::Started { .. } | StepStatus::Failed { .. }, _) => true,
            (StepStatus::Active, a) => a,
            (StepStatus::Pending, a) => !a,
            _ => false,
        };
        assert!(
            expected,
            "seed {seed}: step {} is {} (active by the rule: {active})",
            step.id,
            status(i).word()
        );
    }
}

fn option_id(s: &RunState, o: &OptionRef) -> String {
    s.playbook.steps[o.step]
        .decision
        .as_ref()
        .map(|d| d.options[o.option].id.clone())
        .unwrap_or_default()
}

fn check_invariants(seed: u64, s: &RunState, now: chrono::DateTime<chrono::Utc>) {
    check_activation(seed, s);
    if s.unfinished_step().is_some() && s.closed.is_none() {
        assert!(
            !s.active_steps().is_empty(),
            "seed {seed}: steps still to do ({:?}) but none active",
            s.unfinished_step()
        );
    }
    for later in [0, 3, 50, 5000] {
        for c in s.clocks(now + Duration::hours(later)) {
            let ruled = s.clock_ruled_out(&c.id);
            assert_eq!(
                matches!(c.state, ClockState::NotApplicable { .. }),
                ruled.is_some(),
                "seed {seed}: clock {}",
                c.id
            );
            if !c.applies() {
                assert!(
                    !c.is_overdue(),
                    "seed {seed}: clock {} overdue yet not applicable",
                    c.id
                );
            }
        }
    }
}

/// What one played run went through.
#[derive(Default)]
struct Seen {
    ended: bool,
    not_applicable_step: bool,
    not_applicable_clock: bool,
    repeat: bool,
    overrides: bool,
}

fn seen(s: &RunState, into: &mut Seen) {
    into.not_applicable_step |= s
        .steps
        .values()
        .any(|r| matches!(r.status, StepStatus::NotApplicable { .. }));
    into.not_applicable_clock |= s
        .playbook
        .clocks
        .iter()
        .any(|c| s.clock_ruled_out(&c.id).is_some());
    into.repeat |= s.steps.values().any(|r| r.visits > 1);
    into.overrides |= !s.overrides.is_empty();
}

/// Plays one generated playbook; `None` when the loader refused it.
fn play(seed: u64) -> Option<Seen> {
    let mut rng = Rng(seed);
    let text = generate(&mut rng);
    let playbook = loaded("gen.toml", &text).ok()?;
    let mut f = fixture_with(BREACH);
    f.playbook = playbook.clone();
    let kari = kari();
    let ola = person("ola");
    let run = engine(&mut f)
        .start(
            &kari,
            &playbook,
            vec!["r1".into(), "r2".into()],
            Mode::Drill,
            "gen",
        )
        .unwrap();
    let mut state = run.clone();
    for role in ["r1", "r2"] {
        state = act(&mut f, &run, assign(role, "kari")).unwrap();
    }
    let mut actions = 0;
    while actions < 120 {
        let now = f.clock.now();
        check_invariants(seed, &state, now);
        let active: Vec<String> = state.active_steps().iter().map(|s| s.to_string()).collect();
        if active.is_empty() {
            let s = act(
                &mut f,
                &run,
                Action::Close {
                    statement: "done".into(),
                },
            )
            .unwrap_or_else(|e| panic!("seed {seed}: cannot close: {e}\n{text}"));
            check_invariants(seed, &s, now);
            assert_eq!(s, engine(&mut f).state(run.id).unwrap(), "seed {seed}");
            let mut out = Seen {
                ended: true,
                ..Seen::default()
            };
            seen(&s, &mut out);
            return Some(out);
        }
        let step = rng.pick(&active).clone();
        let (actor, override_reason): (&Actor, _) = if rng.chance(20) {
            (&ola, Some("covering for kari".to_string()))
        } else {
            (&kari, None)
        };
        let definition = state.playbook.step(&step).unwrap();
        let status = state.step(&step).unwrap().status.clone();
        let action = if rng.chance(8) {
            let moment = rng.pick(&MOMENTS).to_string();
            Action::RecordMoment {
                moment,
                at: None,
                reason: None,
            }
        } else if let Some(d) = &definition.decision {
            Action::Decide {
                step: step.clone(),
                option: rng.pick(&d.options).id.clone(),
                rationale: "random".into(),
                override_reason,
            }
        } else {
            match (rng.below(10), &status) {
                (0..=1, StepStatus::Active | StepStatus::Failed { .. }) => Action::StartStep {
                    step: step.clone(),
                    override_reason,
                },
                (2, StepStatus::Started { .. }) => Action::FailStep {
                    step: step.clone(),
                    reason: "broke".into(),
                    override_reason,
                },
                (3, _) => Action::SkipStep {
                    step: step.clone(),
                    reason: "not needed".into(),
                    override_reason,
                },
                (_, StepStatus::Failed { .. }) => Action::StartStep {
                    step: step.clone(),
                    override_reason,
                },
                _ => Action::CompleteStep {
                    step: step.clone(),
                    override_reason,
                },
            }
        };
        let before = journal_len(&f);
        match engine(&mut f).act(run.id, actor, action.clone()) {
            Ok(s) => state = s,
            Err(e @ vakt_run::RunError::StopBeforeStart { .. }) => {
                assert_eq!(
                    journal_len(&f),
                    before,
                    "seed {seed}: {e} recorded something"
                );
            }
            Err(e) => panic!("seed {seed}: {action:?} on an active step refused: {e}\n{text}"),
        }
        assert_eq!(
            state,
            engine(&mut f).state(run.id).unwrap(),
            "seed {seed}: replay differs from acting"
        );
        f.clock.advance(Duration::minutes(rng.below(90) as i64));
        actions += 1;
    }
    check_invariants(seed, &state, f.clock.now());
    let mut out = Seen::default();
    seen(&state, &mut out);
    Some(out)
}

#[test]
fn generated_playbooks_replay_to_the_acted_state_and_never_stall() {
    let mut runs = Vec::new();
    let mut seed = 1;
    while runs.len() < 60 && seed < 600 {
        runs.extend(play(seed));
        seed += 1;
    }
    assert_eq!(
        runs.len(),
        60,
        "the loader accepted too few of {seed} playbooks"
    );
    let count = |f: fn(&Seen) -> bool| runs.iter().filter(|r| f(r)).count();
    let ended = count(|r| r.ended);
    assert!(ended >= 40, "only {ended} of 60 runs reached their end");
    // The generator reaches what the rules are about.
    assert!(count(|r| r.not_applicable_step) >= 10);
    assert!(count(|r| r.not_applicable_clock) >= 5);
    assert!(count(|r| r.repeat) >= 3);
    assert!(count(|r| r.overrides) >= 30);
    eprintln!(
        "{seed} seeds, 60 played, {ended} ended, not applicable steps in {}, clocks in {}, \
         repeats in {}",
        count(|r| r.not_applicable_step),
        count(|r| r.not_applicable_clock),
        count(|r| r.repeat)
    );
}
