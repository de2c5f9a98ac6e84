//! Every command line the README and `docs/*.md` show, run, so the documentation cannot drift
//! from the CLI again.
//!
//! - A `vakt …` line in a fenced code block is an example to type: it runs (in-process, with a
//!   fixed clock so dated answers do not change with the calendar) against a scratch data
//!   directory per file and the repository's demo workspace, in the order written, and must exit
//!   0, or N when its comment begins with `exits N`. `export NAME=value` lines set the
//!   environment of the lines after them. Placeholders: `RUN_ID` is the newest run, `DIR` the
//!   demo workspace, a bare file name (`record.pdf`, `org.pem`, `everything.bundle`) lies in the scratch folder, a
//!   relative path that exists in the repository (an import fixture) is taken from there.
//! - A `` `vakt …` `` span in the prose is a synopsis (`[--step S]`, `start|complete`): its
//!   subcommand must exist and every `--flag` it names must be one that subcommand takes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use vakt_api::Sources;

use crate::util::{fixed_sources, repo};

/// The documents that show command lines.
fn documents() -> Vec<PathBuf> {
    let mut docs = vec![repo().join("README.md")];
    let mut more: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .expect("docs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

/// One line of a fenced block, with its line number.
struct Example {
    line: usize,
    text: String,
}

/// The `vakt` and `export` lines of fenced blocks, and the `` `vakt …` `` spans of the prose.
fn commands(markdown: &str) -> (Vec<Example>, Vec<String>) {
    let mut examples = Vec::new();
    let mut prose = String::new();
    let mut fenced = false;
    for (i, line) in markdown.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            prose.push('\n');
            continue;
        }
        if fenced {
            let text = line.trim();
            if text.starts_with("vakt ") || text.starts_with("export ") {
                examples.push(Example {
                    line: i + 1,
                    text: text.to_string(),
                });
            }
        } else {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    let spans = prose
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| s.starts_with("vakt "))
        .collect();
    (examples, spans)
}

/// Splits a shell line into words (single and double quotes) and its `# comment`.
fn shell_words(line: &str) -> (Vec<String>, String) {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, '#') if word.is_none() => {
                return (words, chars.collect::<String>().trim().to_string());
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    (words, String::new())
}

/// The exit code a comment declares (`exits 3: …`), else 0.
fn expected_exit(comment: &str) -> u8 {
    comment
        .strip_prefix("exits ")
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A fixed clock (2026-11-26 08:00 UTC), IDs from 1, the system's randomness for keys.
fn sources() -> Sources {
    fixed_sources(Sources::os_keys())
}

/// Runs `vakt` in-process; gives the exit code and everything printed.
fn vakt(
    args: &[String],
    sources: &Sources,
    env: &HashMap<String, String>,
) -> (ExitCode, String, String) {
    let environment = |name: &str| env.get(name).cloned();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut input: &[u8] = b"";
    let code = vakt_cli::run(
        std::iter::once("vakt".into()).chain(args.iter().map(Into::into)),
        sources.clone(),
        &mut vakt_cli::Io {
            out: &mut out,
            err: &mut err,
            input: &mut input,
            env: &environment,
            terminal: false,
        },
    );
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

#[test]
fn every_documented_example_runs_and_exits_as_documented() {
    let playbooks = repo().join("playbooks");
    let mut ran = 0;
    for doc in documents() {
        let markdown = std::fs::read_to_string(&doc).expect("read");
        let (examples, _) = commands(&markdown);
        if examples.is_empty() {
            continue;
        }
        let scratch = tempfile::tempdir().expect("scratch");
        let data = scratch.path().join("data");
        let sources = sources();
        let mut env: HashMap<String, String> = HashMap::new();
        env.insert("VAKT_ACTOR".into(), "Kari".into());
        // What a reader is told to set (else typed on stdin).
        env.insert(
            "VAKT_PASSPHRASE".into(),
            "docs lantern quietly oxide".into(),
        );
        let name = doc
            .strip_prefix(repo())
            .unwrap_or(&doc)
            .display()
            .to_string();
        for example in examples {
            let (words, comment) = shell_words(&example.text);
            let at = format!("{name}:{}: `{}`", example.line, example.text);
            if words[0] == "export" {
                for assignment in &words[1..] {
                    let (k, v) = assignment.split_once('=').expect("export NAME=value");
                    // `…` is the reader's own value: the default above stands in for it.
                    if v != "…" {
                        env.insert(k.to_string(), v.to_string());
                    }
                }
                continue;
            }
            for w in &words {
                assert!(
                    !(w.starts_with('[') || w.ends_with(']') || w.contains('|') || w == "…"),
                    "{at}: a code block shows commands to type; write the synopsis in prose"
                );
            }
            let mut args: Vec<String> = vec![
                "--data-dir".into(),
                data.display().to_string(),
                "--workspace".into(),
                playbooks.display().to_string(),
            ];
            for w in &words[1..] {
                let arg = match w.as_str() {
                    "RUN_ID" => {
                        let (_, out, _) = vakt(
                            &[
                                args[..4].to_vec(),
                                vec!["--json".into(), "run".into(), "list".into()],
                            ]
                            .concat(),
                            &sources,
                            &env,
                        );
                        let runs: serde_json::Value = serde_json::from_str(&out).expect("runs");
                        runs[0]["id"]
                            .as_str()
                            .unwrap_or_else(|| panic!("{at}: RUN_ID, but no run started before"))
                            .to_string()
                    }
                    "DIR" => playbooks.display().to_string(),
                    file if !file.starts_with('-')
                        && !file.contains('/')
                        && [
                            ".pdf", ".pem", ".json", ".csv", ".p12", ".xml", ".toml", ".bundle",
                        ]
                        .iter()
                        .any(|e| file.ends_with(e)) =>
                    {
                        scratch.path().join(file).display().to_string()
                    }
                    path if path.contains('/') && repo().join(path).exists() => {
                        repo().join(path).display().to_string()
                    }
                    other => other.to_string(),
                };
                args.push(arg);
            }
            let (code, out, err) = vakt(&args, &sources, &env);
            let want = expected_exit(&comment);
            assert_eq!(
                code,
                ExitCode::from(want),
                "{at} should exit {want}:\n{out}{err}"
            );
            ran += 1;
        }
    }
    assert!(ran >= 20, "only {ran} documented examples found");
}

/// The subcommand path of a synopsis and the help text of that subcommand.
fn subcommand_help(words: &[&str]) -> (Vec<String>, String) {
    let env = HashMap::new();
    let sources = sources();
    let help = |path: &[String]| {
        let mut args = path.to_vec();
        args.push("--help".into());
        vakt(&args, &sources, &env).1
    };
    let mut path: Vec<String> = Vec::new();
    let mut text = help(&path);
    for w in words {
        if !w.chars().all(|c| c.is_ascii_lowercase() || c == '-') || w.starts_with('-') {
            break;
        }
        let mut longer = path.clone();
        longer.push(w.to_string());
        let longer_text = help(&longer);
        if !longer_text.contains(&format!("Usage: vakt {}", longer.join(" "))) {
            break;
        }
        path = longer;
        text = longer_text;
    }
    (path, text)
}

#[test]
fn every_synopsis_in_the_prose_names_real_subcommands_and_flags() {
    let mut checked = 0;
    for doc in documents() {
        let markdown = std::fs::read_to_string(&doc).expect("read");
        let (_, spans) = commands(&markdown);
        let name = doc
            .strip_prefix(repo())
            .unwrap_or(&doc)
            .display()
            .to_string();
        for span in spans {
            // A shell pipe after the command is not part of it.
            let command = span.split(" | ").next().unwrap_or(&span);
            let words: Vec<&str> = command.split_whitespace().skip(1).collect();
            let (path, help) = subcommand_help(&words);
            assert!(
                !path.is_empty(),
                "{name}: `{span}`: no such vakt subcommand"
            );
            for w in &words {
                let Some(flag) = w.trim_start_matches('[').strip_prefix("--") else {
                    continue;
                };
                let flag: String = flag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                assert!(
                    help.contains(&format!("--{flag}")),
                    "{name}: `{span}`: `vakt {}` takes no --{flag}",
                    path.join(" ")
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} synopses found");
}

#[test]
fn the_shell_words_are_split_as_a_shell_would() {
    let (words, comment) =
        shell_words(r#"vakt run start p --title "Phishing at the login" # exits 3: no"#);
    assert_eq!(
        words,
        [
            "vakt",
            "run",
            "start",
            "p",
            "--title",
            "Phishing at the login"
        ]
    );
    assert_eq!(expected_exit(&comment), 3);
    let (words, comment) = shell_words("export VAKT_PASSPHRASE='…'   # else asked");
    assert_eq!(words, ["export", "VAKT_PASSPHRASE=…"]);
    assert_eq!(expected_exit(&comment), 0);
}
