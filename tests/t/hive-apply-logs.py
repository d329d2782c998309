#!/usr/bin/python3
# hive-apply-logs.py HIVE OUT LOG... - a second, minimal HvLE applier for
# tests/t/t1401-hive-logs.sh: every entry of the logs in sequence order,
# its pages copied over the hive bins, the base block marked clean. No
# checks at all (the real logs are known good); what it writes is read
# by hivex, a reader independent of libregf, to cross-check casetrail's
# counts.
import struct
import sys

hive = bytearray(open(sys.argv[1], "rb").read())
entries = []
for name in sys.argv[3:]:
    log = open(name, "rb").read()
    off = 512
    while off + 40 <= len(log) and log[off:off + 4] == b"HvLE":
        size, _, seq, hbins, count = struct.unpack_from("<IIIII", log, off + 4)
        entries.append((seq, log, off, hbins, count))
        off += size
entries.sort(key=lambda e: e[0])
for seq, log, off, hbins, count in entries:
    if len(hive) < 4096 + hbins:
        hive += bytes(4096 + hbins - len(hive))
    data = off + 40 + 8 * count
    for i in range(count):
        page, size = struct.unpack_from("<II", log, off + 40 + 8 * i)
        hive[4096 + page:4096 + page + size] = log[data:data + size]
        data += size
seq, hbins = entries[-1][0], entries[-1][3]
struct.pack_into("<III", hive, 4, seq, seq, struct.unpack_from("<I", hive, 12)[0])
struct.pack_into("<I", hive, 40, hbins)
checksum = 0
for i in range(0, 508, 4):
    checksum ^= struct.unpack_from("<I", hive, i)[0]
struct.pack_into("<I", hive, 508, checksum)
open(sys.argv[2], "wb").write(hive)
