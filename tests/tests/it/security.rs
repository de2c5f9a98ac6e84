//! The app's security baseline, read from its configuration files. Each test fails on any
//! widening: a remote origin, `unsafe-eval`, a permission the UI does not use, a remote URL.
//! Narrowing is always allowed; widening needs this file changed, in review.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use vakt_tests::repo;

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn config() -> Value {
    read_json(&repo::root().join("src-tauri/tauri.conf.json"))
}

/// The sources each CSP directive may use at most.
const CSP_ALLOWED: &[(&str, &[&str])] = &[
    ("default-src", &["'self'"]),
    ("script-src", &["'self'"]),
    ("style-src", &["'self'", "'unsafe-inline'"]),
    ("img-src", &["'self'", "data:"]),
    ("font-src", &["'self'"]),
    ("connect-src", &["ipc:", "http://ipc.localhost"]),
    ("object-src", &["'none'"]),
    ("base-uri", &["'none'"]),
    ("form-action", &["'none'"]),
    ("frame-src", &["'none'"]),
];

/// Directives that must be present, so nothing falls back to a looser default.
const CSP_REQUIRED: &[&str] = &[
    "default-src",
    "script-src",
    "connect-src",
    "object-src",
    "base-uri",
];

#[test]
fn the_csp_allows_no_remote_origin_and_no_eval() {
    let csp = config()["app"]["security"]["csp"].clone();
    let csp = csp
        .as_object()
        .expect("csp is written as an object of directives");
    for required in CSP_REQUIRED {
        assert!(csp.contains_key(*required), "CSP lacks {required}");
    }
    for (directive, value) in csp {
        let allowed = CSP_ALLOWED
            .iter()
            .find(|(d, _)| d == directive)
            .map(|(_, a)| *a)
            .unwrap_or_else(|| panic!("CSP directive {directive} is not in the reviewed list"));
        for source in value
            .as_str()
            .expect("directive is a string")
            .split_whitespace()
        {
            assert!(
                allowed.contains(&source),
                "CSP {directive} widened with {source}; allowed: {allowed:?}"
            );
            assert_ne!(source, "'unsafe-eval'");
        }
    }
}

#[test]
fn dangerous_switches_stay_off() {
    let c = config();
    let security = &c["app"]["security"];
    assert_eq!(
        c["app"]["withGlobalTauri"],
        Value::Bool(false),
        "no global __TAURI__"
    );
    assert_eq!(security["freezePrototype"], Value::Bool(true));
    assert!(
        security
            .get("dangerousDisableAssetCspModification")
            .is_none()
    );
    assert!(
        security.get("assetProtocol").is_none(),
        "no asset protocol: the UI reads no files"
    );
    assert!(security.get("headers").is_none());
    assert!(
        c["plugins"].as_object().is_none_or(|p| p.is_empty()),
        "no plugins configured"
    );
    for w in c["app"]["windows"].as_array().expect("windows") {
        assert!(
            w.get("url")
                .is_none_or(|u| !u.as_str().unwrap_or("").contains("://")),
            "a window loads a remote URL"
        );
    }
}

/// Plugin permissions the UI uses, each with why. The system file dialogs: choosing an evidence
/// file or a checkpoint to read (`open`, also for the workspace folder) and where to save a
/// journal export (`save`). The dialogs only return a path the user chose; reading and writing
/// still go through the app's own commands.
const PLUGIN_PERMISSIONS: &[&str] = &[
    "dialog:allow-open",
    "dialog:allow-save",
    "core:event:allow-listen",
    "core:event:allow-unlisten",
];

