//! Evidence hashing throughput against `sha256sum` on the same file, and peak memory while
//! registering it (issue 12's figures).
//!
//! ```sh
//! cargo run --release -p vakt-run --example evidence_throughput            # 2 GB sparse file
//! cargo run --release -p vakt-run --example evidence_throughput -- 512     # 512 MB
//! cargo run --release -p vakt-run --example evidence_throughput -- 2048 --copy
//! ```
//! The file is sparse (holes read as zeros without disk IO), so both sides measure hashing,
//! not the disk. `--copy` also copies it into a store (real writes: 2 GB of disk).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark binary: a failure is a failed run"
)]

use std::process::Command;
use std::time::Instant;

use vakt_run::evidence::{EvidenceStore, Keep, Progress, Watch};

/// Peak resident memory of this process so far (`VmHWM`), in KiB.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mb: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(2048);
    let copy = args.iter().any(|a| a == "--copy");
    let dir = tempfile::tempdir_in(std::env::var("TMPDIR").unwrap_or_else(|_| "/tmp".into()))
        .expect("tempdir");
    let file = dir.path().join("image.raw");
    let size = mb * 1_000_000;
    std::fs::File::create(&file)
        .and_then(|f| f.set_len(size))
        .expect("sparse file");
    let mb_s = |secs: f64| size as f64 / 1e6 / secs;

    let before = peak_kib();
    let store = EvidenceStore::new(dir.path().join("evidence"));
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let mut ticks = 0u64;
    let mut progress = |_: Progress| ticks += 1;
    let t = Instant::now();
    let taken = store
        .take_in(
            &file,
            Keep::Reference,
            &mut Watch {
                progress: &mut progress,
                cancel: &cancel,
            },
        )
        .expect("register by reference");
    let vakt_secs = t.elapsed().as_secs_f64();
    let peak = peak_kib();

    let t = Instant::now();
    let out = Command::new("sha256sum")
        .arg(&file)
        .output()
        .expect("sha256sum");
    let tool_secs = t.elapsed().as_secs_f64();
    let tool_hash = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(tool_hash, taken.sha256, "both compute the same digest");

    println!("file               {mb} MB sparse ({size} bytes)");
    println!("sha256             {}", taken.sha256);
    println!(
        "vakt (reference)   {vakt_secs:.2} s  {:.0} MB/s  ({ticks} progress calls)",
        mb_s(vakt_secs)
    );
    println!(
        "sha256sum          {tool_secs:.2} s  {:.0} MB/s",
        mb_s(tool_secs)
    );
    println!(
        "peak RSS           {:.1} MiB before, {:.1} MiB after registering (VmHWM)",
        before as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    if copy {
        let store = store.with_copy_limit(u64::MAX);
        let t = Instant::now();
        let taken = Watch::unwatched(|w| store.take_in(&file, Keep::Copy, w)).expect("copy");
        let secs = t.elapsed().as_secs_f64();
        println!(
            "vakt (copy)        {secs:.2} s  {:.0} MB/s  peak RSS {:.1} MiB",
            mb_s(secs),
            peak_kib() as f64 / 1024.0
        );
        assert_eq!(taken.kept, Keep::Copy);
    }
}
