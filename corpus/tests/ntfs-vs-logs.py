#!/usr/bin/env python3
# ntfs-vs-logs.py - check that the disk image and the event logs of the reference case tell
# the same story: every file a Sysmon 11 event creates (except the *.tmp noise written straight
# into a Temp directory, which the image leaves out as if cleaned up)
# exists in mkntfsimg's report (ntfs-entries.tsv) with that creation time, and every
# Sysmon 23 deletion is a deleted entry at that time.
#   ntfs-vs-logs.py SCENARIO.jsonl NTFS-ENTRIES.tsv
# Prints the mismatches and a summary line; exit status 1 on a mismatch.
import json
import re
import sys


def main():
    scen, tsv = sys.argv[1], sys.argv[2]
    created, deleted = {}, {}
    for line in open(tsv, encoding="utf-8"):
        if line.startswith("#"):
            continue
        path, kind, _e, _s, _pe, _ps, c, d = line.rstrip("\n").split("\t")
        key = path.lower()
        created.setdefault(key, set()).add(c)
        if d != "-":
            deleted.setdefault(key, set()).add(d)
    bad = 0
    n = 0
    with open(scen, encoding="utf-8") as f:
        next(f)
        for line in f:
            ev = json.loads(line)
            if ev.get("channel") != "Microsoft-Windows-Sysmon/Operational" or ev["eid"] not in (11, 23):
                continue
            data = {x[0]: x[1] for x in ev["data"]}
            target = data.get("TargetFilename", "")
            if re.search(r"\\Temp\\[^\\]+\.tmp$", target, re.I):
                continue
            key = target[3:].replace("\\", "/").lower()
            n += 1
            if ev["eid"] == 11:
                ok = ev["time"] in created.get(key, ())
                what = "created"
            else:
                ok = ev["time"] in deleted.get(key, ())
                what = "deleted"
            if not ok:
                print("mismatch: %s %s at %s in the logs, not in the image" % (target, what, ev["time"]))
            bad += not ok
    print("%d file events checked, %d mismatches" % (n, bad))
    return 1 if bad or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
