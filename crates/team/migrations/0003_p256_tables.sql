-- Faster signature checks: fixed-base tables. For a point P, the table holds j·16^i·P in affine
-- coordinates for every window i in 0..63 and digit j in 1..15 (1,920 numerics, flattened:
-- x at ((i·15 + j − 1)·2 + 1), y after it). With tables for G (once, here) and for each device's
-- key (once, when the device is approved), u1·G + u2·Q is 128 mixed additions and no doublings,
-- about three times less work than the double-and-add of 0001 (which stays the fall-back for a
-- device approved before this migration).

-- (x, y, z) Jacobian plus (ax, ay) affine; z = 0 is the point at infinity.
CREATE FUNCTION vakt_p256_add_affine(x numeric, y numeric, z numeric, ax numeric, ay numeric)
RETURNS numeric[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p CONSTANT numeric := 115792089210356248762697446949407573530086143415290314195533631308867097853951;
    z1z1 numeric; u numeric; s2 numeric; h numeric; rr numeric; hh numeric; i4 numeric;
    j numeric; v numeric; x3 numeric;
BEGIN
    IF mod(z, p) = 0 THEN
        RETURN ARRAY[ax, ay, 1];
    END IF;
    z1z1 := mod(z * z, p);
    u := mod(ax * z1z1, p);
    s2 := mod(ay * mod(z * z1z1, p), p);
    h := mod(u - x, p);
    rr := mod(2 * (s2 - y), p);
    IF h = 0 THEN
        IF rr = 0 THEN
            RETURN vakt_p256_double(x, y, z);
        END IF;
        RETURN ARRAY[1, 1, 0]::numeric[];
    END IF;
    hh := mod(h * h, p);
    i4 := 4 * hh;
    j := mod(h * i4, p);
    v := mod(x * i4, p);
    x3 := mod(rr * rr - j - 2 * v, p);
    RETURN ARRAY[x3, mod(rr * (v - x3) - 2 * y * j, p), mod((z + h) * (z + h) - z1z1 - hh, p)];
END $$;

-- The affine (x, y) of a Jacobian point that is not at infinity, reduced to [0, p).
CREATE FUNCTION vakt_p256_affine(x numeric, y numeric, z numeric) RETURNS numeric[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p CONSTANT numeric := 115792089210356248762697446949407573530086143415290314195533631308867097853951;
    zi numeric := vakt_inverse(z, p);
    zi2 numeric := mod(zi * zi, p);
    ax numeric := mod(x * zi2, p);
    ay numeric := mod(y * mod(zi2 * zi, p), p);
BEGIN
    IF ax < 0 THEN ax := ax + p; END IF;
    IF ay < 0 THEN ay := ay + p; END IF;
    RETURN ARRAY[ax, ay];
END $$;

-- The fixed-base table of the point (px, py) (see above). Per window the 16 multiples are made
-- in Jacobian coordinates and brought to affine with one inversion (Montgomery's trick).
CREATE FUNCTION vakt_p256_table(px numeric, py numeric) RETURNS numeric[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p CONSTANT numeric := 115792089210356248762697446949407573530086143415290314195533631308867097853951;
    t numeric[] := '{}';
    bx numeric := px;
    b_y numeric := py;
    xs numeric[]; ys numeric[]; zs numeric[]; prefix numeric[]; zi numeric[];
    acc numeric[];
    inv numeric; zz numeric; ax numeric; ay numeric;
    i int;
    j int;
BEGIN
    FOR i IN 0 .. 63 LOOP
        xs := ARRAY[bx]; ys := ARRAY[b_y]; zs := ARRAY[1::numeric];
        acc := ARRAY[bx, b_y, 1];
        FOR j IN 2 .. 16 LOOP
            acc := vakt_p256_add_affine(acc[1], acc[2], acc[3], bx, b_y);
            xs := xs || acc[1]; ys := ys || acc[2]; zs := zs || acc[3];
        END LOOP;
        prefix := ARRAY[zs[1]];
        FOR j IN 2 .. 16 LOOP
            prefix := prefix || mod(prefix[j - 1] * zs[j], p);
        END LOOP;
        inv := vakt_inverse(prefix[16], p);
        zi := array_fill(0::numeric, ARRAY[16]);
        FOR j IN REVERSE 16 .. 2 LOOP
            zi[j] := mod(inv * prefix[j - 1], p);
            inv := mod(inv * zs[j], p);
        END LOOP;
        zi[1] := inv;
        FOR j IN 1 .. 16 LOOP
            zz := mod(zi[j] * zi[j], p);
            ax := mod(xs[j] * zz, p);
            ay := mod(ys[j] * mod(zz * zi[j], p), p);
            IF ax < 0 THEN ax := ax + p; END IF;
            IF ay < 0 THEN ay := ay + p; END IF;
            IF j < 16 THEN
                t := t || ax || ay;
            ELSE
                bx := ax; b_y := ay;
            END IF;
        END LOOP;
    END LOOP;
    RETURN t;
END $$;

-- r and s of a DER ECDSA signature (minimal encodings, both in [1, n − 1]), or NULL.
CREATE FUNCTION vakt_p256_rs(sig bytea) RETURNS numeric[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    n CONSTANT numeric := 115792089210356248762697446949407573529996955224135760342422259061068512044369;
    len int := length(sig);
    rl int; sl int;
    r numeric; s numeric;
BEGIN
    IF len < 8 OR len > 72 OR get_byte(sig, 0) <> 48 OR get_byte(sig, 1) <> len - 2
       OR get_byte(sig, 2) <> 2 THEN
        RETURN NULL;
    END IF;
    rl := get_byte(sig, 3);
    IF rl < 1 OR rl > 33 OR 4 + rl + 2 > len OR get_byte(sig, 4 + rl) <> 2 THEN RETURN NULL; END IF;
    sl := get_byte(sig, 5 + rl);
    IF sl < 1 OR sl > 33 OR 6 + rl + sl <> len THEN RETURN NULL; END IF;
    IF get_byte(sig, 4) >= 128 OR (rl > 1 AND get_byte(sig, 4) = 0 AND get_byte(sig, 5) < 128)
       OR get_byte(sig, 6 + rl) >= 128
       OR (sl > 1 AND get_byte(sig, 6 + rl) = 0 AND get_byte(sig, 7 + rl) < 128) THEN
        RETURN NULL;
    END IF;
    r := vakt_numeric(substring(sig FROM 5 FOR rl));
    s := vakt_numeric(substring(sig FROM 7 + rl FOR sl));
    IF r < 1 OR r >= n OR s < 1 OR s >= n THEN RETURN NULL; END IF;
    RETURN ARRAY[r, s];
END $$;

-- vakt_p256_verify with the tables of G (`tg`) and of the key (`tq`).
CREATE FUNCTION vakt_p256_verify_tables(tg numeric[], tq numeric[], message bytea, sig bytea)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p CONSTANT numeric := 115792089210356248762697446949407573530086143415290314195533631308867097853951;
    n CONSTANT numeric := 115792089210356248762697446949407573529996955224135760342422259061068512044369;
    rs numeric[] := vakt_p256_rs(sig);
    e numeric; w numeric; u1 numeric; u2 numeric;
    x numeric := 1; y numeric := 1; z numeric := 0;
    ax numeric; ay numeric;
    z1z1 numeric; u numeric; s2 numeric; h numeric; rr numeric; hh numeric; i4 numeric;
    j numeric; v numeric; x3 numeric; d numeric;
    t numeric[];
    i int; k int; digit int; base int;
BEGIN
    IF rs IS NULL OR cardinality(tg) <> 1920 OR cardinality(tq) <> 1920 THEN RETURN false; END IF;
    e := mod(vakt_numeric(sha256(message)), n);
    w := vakt_inverse(rs[2], n);
    u1 := mod(e * w, n);
    u2 := mod(rs[1] * w, n);
    FOR i IN 0 .. 63 LOOP
        FOR base IN 1 .. 2 LOOP
            IF base = 1 THEN
                digit := mod(u1, 16)::int; u1 := div(u1, 16);
            ELSE
                digit := mod(u2, 16)::int; u2 := div(u2, 16);
            END IF;
            CONTINUE WHEN digit = 0;
            k := (i * 15 + digit - 1) * 2;
            IF base = 1 THEN ax := tg[k + 1]; ay := tg[k + 2];
            ELSE ax := tq[k + 1]; ay := tq[k + 2];
            END IF;
            IF z = 0 THEN
                x := ax; y := ay; z := 1;
                CONTINUE;
            END IF;
            z1z1 := mod(z * z, p);
            u := mod(ax * z1z1, p);
            s2 := mod(ay * mod(z * z1z1, p), p);
            h := mod(u - x, p);
            rr := mod(2 * (s2 - y), p);
            IF h = 0 THEN
                IF rr = 0 THEN
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
    END LOOP;
    IF mod(z, p) = 0 THEN RETURN false; END IF;
    d := mod(z * z, p);
    RETURN mod(x - rs[1] * d, p) = 0 OR (rs[1] + n < p AND mod(x - (rs[1] + n) * d, p) = 0);
END $$;

-- G's table, computed once.
CREATE TABLE vakt_p256_base (tbl numeric[] NOT NULL);
INSERT INTO vakt_p256_base
SELECT vakt_p256_table(
    48439561293906451759052585252797914202762949526041747995844080717082404635286,
    36134250956749795798585127919587881956611106672985015071877198253568414405109);
REVOKE ALL ON vakt_p256_base FROM PUBLIC;

-- Each device's table, computed when an administrator approves it.
ALTER TABLE vakt_device ADD COLUMN p256_table numeric[];

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
    NEW.p256_table := vakt_p256_table(vakt_numeric(substring(OLD.public_key FROM 2 FOR 32)),
                                      vakt_numeric(substring(OLD.public_key FROM 34 FOR 32)));
    RETURN NEW;
END $$;

-- A member's INSERT cannot bring its own table.
CREATE OR REPLACE FUNCTION vakt_device_enrol() RETURNS trigger
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
    NEW.p256_table := NULL;
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
    IF key_table IS NULL THEN
        signed := vakt_p256_verify(key, NEW.hash, NEW.device_sig);
    ELSE
        signed := vakt_p256_verify_tables((SELECT tbl FROM vakt_p256_base), key_table,
                                          NEW.hash, NEW.device_sig);
    END IF;
    IF NOT signed THEN
        RAISE EXCEPTION 'event % of device % has no valid device signature',
            NEW.device_seq, NEW.device USING ERRCODE = 'VK005';
    END IF;
    RETURN NEW;
END $$;
