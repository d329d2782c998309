#!/usr/bin/python3
"""regf-check.py - read the reference case's hives and artefacts back with
independent readers and compare them with what was described.

Usage: regf-check.py ARTDIR [HIVE...]

ARTDIR is corpus/scenario/mkartefacts.sh's output (the hives, the LNK files,
files/, desc/ with the descriptions and registry-truth.json).  For every hive
(all five when none is named):

  - the base block by hand: signature, equal sequence numbers, XOR-32
    checksum, hive bins that tile the hive bins size;
  - libregf through its Python binding (Debian python3-libregf): every key
    path, last-written time to the 100 ns, class name, and every value's
    name, type and data bytes;
  - regfexport (libregf-utils): every key path, value name, type and data
    size, and the data of string, integer and binary values as it prints
    them;
  - hivexml (libhivex-bin, an independent implementation): every key, its
    time to the second (hivexml prints no more), every value's type and data
    bytes;

then lnkinfo (liblnk-utils) on the LNK files, rifiuti-vista (rifiuti2) on
the Recycle Bin's $I file, and the task XML and PowerShell history against
registry-truth.json.  libregf 20201007 returns wrong bytes for data of 1 to
3 bytes stored in the value's offset field (it reads the upper bytes; Windows
and hivex use the lower ones: see corpus/README.md), so those are compared
with hivex only.

Prints TAP ("ok N - ...", "not ok N - ..."), ends with "N passed, N failed";
exit status 1 if any check failed, 77 if a reader is missing.
"""

import base64
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HIVES = ["SYSTEM", "SOFTWARE", "SAM", "NTUSER.DAT", "Amcache.hve"]
FT_EPOCH = 116444736000000000
results = []


def check(name, cond, detail=""):
    results.append(bool(cond))
    print("%s %d - %s%s" % ("ok" if cond else "not ok", len(results), name,
                            "" if cond or not detail else " # " + str(detail)[:300]))


def ticks(iso):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenario"))
    import mkscenario
    return mkscenario.ticks(iso) + FT_EPOCH


def u16(s):
    return s.encode("utf-16-le")


def value_bytes(v):
    """The data bytes a description line gives (desc.c's rules)."""
    t = v["type"]
    if "hex" in v:
        return bytes.fromhex(v["hex"])
    if "data" not in v:
        return b""
    d = v["data"]
    if t in ("REG_SZ", "REG_EXPAND_SZ", "REG_LINK"):
        return u16(d) + b"\0\0"
    if t == "REG_MULTI_SZ":
        return b"".join(u16(x) + b"\0\0" for x in d) + b"\0\0"
    if t in ("REG_DWORD", "REG_QWORD", "REG_DWORD_BIG_ENDIAN"):
        x = int(d, 16) if isinstance(d, str) else d
        return struct.pack({"REG_DWORD": "<I", "REG_QWORD": "<Q", "REG_DWORD_BIG_ENDIAN": ">I"}[t], x)
    raise ValueError(t)


TYPES = {"REG_NONE": 0, "REG_SZ": 1, "REG_EXPAND_SZ": 2, "REG_BINARY": 3, "REG_DWORD": 4,
         "REG_DWORD_BIG_ENDIAN": 5, "REG_LINK": 6, "REG_MULTI_SZ": 7, "REG_QWORD": 11}


def load_description(path):
    """{key path below the root: {"time", "class", "values": [(name, type, bytes)]}}, header, root"""
    keys, header, root, cur = {}, None, None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if header is None:
                header = o
            elif "key" in o:
                p = o["key"]
                if root is None:
                    root = p
                rel = p[len(root) + 1:] if p != root else ""
                cur = keys[rel] = {"time": ticks(o["time"]), "class": o.get("class"), "values": []}
            elif "value" in o:
                t = o["type"] if isinstance(o["type"], int) else TYPES[o["type"]]
                cur["values"].append((o["value"], t, value_bytes(o)))
    return keys, header, root


