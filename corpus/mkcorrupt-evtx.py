#!/usr/bin/python3
"""mkcorrupt-evtx.py - damaged copies of an EVTX file, for hostile-input tests.

Usage: mkcorrupt-evtx.py IN.evtx OUTDIR
       mkcorrupt-evtx.py --list

Writes one file per kind of damage into OUTDIR, named KIND.evtx, and
OUTDIR/corrupt.tsv listing "KIND<TAB>byte offset of the damage<TAB>what a
careful reader should do".  The damage is at fixed places computed from the
file's own structure (libyal's EVTX documentation: file header, chunk header,
event record, template instance), so the output is the same bytes on every
run.  IN.evtx should have at least two chunks (the reference Security.evtx
does) and be written by corpus/mkevtx, whose first record of a chunk starts
with an inline template definition.  Python 3 standard library only.
"""

import os
import struct
import sys

CHUNK = 65536
HDR = 4096

KINDS = [
    ("truncated", "file cut in the middle of chunk 1",
     "keep every record of chunk 0, warn about the truncated chunk at its offset"),
    ("header-crc", "file header checksum wrong",
     "warn about the header checksum, still read the chunks"),
    ("header-chunks", "file header claims 65535 chunks (checksum fixed)",
     "read the chunks that exist, warn that fewer are present than claimed"),
    ("chunk-crc", "chunk 0 header checksum wrong",
     "warn about chunk 0 at its offset; read its records or skip it, never crash"),
    ("records-crc", "one byte of record 3's binary XML flipped (records checksum now wrong)",
     "warn about chunk 0's records checksum; other chunks unaffected"),
    ("record-size", "record 2's size set to 0x7fffffff",
     "stop reading chunk 0 at record 2 with a warning naming the offset; other chunks unaffected"),
    ("record-size-zero", "record 2's size set to 0",
     "no endless loop: stop reading chunk 0 at record 2 with a warning"),
    ("template-offset", "the first record's template definition offset points past the chunk",
     "refuse that record with a warning, keep the others"),
    ("name-offset", "the first record's element name offset points into the chunk header",
     "refuse that record (or render a placeholder name) with a warning"),
    ("free-offset", "chunk 0's free-space offset set beyond the chunk",
     "bound the record walk by the chunk size, warn"),
    ("zero-chunk", "chunk 1 overwritten with zero bytes",
     "skip chunk 1 with a warning, keep chunks 0 and 2..n"),
]


def crc_fix_file_header(b):
    import zlib
    struct.pack_into("<I", b, 124, zlib.crc32(bytes(b[:120])))


def records(b, chunk):
    """(offset, size) of each record of a chunk, from the chunk's own fields."""
    base = HDR + chunk * CHUNK
    free = struct.unpack_from("<I", b, base + 48)[0]
    off, out = 512, []
    while off < free:
        sig, size = struct.unpack_from("<II", b, base + off)
        if sig != 0x2A2A or size < 28:
            break
        out.append((base + off, size))
        off += size
    return out


def damage(kind, src):
    b = bytearray(src)
    recs = records(b, 0)
    r1, r2, r3 = recs[0][0], recs[1][0], recs[2][0]
    if kind == "truncated":
        at = HDR + CHUNK + CHUNK // 2
        return bytes(b[:at]), at
    if kind == "header-crc":
        b[124] ^= 0xFF
        return bytes(b), 124
    if kind == "header-chunks":
        struct.pack_into("<H", b, 42, 0xFFFF)
        crc_fix_file_header(b)
        return bytes(b), 42
    if kind == "chunk-crc":
        b[HDR + 124] ^= 0xFF
        return bytes(b), HDR + 124
    if kind == "records-crc":
        at = r3 + 24 + 40     # inside the record's binary XML
        b[at] ^= 0x01
        return bytes(b), at
    if kind == "record-size":
        struct.pack_into("<I", b, r2 + 4, 0x7FFFFFFF)
        return bytes(b), r2 + 4
    if kind == "record-size-zero":
        struct.pack_into("<I", b, r2 + 4, 0)
        return bytes(b), r2 + 4
    if kind == "template-offset":
        # record: 24-byte header, fragment header (4), 0x0c, 1, id (4), offset
        at = r1 + 24 + 4 + 6
        struct.pack_into("<I", b, at, 0xFFFFFFF0)
        return bytes(b), at
    if kind == "name-offset":
        # The template definition follows: next (4), GUID (16), size (4),
        # fragment header (4), then the Event element: token, dependency
        # id (2), data size (4), name offset (4).
        at = r1 + 24 + 4 + 10 + 24 + 4 + 7
        struct.pack_into("<I", b, at, 200)
        return bytes(b), at
    if kind == "free-offset":
        struct.pack_into("<I", b, HDR + 48, 0x00100000)
        return bytes(b), HDR + 48
    if kind == "zero-chunk":
        b[HDR + CHUNK:HDR + 2 * CHUNK] = bytes(CHUNK)
        return bytes(b), HDR + CHUNK
    raise SystemExit("unknown kind " + kind)


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        for k, what, _ in KINDS:
            print("%s\t%s" % (k, what))
        return 0
    if len(argv) != 3:
        sys.stderr.write("usage: mkcorrupt-evtx.py IN.evtx OUTDIR | --list\n")
        return 2
    with open(argv[1], "rb") as f:
        src = f.read()
    if len(src) < HDR + 2 * CHUNK or src[:8] != b"ElfFile\0":
        sys.stderr.write("mkcorrupt-evtx.py: %s: not an EVTX file of two chunks or more\n" % argv[1])
        return 1
    os.makedirs(argv[2], exist_ok=True)
    lines = []
    for kind, what, expect in KINDS:
        data, at = damage(kind, src)
        with open(os.path.join(argv[2], kind + ".evtx"), "wb") as f:
            f.write(data)
        lines.append("%s\t%d\t%s: %s" % (kind, at, what, expect))
    with open(os.path.join(argv[2], "corrupt.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# kind\toffset\tdamage: what a careful reader should do\n")
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
