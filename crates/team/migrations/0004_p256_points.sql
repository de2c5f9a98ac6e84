-- Faster signature checks, same check: 8-bit fixed-base tables stored as rows. For a point P
-- the table holds j·256^i·P in affine coordinates for every window i in 0..31 and digit j in
-- 1..255 (8,160 points, row idx = i·255 + j). u1·G + u2·Q is then at most 64 mixed additions
-- (0003: 128), and a check reads only the 64 points it needs, by index, in one query (0003's
-- whole-table arrays cost about 1 ms a check to unpack at 4 bits, 15 ms at 8 bits). Measured:
-- docs/team.md, "Figures". Devices approved before keep working: their rows are made here.

-- The fixed-base table of (px, py), flattened as 0003's but for 8-bit windows: x of (i, j) at
-- ((i·255 + j − 1)·2 + 1), y after it. Arrays are filled in place (no concatenation).
CREATE FUNCTION vakt_p256_table8(px numeric, py numeric) RETURNS numeric[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p CONSTANT numeric := 115792089210356248762697446949407573530086143415290314195533631308867097853951;
    t numeric[] := array_fill(0::numeric, ARRAY[16320]);
    bx numeric := px;
    b_y numeric := py;
    xs numeric[] := array_fill(0::numeric, ARRAY[256]);
    ys numeric[] := array_fill(0::numeric, ARRAY[256]);
    zs numeric[] := array_fill(0::numeric, ARRAY[256]);
    prefix numeric[] := array_fill(0::numeric, ARRAY[256]);
    zi numeric[] := array_fill(0::numeric, ARRAY[256]);
    acc numeric[];
    inv numeric; zz numeric; ax numeric; ay numeric;
    i int; j int; k int;
BEGIN
    FOR i IN 0 .. 31 LOOP
        xs[1] := bx; ys[1] := b_y; zs[1] := 1;
        acc := ARRAY[bx, b_y, 1];
        FOR j IN 2 .. 256 LOOP
            acc := vakt_p256_add_affine(acc[1], acc[2], acc[3], bx, b_y);
            xs[j] := acc[1]; ys[j] := acc[2]; zs[j] := acc[3];
        END LOOP;
        -- Montgomery's trick: one inversion for the window's 256 z.
        prefix[1] := zs[1];
        FOR j IN 2 .. 256 LOOP
            prefix[j] := mod(prefix[j - 1] * zs[j], p);
        END LOOP;
        inv := vakt_inverse(prefix[256], p);
        FOR j IN REVERSE 256 .. 2 LOOP
            zi[j] := mod(inv * prefix[j - 1], p);
            inv := mod(inv * zs[j], p);
        END LOOP;
        zi[1] := inv;
        FOR j IN 1 .. 256 LOOP
            zz := mod(zi[j] * zi[j], p);
            ax := mod(xs[j] * zz, p);
            ay := mod(ys[j] * mod(zz * zi[j], p), p);
            IF ax < 0 THEN ax := ax + p; END IF;
            IF ay < 0 THEN ay := ay + p; END IF;
            IF j < 256 THEN
                k := (i * 255 + j - 1) * 2;
                t[k + 1] := ax; t[k + 2] := ay;
            ELSE
                bx := ax; b_y := ay;
            END IF;
        END LOOP;
    END LOOP;
    RETURN t;
END $$;

-- G's points, made once here; each approved device's, made at approval.
CREATE TABLE vakt_p256_g (
    idx int PRIMARY KEY,
    x   numeric NOT NULL,
    y   numeric NOT NULL
);
CREATE TABLE vakt_p256_q (
    device uuid NOT NULL REFERENCES vakt_device (id),
    idx    int NOT NULL,
    x      numeric NOT NULL,
    y      numeric NOT NULL,
    PRIMARY KEY (device, idx)
);
REVOKE ALL ON vakt_p256_g, vakt_p256_q FROM PUBLIC;

INSERT INTO vakt_p256_g (idx, x, y)
SELECT g, t[2 * g - 1], t[2 * g]
FROM vakt_p256_table8(
         48439561293906451759052585252797914202762949526041747995844080717082404635286,
         36134250956749795798585127919587881956611106672985015071877198253568414405109) AS t,
     generate_series(1, 8160) AS g;

-- Stores device `d`'s points (its key from vakt_device).
CREATE FUNCTION vakt_p256_points(d uuid, public_key bytea) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO vakt_p256_q (device, idx, x, y)
    SELECT d, g, t[2 * g - 1], t[2 * g]
    FROM vakt_p256_table8(vakt_numeric(substring(public_key FROM 2 FOR 32)),
                          vakt_numeric(substring(public_key FROM 34 FOR 32))) AS t,
         generate_series(1, 8160) AS g
$$;

SELECT vakt_p256_points(id, public_key) FROM vakt_device WHERE approved_at IS NOT NULL;

-- Whether `sig` (DER) is a valid ECDSA P-256 signature with SHA-256 over `message` by the key
-- of `device`, whose points are stored (the same check as vakt_p256_verify). u1 and u2 are cut
-- into 32 bytes each; the points of the non-zero bytes are read in one query and added up in
-- any order (the sum is the same). Between steps values stay in (−4p, 4p): only compared
-- values are reduced.
CREATE FUNCTION vakt_p256_verify_points(device uuid, message bytea, sig bytea)
RETURNS boolean
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p CONSTANT numeric := 115792089210356248762697446949407573530086143415290314195533631308867097853951;
    n CONSTANT numeric := 115792089210356248762697446949407573529996955224135760342422259061068512044369;
    rs numeric[] := vakt_p256_rs(sig);
    e numeric; w numeric; u1 numeric; u2 numeric;
    gi int[] := '{}'; qi int[] := '{}';
    xs numeric[]; ys numeric[];
    x numeric := 1; y numeric := 1; z numeric := 0;
    ax numeric; ay numeric;
    z1z1 numeric; u numeric; s2 numeric; h numeric; rr numeric; hh numeric; i4 numeric;
    j numeric; v numeric; x3 numeric; d numeric;
    t numeric[];
    i int; digit int;
BEGIN
    IF rs IS NULL THEN RETURN false; END IF;
    e := mod(vakt_numeric(sha256(message)), n);
    w := vakt_inverse(rs[2], n);
    u1 := mod(e * w, n);
    u2 := mod(rs[1] * w, n);
    FOR i IN 0 .. 31 LOOP
        digit := mod(u1, 256)::int; u1 := div(u1, 256);
        IF digit <> 0 THEN gi := gi || (i * 255 + digit); END IF;
        digit := mod(u2, 256)::int; u2 := div(u2, 256);
        IF digit <> 0 THEN qi := qi || (i * 255 + digit); END IF;
    END LOOP;
    SELECT array_agg(px), array_agg(py) INTO xs, ys FROM (
        SELECT g.x AS px, g.y AS py FROM vakt_p256_g g WHERE g.idx = ANY (gi)
        UNION ALL
        SELECT q.x, q.y FROM vakt_p256_q q WHERE q.device = vakt_p256_verify_points.device
                                             AND q.idx = ANY (qi)) AS pts;
    IF coalesce(cardinality(xs), 0) <> cardinality(gi) + cardinality(qi) THEN
        RETURN false;  -- the device has no points (not approved): nothing is verified
    END IF;
    FOR i IN 1 .. coalesce(cardinality(xs), 0) LOOP
        ax := xs[i]; ay := ys[i];
        IF z = 0 THEN
            x := ax; y := ay; z := 1;
            CONTINUE;
        END IF;
        z1z1 := mod(z * z, p);
        u := mod(ax * z1z1, p);
        s2 := mod(ay * mod(z * z1z1, p), p);
        h := u - x;
        rr := 2 * (s2 - y);
        IF mod(h, p) = 0 THEN
            IF mod(rr, p) = 0 THEN
                t := vakt_p256_double(x, y, z);
                x := t[1]; y := t[2]; z := t[3];
            ELSE
                x := 1; y := 1; z := 0;
            END IF;
            CONTINUE;
        END IF;
        hh := mod(h * h, p);
        i4 := 4 * hh;
        j := mod(h * i4, p);
        v := mod(x * i4, p);
        x3 := mod(rr * rr - j - 2 * v, p);
        y := mod(rr * (v - x3) - 2 * y * j, p);
        z := mod((z + h) * (z + h) - z1z1 - hh, p);
        x := x3;
    END LOOP;
    IF mod(z, p) = 0 THEN RETURN false; END IF;
    d := mod(z * z, p);
    RETURN mod(x - rs[1] * d, p) = 0 OR (rs[1] + n < p AND mod(x - (rs[1] + n) * d, p) = 0);
END $$;
REVOKE ALL ON FUNCTION vakt_p256_verify_points(uuid, bytea, bytea) FROM PUBLIC;

-- Approval now makes the device's points (0003's array is no longer made).
CREATE OR REPLACE FUNCTION vakt_device_approve() RETURNS trigger
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
    NEW.p256_table := NULL;
    PERFORM vakt_p256_points(OLD.id, OLD.public_key);
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION vakt_event_receive() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    key bytea;
    key_table numeric[];
    held_id uuid;
    held_hash bytea;
    prev bytea;
    held bigint;
    signed boolean;
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
    SELECT public_key, p256_table INTO key, key_table
    FROM vakt_device WHERE id = NEW.device AND approved_at IS NOT NULL;
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
    IF EXISTS (SELECT 1 FROM vakt_p256_q WHERE device = NEW.device) THEN
        signed := vakt_p256_verify_points(NEW.device, NEW.hash, NEW.device_sig);
    ELSIF key_table IS NOT NULL THEN
        signed := vakt_p256_verify_tables((SELECT tbl FROM vakt_p256_base), key_table,
                                          NEW.hash, NEW.device_sig);
    ELSE
        signed := vakt_p256_verify(key, NEW.hash, NEW.device_sig);
    END IF;
    IF NOT signed THEN
        RAISE EXCEPTION 'event % of device % has no valid device signature',
            NEW.device_seq, NEW.device USING ERRCODE = 'VK005';
    END IF;
    RETURN NEW;
END $$;