def check_header(name, data, header):
    sig, s1, s2 = struct.unpack_from("<4sII", data, 0)
    x = 0
    for i in range(0, 508, 4):
        x ^= struct.unpack_from("<I", data, i)[0]
    size = struct.unpack_from("<I", data, 40)[0]
    off, ok = 0, True
    while off < size:
        sig_b, boff, bsize = struct.unpack_from("<4sII", data, 4096 + off)
        if sig_b != b"hbin" or boff != off or bsize % 4096:
            ok = False
            break
        c = 4096 + off + 32
        while c < 4096 + off + bsize:          # cells tile the bin exactly
            cs = abs(struct.unpack_from("<i", data, c)[0])
            if cs < 8 or cs % 8:
                ok = False
                break
            c += cs
        ok = ok and c == 4096 + off + bsize
        off += bsize
    check("%s: base block: regf, sequences %d/%d equal (clean), checksum" % (name, s1, s2),
          sig == b"regf" and s1 == s2 == header["sequence"] and x == struct.unpack_from("<I", data, 508)[0])
    check("%s: hive bins tile %d bytes, cells tile every bin" % (name, size), ok and off == size and
          len(data) == 4096 + size)


def check_pyregf(name, path, keys, root):
    import pyregf
    f = pyregf.file()
    f.open(path)
    seen, bad_time, bad_class, bad_val, n_val = {}, [], [], [], 0

    def walk(k, rel):
        seen[rel] = k
        for i in range(k.number_of_sub_keys):
            s = k.get_sub_key(i)
            walk(s, (rel + "\\" if rel else "") + s.name)
    r = f.get_root_key()
    walk(r, "")
    check("%s: libregf: root key %s" % (name, root), r.name == root, r.name)
    check("%s: libregf: the %d keys described, no other" % (name, len(keys)), set(seen) == set(keys),
          sorted(set(seen) ^ set(keys))[:5])
    for rel, want in keys.items():
        k = seen.get(rel)
        if k is None:
            continue
        if k.get_last_written_time_as_integer() != want["time"]:
            bad_time.append(rel)
        if (k.class_name or None) != want["class"]:
            bad_class.append(rel)
        got = [(v.name or "", v.type, v.data or b"") for v in k.values]
        n_val += len(got)
        w = [(n, t, d) for n, t, d in want["values"]]
        if len(got) != len(w):
            bad_val.append(rel)
            continue
        for (gn, gt, gd), (wn, wt, wd) in zip(got, w):
            short = 0 < len(wd) < 4           # libregf 20201007 misreads these: hivex checks them
            if gn != wn or gt != wt or (not short and gd != wd) or (short and len(gd) != len(wd)):
                bad_val.append(rel + "\\" + wn)
    check("%s: libregf: every key's last-written time to 100 ns" % name, not bad_time, bad_time[:5])
    check("%s: libregf: class names" % name, not bad_class, bad_class[:5])
    check("%s: libregf: %d values: names, types, data bytes, in order" % (name, n_val), not bad_val, bad_val[:5])


def parse_regfexport(text):
    """{key path below the root: [(name, type code, size, data text, hexdump bytes)]}"""
    keys, cur, val = {}, None, None
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith("Key path: "):
            p = ln[10:]
            rel = p.split("\\", 1)[1] if "\\" in p else ""
            cur = keys[rel] = []
        elif ln.startswith("Value: ") and cur is not None:
            m = re.match(r"Value: \d+ (.*)$", ln)
            val = {"name": "" if m.group(1) == "(default)" else m.group(1), "hex": b"", "text": None}
            cur.append(val)
        elif ln.startswith("Type: ") and val is not None:
            m = re.search(r"\(REG_\w+\)|unknown: (0x[0-9a-f]+)", ln)
            names = {"REG_NONE": 0, "REG_SZ": 1, "REG_EXPAND_SZ": 2, "REG_BINARY": 3,
                     "REG_DWORD_LITTLE_ENDIAN": 4, "REG_MULTI_SZ": 7, "REG_QWORD_LITTLE_ENDIAN": 11}
            val["type"] = int(m.group(1), 16) if m.group(1) else names.get(m.group(0)[1:-1], -1)
        elif ln.startswith("Data size: ") and val is not None:
            val["size"] = int(ln[11:])
        elif ln.startswith("Data: ") and val is not None:
            val["text"] = ln[6:]
        elif re.match(r"^[0-9a-f]{8}: ", ln) and val is not None:
            val["hex"] += bytes.fromhex(ln[10:58].replace("  ", " "))
        i += 1
    return keys


