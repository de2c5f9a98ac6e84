//! Loading time of large playbooks (issue 10: loading is linear in the file's size).
//!
//! ```text
//! cargo run --release -p vakt-playbook --example load_bench -- steps 100000
//! cargo run --release -p vakt-playbook --example load_bench -- lines 1000000
//! /usr/bin/time -v target/release/examples/load_bench steps 100000   # peak memory
//! ```
//!
//! `steps N`: N steps, each waiting on the one before, every tenth a decision whose first option
//! opens the next step and whose second opens a side step that the step after waits on with
//! `after_any`; a few clocks and tracks. `lines N`: the same shape with a checklist per step,
//! until the file has at least N lines. The file is built in memory, then parsed and checked
//! once; the time printed is the load alone.

use std::fmt::Write as _;
use std::time::Instant;

use vakt_playbook::{Context, Flow, parse_playbook};

fn step(out: &mut String, i: usize, checklist: usize) {
    let _ = write!(
        out,
        "\n[[steps]]\nid = \"s{i}\"\ntitle = {{ en = \"Step {i}\" }}\ninstructions = {{ en = \"Do step {i}.\" }}\nrole = \"responder\"\nduration = \"30m\"\ntrack = \"t{}\"\n",
        i % 4
    );
    if i > 0 {
        if i % 10 == 1 {
            // The step after a decision: gated by its first option.
        } else if i % 10 == 2 {
            let _ = writeln!(out, "after_any = [\"s{}\", \"side{}\"]", i - 1, i - 2);
        } else {
            let _ = writeln!(out, "after = [\"s{}\"]", i - 1);
        }
    }
    if checklist > 0 {
        out.push_str("checklist = [\n");
        for c in 0..checklist {
            let _ = writeln!(out, "  {{ en = \"Item {c} of step {i}\" }},");
        }
        out.push_str("]\n");
    }
    if i.is_multiple_of(10) {
        let _ = write!(
            out,
            "\n[steps.decision]\nquestion = {{ en = \"Which way at {i}?\" }}\n\n[[steps.decision.options]]\nid = \"on\"\ntitle = {{ en = \"On\" }}\nopens = [\"s{}\"]\nnot_applicable = [\"side{i}\"]\n\n[[steps.decision.options]]\nid = \"aside\"\ntitle = {{ en = \"Aside\" }}\nopens = [\"s{}\", \"side{i}\"]\nnot_applicable = [\"c{}\"]\n",
            i + 1,
            i + 1,
            (i / 10) % 8
        );
        let _ = write!(
            out,
            "\n[[steps]]\nid = \"side{i}\"\ntitle = {{ en = \"Side {i}\" }}\ninstructions = {{ en = \"Aside.\" }}\nrole = \"responder\"\nduration = \"5m\"\n"
        );
    }
}

fn playbook(steps: usize, checklist: usize, min_lines: usize) -> (String, usize) {
    let mut out = String::from(
        "format = 2\nkind = \"playbook\"\nid = \"big\"\nversion = \"1\"\ncategory = \"dr\"\ntitle = { en = \"Big\" }\nsummary = { en = \"A big playbook.\" }\n",
    );
    for t in 0..4 {
        let _ = write!(
            out,
            "\n[[tracks]]\nid = \"t{t}\"\ntitle = {{ en = \"Track {t}\" }}\n"
        );
    }
    for c in 0..8 {
        let _ = write!(
            out,
            "\n[[clocks]]\nid = \"c{c}\"\ntitle = {{ en = \"Clock {c}\" }}\nfrom = \"detection\"\nafter = \"{}h\"\nstops_when = \"recovery\"\n",
            c + 1
        );
    }
    let mut i = 0;
    let mut lines = out.lines().count();
    while i < steps || lines < min_lines {
        let before = out.len();
        step(&mut out, i, checklist);
        lines += out[before..].matches('\n').count();
        i += 1;
        // A decision's last option must have a step to open.
        if i % 10 == 1 && i >= steps && lines >= min_lines {
            step(&mut out, i, checklist);
            i += 1;
        }
    }
    (out, i)
}

/// This process's CPU time so far, from `/proc/self/schedstat` (Linux; zero elsewhere): on a
/// machine shared with other builds the wall-clock time says more about them than about us.
fn cpu() -> std::time::Duration {
    let nanos = std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .unwrap_or(0);
    std::time::Duration::from_nanos(nanos)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map_or("steps", String::as_str);
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let (text, steps) = match mode {
        "lines" => playbook(0, 8, n),
        _ => playbook(n, 0, 0),
    };
    let lines = text.lines().count();
    let context = Context {
        roles: Some(["responder".to_string()].into()),
        ..Context::default()
    };
    let started = Instant::now();
    let cpu_started = cpu();
    let result = parse_playbook("big.toml", &text, &context);
    let load = started.elapsed();
    let load_cpu = cpu() - cpu_started;
    match result {
        Ok(p) => {
            let started = Instant::now();
            let cpu_started = cpu();
            let flow = Flow::new(&p);
            let flow_time = started.elapsed();
            let flow_cpu = cpu() - cpu_started;
            if std::env::var_os("TWICE").is_some() {
                let started = Instant::now();
                let again = Flow::new(&p);
                eprintln!("Flow::new again: {:.3} s", started.elapsed().as_secs_f64());
                drop(again);
            }
            println!(
                "{mode}: {} steps ({steps} written), {lines} lines, {:.1} MB: loaded and checked in {:.3} s wall, {:.3} s CPU (Flow::new alone {:.3} s wall, {:.3} s CPU; {} start step(s))",
                p.steps.len(),
                text.len() as f64 / 1e6,
                load.as_secs_f64(),
                load_cpu.as_secs_f64(),
                flow_time.as_secs_f64(),
                flow_cpu.as_secs_f64(),
                flow.starts().len()
            );
        }
        Err(problems) => {
            println!(
                "{} problem(s) in {:.3} s; first: {}",
                problems.len(),
                load.as_secs_f64(),
                problems[0]
            );
            std::process::exit(1);
        }
    }
}