fn app_commands() -> Vec<String> {
    std::fs::read_to_string(repo::root().join("src-tauri/commands.in"))
        .expect("commands.in")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The commands the UI can call: every `invoke<…>("name"` of the generated command set.
fn commands_the_ui_calls() -> BTreeSet<String> {
    let ts = std::fs::read_to_string(repo::root().join("ui/src/lib/ipc/generated.ts"))
        .expect("generated.ts");
    ts.split("invoke<")
        .skip(1)
        .filter_map(|rest| rest.split_once(">(\"").map(|(_, after)| after))
        .filter_map(|after| after.split_once('"').map(|(name, _)| name.to_string()))
        .collect()
}

#[test]
fn capabilities_grant_only_the_apps_own_commands_to_the_main_window() {
    let registered: BTreeSet<String> = app_commands().into_iter().collect();
    let called = commands_the_ui_calls();
    assert!(
        called.is_subset(&registered),
        "the UI calls a command the shell does not register: {:?}",
        called.difference(&registered).collect::<Vec<_>>()
    );
    // Least privilege: a command in the generated set that no screen calls is not granted.
    let sources = ui_sources(&repo::root().join("ui/src"));
    for c in &called {
        let camel: String = c
            .split('_')
            .enumerate()
            .map(|(i, w)| {
                if i == 0 {
                    w.to_string()
                } else {
                    w[..1].to_uppercase() + &w[1..]
                }
            })
            .collect();
        assert!(
            sources
                .iter()
                .any(|(file, text)| !file.ends_with("generated.ts")
                    && !file.contains(".test.")
                    && text.contains(&camel)),
            "{c} is granted to the window but no screen calls `{camel}`"
        );
    }
    let allowed: BTreeSet<String> = called
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .chain(PLUGIN_PERMISSIONS.iter().map(|p| p.to_string()))
        .collect();
    let dir = repo::root().join("src-tauri/capabilities");
    let mut identifiers = BTreeSet::new();
    let mut granted = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("capabilities folder") {
        let path = entry.expect("entry").path();
        assert_eq!(
            path.extension().and_then(|e| e.to_str()),
            Some("json"),
            "{}",
            path.display()
        );
        let cap = read_json(&path);
        assert!(
            cap.get("remote").is_none(),
            "{}: remote origins get no capability",
            path.display()
        );
        assert_eq!(
            cap["windows"],
            serde_json::json!(["main"]),
            "{}",
            path.display()
        );
        assert!(cap.get("webviews").is_none(), "{}", path.display());
        identifiers.insert(cap["identifier"].as_str().expect("identifier").to_string());
        for p in cap["permissions"].as_array().expect("permissions") {
            let p = p
                .as_str()
                .expect("permissions are plain identifiers, no scopes");
            assert!(
                allowed.contains(p),
                "{}: {p} is neither one of the app's own commands nor an allowed plugin permission",
                path.display()
            );
            granted.insert(p.to_string());
        }
    }
    let listed: BTreeSet<String> = config()["app"]["security"]["capabilities"]
        .as_array()
        .expect("capabilities listed explicitly in tauri.conf.json")
        .iter()
        .map(|v| v.as_str().expect("identifier").to_string())
        .collect();
    assert_eq!(
        listed, identifiers,
        "tauri.conf.json lists exactly the capability files"
    );
    assert_eq!(
        granted, allowed,
        "every command the UI calls is granted, and nothing else"
    );
}

/// Every file of the UI's sources with its text.
fn ui_sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(ui_sources(&path));
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push((path.display().to_string(), text));
        }
    }
    out
}

fn scan(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "node_modules" || name == "dist" {
            continue;
        }
        if path.is_dir() {
            scan(&path, out);
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            for scheme in [
                "http://", "https://", "ws://", "wss://", "//cdn", "//fonts.",
            ] {
                let mut rest = line;
                while let Some(at) = rest.find(scheme) {
                    let url: String = rest[at..]
                        .chars()
                        .take_while(|c| !c.is_whitespace() && !"\"'`)>".contains(*c))
                        .collect();
                    out.push((format!("{}:{}", path.display(), i + 1), url));
                    rest = &rest[at + scheme.len()..];
                }
            }
        }
    }
}

/// URLs that are not fetched: the IPC origin, the dev server, XML namespaces, and this machine's
/// loopback (a test's typed-in address; the CSP above keeps the webview from fetching it).
const NOT_REMOTE: &[&str] = &[
    "http://ipc.localhost",
    "http://127.0.0.1:",
    "http://localhost:5173",
    "http://www.w3.org/2000/svg",
];

#[test]
fn the_ui_and_the_shell_name_no_remote_url() {
    let root = repo::root();
    let mut found = Vec::new();
    for dir in ["ui/src", "ui/public", "src-tauri/capabilities"] {
        scan(&root.join(dir), &mut found);
    }
    for file in [
        "ui/index.html",
        "src-tauri/tauri.conf.json",
        "ui/vite.config.ts",
    ] {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::copy(root.join(file), tmp.path().join("f")).expect("copy");
        let mut here = Vec::new();
        scan(tmp.path(), &mut here);
        found.extend(here.into_iter().map(|(_, u)| (file.to_string(), u)));
    }
    let remote: Vec<_> = found
        .into_iter()
        .filter(|(_, url)| !NOT_REMOTE.iter().any(|ok| url.starts_with(ok)))
        .collect();
    assert!(remote.is_empty(), "remote URLs: {remote:#?}");
}