def check_regfexport(name, path, keys):
    p = subprocess.run(["regfexport", path], capture_output=True)
    text = p.stdout.decode("utf-8", "replace")
    got = parse_regfexport(text)
    check("%s: regfexport: exit 0, no error output" % name, p.returncode == 0 and not p.stderr.strip(),
          p.stderr[:200])
    check("%s: regfexport: the %d keys described" % (name, len(keys)), set(got) == set(keys),
          sorted(set(got) ^ set(keys))[:5])
    bad, n = [], 0
    for rel, want in keys.items():
        g = got.get(rel, [])
        if len(g) != len(want["values"]):
            bad.append(rel)
            continue
        for gv, (wn, wt, wd) in zip(g, want["values"]):
            n += 1
            ok = gv["name"] == wn and gv["type"] == wt and gv.get("size") == len(wd)
            if ok and wt in (1, 2) and len(wd) >= 2:
                ok = gv["text"] == wd[:-2].decode("utf-16-le")
            elif ok and wt == 4:
                ok = gv["text"] == str(struct.unpack("<I", wd)[0])
            elif ok and wt == 11:
                ok = gv["text"] == str(struct.unpack("<Q", wd)[0])
            elif ok and wt not in (1, 2, 4, 7, 11) and len(wd) >= 4:
                ok = gv["hex"] == wd
            if not ok:
                bad.append(rel + "\\" + wn)
    check("%s: regfexport: %d values: names, types, sizes, printed data" % (name, n), not bad, bad[:5])


def hivex_value_bytes(v):
    enc = v.get("encoding")
    if enc == "base64":
        return base64.b64decode(v.get("value", ""))
    t = v.get("type")
    if t in ("string", "expand", "link"):
        return None                          # decoded text: compared as text
    if t == "int32":
        return struct.pack("<I", int(v.get("value")) & 0xFFFFFFFF)
    if t == "int64":
        return struct.pack("<Q", int(v.get("value")) & 0xFFFFFFFFFFFFFFFF)
    return None


