-- P-256 ECDSA signature verification in plain PL/pgSQL over `numeric` (Jacobian coordinates),
-- so a team server needs no extension to check a device's signature over an event hash. The
-- signature is ECDSA with SHA-256 over the 32-byte event hash (what the journal's device key
-- makes), DER-encoded; the key is SEC1 uncompressed (65 bytes).
--
-- Arithmetic keeps values in (-p, p) between steps (PostgreSQL's `mod` takes the dividend's
-- sign) and normalises only where a value is compared.

CREATE FUNCTION vakt_numeric(b bytea) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    n numeric := 0;
    i int;
BEGIN
    FOR i IN 0 .. length(b) - 1 LOOP
        n := n * 256 + get_byte(b, i);
    END LOOP;
    RETURN n;
END $$;

-- The inverse of a modulo m (m prime, a not a multiple of m), by the extended Euclidean algorithm.
CREATE FUNCTION vakt_inverse(a numeric, m numeric) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    t numeric := 0;
    t1 numeric := 1;
    r numeric := m;
    r1 numeric := mod(a, m);
    q numeric;
    x numeric;
BEGIN
    IF r1 < 0 THEN r1 := r1 + m; END IF;
    WHILE r1 <> 0 LOOP
        q := div(r, r1);
        x := t - q * t1; t := t1; t1 := x;
        x := r - q * r1; r := r1; r1 := x;
    END LOOP;
    IF r <> 1 THEN
        RAISE EXCEPTION 'vakt_inverse: % has no inverse', a;
    END IF;
    IF t < 0 THEN t := t + m; END IF;
    RETURN t;
END $$;

