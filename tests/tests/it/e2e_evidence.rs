//! The window over an encrypted data directory (issue 12): the unlock screen (a wrong
//! passphrase keeps what was typed, the right one opens every screen), a large evidence file
//! attached with its progress shown, and the evidence store verified from the run screen.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use vakt_tests::repo;
use vakt_tests::window::Window;

use crate::util::{PATIENCE, click, encrypted_data_dir, look, text, type_into, wait};

const PASSPHRASE: &str = "copper lantern drifts past quiet harbour";

/// A file of `mib` MiB of varied bytes (not sparse: every block is written).
fn large_file(path: &Path, mib: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let mut block = vec![0u8; 1 << 20];
    for i in 0..mib {
        for (j, b) in block.iter_mut().enumerate() {
            *b = (i.wrapping_mul(31) ^ j.wrapping_mul(7)) as u8;
        }
        f.write_all(&block).expect("write");
    }
    f.flush().expect("flush");
}

#[test]
#[ignore = "needs the app built with the embedded UI; scripts/test builds it and runs this"]
fn unlock_then_attach_a_large_file_with_progress_and_verify_the_evidence() {
    let data = tempfile::tempdir().expect("tempdir");
    encrypted_data_dir(data.path(), PASSPHRASE);
    let window = Window::open(&repo::app_binary(), &[], &[("VAKT_DATA_DIR", data.path())])
        .expect("open the window");
    let s = window.session();

    // Locked: only the unlock screen, no navigation.
    wait(s, "[data-testid=unlock-screen]");
    assert!(
        s.find("[data-screen=dashboard]").is_err(),
        "no screens while locked"
    );
    type_into(
        s,
        "[data-testid=unlock-passphrase]",
        "copper lantern drifts",
    );
    click(s, "[data-testid=unlock]");
    let error = text(s, "[data-testid=unlock-error]");
    assert!(error.contains("does not unlock"), "{error}");
    let field = wait(s, "[data-testid=unlock-passphrase]");
    assert_eq!(
        s.attribute(&field, "value").expect("value").as_deref(),
        Some("copper lantern drifts"),
        "what was typed is kept"
    );
    look(&window, "unlock-wrong.png");
    s.send_keys(&field, " past quiet harbour")
        .expect("type the rest");
    click(s, "[data-testid=unlock]");
    wait(s, "[data-screen=dashboard]");

    // A run, then a 200 MiB disk image registered by reference (hashed where it lies), its
    // progress shown while it is read.
    click(s, "[data-screen=dashboard]");
    click(s, "[data-testid=report-incident]:not([disabled])");
    type_into(
        s,
        "[data-testid=run-title]",
        "Ransomware on the file server",
    );
    click(s, "[data-testid=start-run]");
    wait(s, "[data-testid=evidence-path]");
    let outside = tempfile::tempdir().expect("tempdir");
    let image = outside.path().join("share-snapshot.img");
    large_file(&image, 200);
    type_into(
        s,
        "[data-testid=evidence-path]",
        &image.display().to_string(),
    );
    type_into(
        s,
        "[data-testid=evidence-description]",
        "snapshot of the share",
    );
    click(s, "[data-testid=evidence-method] option[value=disk-image]");
    click(s, "[data-testid=evidence-by-reference]");
    let asked = Instant::now();
    click(s, "[data-testid=attach]");
    // The progress text names MiB read of the size once the core reports it.
    let deadline = Instant::now() + PATIENCE;
    let mut seen = None;
    while Instant::now() < deadline {
        if let Ok(e) = s.find("[data-testid=evidence-progress-text]")
            && let Ok(t) = s.text(&e)
            && t.contains("/ 200.0 MiB")
        {
            seen = Some(t);
            look(&window, "evidence-progress.png");
            break;
        }
        if s.find("[data-testid=evidence-sha256]").is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let progress = seen.expect("the progress of the intake was shown");
    println!("progress shown: {progress}");
    // A debug build on a loaded machine: give the intake time, and fail at once on an error.
    let deadline = Instant::now() + Duration::from_secs(300);
    let sha = loop {
        if let Ok(e) = s.find("[data-testid=evidence-sha256]") {
            break s.text(&e).expect("text");
        }
        if let Ok(e) = s.find("[data-testid=run-error]") {
            panic!("the intake failed: {}", s.text(&e).unwrap_or_default());
        }
        assert!(Instant::now() < deadline, "the intake did not finish");
        std::thread::sleep(Duration::from_millis(100));
    };
    println!(
        "FIGURE window attach of 200 MiB by reference (debug build): {:.1} s",
        asked.elapsed().as_secs_f64()
    );
    assert!(sha.starts_with("SHA-256 "), "{sha}");
    // A small file copied in: the stored copy is sealed (the data directory is encrypted).
    let note = outside.path().join("ransom-note.txt");
    std::fs::write(&note, "YOUR FILES ARE ENCRYPTED. ".repeat(4000)).expect("note");
    type_into(
        s,
        "[data-testid=evidence-path]",
        &note.display().to_string(),
    );
    type_into(s, "[data-testid=evidence-description]", "the ransom note");
    click(s, "[data-testid=evidence-method] option[value=copied-file]");
    click(s, "[data-testid=attach]");
    let deadline = Instant::now() + Duration::from_secs(300);
    while s
        .find_all("[data-testid=evidence-sha256]")
        .map_or(0, |v| v.len())
        < 2
    {
        if let Ok(e) = s.find("[data-testid=run-error]") {
            panic!("the copy failed: {}", s.text(&e).unwrap_or_default());
        }
        assert!(Instant::now() < deadline, "the copy did not finish");
        std::thread::sleep(Duration::from_millis(100));
    }
    let stored = std::fs::read_dir(data.path().join("evidence/sha256"))
        .expect("store")
        .flat_map(|d| std::fs::read_dir(d.expect("dir").path()).expect("list"))
        .map(|e| e.expect("entry").path())
        .next()
        .expect("a stored copy");
    let bytes = std::fs::read(&stored).expect("read");
    assert!(bytes.starts_with(b"vakt-evidence\x001\n"), "sealed");
    assert!(
        !bytes.windows(10).any(|w| w == b"YOUR FILES"),
        "no plain content in the store"
    );

    click(s, "[data-testid=evidence-verify]");
    let verdict = text(s, "[data-testid=evidence-verdict]");
    assert!(verdict.contains("Evidence intact"), "{verdict}");
    click(s, "[data-testid=evidence-register] summary");
    let item = text(s, "[data-testid=evidence-item]");
    assert!(
        item.contains("Disk image") && item.contains("by reference"),
        "{item}"
    );
    assert!(item.contains("collected by "), "{item}");
    look(&window, "evidence-verified.png");
}
