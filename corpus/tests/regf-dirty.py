#!/usr/bin/python3
"""regf-dirty.py - check the dirty NTUSER.DAT and its new-format transaction
log (corpus/mkregf --dirty) by replaying the log as Windows would.

Usage: regf-dirty.py ARTDIR [REAL_LOG...]

No Debian tool applies registry transaction logs (libregf 20201007 and hivex
read a primary file as it is stored), so this script is the reader, written
from Suhanov's "Format of transaction log files, new format" and not from the
writer's code:

  - the dirty primary: a valid base block whose primary and secondary
    sequence numbers differ (the "dirty" state), otherwise the clean hive of
    the day before (libregf reads it: the UserAssist times of 2024-03-12);
  - LOG1: a 512-byte base block of file type 6 with a valid checksum, then
    HvLE entries, each with its two Marvin32 hashes (seed 0x82EF4D887A4E55C5)
    and a sequence number at least the primary's; LOG2 empty;
  - the replay: every dirty page written at 4096 + its offset, the hive bins
    size and both sequence numbers taken from the last entry: the result has
    exactly the hive bins of the clean NTUSER.DAT the image holds, and
    libregf reads the 2024-03-13 values from it.

The Marvin32 implementation here is first checked against the hashes of real
Windows 10 logs (REAL_LOG arguments, e.g. the UsrClass.dat.LOG1 of
shared/corpus-ext/registry/regipy), so a wrong hash cannot pass unnoticed on
both sides.

TAP output, last line "N passed, N failed".
"""

import json
import os
import struct
import sys
import tempfile

M = 0xFFFFFFFF
SEED = 0x82EF4D887A4E55C5
results = []


def check(name, cond, detail=""):
    results.append(bool(cond))
    print("%s %d - %s%s" % ("ok" if cond else "not ok", len(results), name,
                            "" if cond or not detail else " # " + str(detail)[:300]))


def rotl(x, r):
    return ((x << r) | (x >> (32 - r))) & M


def marvin32(data, seed=SEED):
    p0, p1 = seed & M, seed >> 32

    def mix(a, b):
        b ^= a
        a = rotl(a, 20)
        a = (a + b) & M
        b = rotl(b, 9)
        b ^= a
        a = rotl(a, 27)
        a = (a + b) & M
        b = rotl(b, 19)
        return a, b
    n = len(data) // 4 * 4
    for (w,) in struct.iter_unpack("<I", data[:n]):
        p0 = (p0 + w) & M
        p0, p1 = mix(p0, p1)
    tail = data[n:]
    fin = 0x80 << (8 * len(tail))          # the tail bytes, then the 0x80 marker
    for i, b in enumerate(tail):
        fin |= b << (8 * i)
    p0 = (p0 + (fin & M)) & M
    p0, p1 = mix(p0, p1)
    p0, p1 = mix(p0, p1)
    return p1 << 32 | p0


def checksum(bb):
    x = 0
    for (w,) in struct.iter_unpack("<I", bb[:508]):
        x ^= w
    return 0xFFFFFFFE if x == M else (1 if x == 0 else x)