-- The integer's 256 bits, most significant first.
CREATE FUNCTION vakt_bits(a numeric) RETURNS int[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    out int[] := array_fill(0, ARRAY[256]);
    i int;
BEGIN
    FOR i IN REVERSE 256 .. 1 LOOP
        out[i] := mod(a, 2)::int;
        a := div(a, 2);
    END LOOP;
    RETURN out;
END $$;

-- The Jacobian point (x, y, z) doubled on P-256 (a = -3); z = 0 is the point at infinity.
CREATE FUNCTION vakt_p256_double(x numeric, y numeric, z numeric) RETURNS numeric[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p CONSTANT numeric := 115792089210356248762697446949407573530086143415290314195533631308867097853951;
    d numeric; g numeric; be numeric; al numeric; x3 numeric;
BEGIN
    IF mod(z, p) = 0 OR mod(y, p) = 0 THEN
        RETURN ARRAY[1, 1, 0]::numeric[];
    END IF;
    d := mod(z * z, p);
    g := mod(y * y, p);
    be := mod(x * g, p);
    al := mod(3 * (x - d) * (x + d), p);
    x3 := mod(al * al - 8 * be, p);
    z := mod((y + z) * (y + z) - g - d, p);
    y := mod(al * (4 * be - x3) - 8 * g * g, p);
    RETURN ARRAY[x3, y, z];
END $$;

-- Whether (x, y) is a point of P-256 (both coordinates reduced).
CREATE FUNCTION vakt_p256_on_curve(x numeric, y numeric) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT x >= 0 AND y >= 0
       AND x < 115792089210356248762697446949407573530086143415290314195533631308867097853951
       AND y < 115792089210356248762697446949407573530086143415290314195533631308867097853951
       AND mod(y * y - (x * x * x - 3 * x
             + 41058363725152142129326129780047268409114441015993725554835256314039467401291),
             115792089210356248762697446949407573530086143415290314195533631308867097853951) = 0
$$;

-- Whether `sig` (DER) is a valid ECDSA P-256 signature with SHA-256 by `public_key` (SEC1
-- uncompressed) over `message`. False, never an error, for any malformed input.
CREATE FUNCTION vakt_p256_verify(public_key bytea, message bytea, sig bytea) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p CONSTANT numeric := 115792089210356248762697446949407573530086143415290314195533631308867097853951;
    n CONSTANT numeric := 115792089210356248762697446949407573529996955224135760342422259061068512044369;
    gx CONSTANT numeric := 48439561293906451759052585252797914202762949526041747995844080717082404635286;
    gy CONSTANT numeric := 36134250956749795798585127919587881956611106672985015071877198253568414405109;
    len int := length(sig);
    rl int; sl int;
    r numeric; s numeric; e numeric; w numeric; u1 numeric; u2 numeric;
    qx numeric; qy numeric;
    b1 int[]; b2 int[];
    -- G + Q, affine (gq_inf when it is the point at infinity)
    gqx numeric; gqy numeric; gq_inf boolean := false;
    t numeric[];
    -- the running point, Jacobian
    x numeric := 1; y numeric := 1; z numeric := 0;
    ax numeric; ay numeric;
    d numeric; g numeric; be numeric; al numeric; x3 numeric;
    z1z1 numeric; u numeric; s2 numeric; h numeric; rr numeric; hh numeric; i4 numeric;
    j numeric; v numeric;
    i int; k int;
BEGIN
    -- The key.
    IF length(public_key) <> 65 OR get_byte(public_key, 0) <> 4 THEN RETURN false; END IF;
    qx := vakt_numeric(substring(public_key FROM 2 FOR 32));
    qy := vakt_numeric(substring(public_key FROM 34 FOR 32));
    IF NOT vakt_p256_on_curve(qx, qy) THEN RETURN false; END IF;
    -- The DER signature: SEQUENCE { INTEGER r, INTEGER s }, minimal encodings.
    IF len < 8 OR len > 72 OR get_byte(sig, 0) <> 48 OR get_byte(sig, 1) <> len - 2
       OR get_byte(sig, 2) <> 2 THEN
        RETURN false;
    END IF;
    rl := get_byte(sig, 3);
    IF rl < 1 OR rl > 33 OR 4 + rl + 2 > len OR get_byte(sig, 4 + rl) <> 2 THEN RETURN false; END IF;
    sl := get_byte(sig, 5 + rl);
    IF sl < 1 OR sl > 33 OR 6 + rl + sl <> len THEN RETURN false; END IF;
    IF get_byte(sig, 4) >= 128 OR (rl > 1 AND get_byte(sig, 4) = 0 AND get_byte(sig, 5) < 128)
       OR get_byte(sig, 6 + rl) >= 128
       OR (sl > 1 AND get_byte(sig, 6 + rl) = 0 AND get_byte(sig, 7 + rl) < 128) THEN
        RETURN false;
    END IF;
    r := vakt_numeric(substring(sig FROM 5 FOR rl));
    s := vakt_numeric(substring(sig FROM 7 + rl FOR sl));
    IF r < 1 OR r >= n OR s < 1 OR s >= n THEN RETURN false; END IF;
    e := mod(vakt_numeric(sha256(message)), n);
    w := vakt_inverse(s, n);
    u1 := mod(e * w, n);
    u2 := mod(r * w, n);
    b1 := vakt_bits(u1);
    b2 := vakt_bits(u2);
    -- G + Q in affine coordinates.
    IF qx = gx THEN
        IF qy = gy THEN
            t := vakt_p256_double(gx, gy, 1);
        ELSE
            gq_inf := true;
        END IF;
    ELSE
        h := mod(qx - gx, p);
        rr := mod(2 * (qy - gy), p);
        hh := mod(h * h, p); i4 := 4 * hh; j := mod(h * i4, p); v := mod(gx * i4, p);
        x3 := mod(rr * rr - j - 2 * v, p);
        t := ARRAY[x3, mod(rr * (v - x3) - 2 * gy * j, p), mod(2 * h, p)];
    END IF;
    IF NOT gq_inf THEN
        d := vakt_inverse(t[3], p);
        gqx := mod(t[1] * d * d, p);
        gqy := mod(t[2] * mod(d * d, p) * d, p);
        IF gqx < 0 THEN gqx := gqx + p; END IF;
        IF gqy < 0 THEN gqy := gqy + p; END IF;
    END IF;
    -- Shamir's trick: u1·G + u2·Q in one pass of doublings.
    FOR i IN 1 .. 256 LOOP
        IF z <> 0 THEN
            d := mod(z * z, p);
            g := mod(y * y, p);
            be := mod(x * g, p);
            al := mod(3 * (x - d) * (x + d), p);
            x3 := mod(al * al - 8 * be, p);
            z := mod((y + z) * (y + z) - g - d, p);
            y := mod(al * (4 * be - x3) - 8 * g * g, p);
            x := x3;
            IF z = 0 OR y = 0 THEN x := 1; y := 1; z := 0; END IF;
        END IF;
        k := b1[i] + 2 * b2[i];
        CONTINUE WHEN k = 0 OR (k = 3 AND gq_inf);
        IF k = 1 THEN ax := gx; ay := gy;
        ELSIF k = 2 THEN ax := qx; ay := qy;
        ELSE ax := gqx; ay := gqy;
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
    IF mod(z, p) = 0 THEN RETURN false; END IF;
    -- x(R) mod n = r, without an inversion: X = r·Z² (mod p), or (r + n)·Z² when r + n < p.
    d := mod(z * z, p);
    RETURN mod(x - r * d, p) = 0 OR (r + n < p AND mod(x - (r + n) * d, p) = 0);
END $$;
