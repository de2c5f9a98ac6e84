-- The journal, second version (docs: ../shared/design/JOURNAL-V2.md, crates/journal): one chain
-- per device, a hybrid logical clock, the ids of the run's events the device had seen, the
-- attribution the device claims and its signature; server receipts beside. Rows of the first
-- version keep every column and value: they become the first device's chain (format 1,
-- device_seq = seq; the device is filled in once, when `ensure_device` creates it).

DROP TRIGGER journal_event_no_update;
DROP TRIGGER journal_event_no_delete;

-- Devices whose chains this file holds. Only this device's own row has its private key.
CREATE TABLE journal_device (
    id          TEXT PRIMARY KEY NOT NULL,  -- UUID
    public_key  BLOB NOT NULL,              -- P-256, SEC1 uncompressed
    private_key BLOB,                       -- P-256 scalar, only on this device's own row
    created_at  TEXT NOT NULL               -- UTC, RFC 3339 with microseconds
) STRICT;

CREATE UNIQUE INDEX journal_device_own ON journal_device ((private_key IS NOT NULL))
    WHERE private_key IS NOT NULL;

CREATE TRIGGER journal_device_no_update BEFORE UPDATE ON journal_device
BEGIN
    SELECT RAISE(ABORT, 'journal devices are append-only: update refused');
END;

CREATE TRIGGER journal_device_no_delete BEFORE DELETE ON journal_device
BEGIN
    SELECT RAISE(ABORT, 'journal devices are append-only: delete refused');
END;

ALTER TABLE journal_event ADD COLUMN format      INTEGER NOT NULL DEFAULT 1;
ALTER TABLE journal_event ADD COLUMN device      TEXT REFERENCES journal_device (id);
ALTER TABLE journal_event ADD COLUMN device_seq  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE journal_event ADD COLUMN hlc_wall    INTEGER NOT NULL DEFAULT 0;  -- µs since 1970, UTC
ALTER TABLE journal_event ADD COLUMN hlc_counter INTEGER NOT NULL DEFAULT 0;
ALTER TABLE journal_event ADD COLUMN seen        TEXT NOT NULL DEFAULT '[]';  -- JSON: event ids
ALTER TABLE journal_event ADD COLUMN person      TEXT;                        -- person id (hex)
ALTER TABLE journal_event ADD COLUMN os_user     TEXT NOT NULL DEFAULT '';
ALTER TABLE journal_event ADD COLUMN os_uid      INTEGER;
ALTER TABLE journal_event ADD COLUMN addresses   TEXT NOT NULL DEFAULT '[]';  -- JSON: IP text
ALTER TABLE journal_event ADD COLUMN device_sig  BLOB;                        -- DER ECDSA P-256

-- First-version rows: their chain position, and a clock that never runs backwards in their
-- order (the running maximum of `at`, a counter among equal times), so replay keeps it.
UPDATE journal_event SET device_seq = seq;
UPDATE journal_event SET hlc_wall = w.wall, hlc_counter = w.counter
FROM (
    SELECT seq, wall, row_number() OVER (PARTITION BY wall ORDER BY seq) - 1 AS counter
    FROM (
        SELECT seq, max(unixepoch(substr(at, 1, 19)) * 1000000 + CAST(substr(at, 21, 6) AS INTEGER))
                   OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING) AS wall
        FROM journal_event
    )
) AS w
WHERE journal_event.seq = w.seq;

CREATE UNIQUE INDEX journal_event_chain ON journal_event (device, device_seq);
CREATE INDEX journal_event_replay ON journal_event (hlc_wall, hlc_counter, device, device_seq);
CREATE INDEX journal_event_run_device ON journal_event (run_id, device, device_seq);

-- What the team server saw when it received an event: stored beside it, not hashed.
CREATE TABLE journal_receipt (
    event_id    TEXT PRIMARY KEY NOT NULL REFERENCES journal_event (id),
    login       TEXT NOT NULL,
    address     TEXT,
    server_time TEXT NOT NULL,  -- UTC, RFC 3339 with microseconds
    server_seq  INTEGER NOT NULL
) STRICT;

-- Events are never changed or removed; corrections are new events. The one change allowed:
-- a first-version row without a device is claimed, once, by this file's own device.
CREATE TRIGGER journal_event_no_update BEFORE UPDATE ON journal_event
WHEN NOT (
    OLD.device IS NULL AND OLD.format = 1
    AND NEW.device IN (SELECT id FROM journal_device WHERE private_key IS NOT NULL)
    AND NEW.seq IS OLD.seq AND NEW.id IS OLD.id AND NEW.at IS OLD.at
    AND NEW.actor IS OLD.actor AND NEW.role IS OLD.role AND NEW.host IS OLD.host
    AND NEW.kind IS OLD.kind AND NEW.run_id IS OLD.run_id AND NEW.payload IS OLD.payload
    AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash AND NEW.format IS OLD.format
    AND NEW.device_seq IS OLD.device_seq AND NEW.hlc_wall IS OLD.hlc_wall
    AND NEW.hlc_counter IS OLD.hlc_counter AND NEW.seen IS OLD.seen
    AND NEW.person IS OLD.person AND NEW.os_user IS OLD.os_user AND NEW.os_uid IS OLD.os_uid
    AND NEW.addresses IS OLD.addresses AND NEW.device_sig IS OLD.device_sig
)
BEGIN
    SELECT RAISE(ABORT, 'journal events are append-only: update refused');
END;

CREATE TRIGGER journal_event_no_delete BEFORE DELETE ON journal_event
BEGIN
    SELECT RAISE(ABORT, 'journal events are append-only: delete refused');
END;

CREATE TRIGGER journal_receipt_no_update BEFORE UPDATE ON journal_receipt
BEGIN
    SELECT RAISE(ABORT, 'journal receipts are append-only: update refused');
END;

CREATE TRIGGER journal_receipt_no_delete BEFORE DELETE ON journal_receipt
BEGIN
    SELECT RAISE(ABORT, 'journal receipts are append-only: delete refused');
END;
