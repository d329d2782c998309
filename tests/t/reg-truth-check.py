#!/usr/bin/python3
"""reg-truth-check.py - compare the artefact table of a case file with the
reference case's registry ground truth (corpus/scenario/mkregistry.py's
registry-truth.json): every fact of the truth must be found, value for
value, times to the 100 ns.

Usage: reg-truth-check.py CASE.db TRUTH.json

A hive is found as a source named by its hive type (SYSTEM, SOFTWARE,
SAM, NTUSER, AMCACHE), as tests/reg-decode writes them, or as the source
whose root key has that hive type, as `casetrail ingest` of a disk image
writes them. Prints
TAP and ends with "N passed, N failed"; exit 1 if a check failed.
"""
import datetime
import json
import sqlite3
import sys

EPOCH = datetime.datetime(1601, 1, 1)
n = failed = 0


def ft(iso):
    """ISO 8601 UTC with up to 7 fractional digits -> FILETIME."""
    if iso is None:
        return None
    s = iso.rstrip("Z")
    frac = "0"
    if "." in s:
        s, frac = s.split(".")
    d = datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S")
    ticks = (d - EPOCH) // datetime.timedelta(seconds=1) * 10000000
    return ticks + int((frac + "0000000")[:7])


def check(ok, what):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print("%sok %d - %s" % ("" if ok else "not ", n, what))


def rows(db, hive, kind, where="1", args=()):
    cur = db.execute(
        "SELECT * FROM (SELECT a.*, json(a.data) AS j FROM artefact a "
        "JOIN record r ON r.id = a.record_id JOIN source s ON "
        "s.id = r.source_id WHERE (s.path = ? OR s.id IN (SELECT rk.source_id "
        "FROM reg_key k JOIN record rk ON rk.id = k.record_id WHERE "
        "k.hive = ?1 AND k.path = '')) AND a.kind = ?) WHERE (%s)"
        % where, (hive, kind) + tuple(args))
    names = [c[0] for c in cur.description]
    out = []
    for r in cur.fetchall():
        d = dict(zip(names, r))
        d["data"] = json.loads(d["j"]) if d["j"] else {}
        out.append(d)
    return out


def one(db, hive, kind, where, args, what):
    r = rows(db, hive, kind, where, args)
    check(len(r) == 1, "%s: one %s artefact (got %d)" % (what, kind, len(r)))
    return r[0] if r else None


def same(got, want, what):
    check(got == want, "%s: %r == %r" % (what, got, want))


