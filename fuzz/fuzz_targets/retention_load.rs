//! The retention loader and the calculator on arbitrary bytes: never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vakt_retention::{Item, Retention, restore_point};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(r) = Retention::load_str(text, Path::new("fuzz.toml")) {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z").map(|d| d.to_utc());
        let Ok(now) = now else { return };
        for store in r.stores.iter().map(|s| s.id.clone()).collect::<Vec<_>>() {
            for wanted in ["2026-11-26T11:00:00+01:00", "2016-02-29T23:59:59Z", "-0001-01-01T00:00:00Z"] {
                if let Ok(w) = chrono::DateTime::parse_from_rfc3339(wanted) {
                    for item in [Item::Any, Item::Changed, Item::Deleted] {
                        let _ = restore_point(&r, &store, item, w, now);
                    }
                }
            }
        }
    }
});
