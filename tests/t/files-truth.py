#!/usr/bin/env python3
"""files-truth.py CASE.db GROUND-TRUTH.json [--loose]

Checks the artefact rows casetrail's file parsers (parsers/files/) wrote
for the reference case against the ground truth's "registry" member (lnk,
recycle_bin, powershell_history, task_xml), independently of casetrail:
times are converted from the ground truth's ISO text here. Rows are found
by the file's path inside the image, or by its file name with --loose (the
artefacts given as loose files). Prints TAP; exits 1 on any difference.
"""
import datetime
import json
import os
import sqlite3
import sys

n = failed = 0


def check(ok, what):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what))


def ft(iso):
    """ISO 8601 UTC with up to 7 fraction digits -> FILETIME."""
    s = iso.rstrip("Z")
    main, _, frac = s.partition(".")
    d = datetime.datetime.strptime(main, "%Y-%m-%dT%H:%M:%S") - datetime.datetime(1601, 1, 1)
    return (d.days * 86400 + d.seconds) * 10000000 + int((frac + "0000000")[:7])


def main():
    db, truth = sys.argv[1], json.load(open(sys.argv[2]))["registry"]
    loose = "--loose" in sys.argv[3:]
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    c.row_factory = sqlite3.Row

    def rows(kind, image_path):
        q = ("SELECT a.*, r.locator FROM artefact a JOIN record r ON r.id = a.record_id "
             "WHERE a.kind = ? AND ")
        if loose:
            return c.execute(q + "a.key_path LIKE ? ORDER BY a.position",
                             (kind, "%/" + os.path.basename(image_path))).fetchall()
        return c.execute(q + "a.key_path = ? ORDER BY a.position", (kind, "/" + image_path)).fetchall()

    for g in truth["lnk"]:
        r = rows("lnk", g["path"])
        name = os.path.basename(g["path"])
        if loose and name == "QuillEdit.lnk":
            continue    # two links of that name in the image; mkartefacts names one -startmenu
        check(len(r) == 1, "lnk %s: one row" % g["path"])
        if len(r) != 1:
            continue
        a, d = r[0], json.loads(r[0]["data"])
        check(a["path"] == g["target"], "lnk %s: target %s" % (name, g["target"]))
        check(a["size"] == g["target_size"], "lnk %s: size %d" % (name, g["target_size"]))
        check(a["time"] == ft(g["target_created"]), "lnk %s: time = target created" % name)
        for k in ("target_created", "target_modified", "target_accessed"):
            check(d[k] == ft(g[k]), "lnk %s: %s %s" % (name, k, g[k]))
            ev = c.execute("SELECT count(*) FROM event WHERE record_id = ? AND ts = ? AND ts_desc = ?",
                           (a["record_id"], ft(g[k]), "LNK " + k.replace("_", " "))).fetchone()[0]
            check(ev == 1, "lnk %s: timeline event %s" % (name, k))
        for k in ("volume_serial", "volume_label", "machine_id", "droid_volume_id", "droid_file_id"):
            check(d.get(k) == g[k], "lnk %s: %s %s (got %s)" % (name, k, g[k], d.get(k)))
        check(d.get("drive_type_name") == g["drive_type"], "lnk %s: drive type %s" % (name, g["drive_type"]))
        if not loose:
            want = "jdoe" if g["path"].startswith("Users/jdoe/") else None
            check(a["user_name"] == want, "lnk %s: user %s" % (name, want))

    for g in truth["recycle_bin"]:
        r = rows("recycle", g["i_path"])
        check(len(r) == 1, "recycle %s: one row" % g["i_path"])
        if len(r) != 1:
            continue
        a, d = r[0], json.loads(r[0]["data"])
        check(a["path"] == g["original_path"], "recycle: original path %s" % g["original_path"])
        check(a["size"] == g["size"], "recycle: size %d" % g["size"])
        check(a["time"] == ft(g["deleted"]), "recycle: deleted %s" % g["deleted"])
        check(d["version"] == g["version"], "recycle: version %d" % g["version"])
        check(d["recycled_as"] == os.path.basename(g["r_path"]), "recycle: $R name")
        if not loose:
            check(a["user_sid"] == g["i_path"].split("/")[1], "recycle: user SID of the folder")

    g = truth["powershell_history"]
    r = rows("ps_history", g["path"])
    check([a["command_line"] for a in r] == g["lines"], "ps_history: the %d commands in order" % len(g["lines"]))
    check([a["position"] for a in r] == list(range(1, len(g["lines"]) + 1)), "ps_history: positions = line numbers")
    check(all(a["time"] is None for a in r), "ps_history: no time per command")
    if not loose:
        check(all(a["user_name"] == "jdoe" for a in r), "ps_history: user jdoe")

    g = truth["task_xml"]
    r = rows("task", g["path"])
    check(len(r) == 1, "task: one row (one action)")
    if len(r) == 1:
        a, d = r[0], json.loads(r[0]["data"])
        check(a["name"] == g["uri"], "task: name %s" % g["uri"])
        check(a["command_line"] == g["command"] + " " + g["arguments"], "task: command line")
        check(a["path"] == g["command"].strip('"'), "task: program path without quotes")
        check(a["user_sid"] == g["user_id"], "task: principal %s" % g["user_id"])
        check(d["author"] == g["author"] and d["uri"] == g["uri"], "task: author and URI")
        check(d["registration_date"] == g["date"] and a["time"] is None,
              "task: local registration date kept as text, not a UTC time")
        check(d["triggers"][0]["type"] == "CalendarTrigger" and
              d["triggers"][0]["start"] == "2023-11-07T14:00:00Z", "task: its weekly calendar trigger")
    print("1..%d" % n)
    print("# %d passed, %d failed" % (n - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