def main():
    db = sqlite3.connect(sys.argv[1])
    t = json.load(open(sys.argv[2]))
    sysf, soft, sam, nt, am = (t["system"], t["software"], t["sam"],
                               t["ntuser"], t["amcache"])

    # SYSTEM
    r = one(db, "SYSTEM", "computer_name", "key_path LIKE 'ControlSet001%'",
            (), "computer name")
    if r:
        same(r["name"], sysf["computer_name"], "computer name")
    tz = sysf["time_zone"]
    r = one(db, "SYSTEM", "time_zone", "key_path = ?", (tz["key"],),
            "time zone")
    if r:
        same(r["name"], tz["key_name"], "time zone name")
        same(r["data"].get("bias"), tz["bias_minutes"], "time zone bias")
    sc = sysf["shimcache"]
    got = rows(db, "SYSTEM", "shimcache", "key_path = ?", (sc["key"],))
    same(len(got), sc["count"], "ShimCache entries")
    by_pos = {r["position"]: r for r in got}
    bad = [e["position"] for e in sc["entries"]
           if e["position"] not in by_pos
           or by_pos[e["position"]]["path"] != e["path"]
           or by_pos[e["position"]]["time"] != ft(e["last_modified"])]
    same(bad, [], "ShimCache entries with another path or time")
    for sid, entries in sysf["bam"]["users"].items():
        got = rows(db, "SYSTEM", "bam", "user_sid = ? AND key_path LIKE ?",
                   (sid, sysf["bam"]["key"] + "%"))
        same(len(got), len(entries), "BAM entries of " + sid)
        have = {(r["path"], r["time"], r["executed"]) for r in got}
        missing = [e["path"] for e in entries
                   if (e["path"], ft(e["last_run"]), 1) not in have]
        same(missing, [], "BAM entries of %s not found" % sid)
    for s in sysf["services"]:
        r = one(db, "SYSTEM", "service", "key_path = ?", (s["key"],),
                "service " + s["name"])
        if not r:
            continue
        same((r["name"], r["command_line"], r["data"].get("start"),
              r["data"].get("type"), r["time"]),
             (s["name"], s["image_path"], s["start"], s["type"],
              ft(s["key_time"])), "service " + s["name"])
        dll = rows(db, "SYSTEM", "service_dll", "key_path = ?",
                   (s["key"] + "\\Parameters",))
        same([d["path"] for d in dll],
             [s["service_dll"]] if s["service_dll"] else [],
             "service DLL of " + s["name"])

    # SOFTWARE
    for p in soft["profile_list"]:
        r = one(db, "SOFTWARE", "profile", "user_sid = ?", (p["sid"],),
                "profile " + p["sid"])
        if r:
            same((r["path"], r["user_name"]),
                 (p["profile_image_path"],
                  p["profile_image_path"].split("\\")[-1]),
                 "profile " + p["sid"])
    for k in soft["tasks"]:
        r = one(db, "SOFTWARE", "taskcache", "key_path = ?", (k["tasks_key"],),
                "task " + k["path"])
        if r:
            same((r["name"], r["command_line"], r["path"],
                  r["data"].get("id"), r["data"].get("created"),
                  r["data"].get("last_run")),
                 (k["path"], k["command"] + " " + k["arguments"],
                  k["command"], k["id"], ft(k["created"]),
                  ft(k["last_run"])), "task " + k["path"])
        r = one(db, "SOFTWARE", "task_tree", "key_path = ?", (k["tree_key"],),
                "task tree " + k["path"])
        if r:
            same((r["name"], r["data"].get("id")), (k["path"], k["id"]),
                 "task tree " + k["path"])
    for u in soft["uninstall"]:
        r = one(db, "SOFTWARE", "uninstall", "key_path = ?", (u["key"],),
                "uninstall " + u["display_name"])
        if r:
            same((r["name"], r["version"], r["publisher"],
                  r["data"].get("install_date"), r["time"]),
                 (u["display_name"], u["display_version"], u["publisher"],
                  u["install_date"], ft(u["key_time"])),
                 "uninstall " + u["display_name"])
    for hive, entries in (("SOFTWARE", soft["run"]), ("NTUSER", nt["run"])):
        for e in entries:
            r = one(db, hive, "run_key", "key_path = ? AND name = ?",
                    (e["key"], e["name"]), "Run entry " + e["name"])
            if r:
                same(r["command_line"], e["data"], "Run entry " + e["name"])

    # SAM
    r = rows(db, "SAM", "machine_sid", "1")
    same([x["name"] for x in r], [sam["machine_sid"]], "machine SID")
    for u in sam["users"]:
        r = one(db, "SAM", "sam_user", "key_path = ?", (u["key"],),
                "account " + u["name"])
        if r:
            same((r["name"], r["data"].get("rid"), r["count"], r["time"],
                  r["data"].get("flags")),
                 (u["name"], u["rid"], u["logon_count"], ft(u["last_logon"]),
                  u["acb_flags"]), "account " + u["name"])
        r = one(db, "SAM", "sam_name", "key_path = ?", (u["names_key"],),
                "account name " + u["name"])
        if r:
            same(r["data"].get("rid"), u["rid"], "RID of name " + u["name"])

    # NTUSER (the owner as tests/reg-decode was told)
    home = "C:\\Users\\" + nt["user"]
    folders = {"%PROGRAMFILES(X86)%": "C:\\Program Files (x86)",
               "%PROGRAMFILES%": "C:\\Program Files",
               "%SYSTEMROOT%": "C:\\Windows",
               "%PROGRAMDATA%": "C:\\ProgramData",
               "%LOCALAPPDATA%": home + "\\AppData\\Local",
               "%APPDATA%": home + "\\AppData\\Roaming",
               "%USERPROFILE%": home}
    got = rows(db, "NTUSER", "userassist", "1")
    same(len(got), len(nt["userassist"]["entries"]), "UserAssist entries")
    for e in nt["userassist"]["entries"]:
        match = []
        for r in got:
            p = r["path"]
            for var, real in folders.items():
                if p.startswith(var):
                    p = real + p[len(var):]
                    break
            if p == e["program"] or r["path"] == e["name"]:
                match.append(r)
        check(len(match) == 1, "UserAssist %s: one artefact" % e["program"])
        if match:
            r = match[0]
            same((r["count"], r["data"].get("focus_count"),
                  r["data"].get("focus_ms"), r["time"], r["user_sid"],
                  r["user_name"]),
                 (e["run_count"], e["focus_count"], e["focus_time_ms"],
                  ft(e["last_run"]), nt["sid"], nt["user"]),
                 "UserAssist " + e["program"])
    mru = nt["run_mru"]
    got = rows(db, "NTUSER", "run_mru", "key_path = ?", (mru["key"],))
    want = [mru["entries"][c][:-2] if mru["entries"][c].endswith("\\1")
            else mru["entries"][c] for c in mru["mru_list"]]
    same([r["command_line"] for r in sorted(got, key=lambda r: r["position"])],
         want, "RunMRU in MRUList order")
    for e in nt["recent_docs"]["entries"]:
        r = rows(db, "NTUSER", "recent_doc", "key_path = ? AND path = ?",
                 (nt["recent_docs"]["key"], e["name"]))
        same([x["data"].get("value") for x in r], [str(e["index"])],
             "RecentDocs value of " + e["name"])
    tp = nt["typed_paths"]
    got = rows(db, "NTUSER", "typed_path", "key_path = ?", (tp["key"],))
    same(sorted((r["data"].get("value"), r["path"]) for r in got),
         sorted(tp["entries"].items()), "TypedPaths")

    # AMCACHE
    for f in am["files"]:
        r = one(db, "AMCACHE", "amcache_file", "key_path = ?", (f["key"],),
                "Amcache " + f["name"])
        if r:
            same((r["path"], r["sha1"], r["size"], r["name"],
                  r["publisher"] or "", r["version"] or "",
                  r["data"].get("program_id"), r["data"].get("link_date"),
                  r["time"]),
                 (f["lower_case_long_path"], f["sha1"], f["size"], f["name"],
                  f["publisher"], f["version"], f["program_id"],
                  f["link_date"], ft(f["key_time"])), "Amcache " + f["name"])
    for a in am["applications"]:
        r = one(db, "AMCACHE", "amcache_program", "key_path = ?", (a["key"],),
                "Amcache program " + a["name"])
        if r:
            same((r["name"], r["version"], r["publisher"],
                  r["data"].get("program_id"), r["time"]),
                 (a["name"], a["version"], a["publisher"], a["program_id"],
                  ft(a["key_time"])), "Amcache program " + a["name"])

    print("1..%d" % n)
    print("%d passed, %d failed" % (n - failed, failed))
    return 1 if failed else 0


sys.exit(main())
