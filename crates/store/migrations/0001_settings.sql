-- Key/value settings of this installation (workspace folder, user name, language, ...).
CREATE TABLE setting (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    changed_at TEXT NOT NULL
) STRICT;
