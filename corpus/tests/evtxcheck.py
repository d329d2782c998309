#!/usr/bin/python3
"""evtxcheck.py - read the reference case's logs back with two independent
readers and compare them with what was written.

  evtxcheck.py headers FILE.evtx...
      check file and chunk headers (signatures, version, CRC-32 with zlib,
      record numbering, sizes); print one line per problem
  evtxcheck.py pycount FILE.evtx
      number of records python-evtx finds (headers only, nothing rendered)
  evtxcheck.py counts SCENARIO.jsonl
      print "COUNT LOGFILE" for every log the scenario describes
  evtxcheck.py fields READER SCENARIO.jsonl GROUND-TRUTH.json LOGDIR
      READER is libevtx (evtxexport -f xml) or python-evtx (module Evtx);
      compare every record the ground truth names as evidence (attack steps
      and benign look-alikes) field by field with the scenario: among them
      the payload's Sysmon 1 (Hashes, Image, CommandLine), the Sysmon 23 of
      its deletion, the 4104 parts of the stage-2 script (also reassembled
      by ScriptBlockId and MessageNumber), the decoded 4104, and the 400
      with HostApplication.  Prints one line per mismatch; exit 1 if any.

Must run under Debian's /usr/bin/python3 for the python-evtx reader.
"""

import html
import json
import re
import subprocess
import sys

LOGFILE = {
    "Microsoft-Windows-Sysmon/Operational": "Microsoft-Windows-Sysmon%4Operational.evtx",
    "Security": "Security.evtx",
    "Microsoft-Windows-PowerShell/Operational": "Microsoft-Windows-PowerShell%4Operational.evtx",
    "Windows PowerShell": "Windows PowerShell.evtx",
    "System": "System.evtx",
}


def scenario(path):
    """{logfile: [event, ...]} in record order (record N at index N-1)."""
    logs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if "channel" in o:
                logs.setdefault(LOGFILE[o["channel"]], []).append(o)
    return logs


DATA_RE = re.compile(r'<Data(?: Name="([^"]*)")?>(.*?)</Data>|<Data(?: Name="([^"]*)")? ?/>', re.S)


def parse_event_xml(xml):
    """[(name or None, text)] of the EventData of one rendered event."""
    out = []
    for m in DATA_RE.finditer(xml):
        if m.group(2) is not None:
            out.append((m.group(1), html.unescape(m.group(2))))
        else:
            out.append((m.group(3), ""))
    return out


def read_libevtx(logdir, logfile, records):
    r = subprocess.run(["evtxexport", "-f", "xml", logdir + "/" + logfile],
                       capture_output=True, check=False)
    if r.returncode != 0:
        raise SystemExit("evtxexport failed on %s: %s" % (logfile, r.stderr.decode()))
    text = r.stdout.decode("utf-8")
    got = {}
    for ev in text.split("<Event xmlns")[1:]:
        m = re.search(r"<EventRecordID>(\d+)</EventRecordID>", ev)
        n = int(m.group(1))
        if n in records:
            got[n] = parse_event_xml(ev)
    return got


def read_python_evtx(logdir, logfile, records):
    import Evtx.Evtx as evtx
    got = {}
    with evtx.Evtx(logdir + "/" + logfile) as log:
        for n in records:
            rec = log.get_record(n)
            got[n] = parse_event_xml(rec.xml())
    return got


def expected(ev):
    """[(name, value, type)] as written; type as in the scenario."""
    out = []
    for item in ev["data"]:
        name, value = item[0], item[1]
        typ = item[2] if len(item) > 2 else (
            "string" if isinstance(value, str) else
            "bool" if isinstance(value, bool) else "uint32")
        out.append((name, value, typ))
    return out


def same(value, typ, text):
    """Does a reader's text show the value written?  Strings must match
    exactly; typed values are compared as values, since readers render them
    differently (GUID case, zero-padded hexadecimal, True/true)."""
    if typ == "string":
        return value == text
    if typ == "guid":
        return value.lower() == text.lower()
    if typ == "bool":
        return str(value).lower() == text.lower()
    if typ == "sid":
        return value == text
    try:
        return int(str(value), 0) == int(text, 0)
    except ValueError:
        return False


