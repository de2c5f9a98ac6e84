//! Bundle files: the events the other copy lacks, carried by hand; refused whole when damaged,
//! each forged event refused on its own inside an intact one.

use std::collections::HashMap;

use p256::ecdsa::SigningKey;
use p256::ecdsa::signature::Signer;
use sha2::{Digest, Sha256};
use vakt_journal::{BundleError, EventDraft, append, export_bundle, heads, import_bundle, verify};
use vakt_sources::{Clock, RandomIds};

use crate::util::{Journal, empty, note};

fn act(j: &mut Journal, who: &str, n: u64, run: uuid::Uuid) {
    for i in 1..=n {
        let draft: EventDraft = note(who, i, Some(run));
        append(j.db.connection_mut(), &draft, &j.clock, &RandomIds).unwrap();
        j.clock.advance(chrono::Duration::seconds(3));
    }
}

fn held(j: &Journal) -> HashMap<uuid::Uuid, u64> {
    heads(j.conn())
        .unwrap()
        .into_iter()
        .map(|(d, n, _)| (d, n))
        .collect()
}

fn bundle(from: &Journal, to: &Journal) -> Vec<u8> {
    let mut out = Vec::new();
    export_bundle(from.conn(), &held(to), None, from.clock.now(), &mut out).unwrap();
    out
}

fn replay(j: &Journal) -> Vec<String> {
    let mut stmt = j
        .conn()
        .prepare("SELECT id FROM journal_event ORDER BY hlc_wall, hlc_counter, device, device_seq")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn bundles_carry_what_the_other_copy_lacks_both_ways_and_converge() {
    let run = uuid::Uuid::now_v7();
    let mut a = empty("2026-12-01T09:00:00Z");
    let mut b = empty("2026-12-01T09:00:01Z");
    act(&mut a, "ingrid", 4, run);
    act(&mut b, "ola", 3, run);
    let to_b = bundle(&a, &b);
    let done = import_bundle(b.db.connection_mut(), &to_b).unwrap();
    assert_eq!(
        (done.imported, done.already_held, done.refused.len()),
        (4, 0, 0)
    );
    // b now acts having seen a's events, then sends back only what a lacks.
    act(&mut b, "ola", 2, run);
    let to_a = bundle(&b, &a);
    let done = import_bundle(a.db.connection_mut(), &to_a).unwrap();
    assert_eq!(done.imported, 5);
    assert_eq!(replay(&a), replay(&b));
    // The same bundle again: everything already held, nothing changes.
    let again = import_bundle(a.db.connection_mut(), &to_a).unwrap();
    assert_eq!((again.imported, again.already_held), (0, 5));
    for j in [&a, &b] {
        let v = verify(j.conn(), None).unwrap();
        assert!(v.is_intact(), "{:?}", v.first_break);
        assert_eq!(v.count, 9);
    }
    // "Everything since a moment": b's last two events only.
    let mut since = Vec::new();
    let moment = "2026-12-01T09:00:10Z".parse().unwrap();
    let out = export_bundle(
        b.conn(),
        &HashMap::new(),
        Some(moment),
        b.clock.now(),
        &mut since,
    )
    .unwrap();
    assert!(out.events >= 2 && out.events < 9, "{out:?}");
}

#[test]
fn a_cut_off_or_altered_bundle_is_refused_whole() {
    let run = uuid::Uuid::now_v7();
    let mut a = empty("2026-12-01T09:00:00Z");
    let b = empty("2026-12-01T09:00:00Z");
    act(&mut a, "ingrid", 5, run);
    let file = bundle(&a, &b);
    let mut b = b;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("cut off", file[..file.len() * 2 / 3].to_vec()),
        ("last line lost", {
            let text = String::from_utf8(file.clone()).unwrap();
            let keep = text.trim_end().rfind('\n').unwrap();
            text.as_bytes()[..keep + 1].to_vec()
        }),
        ("one byte changed", {
            let mut f = file.clone();
            let at = f.iter().position(|&c| c == b'n').unwrap() + 400;
            f[at] ^= 0x01;
            f
        }),
        ("padded", {
            let mut f = file.clone();
            let trailer_start = String::from_utf8(f.clone())
                .unwrap()
                .trim_end()
                .rfind('\n')
                .unwrap();
            f.insert(trailer_start, b' ');
            f
        }),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in cases {
        let err = import_bundle(b.db.connection_mut(), &bytes).unwrap_err();
        assert!(matches!(err, BundleError::Damaged(_)), "{what}: {err}");
        assert_eq!(
            verify(b.conn(), None).unwrap().count,
            0,
            "{what}: nothing was stored"
        );
    }
    assert_eq!(
        import_bundle(b.db.connection_mut(), &file)
            .unwrap()
            .imported,
        5
    );
}

/// Rewrites a bundle's body with `edit` and signs it again with the exporting device's key, as
/// a device that forges events would.
fn resign(j: &Journal, file: &[u8], edit: impl Fn(&mut Vec<String>)) -> Vec<u8> {
    let text = String::from_utf8(file.to_vec()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.pop();
    edit(&mut lines);
    let body = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    let digest: [u8; 32] = Sha256::digest(body.as_bytes()).into();
    let secret: Vec<u8> = j
        .conn()
        .query_row(
            "SELECT private_key FROM journal_device WHERE private_key IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let key = SigningKey::from_slice(&secret).unwrap();
    let sig: p256::ecdsa::Signature = key.sign(&digest);
    let trailer = serde_json::json!({
        "sha256": vakt_journal::event::hex(&digest),
        "signature": vakt_journal::event::hex(sig.to_der().as_bytes()),
    });
    format!("{body}{trailer}\n").into_bytes()
}

#[test]
fn a_forged_event_in_an_intact_bundle_is_refused_with_the_reason_and_the_rest_imported() {
    let run = uuid::Uuid::now_v7();
    let mut a = empty("2026-12-01T09:00:00Z");
    let mut c = empty("2026-12-01T09:00:00Z");
    let mut b = empty("2026-12-01T09:00:00Z");
    act(&mut a, "ingrid", 3, run);
    act(&mut c, "kari", 2, run);
    // a carries c's events too, then forges a's own third event's payload and shuffles lines.
    let c_to_a = bundle(&c, &a);
    import_bundle(a.db.connection_mut(), &c_to_a).unwrap();
    let file = bundle(&a, &b);
    let forged = resign(&a, &file, |lines| {
        let third = lines
            .iter()
            .position(|l| l.contains("\"device_seq\":3"))
            .unwrap();
        lines[third] = lines[third].replace("note 3", "note 3, rewritten");
        lines[1..].reverse();
    });
    let done = import_bundle(b.db.connection_mut(), &forged).unwrap();
    assert_eq!(done.imported, 4, "{done:?}");
    assert_eq!(done.refused.len(), 1);
    assert!(
        done.refused[0].1.contains("does not match its hash"),
        "{:?}",
        done.refused
    );
    let v = verify(b.conn(), None).unwrap();
    assert!(v.is_intact());
    assert_eq!(v.count, 4);
}
