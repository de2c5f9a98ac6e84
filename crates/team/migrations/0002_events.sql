-- The team journal on the server: devices enrolled by their logins and approved by an
-- administrator, events stored append-only with a receipt the server fills in itself, each event
-- checked (its device, its chain, its hash, its device signature) before it is stored, and
-- row-level security so a login inserts only events of the devices registered to it.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vakt_member') THEN
        CREATE ROLE vakt_member NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vakt_admin') THEN
        CREATE ROLE vakt_admin NOLOGIN;
    END IF;
END $$;

-- Devices: one row per Vakt data directory, with the public key of its device key.
CREATE TABLE vakt_device (
    id          uuid PRIMARY KEY,
    public_key  bytea NOT NULL UNIQUE,      -- P-256, SEC1 uncompressed
    created_at  timestamptz NOT NULL,       -- as the device claims it
    person      text,                       -- person id (hex SHA-256 of the key's SPKI), claimed
    person_name text NOT NULL DEFAULT '',   -- display name, claimed
    host        text NOT NULL DEFAULT '',   -- host name, claimed
    login       name NOT NULL,              -- filled by the server: the enrolling login
    enrolled_at timestamptz NOT NULL,       -- filled by the server
    approved_by name,                       -- filled by the server on approval
    approved_at timestamptz
);

CREATE FUNCTION vakt_device_enrol() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF length(NEW.public_key) <> 65 OR get_byte(NEW.public_key, 0) <> 4
       OR NOT vakt_p256_on_curve(vakt_numeric(substring(NEW.public_key FROM 2 FOR 32)),
                                 vakt_numeric(substring(NEW.public_key FROM 34 FOR 32))) THEN
        RAISE EXCEPTION 'device %: its key is not a P-256 public key', NEW.id
            USING ERRCODE = 'VK010';
    END IF;
    NEW.login := session_user;
    NEW.enrolled_at := now();
    NEW.approved_by := NULL;
    NEW.approved_at := NULL;
    RETURN NEW;
END $$;

CREATE TRIGGER vakt_device_enrol BEFORE INSERT ON vakt_device
    FOR EACH ROW EXECUTE FUNCTION vakt_device_enrol();

-- The one change a device row allows: its approval, once, by an administrator.
CREATE FUNCTION vakt_device_approve() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF OLD.approved_at IS NOT NULL
       OR (NEW.id, NEW.public_key, NEW.created_at, NEW.person, NEW.person_name, NEW.host,
           NEW.login, NEW.enrolled_at)
          IS DISTINCT FROM
          (OLD.id, OLD.public_key, OLD.created_at, OLD.person, OLD.person_name, OLD.host,
           OLD.login, OLD.enrolled_at) THEN
        RAISE EXCEPTION 'device %: an enrolled device is only ever approved, once', OLD.id
            USING ERRCODE = 'VK011';
    END IF;
    IF NOT pg_has_role(session_user, 'vakt_admin', 'MEMBER') THEN
        RAISE EXCEPTION 'device %: only an administrator (vakt_admin) approves devices', OLD.id
            USING ERRCODE = 'VK012';
    END IF;
    NEW.approved_by := session_user;
    NEW.approved_at := now();
    RETURN NEW;
END $$;

CREATE TRIGGER vakt_device_approve BEFORE UPDATE ON vakt_device
    FOR EACH ROW EXECUTE FUNCTION vakt_device_approve();

CREATE FUNCTION vakt_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%: rows are append-only: % refused', TG_TABLE_NAME, lower(TG_OP)
        USING ERRCODE = 'VK013';
END $$;

CREATE TRIGGER vakt_device_no_delete BEFORE DELETE ON vakt_device
    FOR EACH ROW EXECUTE FUNCTION vakt_refuse();
CREATE TRIGGER vakt_device_no_truncate BEFORE TRUNCATE ON vakt_device
    FOR EACH STATEMENT EXECUTE FUNCTION vakt_refuse();

-- Events: the journal envelope (JOURNAL-V2.md) and the server's receipt.
CREATE SEQUENCE vakt_event_server_seq;

CREATE TABLE vakt_event (
    id          uuid PRIMARY KEY,
    device      uuid NOT NULL REFERENCES vakt_device (id),
    device_seq  bigint NOT NULL CHECK (device_seq >= 1),
    prev_hash   bytea NOT NULL,
    hlc_wall    bigint NOT NULL,
    hlc_counter bigint NOT NULL CHECK (hlc_counter BETWEEN 0 AND 4294967295),
    seen        uuid[] NOT NULL,
    actor       text NOT NULL,
    person      text,
    os_user     text NOT NULL,
    os_uid      bigint CHECK (os_uid BETWEEN 0 AND 4294967295),
    host        text NOT NULL,
    addresses   text[] NOT NULL,
    role        text,
    kind        text NOT NULL,
    run         uuid,
    payload     text NOT NULL,              -- the JSON text exactly as hashed
    hash        bytea NOT NULL,
    device_sig  bytea NOT NULL,
    -- the receipt: filled by the server, whatever the client sends
    login       name NOT NULL,
    address     inet,
    server_time timestamptz NOT NULL,
    server_seq  bigint NOT NULL UNIQUE,
    UNIQUE (device, device_seq)
);

CREATE INDEX vakt_event_run ON vakt_event (run);

CREATE FUNCTION vakt_field(b bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT int8send(length(b)::bigint) || b $$;

CREATE FUNCTION vakt_text(t text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT vakt_field(convert_to(t, 'UTF8')) $$;

CREATE FUNCTION vakt_optional(t text) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN t IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || vakt_text(t) END
$$;

CREATE FUNCTION vakt_u32(v bigint) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT substring(int8send(v) FROM 5 FOR 4) $$;

CREATE FUNCTION vakt_list(items text[]) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT int8send(coalesce(cardinality(items), 0)::bigint)
        || coalesce((SELECT string_agg(vakt_text(item), ''::bytea ORDER BY n)
                     FROM unnest(items) WITH ORDINALITY AS u(item, n)), ''::bytea)
$$;

-- The event's second-version hash, as crates/journal computes it (event::chain_hash_v2).
CREATE FUNCTION vakt_event_hash(e vakt_event) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT sha256(
        convert_to('vakt/journal/event/v2', 'UTF8') || '\x00'::bytea
        || vakt_text(e.device::text)
        || int8send(e.device_seq)
        || e.prev_hash
        || vakt_text(e.id::text)
        || int8send(e.hlc_wall)
        || vakt_u32(e.hlc_counter)
        || vakt_list(e.seen::text[])
        || vakt_text(e.actor)
        || vakt_optional(e.person)
        || vakt_text(e.os_user)
        || CASE WHEN e.os_uid IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || vakt_u32(e.os_uid) END
        || vakt_text(e.host)
        || vakt_list(e.addresses)
        || vakt_optional(e.role)
        || vakt_text(e.kind)
        || vakt_optional(e.run::text)
        || vakt_text(e.payload))
$$;

-- Every event is checked before it is stored, and its receipt is the server's own.
CREATE FUNCTION vakt_event_receive() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    key bytea;
    held_id uuid;
    held_hash bytea;
    prev bytea;
    held bigint;
BEGIN
    -- The same event again: nothing to do (a repeated or reordered delivery).
    SELECT hash INTO held_hash FROM vakt_event WHERE id = NEW.id;
    IF FOUND THEN
        IF held_hash = NEW.hash THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'event %: another event with this id is already stored', NEW.id
            USING ERRCODE = 'VK006';
    END IF;
    NEW.login := session_user;
    NEW.address := inet_client_addr();
    NEW.server_time := now();
    NEW.server_seq := nextval('vakt_event_server_seq');
    SELECT public_key INTO key FROM vakt_device WHERE id = NEW.device AND approved_at IS NOT NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'event %: device % is not enrolled and approved on this server',
            NEW.id, NEW.device USING ERRCODE = 'VK001';
    END IF;
    SELECT id INTO held_id FROM vakt_event WHERE device = NEW.device AND device_seq = NEW.device_seq;
    IF FOUND THEN
        RAISE EXCEPTION 'event % of device %: the server holds another event % at that position (a forked chain)',
            NEW.device_seq, NEW.device, held_id USING ERRCODE = 'VK007';
    END IF;
    IF NEW.device_seq = 1 THEN
        prev := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    ELSE
        SELECT hash INTO prev FROM vakt_event
        WHERE device = NEW.device AND device_seq = NEW.device_seq - 1;
        IF NOT FOUND THEN
            SELECT coalesce(max(device_seq), 0) INTO held FROM vakt_event WHERE device = NEW.device;
            RAISE EXCEPTION 'event % of device % cannot follow its event %: events are missing',
                NEW.device_seq, NEW.device, held USING ERRCODE = 'VK002';
        END IF;
    END IF;
    IF NEW.prev_hash IS DISTINCT FROM prev THEN
        RAISE EXCEPTION 'event % of device % does not follow the event before it (wrong previous hash)',
            NEW.device_seq, NEW.device USING ERRCODE = 'VK003';
    END IF;
    IF vakt_event_hash(NEW) IS DISTINCT FROM NEW.hash THEN
        RAISE EXCEPTION 'event % of device % does not match its hash', NEW.device_seq, NEW.device
            USING ERRCODE = 'VK004';
    END IF;
    IF NOT vakt_p256_verify(key, NEW.hash, NEW.device_sig) THEN
        RAISE EXCEPTION 'event % of device % has no valid device signature',
            NEW.device_seq, NEW.device USING ERRCODE = 'VK005';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER vakt_event_receive BEFORE INSERT ON vakt_event
    FOR EACH ROW EXECUTE FUNCTION vakt_event_receive();

CREATE FUNCTION vakt_event_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('vakt_event', NEW.device::text || ' ' || NEW.device_seq::text);
    RETURN NULL;
END $$;

CREATE TRIGGER vakt_event_notify AFTER INSERT ON vakt_event
    FOR EACH ROW EXECUTE FUNCTION vakt_event_notify();

CREATE TRIGGER vakt_event_no_update BEFORE UPDATE OR DELETE ON vakt_event
    FOR EACH ROW EXECUTE FUNCTION vakt_refuse();
CREATE TRIGGER vakt_event_no_truncate BEFORE TRUNCATE ON vakt_event
    FOR EACH STATEMENT EXECUTE FUNCTION vakt_refuse();

-- Anchored checkpoints: every device chain's count and head as the server holds them at that
-- moment, computed by the server; the laptop's own heads beside, as it claims them.
CREATE TABLE vakt_anchor (
    anchor_seq  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reason      text NOT NULL,
    run         uuid,
    claimed     jsonb NOT NULL,             -- [{device, count, head}] as the laptop holds them
    heads       jsonb NOT NULL,             -- [{device, count, head}] as the server holds them
    login       name NOT NULL,
    address     inet,
    server_time timestamptz NOT NULL
);

CREATE FUNCTION vakt_anchor_receive() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    NEW.login := session_user;
    NEW.address := inet_client_addr();
    NEW.server_time := now();
    NEW.heads := coalesce((
        SELECT jsonb_agg(jsonb_build_object('device', e.device, 'count', e.device_seq,
                                            'head', encode(e.hash, 'hex')) ORDER BY e.device)
        FROM vakt_event e
        JOIN (SELECT device, max(device_seq) AS n FROM vakt_event GROUP BY device) m
          ON m.device = e.device AND m.n = e.device_seq), '[]'::jsonb);
    RETURN NEW;
END $$;

CREATE TRIGGER vakt_anchor_receive BEFORE INSERT ON vakt_anchor
    FOR EACH ROW EXECUTE FUNCTION vakt_anchor_receive();
CREATE TRIGGER vakt_anchor_no_update BEFORE UPDATE OR DELETE ON vakt_anchor
    FOR EACH ROW EXECUTE FUNCTION vakt_refuse();
CREATE TRIGGER vakt_anchor_no_truncate BEFORE TRUNCATE ON vakt_anchor
    FOR EACH STATEMENT EXECUTE FUNCTION vakt_refuse();

-- Who may do what. Members read everything, enrol their own devices, insert events of their
-- own devices and anchors; administrators approve devices. Nobody updates or deletes events.
ALTER TABLE vakt_device ENABLE ROW LEVEL SECURITY;
ALTER TABLE vakt_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE vakt_anchor ENABLE ROW LEVEL SECURITY;

CREATE POLICY vakt_device_read ON vakt_device FOR SELECT TO vakt_member, vakt_admin USING (true);
CREATE POLICY vakt_device_enrol ON vakt_device FOR INSERT TO vakt_member
    WITH CHECK (login = session_user);
CREATE POLICY vakt_device_approve ON vakt_device FOR UPDATE TO vakt_admin
    USING (approved_at IS NULL) WITH CHECK (true);

CREATE POLICY vakt_event_read ON vakt_event FOR SELECT TO vakt_member, vakt_admin USING (true);
CREATE POLICY vakt_event_own_devices ON vakt_event FOR INSERT TO vakt_member
    WITH CHECK (EXISTS (SELECT 1 FROM vakt_device d
                        WHERE d.id = device AND d.login = session_user
                          AND d.approved_at IS NOT NULL));

CREATE POLICY vakt_anchor_read ON vakt_anchor FOR SELECT TO vakt_member, vakt_admin USING (true);
CREATE POLICY vakt_anchor_insert ON vakt_anchor FOR INSERT TO vakt_member
    WITH CHECK (login = session_user);

REVOKE ALL ON vakt_device, vakt_event, vakt_anchor FROM PUBLIC;
GRANT SELECT ON vakt_device, vakt_event, vakt_anchor TO vakt_member, vakt_admin;
GRANT INSERT ON vakt_device, vakt_event, vakt_anchor TO vakt_member;
GRANT UPDATE (approved_by, approved_at) ON vakt_device TO vakt_admin;