def check_hivexml(name, path, keys, root):
    p = subprocess.run(["hivexml", path], capture_output=True)
    check("%s: hivexml: exit 0, no error output" % name, p.returncode == 0 and not p.stderr.strip(), p.stderr[:200])
    try:
        tree = ET.fromstring(p.stdout)
    except ET.ParseError as e:
        check("%s: hivexml: well-formed XML" % name, False, e)
        return
    seen = {}

    def walk(node, rel):
        seen[rel] = node
        for c in node.findall("node"):
            walk(c, (rel + "\\" if rel else "") + c.get("name"))
    r = tree.find("node")
    walk(r, "")
    check("%s: hivexml: root %s and the %d keys described" % (name, root, len(keys)),
          r.get("name") == root and set(seen) == set(keys), sorted(set(seen) ^ set(keys))[:5])
    bad_t, bad_v, n = [], [], 0
    for rel, want in keys.items():
        node = seen.get(rel)
        if node is None:
            continue
        secs = (want["time"] - FT_EPOCH) // 10**7
        import datetime
        w = datetime.datetime.fromtimestamp(secs, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if node.find("mtime").text != w:
            bad_t.append(rel)
        vals = node.findall("value")
        if len(vals) != len(want["values"]):
            bad_v.append(rel)
            continue
        for gv, (wn, wt, wd) in zip(vals, want["values"]):
            n += 1
            gname = "" if gv.get("default") == "1" else gv.get("key")
            b = hivex_value_bytes(gv)
            if b is not None:
                ok = b == wd
            elif gv.get("type") == "string-list":
                # the strings, each NUL-terminated, then an empty one (which
                # hivexml lists as an empty <string>): compare without it
                got = [x.text or "" for x in gv.findall("string")]
                want = wd.decode("utf-16-le").split("\0")
                while got and got[-1] == "":
                    got.pop()
                while want and want[-1] == "":
                    want.pop()
                ok = got == want
            else:
                ok = gv.get("value") == wd[:-2].decode("utf-16-le")
            if gname != wn or not ok:
                bad_v.append(rel + "\\" + wn)
    check("%s: hivexml: every key's time to the second" % name, not bad_t, bad_t[:5])
    check("%s: hivexml: %d values: names and data bytes (or text)" % (name, n), not bad_v, bad_v[:5])


def hivexsh(path, key):
    script = "cd %s\nlsval\n" % key
    p = subprocess.run(["hivexsh", path], input=script.encode(), capture_output=True)
    return p.stdout.decode("utf-8", "replace")


def check_truth(art, truth):
    """A few facts of registry-truth.json read straight from the hives by
    hivexsh (a third program), the artefact files and lnkinfo."""
    sysf = os.path.join(art, "SYSTEM")
    out = hivexsh(sysf, "ControlSet001\\Control\\ComputerName\\ComputerName")
    check("SYSTEM: hivexsh: ComputerName = %s" % truth["system"]["computer_name"],
          '"ComputerName"="%s"' % truth["system"]["computer_name"] in out, out)
    # ShimCache: decode the value hivex returns, entry by entry.
    import pyregf
    f = pyregf.file()
    f.open(sysf)
    blob = f.get_key_by_path(truth["system"]["shimcache"]["key"]).get_value_by_name("AppCompatCache").data
    hdr = struct.unpack_from("<I", blob, 0)[0]
    count = struct.unpack_from("<I", blob, 0x24)[0]
    off, got = hdr, []
    while off < len(blob):
        sig, _, size = struct.unpack_from("<4sII", blob, off)
        pl = struct.unpack_from("<H", blob, off + 12)[0]
        p = blob[off + 14:off + 14 + pl].decode("utf-16-le")
        t = struct.unpack_from("<Q", blob, off + 14 + pl)[0]
        got.append((sig, p, t))
        off += 12 + size
    want = [(b"10ts", e["path"], ticks(e["last_modified"])) for e in truth["system"]["shimcache"]["entries"]]
    check("SYSTEM: ShimCache: %d 10ts entries in order, paths and times to 100 ns, big data value of %d bytes" %
          (len(want), len(blob)), got == want and count == len(want) and len(blob) > 16344)
    for name in ("QEUpdate.exe", "qeupdate_helper.exe", "powershell.exe", "cmd.exe", "PING.EXE"):
        pos = [i for i, e in enumerate(got) if e[1].endswith("\\" + name)]
        check("SYSTEM: ShimCache lists %s (position %s)" % (name, pos), len(pos) == 1)
    order = [[i for i, e in enumerate(got) if e[1].endswith("\\" + n)][0]
             for n in ("PING.EXE", "cmd.exe", "powershell.exe", "qeupdate_helper.exe", "QEUpdate.exe")]
    check("SYSTEM: ShimCache: PING, cmd, powershell, the payload, the updater: most recent first", order == sorted(order))
    bam = truth["system"]["bam"]
    for sid, rows in bam["users"].items():
        k = f.get_key_by_path(bam["key"] + "\\" + sid)
        ok = all(struct.unpack_from("<Q", k.get_value_by_name(r["path"]).data)[0] == ticks(r["last_run"])
                 for r in rows)
        check("SYSTEM: BAM %s: %d programs with their last run to 100 ns" % (sid, len(rows)), ok and rows)
    # Amcache: SHA-1 of the payload as FileId.
    f = pyregf.file()
    f.open(os.path.join(art, "Amcache.hve"))
    for a in truth["amcache"]["files"]:
        k = f.get_key_by_path(a["key"])
        check("Amcache: %s FileId 0000+SHA-1 %s, path, size" % (a["name"], a["sha1"]),
              k is not None and k.get_value_by_name("FileId").get_data_as_string() == "0000" + a["sha1"] and
              k.get_value_by_name("LowerCaseLongPath").get_data_as_string() == a["lower_case_long_path"] and
              k.get_value_by_name("Size").get_data_as_integer() == a["size"] and
              k.get_last_written_time_as_integer() == ticks(a["key_time"]))
    # NTUSER.DAT: UserAssist decoded.
    f = pyregf.file()
    f.open(os.path.join(art, "NTUSER.DAT"))
    ok = True
    for e in truth["ntuser"]["userassist"]["entries"]:
        k = f.get_key_by_path(truth["ntuser"]["userassist"]["key"] + "\\" + e["guid"] + "\\Count")
        d = k.get_value_by_name(e["stored_name"]).data
        ok = ok and len(d) == 72 and struct.unpack_from("<III", d, 4) == (
            e["run_count"], e["focus_count"], e["focus_time_ms"]) and struct.unpack_from("<Q", d, 60)[0] == ticks(
            e["last_run"])
    check("NTUSER.DAT: UserAssist: %d ROT13 entries, 72-byte data: count, focus, last run" %
          len(truth["ntuser"]["userassist"]["entries"]), ok)
    # SAM: names and RIDs.
    f = pyregf.file()
    f.open(os.path.join(art, "SAM"))
    ok = all(f.get_key_by_path(u["names_key"]).get_value(0).type == u["rid"] and
             f.get_key_by_path(u["key"]) is not None for u in truth["sam"]["users"])
    check("SAM: %d users: Names\\<name> default value of type RID, Users\\<RID hex>" % len(truth["sam"]["users"]), ok)
    # LNK files, read by lnkinfo.
    for lk in truth["lnk"]:
        src = os.path.join(art, lnk_file(lk["path"]))
        p = subprocess.run(["lnkinfo", src], capture_output=True)
        out = p.stdout.decode("utf-8", "replace")
        want = ["Local path\t\t\t: " + lk["target"], "File size\t\t\t: %d bytes" % lk["target_size"],
                "Drive serial number\t\t: 0x%s" % lk["volume_serial"].lower(),
                "Volume label\t\t\t: " + lk["volume_label"], "Machine identifier\t\t: " + lk["machine_id"],
                "Droid file identifier\t\t: " + lk["droid_file_id"],
                "Creation time\t\t\t: " + lnk_time(lk["target_created"]),
                "Modification time\t\t: " + lnk_time(lk["target_modified"]),
                "Access time\t\t\t: " + lnk_time(lk["target_accessed"])]
        missing = [w for w in want if w not in out]
        check("lnkinfo %s: target, times, size, volume, tracker" % lk["path"].rsplit("/", 1)[1],
              p.returncode == 0 and not missing, missing or p.stderr)
    # Recycle Bin $I, read by rifiuti-vista.
    rb = truth["recycle_bin"][0]
    d = tempfile.mkdtemp()            # rifiuti-vista reads a folder of $I files
    shutil.copy(os.path.join(art, "files", rb["i_path"].rsplit("/", 1)[1]), d)
    p = subprocess.run(["rifiuti-vista", "-z", d], capture_output=True) if shutil.which("rifiuti-vista") else None
    if p is None:
        print("# rifiuti-vista missing (Debian rifiuti2): $I read by hand only")
    else:
        out = p.stdout.decode("utf-8", "replace")
        line = "\t%s\t%d\t%s" % (rb["deleted"][:10] + " " + rb["deleted"][11:19], rb["size"], rb["original_path"])
        check("rifiuti-vista $I: v2, original path, size, deletion time", line in out, out)
    shutil.rmtree(d)
    with open(os.path.join(art, "files", rb["i_path"].rsplit("/", 1)[1]), "rb") as fh:
        raw = fh.read()
    ver, size, when, n = struct.unpack_from("<qqQI", raw)
    check("$I by hand: version 2, size, deletion FILETIME to 100 ns, path",
          ver == 2 and size == rb["size"] and when == ticks(rb["deleted"]) and
          raw[28:28 + 2 * n].decode("utf-16-le") == rb["original_path"] + "\0")
    import hashlib
    with open(os.path.join(art, "files", rb["r_path"].rsplit("/", 1)[1]), "rb") as fh:
        rdata = fh.read()
    check("$R: %d bytes, SHA-1 %s" % (rb["size"], rb["r_sha1"]), len(rdata) == rb["size"] and
          hashlib.sha1(rdata).hexdigest() == rb["r_sha1"])
    # Task XML: UTF-16LE with BOM, the fields the truth gives.
    tx = truth["task_xml"]
    with open(os.path.join(art, "files", "QuillEdit Update"), "rb") as fh:
        raw = fh.read()
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    root = ET.fromstring(raw[2:].decode("utf-16-le").replace('encoding="UTF-16"', ""))
    check("task XML: UTF-16LE BOM; URI, Author, Date, Exec Command/Arguments, UserId",
          raw[:2] == b"\xff\xfe" and root.find("t:RegistrationInfo/t:URI", ns).text == tx["uri"] and
          root.find("t:RegistrationInfo/t:Author", ns).text == tx["author"] and
          root.find("t:RegistrationInfo/t:Date", ns).text == tx["date"] and
          root.find("t:Actions/t:Exec/t:Command", ns).text == tx["command"] and
          root.find("t:Actions/t:Exec/t:Arguments", ns).text == tx["arguments"] and
          root.find("t:Principals/t:Principal/t:UserId", ns).text == tx["user_id"] and
          hashlib.sha256(raw).hexdigest() == tx["sha256"])
    ph = truth["powershell_history"]
    with open(os.path.join(art, "files", "ConsoleHost_history.txt"), "rb") as fh:
        lines = fh.read().decode().split("\r\n")
    check("ConsoleHost_history.txt: %d lines, CRLF, no encoded command" % len(ph["lines"]),
          lines[:-1] == ph["lines"] and lines[-1] == "" and not any("-enc" in x.lower() for x in lines))


def lnk_file(image_path):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenario"))
    from mkregistry import IMAGE_FILES
    return [n for p, n, _, _ in IMAGE_FILES if p == image_path][0]


def lnk_time(iso):
    """lnkinfo's rendering: 'Mar 08, 2024 16:30:00.000000000 UTC'."""
    import datetime
    d = datetime.datetime.strptime(iso[:19], "%Y-%m-%dT%H:%M:%S")
    frac = (iso[20:27] + "0000000")[:7] if len(iso) > 20 else "0000000"
    return d.strftime("%b %d, %Y %H:%M:%S") + "." + frac + "00 UTC"


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: regf-check.py ARTDIR [HIVE...]\n")
        return 2
    art = argv[1]
    for tool in ("regfexport", "hivexml", "hivexsh", "lnkinfo"):
        if shutil.which(tool) is None:
            print("1..0 # SKIP %s not installed" % tool)
            return 77
    try:
        import pyregf  # noqa: F401
    except ImportError:
        print("1..0 # SKIP python3-libregf not installed")
        return 77
    for name in argv[2:] or HIVES:
        keys, header, root = load_description(os.path.join(art, "desc", name + ".jsonl"))
        path = os.path.join(art, name)
        with open(path, "rb") as f:
            check_header(name, f.read(), header)
        check_pyregf(name, path, keys, root)
        check_regfexport(name, path, keys)
        check_hivexml(name, path, keys, root)
    if len(argv) == 2:
        with open(os.path.join(art, "desc", "registry-truth.json"), encoding="utf-8") as f:
            check_truth(art, json.load(f))
    failed = results.count(False)
    print("1..%d" % len(results))
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
