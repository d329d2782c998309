#!/usr/bin/python3
"""mkregistry.py - the reference case's registry hives and Windows artefacts.

Usage: mkregistry.py PAYLOAD OUTDIR

Writes into OUTDIR the descriptions the project's writers turn into files
(corpus/mkartefacts.sh runs them):
  SYSTEM.jsonl SOFTWARE.jsonl SAM.jsonl NTUSER.DAT.jsonl Amcache.hve.jsonl
                      hive descriptions for corpus/mkregf (corpus/README.md)
  NTUSER.DAT.old.jsonl  the same user hive one logoff earlier: with
                      NTUSER.DAT.jsonl it makes the dirty variant (mkregf --dirty)
  links.jsonl         the LNK files, for corpus/mklnk
  files/              the other artefacts, byte for byte: the task XML
                      (UTF-16LE with BOM), ConsoleHost_history.txt, the
                      Recycle Bin $I/$R pair
  registry-truth.json the facts a reader of these artefacts must find (the
                      "registry" member of ground-truth.json, see FACTS.md)

Facts come from corpus/scenario/FACTS.md and from the event logs of
mkscenario.py, built here again (same seed, same events): ShimCache, BAM and
UserAssist list the programs the logs start, in the order and at the times
the logs give; file times, sizes and SHA-1s are those of the disk image's
manifest (reference-ntfs.json).  Python 3 standard library only; the same
bytes on every run.

mkmanifest-ntfs.py imports IMAGE_FILES from here (where each output goes in
the image, with its NTFS times); mkscenario.py imports facts() for the
ground truth.
"""

import hashlib
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mkscenario as S  # noqa: E402

T = S.ticks
SEC = S.SEC
FT_EPOCH = 116444736000000000          # FILETIME of 1970-01-01


def ft(iso):
    """ISO 8601 UTC -> FILETIME (100 ns since 1601)."""
    return T(iso) + FT_EPOCH


def iso_ft(filetime):
    return S.iso(filetime - FT_EPOCH)


# ---------------------------------------------------------------------------
# Facts of the host (FACTS.md, mkmanifest-ntfs.py)
# ---------------------------------------------------------------------------
INSTALL = "2023-09-14T08:21:07.3312450Z"
BUILD = "2023-08-09T06:18:44.0000000Z"
JDOE_PROFILE = "2023-09-18T07:55:10.2210000Z"
ADM_PROFILE = "2023-09-14T09:30:12.0410000Z"
QE_INSTALL = "2023-11-02T10:22:14.5312240Z"
TASK_CREATED = "2023-11-02T10:22:16.0120000Z"
PATCH_DONE = "2024-03-12T14:00:20.9000000Z"   # the patch updates its Uninstall entry, exits at 21.0
VOLUME_SERIAL32 = 0x82D45B97                  # low half of the NTFS serial 0x6A1C0F3E82D45B97
DISK_SIGNATURE = 0x2A5F1C03                   # mkreference.sh: mkdisk -i
PARTITION_OFFSET = 2048 * 512
DEVICE = "\\Device\\HarddiskVolume1"
MACHINE_SID = "S-1-5-21-2815307416-1409563852-3920148802"   # the local SAM's (not the domain's)
DOMAIN_SID = "S-1-5-21-3623811015-3361044348-30300820"      # CORP
TASK_PATH = "\\QuillEdit\\QuillEdit Update"
TASK_ID = "{6B8A1E53-0C7D-4F7E-9A3B-2D51C8E4F0A7}"
NETBIOS = "FIN-WS042"

# Where each artefact goes in the image, with its NTFS ($STANDARD_INFORMATION) times.
IMAGE_FILES = [
    # (image path, file in OUTDIR after mkartefacts.sh, created, modified)
    ("Windows/System32/config/SYSTEM", "SYSTEM",
     "2023-09-14T08:22:40.1180000Z", "2024-03-13T23:45:12.4410000Z"),
    ("Windows/System32/config/SOFTWARE", "SOFTWARE",
     "2023-09-14T08:22:40.2030000Z", "2024-03-13T23:17:12.9000000Z"),
    ("Windows/System32/config/SAM", "SAM",
     "2023-09-14T08:22:40.3310000Z", "2024-02-01T09:14:27.6610000Z"),
    ("Users/jdoe/NTUSER.DAT", "NTUSER.DAT",
     "2023-09-18T07:55:10.4120000Z", "2024-03-13T17:44:29.8120000Z"),
    ("Windows/AppCompat/Programs/Amcache.hve", "Amcache.hve",
     "2023-09-14T09:05:11.0200000Z", "2024-03-13T14:05:41.3370000Z"),
    ("Windows/System32/Tasks/QuillEdit/QuillEdit Update", "files/QuillEdit Update",
     TASK_CREATED, TASK_CREATED),
    ("Users/jdoe/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine/ConsoleHost_history.txt",
     "files/ConsoleHost_history.txt", "2023-10-04T13:21:45.1170000Z", "2024-03-07T11:45:02.3140000Z"),
    ("Users/jdoe/AppData/Roaming/Microsoft/Windows/Recent/Q1 budget review.lnk", "Q1 budget review.lnk",
     "2023-10-05T08:41:12.6610000Z", "2024-03-08T16:30:04.2210000Z"),
    ("Users/jdoe/AppData/Roaming/Microsoft/Windows/Recent/meeting notes 2024-03-04.lnk",
     "meeting notes 2024-03-04.lnk", "2023-12-01T10:02:33.4500000Z", "2024-03-08T16:31:10.0050000Z"),
    ("Users/jdoe/Desktop/QuillEdit.lnk", "QuillEdit.lnk",
     "2023-11-02T10:22:15.9020000Z", "2023-11-02T10:22:15.9020000Z"),
    ("ProgramData/Microsoft/Windows/Start Menu/Programs/QuillEdit/QuillEdit.lnk", "QuillEdit-startmenu.lnk",
     "2023-11-02T10:22:15.8870000Z", "2023-11-02T10:22:15.8870000Z"),
    ("$Recycle.Bin/" + S.JDOE_SID + "/$IK3V7QZ.xlsx", "files/$IK3V7QZ.xlsx",
     "2024-03-12T16:05:41.7730000Z", "2024-03-12T16:05:41.7730000Z"),
    ("$Recycle.Bin/" + S.JDOE_SID + "/$RK3V7QZ.xlsx", "files/$RK3V7QZ.xlsx",
     "2023-10-12T09:12:00.0000000Z", "2024-02-29T11:20:13.0000000Z"),
    ("$Recycle.Bin/" + S.JDOE_SID + "/desktop.ini", "files/recycle-desktop.ini",
     "2023-10-20T08:14:02.5510000Z", "2023-10-20T08:14:02.5510000Z"),
]
RECYCLED = {"original": "C:\\Users\\jdoe\\Documents\\Q3 forecast old.xlsx",
            "deleted": "2024-03-12T16:05:41.7730000Z", "seed": 207}


