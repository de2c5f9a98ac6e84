//! Figures for docs/data-at-rest.md: evidence intake of one large file (default 2 GiB) as a
//! plain copy, as a sealed (encrypted) copy, and by reference (hashed in place), against
//! `sha256sum` on the same file in the same run; and the peak memory of this process.
//!
//! `cargo run --release -p vakt-run --example evidence_throughput -- [MIB] [DIR]`
//! (DIR: where the file and the store go; default a temporary folder).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a measuring tool: a failure is a failed run"
)]

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use vakt_run::evidence::{EvidenceStore, Keep, Watch};
use vakt_run::sealed::EvidenceKey;

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mib: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2048);
    let holder = tempfile::tempdir().expect("tempdir");
    let dir = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| holder.path().to_path_buf());
    let file = dir.join("image.bin");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).expect("create"));
        let mut block = vec![0u8; 1 << 20];
        for i in 0..mib {
            for (j, b) in block.iter_mut().enumerate() {
                *b = (i.wrapping_mul(31) ^ j.wrapping_mul(7)) as u8;
            }
            f.write_all(&block).expect("write");
        }
        f.flush().expect("flush");
    }
    let size = mib as f64;
    let rate = |t: Instant| size / t.elapsed().as_secs_f64();
    println!("file: {mib} MiB at {}", file.display());
    println!("peak RSS after writing the file: {:.1} MiB", peak_rss_mib());

    let t = Instant::now();
    let out = std::process::Command::new("sha256sum")
        .arg(&file)
        .output()
        .expect("sha256sum");
    assert!(out.status.success());
    println!("sha256sum:              {:7.0} MiB/s", rate(t));

    let reference = EvidenceStore::new(dir.join("store-ref"));
    let t = Instant::now();
    let taken = Watch::unwatched(|w| reference.take_in(&file, Keep::Reference, w)).expect("ref");
    println!(
        "by reference (hash):    {:7.0} MiB/s  peak RSS {:.1} MiB",
        rate(t),
        peak_rss_mib()
    );
    let sha = String::from_utf8_lossy(&out.stdout);
    assert!(
        sha.starts_with(&taken.sha256),
        "the same digest as sha256sum"
    );

    let plain = EvidenceStore::new(dir.join("store-plain"));
    let t = Instant::now();
    Watch::unwatched(|w| plain.take_in(&file, Keep::Copy, w)).expect("plain copy");
    println!(
        "plain copy (hash+sync): {:7.0} MiB/s  peak RSS {:.1} MiB",
        rate(t),
        peak_rss_mib()
    );

    let key = EvidenceKey::of(
        &vakt_store::DataKey::from_bytes([7; 32]),
        Arc::new(|| Box::new(rand_core::OsRng) as Box<dyn rand_core::CryptoRngCore + Send>),
    );
    let sealed = EvidenceStore::new(dir.join("store-sealed")).with_key(Some(key));
    let t = Instant::now();
    Watch::unwatched(|w| sealed.take_in(&file, Keep::Copy, w)).expect("sealed copy");
    println!(
        "sealed copy (AES-GCM):  {:7.0} MiB/s  peak RSS {:.1} MiB",
        rate(t),
        peak_rss_mib()
    );
    let t = Instant::now();
    let check = Watch::unwatched(|w| sealed.rehash(&taken.sha256, w))
        .expect("rehash")
        .expect("there");
    assert_eq!(check.sha256, taken.sha256);
    println!(
        "sealed rehash (verify): {:7.0} MiB/s  peak RSS {:.1} MiB",
        rate(t),
        peak_rss_mib()
    );
}