def check_headers(path):
    """Problems in the file header and chunk headers, checked with zlib's
    CRC-32 (an implementation independent of the writer's)."""
    import struct
    import zlib
    bad = []
    with open(path, "rb") as f:
        data = f.read()
    h = data[:4096]
    if h[:8] != b"ElfFile\0":
        return ["bad file signature"]
    first, last, next_id, hsize, minor, major, block, nchunks = struct.unpack_from("<QQQIHHHH", h, 8)
    flags, crc = struct.unpack_from("<II", h, 120)
    if (major, minor, hsize, block) != (3, 1, 128, 4096):
        bad.append("version %d.%d, header size %d, block %d" % (major, minor, hsize, block))
    if crc != zlib.crc32(h[:120]):
        bad.append("file header CRC")
    if flags != 0:
        bad.append("file flags 0x%x (dirty or full)" % flags)
    if len(data) != 4096 + nchunks * 65536 or first != 0 or last != nchunks - 1:
        bad.append("chunk count %d does not match size %d" % (nchunks, len(data)))
    rid = 1
    for i in range(nchunks):
        c = data[4096 + i * 65536:4096 + (i + 1) * 65536]
        if c[:8] != b"ElfChnk\0":
            bad.append("chunk %d signature" % i)
            continue
        fnum, lnum, fid, lid = struct.unpack_from("<QQQQ", c, 8)
        _, last_off, free, rcrc = struct.unpack_from("<IIII", c, 40)
        hcrc, = struct.unpack_from("<I", c, 124)
        if hcrc != zlib.crc32(c[:120] + c[128:512]):
            bad.append("chunk %d header CRC" % i)
        if rcrc != zlib.crc32(c[512:free]):
            bad.append("chunk %d records CRC" % i)
        if fid != rid or fnum != fid or lnum != lid:
            bad.append("chunk %d numbers %d..%d, expected to start at %d" % (i, fid, lid, rid))
        # Walk the records: signature, sizes, identifiers in sequence.
        off = 512
        while off < free:
            sig, size, ident = struct.unpack_from("<IIQ", c, off)
            if sig != 0x2A2A or size < 28 or off + size > free or \
                    struct.unpack_from("<I", c, off + size - 4)[0] != size or ident != rid:
                bad.append("chunk %d record at %d malformed" % (i, off))
                break
            if off == last_off and ident != lid:
                bad.append("chunk %d last record offset" % i)
            rid += 1
            off += size
    if next_id != rid:
        bad.append("next record identifier %d, expected %d" % (next_id, rid))
    return bad


def main(argv):
    if len(argv) >= 3 and argv[1] == "headers":
        bad = 0
        for path in argv[2:]:
            for problem in check_headers(path):
                print("%s: %s" % (path, problem))
                bad += 1
        return 1 if bad else 0
    if len(argv) == 3 and argv[1] == "pycount":
        import Evtx.Evtx as evtx
        with evtx.Evtx(argv[2]) as log:
            print(sum(1 for _ in log.records()))
        return 0
    if len(argv) == 3 and argv[1] == "counts":
        for logfile, evs in sorted(scenario(argv[2]).items()):
            print("%d %s" % (len(evs), logfile))
        return 0
    if len(argv) != 6 or argv[1] != "fields":
        sys.stderr.write(__doc__)
        return 2
    reader, logs, logdir = argv[2], scenario(argv[3]), argv[5]
    with open(argv[4], encoding="utf-8") as f:
        truth = json.load(f)
    read = {"libevtx": read_libevtx, "python-evtx": read_python_evtx}[reader]

    wanted = {}      # logfile -> set of record numbers
    for step in truth["steps"] + truth["benign"]:
        for e in step.get("evidence", []):
            wanted.setdefault(e["log"], set()).add(e["record"])
    got = {lf: read(logdir, lf, sorted(recs)) for lf, recs in wanted.items()}

    bad = 0
    checked = 0
    for lf, recs in sorted(wanted.items()):
        for n in sorted(recs):
            want = expected(logs[lf][n - 1])
            have = got[lf].get(n)
            if have is None:
                print("%s record %d: not found by %s" % (lf, n, reader))
                bad += 1
                continue
            if len(have) != len(want):
                print("%s record %d: %d Data elements, expected %d" % (lf, n, len(have), len(want)))
                bad += 1
                continue
            for (wn, wv, wt), (hn, hv) in zip(want, have):
                checked += 1
                if wn != hn:
                    print("%s record %d: Data name %r, expected %r" % (lf, n, hn, wn))
                    bad += 1
                elif not same(wv, wt, hv):
                    print("%s record %d: Data %r = %r, expected %r" % (lf, n, wn, hv[:120], str(wv)[:120]))
                    bad += 1

    # The stage-2 script: parts in MessageNumber order, one ScriptBlockId.
    step5 = [s for s in truth["steps"] if s["kind"] == "encoded_powershell"][0]
    parts = {}
    for e in step5["evidence"]:
        if e["event_id"] != 4104:
            continue
        fields = dict(got[e["log"]][e["record"]])
        if fields["ScriptBlockId"] == step5["stage2"]["script_block_id"]:
            parts[int(fields["MessageNumber"])] = (fields["MessageTotal"], fields["ScriptBlockText"])
    n = step5["stage2"]["parts"]
    if sorted(parts) != list(range(1, n + 1)) or any(t != str(n) for t, _ in parts.values()):
        print("stage-2 script block: parts %s, expected 1..%d of %d" % (sorted(parts), n, n))
        bad += 1
    else:
        import hashlib
        text = "".join(parts[i][1] for i in range(1, n + 1))
        if hashlib.sha256(text.encode()).hexdigest() != step5["stage2"]["sha256"]:
            print("stage-2 script block: reassembled text differs from the one written")
            bad += 1
    # The payload's hashes as Sysmon reports them.
    step4 = [s for s in truth["steps"] if s["kind"] == "process_start"][0]
    e = [x for x in step4["evidence"] if x["event_id"] == 1][0]
    if dict(got[e["log"]][e["record"]]).get("Hashes") != step4["hashes"]:
        print("payload Sysmon 1: Hashes differ from the payload's hashes")
        bad += 1
    print("%s: %d fields compared, %d mismatches" % (reader, checked, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
