-- The journal: every action of every run, append-only and hash-chained (see crates/journal).
CREATE TABLE journal_event (
    seq       INTEGER PRIMARY KEY NOT NULL,  -- 1, 2, 3, … without gaps
    id        TEXT NOT NULL UNIQUE,          -- UUIDv7
    at        TEXT NOT NULL,                 -- UTC, RFC 3339 with microseconds
    actor     TEXT NOT NULL,
    role      TEXT,
    host      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    run_id    TEXT,                          -- the run the event belongs to, if any
    payload   TEXT NOT NULL,                 -- JSON
    prev_hash BLOB NOT NULL,                 -- hash of event seq-1 (32 zero bytes for seq 1)
    hash      BLOB NOT NULL                  -- domain-separated SHA-256 over prev_hash and the fields
) STRICT;

CREATE INDEX journal_event_run ON journal_event (run_id, seq);

-- Events are never changed or removed; corrections are new events.
CREATE TRIGGER journal_event_no_update BEFORE UPDATE ON journal_event
BEGIN
    SELECT RAISE(ABORT, 'journal events are append-only: update refused');
END;

CREATE TRIGGER journal_event_no_delete BEFORE DELETE ON journal_event
BEGIN
    SELECT RAISE(ABORT, 'journal events are append-only: delete refused');
END;