def entries(log):
    """(offset, sequence, bins size, [(page offset, bytes)], hashes ok) of each HvLE entry."""
    out, off = [], 512
    while off + 40 <= len(log) and log[off:off + 4] == b"HvLE":
        size, flags, seq, bins, n, h1, h2 = struct.unpack_from("<IIIIIQQ", log, off + 4)
        if size < 40 or off + size > len(log):
            break
        ok = marvin32(log[off + 40:off + size]) == h1 and marvin32(log[off:off + 32]) == h2
        refs = [struct.unpack_from("<II", log, off + 40 + 8 * i) for i in range(n)]
        pages, p = [], off + 40 + 8 * n
        for po, ps in refs:
            pages.append((po, log[p:p + ps]))
            p += ps
        out.append((off, seq, bins, pages, ok))
        off += size
    return out


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: regf-dirty.py ARTDIR [REAL_LOG...]\n")
        return 2
    art = argv[1]
    for real in argv[2:]:
        if not os.path.exists(real):
            continue
        with open(real, "rb") as f:
            es = entries(f.read())
        check("Marvin32 reproduces both hashes of the %d entries of the real log %s" % (
            len(es), os.path.basename(real)), es and all(e[4] for e in es))
    d = os.path.join(art, "dirty")
    with open(os.path.join(d, "NTUSER.DAT"), "rb") as f:
        prim = bytearray(f.read())
    with open(os.path.join(d, "NTUSER.DAT.LOG1"), "rb") as f:
        log = f.read()
    with open(os.path.join(art, "NTUSER.DAT"), "rb") as f:
        clean = f.read()
    with open(os.path.join(art, "desc", "registry-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)["hives"]["dirty NTUSER.DAT"]
    s1, s2 = struct.unpack_from("<II", prim, 4)
    check("dirty primary: checksum valid, sequences %d/%d differ (dirty)" % (s1, s2),
          checksum(prim) == struct.unpack_from("<I", prim, 508)[0] and s1 != s2 and
          (s1, s2) == (truth["as_stored"]["primary_sequence"], truth["as_stored"]["secondary_sequence"]))
    check("LOG1 base block: regf, file type 6, sequences equal, checksum", log[:4] == b"regf" and
          struct.unpack_from("<I", log, 28)[0] == 6 and log[4:8] == log[8:12] and
          checksum(log) == struct.unpack_from("<I", log, 508)[0])
    check("LOG2 is empty", os.path.getsize(os.path.join(d, "NTUSER.DAT.LOG2")) == 0)
    es = entries(log)
    check("LOG1: %d HvLE entries, Marvin32 hashes valid, each ends on a 4 KiB boundary" % len(es),
          es and all(e[4] for e in es) and all((e[0] + struct.unpack_from("<I", log, e[0] + 4)[0]) % 4096 == 0
                                             for e in es))
    applied = [e for e in es if e[1] >= s1]
    check("LOG1: its entries are subsequent (sequence >= the primary's %d)" % s1, applied == es)
    # Replay.
    for _, seq, bins, pages, _ in applied:
        need = 4096 + bins
        if len(prim) < need:
            prim += b"\0" * (need - len(prim))
        for po, data in pages:
            prim[4096 + po:4096 + po + len(data)] = data
        struct.pack_into("<III", prim, 4, seq, seq, struct.unpack_from("<I", prim, 12)[0])
        struct.pack_into("<I", prim, 40, bins)
    struct.pack_into("<I", prim, 508, checksum(prim))
    bins = struct.unpack_from("<I", prim, 40)[0]
    check("replayed: the hive bins equal the clean NTUSER.DAT's (%d bytes, %d dirty pages)" % (
        bins, sum(len(e[3]) for e in applied)), prim[4096:4096 + bins] == clean[4096:4096 + bins] and
          bins == struct.unpack_from("<I", clean, 40)[0])
    check("replayed: sequence %d in both fields" % truth["with_log1"]["sequence"],
          struct.unpack_from("<II", prim, 4) == (truth["with_log1"]["sequence"],) * 2)
    try:
        import pyregf
    except ImportError:
        print("# python3-libregf missing: libregf checks skipped")
        pyregf = None
    if pyregf is not None:
        def count(path):
            f = pyregf.file()
            f.open(path)
            n = [0, 0]

            def walk(k):
                n[0] += 1
                n[1] += k.number_of_values
                for i in range(k.number_of_sub_keys):
                    walk(k.get_sub_key(i))
            walk(f.get_root_key())
            k = f.get_key_by_path("Software\\QuillTech\\QuillEdit")
            return n, k.get_value_by_name("LastUpdateCheck").get_data_as_integer()
        with tempfile.NamedTemporaryFile(suffix=".hive") as t:
            t.write(prim)
            t.flush()
            after, check_after = count(t.name)
        before, check_before = count(os.path.join(d, "NTUSER.DAT"))
        check("libregf reads the dirty primary as stored: %d keys, %d values, the updater's last check of "
              "2024-03-12" % tuple(before), before == [truth["as_stored"]["keys"], truth["as_stored"]["values"]])
        check("libregf reads the replayed hive: %d keys, %d values, LastUpdateCheck moved from %d to %d" % (
            after[0], after[1], check_before, check_after),
            after == [truth["with_log1"]["keys"], truth["with_log1"]["values"]] and check_after > check_before)
    failed = results.count(False)
    print("1..%d" % len(results))
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