# ---------------------------------------------------------------------------
# The image's files (reference-ntfs.json): times, sizes, content hashes
# ---------------------------------------------------------------------------
def mix64(x):
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def fill_bytes(seed, size, prefix=b""):
    """corpus/mkntfsimg/fill.c: block i of 8 bytes is mix(seed ^ i * K)."""
    out = bytearray()
    for blk in range((size + 7) // 8):
        v = mix64(seed ^ ((blk * 0xD1342543DE82EF95) & 0xFFFFFFFFFFFFFFFF))
        out += struct.pack("<Q", v)
    del out[size:]
    out[:len(prefix)] = prefix[:size]
    return bytes(out)


class Disk:
    """Files of the manifest by lower-case Windows path (C:\\...), last entry wins
    (a replaced file's new version)."""

    def __init__(self, manifest):
        self.files = {}
        with open(manifest, encoding="utf-8") as f:
            m = json.load(f)
        for e in m["entries"]:
            if "bulk" in e:
                self._bulk(e["bulk"])
            elif e.get("type") != "dir":
                t = e["times"]
                cr = t["created"]
                mo = t.get("modified", cr)
                later = max(cr, mo, key=T)
                self._add(e["path"], cr, mo, t.get("accessed", later), e, e.get("deleted"))

    def _add(self, path, cr, mo, ac, e, deleted=None, size=None, seed=None, prefix=None):
        self.files[("C:\\" + path.replace("/", "\\")).lower()] = {
            "path": "C:\\" + path.replace("/", "\\"), "created": cr, "modified": mo, "accessed": ac,
            "entry": e, "deleted": deleted, "size": size, "seed": seed, "prefix": prefix}

    def _bulk(self, b):
        names = b.get("names") or [b["pattern"] % i for i in range(b["count"])]
        step = b.get("step_ticks", SEC // 100)
        for i, n in enumerate(names):
            r = mix64(b["seed"] ^ mix64(i))
            size = b["size_min"] + (r % (b["size_max"] - b["size_min"] + 1) if b["size_max"] > b["size_min"] else 0)
            cr = S.iso(T(b["created"]) + i * step)
            self._add(b["dir"] + "/" + n, cr, b.get("modified", cr), cr, None,
                      size=size, seed=mix64(r), prefix=b.get("prefix"))

    def get(self, winpath):
        return self.files.get(winpath.lower())

    def content(self, winpath, payload):
        f = self.get(winpath)
        e = f["entry"]
        if e is None:
            return fill_bytes(f["seed"], f["size"], (f["prefix"] or "").encode())
        if e.get("file") == "${PAYLOAD}":
            return payload
        fl = e["fill"]
        return fill_bytes(fl["seed"], fl["size"], fl.get("prefix", "").encode())

    def size(self, winpath, payload):
        f = self.get(winpath)
        if f["entry"] is None:
            return f["size"]
        if f["entry"].get("file") == "${PAYLOAD}":
            return len(payload)
        return f["entry"]["fill"]["size"]


# ---------------------------------------------------------------------------
# What the event logs say ran (Sysmon 1), for ShimCache, BAM and UserAssist
# ---------------------------------------------------------------------------
def process_starts(case):
    out = []
    for t, _, ev, _ in sorted(case.log.events, key=lambda e: (e[0], e[1])):
        if ev["eid"] == 1 and ev["channel"] == S.SYSMON[0]:
            d = {x[0]: x[1] for x in ev["data"]}
            out.append({"time": S.iso(t), "image": d["Image"], "parent": d["ParentImage"],
                        "user": d["User"], "pid": d["ProcessId"]})
    return out


def last_runs(starts, pred):
    """{image: (last start, count)} for the starts that pred accepts."""
    r = {}
    for s in starts:
        if pred(s):
            t, n = r.get(s["image"], (None, 0))
            r[s["image"]] = (s["time"], n + 1)
    return r


# ---------------------------------------------------------------------------
# Encoders
# ---------------------------------------------------------------------------
def u16(s, nul=True):
    return s.encode("utf-16-le") + (b"\0\0" if nul else b"")


def sid_bytes(sid):
    p = sid.split("-")
    subs = [int(x) for x in p[3:]]
    return struct.pack("<BB", 1, len(subs)) + int(p[2]).to_bytes(6, "big") + b"".join(
        struct.pack("<I", x) for x in subs)


def acl(aces):
    body = b""
    for flags, mask, sid in aces:
        s = sid_bytes(sid)
        body += struct.pack("<BBHI", 0, flags, 8 + len(s), mask) + s
    return struct.pack("<BBHHH", 2, 0, 8 + len(body), len(aces), 0) + body


def security_descriptor(owner, group, aces, control=0x9404):
    """Self-relative SECURITY_DESCRIPTOR with a DACL, as hives store in sk cells."""
    o, g, d = sid_bytes(owner), sid_bytes(group), acl(aces)
    return struct.pack("<BBHIIII", 1, 0, control, 20, 20 + len(o), 0, 20 + len(o) + len(g)) + o + g + d


KEY_ALL, KEY_READ, GENERIC_ALL = 0xF003F, 0x20019, 0x10000000
CI, CI_IO = 0x02, 0x0A
SD_MACHINE = security_descriptor("S-1-5-32-544", "S-1-5-18", [
    (CI, KEY_ALL, "S-1-5-18"), (CI, KEY_ALL, "S-1-5-32-544"), (CI, KEY_READ, "S-1-5-32-545"),
    (CI_IO, GENERIC_ALL, "S-1-3-0")])
SD_SAM = security_descriptor("S-1-5-32-544", "S-1-5-18", [
    (CI, KEY_ALL, "S-1-5-18"), (CI, 0x00020000 | 0x40000, "S-1-5-32-544")])
SD_USER = security_descriptor(S.JDOE_SID, "S-1-5-18", [
    (CI, KEY_ALL, S.JDOE_SID), (CI, KEY_ALL, "S-1-5-18"), (CI, KEY_ALL, "S-1-5-32-544"),
    (CI, KEY_READ, "S-1-5-12")])


def systemtime(year, month, dow, day, hour):
    """SYSTEMTIME as TIME_ZONE_INFORMATION uses it (day = week of month)."""
    return struct.pack("<8H", year, month, dow, day, hour, 0, 0, 0)


def rot13(s):
    out = []
    for c in s:
        if "a" <= c <= "z":
            out.append(chr((ord(c) - 97 + 13) % 26 + 97))
        elif "A" <= c <= "Z":
            out.append(chr((ord(c) - 65 + 13) % 26 + 65))
        else:
            out.append(c)
    return "".join(out)


def guid_bytes(g):
    h = g.strip("{}").replace("-", "")
    b = bytes.fromhex(h)
    return b[3::-1] + b[5:3:-1] + b[7:5:-1] + b[8:]


def stable_hex(*parts, n=16):
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:n]


# ---------------------------------------------------------------------------
# A hive under construction: a tree, written depth first
# ---------------------------------------------------------------------------
class Hive:
    def __init__(self, root, header):
        self.header = dict(format="casetrail-regf/1", **header)
        self.sds = []
        self.root = {"name": root, "kids": {}, "values": [], "time": None}

    def sd(self, name, blob):
        self.sds.append({"sd": name, "hex": blob.hex()})

    def key(self, path, time, cls=None, sd=None):
        """Create (or touch) a key; path below the root, '\\'-separated.
        Intermediate keys get the same time unless they exist."""
        node = self.root
        for part in [p for p in path.split("\\") if p]:
            if part not in node["kids"]:
                node["kids"][part] = {"name": part, "kids": {}, "values": [], "time": time}
            node = node["kids"][part]
        node["time"] = time
        if cls:
            node["class"] = cls
        if sd:
            node["sd"] = sd
        return node

    def value(self, path, name, typ, data=None, hexdata=None, time=None):
        node = self.key(path, time) if time else self.find(path)
        v = {"value": name, "type": typ}
        if hexdata is not None:
            v["hex"] = hexdata.hex() if isinstance(hexdata, (bytes, bytearray)) else hexdata
        elif data is not None:
            v["data"] = data
        node["values"].append(v)

    def find(self, path):
        node = self.root
        for part in [p for p in path.split("\\") if p]:
            node = node["kids"][part]
        return node

    def lines(self):
        out = [json.dumps(self.header)] + [json.dumps(s) for s in self.sds]

        def walk(node, prefix):
            p = prefix + "\\" + node["name"] if prefix else node["name"]
            k = {"key": p, "time": node["time"]}
            if "class" in node:
                k["class"] = node["class"]
            if "sd" in node:
                k["sd"] = node["sd"]
            out.append(json.dumps(k, ensure_ascii=False))
            for v in node["values"]:
                out.append(json.dumps(v, ensure_ascii=False))
            for name in sorted(node["kids"], key=lambda s: s.upper()):
                walk(node["kids"][name], p)

        walk(self.root, "")
        return out

    def counts(self):
        keys = values = 0
        stack = [self.root]
        while stack:
            n = stack.pop()
            keys += 1
            values += len(n["values"])
            stack.extend(n["kids"].values())
        return keys, values


# ---------------------------------------------------------------------------
# The facts and the hives
# ---------------------------------------------------------------------------
class Build:
    def __init__(self, case, hashes, payload, manifest):
        self.case = case
        self.h = hashes
        self.payload = payload
        self.disk = Disk(manifest)
        self.starts = process_starts(case)
        self.truth = {}

    # -- SYSTEM ---------------------------------------------------------------
    def shimcache(self):
        """Windows 10 (Creators Update and later) AppCompatCache: a 0x34-byte
        header with the entry count at 0x24, then "10ts" entries, most
        recently used first."""
        runs = last_runs(self.starts, lambda s: True)
        order = sorted(runs, key=lambda im: T(runs[im][0]), reverse=True)
        # Programs seen before the logs' window: last used long ago, at the end.
        # Programs seen before the logs' window, least recently at the end: the
        # installers, then the system's executables in the order setup laid
        # them down (a Windows 10 cache holds hundreds; this one outgrows a
        # cell and is stored as big data, as real ones are).
        older = ["C:\\Program Files (x86)\\QuillEdit\\unins000.exe"] + sorted(
            (f["path"] for f in self.disk.files.values()
             if f["path"].lower().startswith("c:\\windows\\system32\\") and f["path"].count("\\") == 3
             and f["path"].lower().endswith(".exe")), key=lambda p: (T(self.disk.get(p)["created"]), p))
        entries = []
        for im in order + older:
            f = self.disk.get(im)
            if f is None or im in [e["path"] for e in entries]:
                continue
            machine = 0x014C if "(x86)" in im or "\\Temp\\" in im else 0x8664
            data = struct.pack("<IIIIII", 0x200, 4, 1 if im in runs else 0, 0x800, 2, machine) + \
                struct.pack("<IIII", 1, 0, 2, 0)
            entries.append({"path": im, "last_modified": f["modified"], "data": data,
                            "executed_in_logs": im in runs})
        blob = bytearray(struct.pack("<I", 0x34) + b"\0" * 0x30)
        struct.pack_into("<I", blob, 0x24, len(entries))
        for e in entries:
            p = u16(e["path"], nul=False)
            body = struct.pack("<H", len(p)) + p + struct.pack("<QI", ft(e["last_modified"]), len(e["data"])) + e["data"]
            crc = int(stable_hex("shim", e["path"].upper(), n=8), 16)
            blob += b"10ts" + struct.pack("<II", crc, len(body)) + body
        return bytes(blob), entries

    def system(self):
        hv = Hive("ROOT", {"minor": 5, "sequence": 41207, "written": IMAGE_FILES[0][3],
                           "file_name": "\\SystemRoot\\System32\\Config\\SYSTEM",
                           "reorganized": "2024-02-14T03:11:52.4180000Z"})
        hv.sd("machine", SD_MACHINE)
        hv.root["time"] = "2023-09-14T08:22:41.0050000Z"
        cs = "ControlSet001"
        base = "2023-09-14T08:22:41.2000000Z"
        for k in ["Select", cs, cs + "\\Control", cs + "\\Services", cs + "\\Enum", "Setup", "MountedDevices",
                  "DriverDatabase", "HardwareConfig", "Software"]:
            hv.key(k, base)
        hv.key("Select", "2023-09-14T08:44:10.0010000Z")
        for n, v in [("Current", 1), ("Default", 1), ("Failed", 0), ("LastKnownGood", 1)]:
            hv.value("Select", n, "REG_DWORD", v)
        hv.key("MountedDevices", "2023-09-14T08:23:02.7100000Z")
        hv.value("MountedDevices", "\\DosDevices\\C:", "REG_BINARY",
                 hexdata=struct.pack("<IQ", DISK_SIGNATURE, PARTITION_OFFSET))
        hv.value("Setup", "SystemSetupInProgress", "REG_DWORD", 0)
        cn = cs + "\\Control\\ComputerName\\ComputerName"
        hv.key(cs + "\\Control\\ComputerName", "2023-09-14T08:44:02.5110000Z")
        hv.key(cn, "2023-09-14T08:44:02.5110000Z")
        hv.value(cn, "", "REG_SZ", "mnmsrvc")
        hv.value(cn, "ComputerName", "REG_SZ", NETBIOS)
        tz = cs + "\\Control\\TimeZoneInformation"
        hv.key(tz, "2023-09-14T08:40:10.1230000Z")
        neg60 = 0xFFFFFFC4
        for n, t, v in [("Bias", "REG_DWORD", neg60), ("DaylightBias", "REG_DWORD", neg60),
                        ("DaylightName", "REG_SZ", "@tzres.dll,-321"), ("StandardBias", "REG_DWORD", 0),
                        ("StandardName", "REG_SZ", "@tzres.dll,-322"),
                        ("TimeZoneKeyName", "REG_SZ", "W. Europe Standard Time"),
                        ("DynamicDaylightTimeDisabled", "REG_DWORD", 0), ("ActiveTimeBias", "REG_DWORD", neg60)]:
            hv.value(tz, n, t, v)
        hv.value(tz, "DaylightStart", "REG_BINARY", hexdata=systemtime(0, 3, 0, 5, 2))
        hv.value(tz, "StandardStart", "REG_BINARY", hexdata=systemtime(0, 10, 0, 5, 3))
        blob, shim = self.shimcache()
        acc = cs + "\\Control\\Session Manager\\AppCompatCache"
        hv.key(cs + "\\Control\\Session Manager", base)
        hv.value(cs + "\\Control\\Session Manager", "BootExecute", "REG_MULTI_SZ", ["autocheck autochk *"])
        hv.key(acc, "2024-03-13T23:45:12.4400000Z")
        hv.value(acc, "AppCompatCache", "REG_BINARY", hexdata=blob)
        hv.value(acc, "CacheMainSdb", "REG_BINARY", hexdata=bytes(range(64)))
        # Lsa's JD, Skew1, GBG and Data keys keep the boot key in their class
        # names (8 hex digits each), the class names a SYSTEM hive always has.
        lsa = cs + "\\Control\\Lsa"
        hv.key(lsa, base)
        boot = stable_hex("bootkey", n=32)
        for i, n in enumerate(["JD", "Skew1", "GBG", "Data"]):
            hv.key(lsa + "\\" + n, base, cls=boot[8 * i:8 * i + 8])
            hv.value(lsa + "\\" + n, "Lookup", "REG_BINARY", hexdata=bytes.fromhex(stable_hex("lsa", n, n=12)))
        hv.key(cs + "\\Control\\Windows", base)
        hv.value(cs + "\\Control\\Windows", "CSDVersion", "REG_DWORD", 0)
        # BAM: per user, the last run of each program the user ran (its start in the logs).
        bam = cs + "\\Services\\bam\\State\\UserSettings"
        hv.key(cs + "\\Services\\bam", "2023-09-14T08:22:43.1000000Z")
        hv.value(cs + "\\Services\\bam", "Start", "REG_DWORD", 1)
        hv.value(cs + "\\Services\\bam", "Type", "REG_DWORD", 1)
        hv.value(cs + "\\Services\\bam", "ImagePath", "REG_EXPAND_SZ", "system32\\drivers\\bam.sys")
        hv.key(cs + "\\Services\\bam\\State", "2023-09-14T08:45:01.0000000Z")
        hv.value(cs + "\\Services\\bam\\State", "Version", "REG_DWORD", 1)
        bam_truth = {}
        for sid, user in [(S.JDOE_SID, "CORP\\jdoe"), (S.ADM_SID, "CORP\\adm-mkeller")]:
            runs = last_runs(self.starts, lambda s: s["user"] == user and not s["image"].endswith(
                ("userinit.exe", "explorer.exe", "RuntimeBroker.exe", "backgroundTaskHost.exe")))
            items = sorted(runs.items(), key=lambda kv: T(kv[1][0]))
            key = bam + "\\" + sid
            hv.key(key, items[-1][1][0] if items else ADM_PROFILE)
            hv.value(key, "Version", "REG_DWORD", 1)
            hv.value(key, "SequenceNumber", "REG_DWORD", 9 + len(items))
            rows = []
            for im, (t, _) in items:
                dev = DEVICE + im[2:]
                hv.value(key, dev, "REG_BINARY", hexdata=struct.pack("<Q", ft(t)) + b"\0" * 16)
                rows.append({"path": dev, "last_run": t})
            bam_truth[sid] = rows
        # Services: the benign ones the logs name, with their parameters.
        svc = cs + "\\Services\\"
        mp = [e for e in self.case.log.events if e[2]["eid"] == 7045][-1]
        mp_data = {x[0]: x[1] for x in mp[2]["data"]}
        services = [
            ("gupdate", "\"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe\" /svc", 2, 0x10,
             "Google Update Service (gupdate)", "LocalSystem", "2023-10-05T12:41:40.3300000Z", None),
            ("Schedule", "%systemroot%\\system32\\svchost.exe -k netsvcs -p", 2, 0x20, "@%SystemRoot%\\system32\\schedsvc.dll,-100",
             "LocalSystem", base, "%systemroot%\\system32\\schedsvc.dll"),
            ("wuauserv", "%systemroot%\\system32\\svchost.exe -k netsvcs -p", 3, 0x20, "@%systemroot%\\system32\\wuaueng.dll,-105",
             "LocalSystem", "2024-01-10T03:14:22.0000000Z", "%systemroot%\\system32\\wuaueng.dll"),
            ("BITS", "%SystemRoot%\\System32\\svchost.exe -k netsvcs -p", 3, 0x20, "@%SystemRoot%\\system32\\qmgr.dll,-1000",
             "LocalSystem", base, "%SystemRoot%\\System32\\qmgr.dll"),
            ("MpKslDrv", mp_data["ImagePath"], 3, 0x1, "MpKslDrv", None, S.iso(mp[0]), None),
        ]
        svc_truth = []
        for name, image, start, typ, display, account, t, dll in services:
            hv.key(svc + name, t)
            hv.value(svc + name, "Type", "REG_DWORD", typ)
            hv.value(svc + name, "Start", "REG_DWORD", start)
            hv.value(svc + name, "ErrorControl", "REG_DWORD", 1)
            hv.value(svc + name, "ImagePath", "REG_EXPAND_SZ", image)
            hv.value(svc + name, "DisplayName", "REG_SZ", display)
            if account:
                hv.value(svc + name, "ObjectName", "REG_SZ", account)
            if name == "gupdate":
                hv.value(svc + name, "DelayedAutostart", "REG_DWORD", 1)
                hv.value(svc + name, "Description", "REG_SZ",
                         "Keeps your Google software up to date. If this service is disabled or stopped, your Google software will not be kept up to date.")
            if dll:
                hv.key(svc + name + "\\Parameters", t)
                hv.value(svc + name + "\\Parameters", "ServiceDll", "REG_EXPAND_SZ", dll)
            svc_truth.append({"name": name, "key": "ControlSet001\\Services\\" + name, "image_path": image,
                              "start": start, "type": typ, "service_dll": dll, "key_time": t})
        self.truth["system"] = {
            "computer_name": NETBIOS, "current_control_set": 1,
            "time_zone": {"key_name": "W. Europe Standard Time", "bias_minutes": -60,
                          "key": "ControlSet001\\Control\\TimeZoneInformation"},
            "shimcache": {"key": acc, "value": "AppCompatCache", "format": "Windows 10 (header 0x34, 10ts entries)",
                          "count": len(shim), "value_size": len(blob),
                          "entries": [{"position": i, "path": e["path"], "last_modified": e["last_modified"]}
                                      for i, e in enumerate(shim)]},
            "bam": {"key": bam, "users": bam_truth},
            "services": svc_truth,
            "lsa_class_names": {n: boot[8 * i:8 * i + 8] for i, n in enumerate(["JD", "Skew1", "GBG", "Data"])},
            "mounted_devices": {"\\DosDevices\\C:": "disk signature 0x%08X, partition offset %d" % (
                DISK_SIGNATURE, PARTITION_OFFSET)},
        }
        return hv

    # -- SOFTWARE -------------------------------------------------------------
    def task_xml(self):
        x = "\r\n".join([
            '<?xml version="1.0" encoding="UTF-16"?>',
            '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
            "  <RegistrationInfo>",
            "    <Date>2023-11-02T11:22:16.0120000</Date>",
            "    <Author>QuillTech Software Ltd.</Author>",
            "    <Description>Keeps QuillEdit up to date.</Description>",
            "    <URI>" + TASK_PATH + "</URI>",
            "  </RegistrationInfo>",
            "  <Triggers>",
            "    <CalendarTrigger>",
            "      <StartBoundary>2023-11-07T14:00:00Z</StartBoundary>",
            "      <Enabled>true</Enabled>",
            "      <ScheduleByWeek>",
            "        <DaysOfWeek>",
            "          <Tuesday />",
            "          <Wednesday />",
            "        </DaysOfWeek>",
            "        <WeeksInterval>1</WeeksInterval>",
            "      </ScheduleByWeek>",
            "    </CalendarTrigger>",
            "  </Triggers>",
            "  <Principals>",
            '    <Principal id="Author">',
            "      <UserId>" + S.JDOE_SID + "</UserId>",
            "      <LogonType>InteractiveToken</LogonType>",
            "      <RunLevel>LeastPrivilege</RunLevel>",
            "    </Principal>",
            "  </Principals>",
            "  <Settings>",
            "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>",
            "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>",
            "    <StartWhenAvailable>true</StartWhenAvailable>",
            "    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>",
            "    <Enabled>true</Enabled>",
            "  </Settings>",
            '  <Actions Context="Author">',
            "    <Exec>",
            "      <Command>\"C:\\Program Files (x86)\\QuillEdit\\QEUpdate.exe\"</Command>",
            "      <Arguments>/scheduled</Arguments>",
            "    </Exec>",
            "  </Actions>",
            "</Task>"]) + "\r\n"
        return b"\xff\xfe" + x.encode("utf-16-le")

    def software(self):
        hv = Hive("ROOT", {"minor": 5, "sequence": 88361, "written": IMAGE_FILES[1][3],
                           "file_name": "\\SystemRoot\\System32\\Config\\SOFTWARE",
                           "reorganized": "2024-02-14T03:11:53.0920000Z"})
        hv.sd("machine", SD_MACHINE)
        hv.root["time"] = "2023-09-14T08:22:41.3000000Z"
        base = "2023-09-14T08:22:41.4000000Z"
        for k in ["Classes", "Clients", "Microsoft", "Policies", "RegisteredApplications", "WOW6432Node",
                  "Google", "Microsoft\\Windows", "Microsoft\\Windows\\CurrentVersion",
                  "Microsoft\\Windows NT", "Microsoft\\Windows NT\\CurrentVersion"]:
            hv.key(k, base)
        cv = "Microsoft\\Windows NT\\CurrentVersion"
        hv.key(cv, "2024-01-10T03:20:07.5510000Z")
        install_unix = (T(INSTALL)) // SEC
        for n, t, v in [("SystemRoot", "REG_SZ", "C:\\Windows"), ("BuildBranch", "REG_SZ", "vb_release"),
                        ("CurrentBuild", "REG_SZ", "19045"), ("CurrentBuildNumber", "REG_SZ", "19045"),
                        ("CurrentMajorVersionNumber", "REG_DWORD", 10), ("CurrentMinorVersionNumber", "REG_DWORD", 0),
                        ("CurrentType", "REG_SZ", "Multiprocessor Free"), ("CurrentVersion", "REG_SZ", "6.3"),
                        ("DisplayVersion", "REG_SZ", "22H2"), ("EditionID", "REG_SZ", "Enterprise"),
                        ("InstallationType", "REG_SZ", "Client"), ("InstallDate", "REG_DWORD", install_unix),
                        ("InstallTime", "REG_QWORD", ft(INSTALL)), ("PathName", "REG_SZ", "C:\\Windows"),
                        ("ProductName", "REG_SZ", "Windows 10 Enterprise"), ("ReleaseId", "REG_SZ", "2009"),
                        ("RegisteredOrganization", "REG_SZ", "QuillTech"), ("RegisteredOwner", "REG_SZ", "Corp IT"),
                        ("UBR", "REG_DWORD", 3996)]:
            hv.value(cv, n, t, v)
        hv.value(cv, "DigitalProductId", "REG_BINARY", hexdata=bytes.fromhex(stable_hex("dpid", n=2 * 164)))
        # ProfileList: SID -> profile folder.
        pl = cv + "\\ProfileList"
        hv.key(pl, "2023-09-18T07:55:10.2300000Z")
        hv.value(pl, "Default", "REG_EXPAND_SZ", "%SystemDrive%\\Users\\Default")
        hv.value(pl, "ProfilesDirectory", "REG_EXPAND_SZ", "%SystemDrive%\\Users")
        hv.value(pl, "Public", "REG_EXPAND_SZ", "%SystemDrive%\\Users\\Public")
        profiles = [("S-1-5-18", "%systemroot%\\system32\\config\\systemprofile", base, None),
                    ("S-1-5-19", "%systemroot%\\ServiceProfiles\\LocalService", base, None),
                    ("S-1-5-20", "%systemroot%\\ServiceProfiles\\NetworkService", base, None),
                    (S.ADM_SID, "C:\\Users\\adm-mkeller", "2024-03-11T10:14:41.2200000Z", "2024-03-11T10:14:41.2200000Z"),
                    (S.JDOE_SID, "C:\\Users\\jdoe", "2024-03-13T07:58:03.1020000Z", "2024-03-13T07:58:03.1020000Z")]
        for sid, path, t, loaded in profiles:
            k = pl + "\\" + sid
            hv.key(k, t)
            hv.value(k, "Flags", "REG_DWORD", 0 if sid.count("-") > 3 else 12)
            hv.value(k, "ProfileImagePath", "REG_EXPAND_SZ", path)
            hv.value(k, "Sid", "REG_BINARY", hexdata=sid_bytes(sid))
            hv.value(k, "State", "REG_DWORD", 0)
            if loaded:
                f = ft(loaded)
                hv.value(k, "LocalProfileLoadTimeLow", "REG_DWORD", f & 0xFFFFFFFF)
                hv.value(k, "LocalProfileLoadTimeHigh", "REG_DWORD", f >> 32)
        # TaskCache: the updater's task (and the other scheduled programs of the logs).
        tc = cv + "\\Schedule\\TaskCache"
        hv.key(cv + "\\Schedule", base)
        xml = self.task_xml()
        last_run = [s["time"] for s in self.starts if s["image"] == S.UPDATER][-1]
        tasks = [
            (TASK_PATH, TASK_ID, "QuillTech Software Ltd.", "2023-11-02T11:22:16.0120000", TASK_CREATED,
             S.UPDATER, "/scheduled", xml, last_run),
            ("\\GoogleUpdateTaskMachineUA", "{3A9B6E4C-71D2-4B0E-8C5F-0E27D9A41B63}", "Google LLC",
             "2023-10-05T13:41:39.2100000", "2023-10-05T12:41:39.2100000Z", S.GUPDATE,
             "/ua /installsource scheduler", None,
             [s["time"] for s in self.starts if s["image"] == S.GUPDATE][-1]),
            ("\\CorpIT\\Collect-Inventory", "{C1E4A0B2-5D6F-4A83-9B71-3F0C2E8D5A16}", "CORP\\it-deploy",
             "2023-09-20T15:04:58.7700000", "2023-09-20T13:04:58.7700000Z",
             "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
             "-NoProfile -NonInteractive -File C:\\ProgramData\\CorpIT\\Collect-Inventory.ps1", None,
             [s["time"] for s in self.starts if s["image"].endswith("powershell.exe") and s["user"] == S.SYSTEM_USER][-1]),
        ]
        task_truth = []
        for path, tid, author, date, created, cmd, args, x, last in tasks:
            tree = tc + "\\Tree" + path
            hv.key(tree, created)
            hv.value(tree, "SD", "REG_BINARY", hexdata=SD_MACHINE)
            hv.value(tree, "Id", "REG_SZ", tid)
            hv.value(tree, "Index", "REG_DWORD", 3)
            tk = tc + "\\Tasks\\" + tid
            hv.key(tk, last)
            hv.value(tk, "Path", "REG_SZ", path)
            hv.value(tk, "URI", "REG_SZ", path)
            hv.value(tk, "Author", "REG_SZ", author)
            hv.value(tk, "Date", "REG_SZ", date)
            hv.value(tk, "Schema", "REG_DWORD", 0x10002)
            hv.value(tk, "Actions", "REG_BINARY", hexdata=self.task_actions(cmd, args))
            hv.value(tk, "Triggers", "REG_BINARY", hexdata=struct.pack("<BBHIQ", 0x17, 0, 0, 0, ft(created)))
            hv.value(tk, "DynamicInfo", "REG_BINARY",
                     hexdata=struct.pack("<IQQIIQ", 3, ft(created), ft(last), 0, 0, ft(last)))
            if x is not None:
                hv.value(tk, "Hash", "REG_BINARY", hexdata=hashlib.sha256(x).digest())
            hv.key(tc + "\\Plain\\" + tid, created)
            task_truth.append({"path": path, "id": tid, "author": author, "date": date,
                               "command": cmd, "arguments": args, "created": created, "last_run": last,
                               "tree_key": "Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree" + path,
                               "tasks_key": "Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tasks\\" + tid})
        hv.key(tc + "\\Tree\\QuillEdit", TASK_CREATED)
        hv.key(tc + "\\Tree\\CorpIT", "2023-09-20T13:04:58.7700000Z")
        hv.key(tc + "\\Tree", "2024-01-10T03:15:02.0000000Z")
        # Uninstall entries (the updater's product, patched on 2024-03-12).
        un = "Microsoft\\Windows\\CurrentVersion\\Uninstall"
        hv.key(un, "2024-03-12T14:00:20.9000000Z")
        programs = [
            (un + "\\QuillEdit", PATCH_DONE, [
                ("DisplayName", "REG_SZ", "QuillEdit 3.2.1"), ("DisplayVersion", "REG_SZ", "3.2.1"),
                ("Publisher", "REG_SZ", "QuillTech Software Ltd."), ("InstallDate", "REG_SZ", "20231102"),
                ("InstallLocation", "REG_SZ", "C:\\Program Files (x86)\\QuillEdit\\"),
                ("DisplayIcon", "REG_SZ", "C:\\Program Files (x86)\\QuillEdit\\QuillEdit.exe"),
                ("UninstallString", "REG_SZ", "\"C:\\Program Files (x86)\\QuillEdit\\unins000.exe\""),
                ("URLInfoAbout", "REG_SZ", "https://www.quilltech.example/"),
                ("EstimatedSize", "REG_DWORD", 14216), ("NoModify", "REG_DWORD", 1), ("NoRepair", "REG_DWORD", 1)]),
            (un + "\\7-Zip", "2024-03-11T16:41:17.0200000Z", [
                ("DisplayName", "REG_SZ", "7-Zip 23.01 (x64)"), ("DisplayVersion", "REG_SZ", "23.01"),
                ("Publisher", "REG_SZ", "Igor Pavlov"), ("InstallLocation", "REG_SZ", "C:\\Program Files\\7-Zip\\"),
                ("UninstallString", "REG_SZ", "\"C:\\Program Files\\7-Zip\\Uninstall.exe\""),
                ("DisplayIcon", "REG_SZ", "C:\\Program Files\\7-Zip\\7zFM.exe"),
                ("NoModify", "REG_DWORD", 1), ("NoRepair", "REG_DWORD", 1), ("EstimatedSize", "REG_DWORD", 5662)]),
            ("WOW6432Node\\" + un + "\\Google Chrome", "2024-03-12T09:17:46.1000000Z", [
                ("DisplayName", "REG_SZ", "Google Chrome"), ("DisplayVersion", "REG_SZ", "122.0.6261.129"),
                ("Publisher", "REG_SZ", "Google LLC"), ("InstallDate", "REG_SZ", "20231005"),
                ("InstallLocation", "REG_SZ", "C:\\Program Files\\Google\\Chrome\\Application"),
                ("Version", "REG_SZ", "122.0.6261.129")]),
        ]
        un_truth = []
        for key, t, vals in programs:
            hv.key(key, t)
            for n, ty, v in vals:
                hv.value(key, n, ty, v)
            d = {n: v for n, _, v in vals}
            un_truth.append({"key": key, "key_time": t, "display_name": d["DisplayName"],
                             "display_version": d["DisplayVersion"], "publisher": d["Publisher"],
                             "install_date": d.get("InstallDate")})
        # Run keys: noise a real machine has.
        run = "Microsoft\\Windows\\CurrentVersion\\Run"
        hv.key(run, "2024-01-10T03:22:40.1000000Z")
        runs = [(run, "SecurityHealth", "REG_EXPAND_SZ", "%windir%\\system32\\SecurityHealthSystray.exe"),
                (run, "RtkAudUService", "REG_SZ", "\"C:\\Windows\\System32\\RtkAudUService64.exe\" -background")]
        run_truth = []
        for key, n, ty, v in runs:
            hv.value(key, n, ty, v)
            run_truth.append({"hive": "SOFTWARE", "key": key, "name": n, "data": v})
        hv.key("WOW6432Node\\" + run, "2023-11-02T10:22:16.2000000Z")
        hv.value("WOW6432Node\\" + run, "QuillEdit Tray", "REG_SZ",
                 "\"C:\\Program Files (x86)\\QuillEdit\\QuillEdit.exe\" /tray")
        run_truth.append({"hive": "SOFTWARE", "key": "WOW6432Node\\" + run, "name": "QuillEdit Tray",
                          "data": "\"C:\\Program Files (x86)\\QuillEdit\\QuillEdit.exe\" /tray"})
        hv.key("Microsoft\\Windows\\CurrentVersion\\RunOnce", base)
        wl = cv + "\\Winlogon"
        hv.key(wl, "2024-03-13T07:58:04.0300000Z")
        hv.value(wl, "Shell", "REG_SZ", "explorer.exe")
        hv.value(wl, "Userinit", "REG_SZ", "C:\\Windows\\system32\\userinit.exe,")
        hv.value(wl, "LastUsedUsername", "REG_SZ", "CORP\\jdoe")
        # A class with a class name and a value big enough for big data (db).
        hv.key("Classes\\.qed", QE_INSTALL)
        hv.value("Classes\\.qed", "", "REG_SZ", "QuillEdit.Document")
        hv.key("Classes\\.qed\\OpenWithProgids", QE_INSTALL)
        hv.value("Classes\\.qed\\OpenWithProgids", "QuillEdit.Document", "REG_NONE")
        hv.key("Classes\\QuillEdit.Document\\shell\\open\\command", QE_INSTALL, cls="Shell")
        hv.value("Classes\\QuillEdit.Document\\shell\\open\\command", "", "REG_SZ",
                 "\"C:\\Program Files (x86)\\QuillEdit\\QuillEdit.exe\" \"%1\"")
        self.truth["software"] = {
            "product_name": "Windows 10 Enterprise", "current_build": "19045", "display_version": "22H2",
            "install_date": INSTALL[:19] + "Z",
            "profile_list": [{"sid": sid, "profile_image_path": p} for sid, p, _, _ in profiles],
            "tasks": task_truth, "uninstall": un_truth, "run": run_truth,
        }
        self.xml = xml
        return hv

    @staticmethod
    def task_actions(cmd, args):
        """TaskCache Actions blob (Windows 10): version 3, the context
        ("Author"), then one Exec action (0x6666): id, command, arguments,
        working directory, each a 32-bit byte length and UTF-16LE text."""
        def s(x):
            b = x.encode("utf-16-le")
            return struct.pack("<I", len(b)) + b
        return struct.pack("<H", 3) + s("Author") + struct.pack("<H", 0x6666) + s("") + s(cmd) + s(args) + s("") + \
            struct.pack("<H", 0)

    # -- SAM --------------------------------------------------------------------
    def sam(self):
        hv = Hive("ROOT", {"minor": 3, "sequence": 1317, "written": IMAGE_FILES[2][3],
                           "file_name": "\\SystemRoot\\System32\\Config\\SAM"})
        hv.sd("sam", SD_SAM)
        hv.root["time"] = "2023-09-14T08:22:41.6000000Z"
        base = "2023-09-14T08:23:15.0000000Z"
        acc = "SAM\\Domains\\Account"
        hv.key("SAM", base)
        hv.value("SAM", "C", "REG_BINARY", hexdata=struct.pack("<HHI", 7, 1, 0) + SD_SAM)
        hv.key(acc, "2024-02-01T09:14:27.6600000Z")
        users = [(500, "Administrator", "Built-in account for administering the computer/domain", 0x0211,
                  "2023-09-14T08:23:15.1000000Z", 0, None),
                 (501, "Guest", "Built-in account for guest access to the computer/domain", 0x0215,
                  "2023-09-14T08:23:15.2000000Z", 0, None),
                 (503, "DefaultAccount", "A user account managed by the system.", 0x0215,
                  "2023-09-14T08:23:15.3000000Z", 0, None),
                 (504, "WDAGUtilityAccount",
                  "A user account managed and used by the system for Windows Defender Application Guard scenarios.",
                  0x0211, "2023-09-14T08:23:15.4000000Z", 0, None),
                 (1001, "fin-support", "Local support account (Corp IT)", 0x0210,
                  "2023-09-14T08:58:31.0200000Z", 4, "2024-02-01T09:14:27.6610000Z")]
        next_rid = 1002
        f = bytearray(0x50)
        struct.pack_into("<HH", f, 0, 2, 1)
        struct.pack_into("<Q", f, 8, ft("2024-02-01T09:14:27.6600000Z"))
        struct.pack_into("<I", f, 0x48, next_rid)
        hv.value(acc, "F", "REG_BINARY", hexdata=bytes(f))
        # V of the domain: its SID ends the value, as readers of the machine SID expect.
        hv.value(acc, "V", "REG_BINARY", hexdata=b"\0" * 0x30 + SD_SAM + sid_bytes(MACHINE_SID))
        hv.key(acc + "\\Aliases", base)
        hv.key(acc + "\\Groups", base)
        hv.key(acc + "\\Users", "2023-09-14T08:58:31.0200000Z")
        hv.key(acc + "\\Users\\Names", "2023-09-14T08:58:31.0200000Z")
        sam_truth = []
        for rid, name, comment, acb, created, logons, last in users:
            key = acc + "\\Users\\%08X" % rid
            hv.key(key, last or created)
            fv = bytearray(0x50)
            struct.pack_into("<HH", fv, 0, 2, 1)
            struct.pack_into("<Q", fv, 8, ft(last) if last else 0)            # last logon
            struct.pack_into("<Q", fv, 24, ft(created))                        # password last set
            struct.pack_into("<Q", fv, 32, 0x7FFFFFFFFFFFFFFF)                 # account expires: never
            struct.pack_into("<I", fv, 48, rid)
            struct.pack_into("<I", fv, 52, 0x0201 if rid != 501 else 0x0202)
            struct.pack_into("<H", fv, 56, acb)
            struct.pack_into("<H", fv, 66, logons)
            hv.value(key, "F", "REG_BINARY", hexdata=bytes(fv))
            hv.value(key, "V", "REG_BINARY", hexdata=self.sam_v(name, comment))
            nk = acc + "\\Users\\Names\\" + name
            hv.key(nk, created)
            hv.value(nk, "", rid)                     # no data: the value's type is the RID
            sam_truth.append({"name": name, "rid": rid, "key": "SAM\\Domains\\Account\\Users\\%08X" % rid,
                              "names_key": "SAM\\Domains\\Account\\Users\\Names\\" + name,
                              "logon_count": logons, "last_logon": last, "acb_flags": acb})
        bi = "SAM\\Domains\\Builtin"
        hv.key(bi, base)
        hv.key(bi + "\\Aliases", base)
        members = [(0x220, "Administrators", [(DOMAIN_SID, 512), (DOMAIN_SID, 1107), (MACHINE_SID, 500),
                                               (MACHINE_SID, 1001)]),
                   (0x221, "Users", [(DOMAIN_SID, 513), ("S-1-5", 4), ("S-1-5", 11)]),
                   (0x22B, "Remote Desktop Users", [(DOMAIN_SID, 1104)])]
        alias_truth = []
        for rid, name, mem in members:
            hv.key(bi + "\\Aliases\\%08X" % rid, "2023-09-14T09:31:02.1100000Z")
            hv.value(bi + "\\Aliases\\%08X" % rid, "C", "REG_BINARY",
                     hexdata=struct.pack("<II", rid, len(mem)) + u16(name))
            hv.key(bi + "\\Aliases\\Names\\" + name, base)
            hv.value(bi + "\\Aliases\\Names\\" + name, "", rid)
            for dom, r in mem:
                k = bi + "\\Aliases\\Members\\%s\\%08X" % (dom, r)
                hv.key(k, "2023-09-14T09:31:02.1100000Z")
                hv.value(k, "", 3, hexdata=struct.pack("<I", rid))
            alias_truth.append({"alias": name, "rid": rid, "members": ["%s-%d" % (d, r) for d, r in mem]})
        self.truth["sam"] = {
            "machine_sid": MACHINE_SID, "users": sam_truth, "aliases": alias_truth,
            "note": "jdoe (RID 1104) and adm-mkeller (RID 1107) are CORP domain accounts: the local SAM holds "
                    "no account for them, only their alias memberships (Builtin\\Aliases\\Members\\<domain SID>\\<RID>)"}
        return hv

    @staticmethod
    def sam_v(name, comment):
        """V value of a user: 17 (offset, length, 0) slots relative to 0xCC,
        then the data: name, full name, comment, and empty LM/NT hash slots."""
        fields = [b"", u16(name, nul=False), b"", u16(comment, nul=False)] + [b""] * 7 + \
            [b"\x15\x00\x00\x00" + b"\xff" * 21] + [b""] + [b"\x02\x00\x03\x00", b"\x02\x00\x02\x00", b"", b""]
        head, data = b"", b""
        for fl in fields:
            head += struct.pack("<III", len(data), len(fl), 0)
            data += fl + b"\0" * (-len(fl) % 4)
        return head + data

    # -- NTUSER.DAT -------------------------------------------------------------
    def ntuser(self, old=False):
        """jdoe's hive at the end of 2024-03-13; old=True: as written at the
        logoff of 2024-03-12 (the state the dirty variant leaves on disk)."""
        written = IMAGE_FILES[3][3] if not old else "2024-03-12T17:12:55.4010000Z"
        cutoff = T(written)
        hv = Hive("ROOT", {"minor": 3, "sequence": 3411 if old else 3412, "written": written,
                           "file_name": "\\??\\C:\\Users\\jdoe\\ntuser.dat"})
        hv.sd("user", SD_USER)
        hv.root["time"] = JDOE_PROFILE
        base = "2023-09-18T07:55:11.0000000Z"
        ex = "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer"
        for k in ["AppEvents", "Console", "Control Panel", "Environment", "Keyboard Layout", "Network",
                  "Printers", "Software", "System", "Software\\Microsoft", "Software\\Microsoft\\Windows",
                  "Software\\Microsoft\\Windows\\CurrentVersion", ex]:
            hv.key(k, base)
        hv.value("Environment", "TEMP", "REG_EXPAND_SZ", "%USERPROFILE%\\AppData\\Local\\Temp")
        hv.value("Environment", "TMP", "REG_EXPAND_SZ", "%USERPROFILE%\\AppData\\Local\\Temp")
        # UserAssist: programs jdoe started from Explorer, counts and last runs from the logs.
        ua = ex + "\\UserAssist"
        exe_guid, lnk_guid = "{CEBFF5CD-ACE2-4F4F-9178-9926F41749EA}", "{F4E57C4B-2036-45F0-A9AB-443BCFE33D9F}"
        known = [("C:\\Program Files (x86)\\", "{7C5A40EF-A0FB-4BFC-874A-C0F2E0B9FA8E}\\"),
                 ("C:\\Program Files\\", "{6D809377-6AF0-444B-8957-A3773F02200E}\\"),
                 ("C:\\Windows\\System32\\", "{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\"),
                 ("C:\\Windows\\", "{F38BF404-1D43-42F2-9305-67DE0B28FC23}\\"),
                 ("C:\\Users\\jdoe\\AppData\\Local\\", "{F1B32785-6FBA-4FCF-9D55-7B8E7F157091}\\"),
                 ("C:\\Users\\jdoe\\Downloads\\", "{374DE290-123F-4565-9164-39C4925E467B}\\")]
        runs = last_runs(self.starts, lambda s: s["parent"] == S.EXPLORER and s["user"] == "CORP\\jdoe"
                         and T(s["time"]) <= cutoff and not s["image"].endswith(("RuntimeBroker.exe",
                                                                                "backgroundTaskHost.exe")))
        base_counts = {S.EDITOR: 212, S.CHROME: 480}
        entries = []
        for im, (t, n) in sorted(runs.items()):
            name = im
            for prefix, g in known:
                if im.lower().startswith(prefix.lower()):
                    name = g + im[len(prefix):]
                    break
            count = base_counts.get(im, 30) + n
            entries.append((exe_guid, name, im, count, t))
        qe_last = runs[S.EDITOR][0]
        entries.append((lnk_guid, "{0139D44E-6AFE-49F2-8690-3DAFCAE6FFB8}\\QuillEdit\\QuillEdit.lnk",
                        "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\QuillEdit\\QuillEdit.lnk",
                        41, "2024-03-08T09:12:44.5120000Z"))
        hv.key(ua, base)
        ua_truth = []
        for g in (exe_guid, lnk_guid):
            mine = [e for e in entries if e[0] == g]
            last = max((e[4] for e in mine), key=T)
            hv.key(ua + "\\" + g, base)
            hv.value(ua + "\\" + g, "Version", "REG_DWORD", 5)
            hv.key(ua + "\\" + g + "\\Count", last)
            hv.value(ua + "\\" + g + "\\Count", rot13("HRZR_PGYFRFFVBA"), "REG_BINARY", hexdata=b"\0" * 1612)
            for _, name, im, count, t in mine:
                focus = 3 + count // 4
                focus_ms = 60000 * (count % 97 + 5)
                data = struct.pack("<IIII", 0, count, focus, focus_ms) + struct.pack("<10f", *([-1.0] * 10)) + \
                    struct.pack("<iQI", -1, ft(t), 0)
                hv.value(ua + "\\" + g + "\\Count", rot13(name), "REG_BINARY", hexdata=data)
                ua_truth.append({"guid": g, "name": name, "stored_name": rot13(name), "program": im,
                                 "run_count": count, "focus_count": focus, "focus_time_ms": focus_ms,
                                 "last_run": t})
        # RunMRU, RecentDocs, TypedPaths, Run.
        rm = ex + "\\RunMRU"
        hv.key(rm, "2024-02-26T15:03:11.9020000Z")
        mru = [("a", "notepad\\1"), ("b", "\\\\fs01.corp.quilltech.example\\finance\\1"), ("c", "cmd\\1")]
        for n, v in mru:
            hv.value(rm, n, "REG_SZ", v)
        hv.value(rm, "MRUList", "REG_SZ", "cba")
        rd = ex + "\\RecentDocs"
        docs = [("Q1 budget review.xlsx", "Q1 budget review.lnk", "2024-03-08T16:30:04.2210000Z"),
                ("meeting notes 2024-03-04.docx", "meeting notes 2024-03-04.lnk", "2024-03-08T16:31:10.0050000Z")]
        hv.key(rd, docs[-1][2])
        rd_truth = []
        for i, (doc, lnk, t) in enumerate(docs):
            ext = "." + doc.rsplit(".", 1)[1]
            data = u16(doc) + self.recent_item(lnk) + u16(lnk) + b"\0\0"
            hv.value(rd, str(i), "REG_BINARY", hexdata=data)
            hv.key(rd + "\\" + ext, t)
            hv.value(rd + "\\" + ext, "0", "REG_BINARY", hexdata=data)
            hv.value(rd + "\\" + ext, "MRUListEx", "REG_BINARY", hexdata=struct.pack("<iI", 0, 0xFFFFFFFF))
            rd_truth.append({"index": i, "name": doc, "lnk": lnk, "key_time": t})
        hv.value(rd, "MRUListEx", "REG_BINARY", hexdata=struct.pack("<iiI", 1, 0, 0xFFFFFFFF))
        tp = ex + "\\TypedPaths"
        hv.key(tp, "2024-02-19T10:02:41.7300000Z")
        typed = [("url1", "\\\\fs01.corp.quilltech.example\\finance"), ("url2", "C:\\Users\\jdoe\\Documents")]
        for n, v in typed:
            hv.value(tp, n, "REG_SZ", v)
        run = "Software\\Microsoft\\Windows\\CurrentVersion\\Run"
        hv.key(run, "2024-02-28T11:05:12.3000000Z")
        teams = ("\"C:\\Users\\jdoe\\AppData\\Local\\Microsoft\\Teams\\Update.exe\" --processStart \"Teams.exe\" "
                 "--process-start-args \"--system-initiated\"")
        hv.value(run, "com.squirrel.Teams.Teams", "REG_SZ", teams)
        hv.key("Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce", base)
        hv.key("Software\\QuillTech\\QuillEdit", qe_last)
        hv.value("Software\\QuillTech\\QuillEdit", "LastFile", "REG_SZ", "C:\\Users\\jdoe\\Documents\\draft.qed")
        hv.value("Software\\QuillTech\\QuillEdit", "UpdateChannel", "REG_SZ", "stable")
        # QEUpdate.exe (running as jdoe) notes its last check: the attack's day in
        # the hive of 2024-03-13, the benign run's in the one of 2024-03-12.
        check = [s["time"] for s in self.starts if s["image"] == S.UPDATER and T(s["time"]) <= cutoff][-1]
        hv.value("Software\\QuillTech\\QuillEdit", "LastUpdateCheck", "REG_QWORD", ft(check))
        if not old:
            self.truth["ntuser"] = {
                "user": "jdoe", "sid": S.JDOE_SID,
                "userassist": {"key": ua, "entries": ua_truth},
                "run_mru": {"key": rm, "mru_list": "cba", "entries": dict(mru)},
                "recent_docs": {"key": rd, "entries": rd_truth},
                "typed_paths": {"key": tp, "entries": dict(typed)},
                "run": [{"hive": "NTUSER.DAT", "key": run, "name": "com.squirrel.Teams.Teams", "data": teams}],
                "quilledit": {"key": "Software\\QuillTech\\QuillEdit", "last_update_check": check},
            }
        return hv

    @staticmethod
    def recent_item(lnk):
        """A file entry shell item (0x32) naming the .lnk, as RecentDocs values
        carry after the document's name (short name only, no extension block)."""
        short = (lnk.split(".")[0].replace(" ", "")[:6].upper() + "~1.LNK").encode() + b"\0"
        short += b"\0" * (len(short) % 2)
        body = struct.pack("<BBIIH", 0x32, 0, 0, 0, 0x20) + short
        return struct.pack("<H", len(body) + 2) + body + b"\0\0"

    # -- Amcache.hve ----------------------------------------------------------
    def amcache(self):
        hv = Hive("{11517B7C-E79D-4e20-961B-75A811715ADD}", {
            "minor": 5, "sequence": 2210, "written": IMAGE_FILES[4][3],
            "file_name": "\\AppCompat\\Programs\\Amcache.hve"})
        hv.sd("machine", SD_MACHINE)
        hv.root["time"] = "2023-09-14T09:05:11.0300000Z"
        hv.key("Root", "2023-09-14T09:05:11.0400000Z")
        qe_prog = "0000" + hashlib.sha1(b"QuillEdit|QuillTech Software Ltd.|3.2.1").hexdigest()
        files = [
            # (path, key time, product, publisher, version, link date, binary type, program id)
            (S.UPDATER, "2023-11-02T10:24:03.5510000Z", "quilledit", "quilltech software ltd.", "3.2.0.118",
             "10/27/2023 15:39:12", "pe32_i386", qe_prog),
            (S.PAYLOAD, "2024-03-13T14:02:16.4180000Z", "", "", "", "01/01/1970 00:00:00", "pe32_i386",
             "0006" + hashlib.sha1(b"unassociated").hexdigest()),
            (S.EDITOR, "2024-03-12T14:00:22.1200000Z", "quilledit", "quilltech software ltd.", "3.2.1.0",
             "03/01/2024 10:12:40", "pe32_i386", qe_prog),
            (S.SEVENZIP, "2024-03-11T16:41:13.0100000Z", "7-zip", "igor pavlov", "23.01", "06/20/2023 10:00:00",
             "pe32_i386", "0006" + hashlib.sha1(b"unassociated").hexdigest()),
            (S.GUPDATE, "2023-10-05T12:42:10.8800000Z", "google update", "google llc", "1.3.36.352",
             "09/27/2023 20:10:51", "pe32_i386", "0000" + hashlib.sha1(b"Google Update").hexdigest()),
            ("C:\\Program Files\\7-Zip\\7zFM.exe", "2024-03-11T16:42:01.7700000Z", "7-zip", "igor pavlov", "23.01",
             "06/20/2023 10:00:00", "pe64_amd64", "0000" + hashlib.sha1(b"7-Zip").hexdigest()),
        ]
        iaf = "Root\\InventoryApplicationFile"
        hv.key(iaf, max((f[1] for f in files), key=T))
        am_truth = []
        for path, t, product, publisher, version, link, btype, prog in files:
            content = self.disk.content(path, self.payload)
            sha1 = hashlib.sha1(content).hexdigest()
            lower = path.lower()
            name = path.rsplit("\\", 1)[1]
            lph = name.lower() + "|" + stable_hex("lph", lower)
            k = iaf + "\\" + lph
            hv.key(k, t)
            vals = [("ProgramId", "REG_SZ", prog), ("FileId", "REG_SZ", "0000" + sha1),
                    ("LowerCaseLongPath", "REG_SZ", lower), ("LongPathHash", "REG_SZ", lph),
                    ("Name", "REG_SZ", name), ("OriginalFileName", "REG_SZ", name.lower() if version else ""),
                    ("Publisher", "REG_SZ", publisher), ("Version", "REG_SZ", version),
                    ("BinFileVersion", "REG_SZ", version), ("BinaryType", "REG_SZ", btype),
                    ("ProductName", "REG_SZ", product), ("ProductVersion", "REG_SZ", version),
                    ("LinkDate", "REG_SZ", link), ("BinProductVersion", "REG_SZ", version),
                    ("Size", "REG_QWORD", len(content)), ("Language", "REG_DWORD", 1033 if version else 0),
                    ("IsPeFile", "REG_DWORD", 1), ("IsOsComponent", "REG_DWORD", 0)]
            for n, ty, v in vals:
                hv.value(k, n, ty, v)
            am_truth.append({"key": k, "key_time": t, "path": path, "lower_case_long_path": lower,
                             "sha1": sha1, "file_id": "0000" + sha1, "size": len(content), "name": name,
                             "link_date": link, "product_name": product, "publisher": publisher,
                             "version": version, "program_id": prog,
                             "deleted_from_disk": path == S.PAYLOAD})
        ia = "Root\\InventoryApplication"
        hv.key(ia, PATCH_DONE)
        hv.key(ia + "\\" + qe_prog, PATCH_DONE)
        app = [("ProgramId", "REG_SZ", qe_prog), ("Name", "REG_SZ", "QuillEdit"), ("Version", "REG_SZ", "3.2.1"),
               ("Publisher", "REG_SZ", "QuillTech Software Ltd."), ("Language", "REG_DWORD", 1033),
               ("Source", "REG_SZ", "AddRemoveProgram"), ("Type", "REG_SZ", "Application"),
               ("RootDirPath", "REG_SZ", "C:\\Program Files (x86)\\QuillEdit"),
               ("UninstallString", "REG_SZ", "\"C:\\Program Files (x86)\\QuillEdit\\unins000.exe\""),
               ("RegistryKeyPath", "REG_SZ",
                "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\QuillEdit"),
               ("InstallDate", "REG_SZ", "11/02/2023 10:22:14"), ("OSVersionAtInstallTime", "REG_SZ", "10.0.19045")]
        for n, ty, v in app:
            hv.value(ia + "\\" + qe_prog, n, ty, v)
        hv.key("Root\\InventoryDevicePnp", "2023-09-14T09:05:12.0000000Z")
        hv.key("Root\\InventoryDriverBinary", "2023-09-14T09:05:12.0000000Z")
        self.truth["amcache"] = {
            "files": am_truth,
            "applications": [{"key": ia + "\\" + qe_prog, "key_time": PATCH_DONE, "name": "QuillEdit",
                              "version": "3.2.1", "publisher": "QuillTech Software Ltd.", "program_id": qe_prog}]}
        return hv

    # -- files --------------------------------------------------------------------
    def links(self):
        """LNK files: Recent items of two documents, the QuillEdit shortcuts
        (made at install time, so they still describe the QuillEdit.exe of
        3.2.0, replaced on 2024-03-12)."""
        old_qe = [e for e in self.disk_entries("Program Files (x86)/QuillEdit/QuillEdit.exe")][0]
        out, truth = [], []
        defs = [
            ("Q1 budget review.lnk", "C:\\Users\\jdoe\\Documents\\Q1 budget review.xlsx", None, None),
            ("meeting notes 2024-03-04.lnk", "C:\\Users\\jdoe\\Documents\\meeting notes 2024-03-04.docx", None, None),
            ("QuillEdit.lnk", S.EDITOR, old_qe, "Desktop"),
            ("QuillEdit-startmenu.lnk", S.EDITOR, old_qe, "Start Menu"),
        ]
        for fname, target, entry, kind in defs:
            if entry is None:
                f = self.disk.get(target)
                cr, mo, ac = f["created"], f["modified"], f["accessed"]
                size = self.disk.size(target, self.payload)
            else:
                cr = entry["times"]["created"]
                mo = entry["times"]["modified"]
                ac = "2023-11-02T10:22:15.6000000Z"
                size = entry["fill"]["size"]
            droid_file = "{%s-%s-11ee-%s-%s}" % (stable_hex("lnkf", fname, n=8), stable_hex("lnkf2", fname, n=4),
                                                 stable_hex("lnkf3", fname, n=4), "0a1b2c3d4e5f")
            line = {"file": fname, "target": target, "created": cr, "accessed": ac, "modified": mo,
                    "size": size, "attributes": 0x20, "drive_type": 3, "serial": "0x%08X" % VOLUME_SERIAL32,
                    "label": "OS", "machine": "fin-ws042",
                    "droid_volume": "{7a1c0f3e-82d4-4b97-9e1a-2b3c4d5e6f70}", "droid_file": droid_file}
            if kind:
                line.update(working_dir="C:\\Program Files (x86)\\QuillEdit",
                            relative_path="..\\..\\..\\..\\Program Files (x86)\\QuillEdit\\QuillEdit.exe",
                            description="QuillEdit text editor",
                            icon_location="C:\\Program Files (x86)\\QuillEdit\\QuillEdit.exe")
            else:
                line.update(working_dir="C:\\Users\\jdoe\\Documents")
            out.append(line)
            img = [p for p, n, _, _ in IMAGE_FILES if n == fname][0]
            truth.append({"path": img, "target": target, "target_created": cr, "target_modified": mo,
                          "target_accessed": ac, "target_size": size, "volume_serial": "%08X" % VOLUME_SERIAL32,
                          "volume_label": "OS", "drive_type": "fixed", "machine_id": "fin-ws042",
                          "droid_volume_id": line["droid_volume"].strip("{}"),
                          "droid_file_id": droid_file.strip("{}")})
        self.truth["lnk"] = truth
        return out

    def disk_entries(self, path):
        with open(os.path.join(HERE, "reference-ntfs.json"), encoding="utf-8") as f:
            m = json.load(f)
        return [e for e in m["entries"] if e.get("path") == path]

    def recycle(self):
        size = 48211
        content = fill_bytes(RECYCLED["seed"], size, b"PK\x03\x04")
        orig = RECYCLED["original"]
        info = struct.pack("<qqQI", 2, size, ft(RECYCLED["deleted"]), len(orig) + 1) + u16(orig)
        self.truth["recycle_bin"] = [{
            "i_path": "$Recycle.Bin/" + S.JDOE_SID + "/$IK3V7QZ.xlsx",
            "r_path": "$Recycle.Bin/" + S.JDOE_SID + "/$RK3V7QZ.xlsx",
            "version": 2, "original_path": orig, "size": size, "deleted": RECYCLED["deleted"],
            "r_sha1": hashlib.sha1(content).hexdigest()}]
        return info, content

    HISTORY = ["cd Documents", "Get-ChildItem *.xlsx | Sort-Object LastWriteTime -Descending | Select-Object -First 10",
               "Test-NetConnection fs01.corp.quilltech.example -Port 445", "ipconfig /flushdns",
               "Get-Printer | Select-Object Name, PrinterStatus", "exit"]


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------
def facts(case, hashes, payload_bytes, manifest=None):
    """The registry part of ground-truth.json (and everything needed to write
    the artefacts): a Build with its hives made."""
    b = Build(case, hashes, payload_bytes, manifest or os.path.join(HERE, "reference-ntfs.json"))
    b.hives = {"SYSTEM": b.system(), "SOFTWARE": b.software(), "SAM": b.sam(),
               "NTUSER.DAT": b.ntuser(), "Amcache.hve": b.amcache()}
    b.old_ntuser = b.ntuser(old=True)
    b.link_lines = b.links()
    b.recycled = b.recycle()
    hist = "\r\n".join(Build.HISTORY) + "\r\n"
    b.history = hist.encode()
    b.truth["powershell_history"] = {
        "path": IMAGE_FILES[6][0], "lines": Build.HISTORY, "modified": IMAGE_FILES[6][3],
        "note": "jdoe's own interactive commands, typed before the logs' window; the attacker's "
                "-EncodedCommand ran non-interactively and is not in it"}
    b.truth["task_xml"] = {"path": IMAGE_FILES[5][0], "encoding": "UTF-16LE with BOM", "uri": TASK_PATH,
                           "author": "QuillTech Software Ltd.", "date": "2023-11-02T11:22:16.0120000",
                           "command": "\"" + S.UPDATER + "\"", "arguments": "/scheduled",
                           "trigger": "weekly, Tuesday and Wednesday, 14:00 UTC from 2023-11-07",
                           "user_id": S.JDOE_SID, "sha256": hashlib.sha256(b.xml).hexdigest()}
    hives = {}
    for name, hv in b.hives.items():
        k, v = hv.counts()
        img = [p for p, n, _, _ in IMAGE_FILES if n == name][0]
        hives[name] = {"path": img, "root": hv.root["name"], "keys": k, "values": v,
                       "sequence": hv.header["sequence"], "written": hv.header["written"],
                       "version": "1.%d" % hv.header["minor"], "clean": True}
    k, v = b.old_ntuser.counts()
    hives["dirty NTUSER.DAT"] = {
        "files": ["dirty/NTUSER.DAT", "dirty/NTUSER.DAT.LOG1", "dirty/NTUSER.DAT.LOG2"], "in_image": False,
        "as_stored": {"keys": k, "values": v, "written": b.old_ntuser.header["written"],
                      "primary_sequence": b.old_ntuser.header["sequence"] + 1,
                      "secondary_sequence": b.old_ntuser.header["sequence"]},
        "with_log1": {"keys": hives["NTUSER.DAT"]["keys"], "values": hives["NTUSER.DAT"]["values"],
                      "sequence": b.old_ntuser.header["sequence"] + 1},
        "note": "the stored primary is jdoe's hive of the 2024-03-12 logoff; LOG1 holds one HvLE entry whose "
                "dirty pages make it the hive of 2024-03-13 (UserAssist, RecentDocs and QuillEdit keys of that day)"}
    b.truth = dict({"hives": hives}, **b.truth)
    return b


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: mkregistry.py PAYLOAD OUTDIR\n")
        return 2
    with open(argv[1], "rb") as f:
        payload = f.read()
    h = S.payload_hashes(argv[1])
    case = S.Case(h)
    S.build(case)
    b = facts(case, h, payload)
    out = argv[2]
    os.makedirs(os.path.join(out, "files"), exist_ok=True)

    def write(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    for name, hv in b.hives.items():
        write(name + ".jsonl", ("\n".join(hv.lines()) + "\n").encode())
    write("NTUSER.DAT.old.jsonl", ("\n".join(b.old_ntuser.lines()) + "\n").encode())
    write("links.jsonl", ("\n".join(json.dumps(x, ensure_ascii=False) for x in b.link_lines) + "\n").encode())
    write("files/QuillEdit Update", b.xml)
    write("files/ConsoleHost_history.txt", b.history)
    write("files/$IK3V7QZ.xlsx", b.recycled[0])
    write("files/$RK3V7QZ.xlsx", b.recycled[1])
    ini = ("\r\n[.ShellClassInfo]\r\nCLSID={645FF040-5081-101B-9F08-00AA002F954E}\r\n"
           "LocalizedResourceName=@%SystemRoot%\\system32\\shell32.dll,-8964\r\n")
    write("files/recycle-desktop.ini", b"\xff\xfe" + ini.encode("utf-16-le"))
    write("registry-truth.json", (json.dumps(b.truth, indent=2, ensure_ascii=False) + "\n").encode())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
