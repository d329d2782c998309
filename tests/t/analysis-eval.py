#!/usr/bin/python3
"""analysis-eval.py CASE.db GROUND-TRUTH.json - score `casetrail analyze`
against the reference case's ground truth (corpus/scenario/mkscenario.py,
format casetrail-ground-truth/1).

A ground-truth step is found when a step of the attack chain cites one of
the step's evidence records (log file + EVTX record number) and the
finding's time range starts or ends at the step's time, to the 100 ns.
Steps must be found in order; where the ground truth gives a step's
confidence, the finding must state the same. Evidence may name artefacts
instead of log records (the default-logging host: a Prefetch run time, a
USN journal record, an Amcache entry). An IOC hit is found when an ioc-hit finding
names the indicator and cites one of its records (or, for hashes, a file
whose recovered content matched). Precision is over the high and critical
findings: one is a true positive when it cites a record of the ground
truth's evidence. Prints precision and recall; exits 1 unless both are 1
and the order holds.
"""
import json
import sqlite3
import sys


def ticks(iso):
    # "2024-03-13T14:02:17.0120000Z" -> FILETIME ticks, exact.
    import datetime
    base, frac = iso.rstrip("Z").split(".")
    d = datetime.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S").replace(
        tzinfo=datetime.timezone.utc)
    secs = int(d.timestamp()) + 11644473600
    return secs * 10000000 + int(frac.ljust(7, "0")[:7])


def main(argv):
    db = sqlite3.connect("file:%s?mode=ro" % argv[1], uri=True)
    gt = json.load(open(argv[2], encoding="utf-8"))

    def artefact_records(e):
        # The default-logging ground truth names artefacts, not log records.
        kind = e["artefact"]
        if kind == "prefetch":
            return db.execute(
                "SELECT p.record_id FROM prefetch p, json_each(CASE WHEN"
                " json_valid(p.run_times) THEN p.run_times ELSE '[]' END) j"
                " WHERE upper(p.executable) = upper(?) AND j.value = ?",
                (e["executable"], ticks(e["run"])))
        if kind == "usn":
            path = e["path"].split(":", 1)[-1].replace("\\", "/")
            return db.execute(
                "SELECT record_id FROM usn WHERE lower(path) = lower(?)"
                " AND reasons LIKE ? AND ts = ?",
                (path, "%" + e["reason"] + "%", ticks(e["time"])))
        if kind == "amcache-file":
            return db.execute("SELECT record_id FROM artefact"
                              " WHERE kind = 'amcache_file' AND sha1 = ?",
                              (e["sha1"],))
        raise ValueError("unknown evidence artefact %r" % kind)

    def records(evidence):
        out = set()
        for e in evidence:
            if "artefact" in e:
                found = {rid for (rid,) in artefact_records(e)}
                if not found:
                    print("# ground-truth evidence not in the case: %r" % e)
                out |= found
                continue
            for (rid,) in db.execute(
                    "SELECT x.record_id FROM evtx x JOIN record r ON r.id = x.record_id"
                    " JOIN source s ON s.id = r.source_id WHERE x.record_number = ?"
                    " AND (s.path = ? OR s.path LIKE ?)",
                    (e["record"], e["log"], "%/" + e["log"])):
                out.add(rid)
        return out

    chain = db.execute("SELECT id FROM chain ORDER BY (SELECT count(*) FROM chain_step"
                       " s WHERE s.chain_id = chain.id) DESC, id LIMIT 1").fetchone()
    steps = []
    if chain:
        for fid, seq, first, last, rule, conf in db.execute(
                "SELECT f.id, s.seq, f.first_ts, f.last_ts, f.rule, f.confidence"
                " FROM chain_step s"
                " JOIN finding f ON f.id = s.finding_id WHERE s.chain_id = ?"
                " ORDER BY s.seq", chain):
            cited = {r for (r,) in db.execute(
                "SELECT record_id FROM finding_evidence WHERE finding_id = ?", (fid,))}
            steps.append((seq, first, last, rule, cited, conf))
    truth_records = set()
    found, last_seq, in_order = 0, 0, True
    for st in gt["steps"]:
        want = records(st["evidence"])
        truth_records |= want
        t = ticks(st["time"])
        hit = None
        # A behaviour is told by the finding of its kind; an indicator hit
        # that cites the same record (the payload's hash on the file that
        # is deleted) is counted with the indicators below, so it is the
        # match only when no other finding is.
        for pass_ioc in (False, True):
            for seq, first, last, rule, cited, conf in steps:
                if (rule == "ioc-hit") == pass_ioc and cited & want \
                        and t in (first, last):
                    hit = (seq, rule, conf)
                    break
            if hit:
                break
        # Where the ground truth gives the confidence an analyst would
        # state (default logging: inferred links are medium), it must hold.
        if hit and "confidence" in st and hit[2] != st["confidence"]:
            print("# step %d %-20s %s  found as chain step %d (%s) but with"
                  " confidence %s, not %s" % (st["step"], st["kind"], st["time"],
                                              hit[0], hit[1], hit[2], st["confidence"]))
            hit = None
        if hit:
            found += 1
            if hit[0] < last_seq:
                in_order = False
            last_seq = hit[0]
            print("# step %d %-20s %s  found: chain step %d (%s)" %
                  (st["step"], st["kind"], st["time"], hit[0], hit[1]))
        else:
            print("# step %d %-20s %s  MISSED" % (st["step"], st["kind"], st["time"]))
    for u in gt.get("unprovable", []):
        print("# step %d %-20s %s  not provable here: %s" % (u["step"], u["kind"], u["time"], u["why"]))
    has_files = db.execute("SELECT count(*) FROM file").fetchone()[0] > 0
    ioc_found = 0
    for h in gt["ioc_hits"]:
        want = records(h["evidence"])
        truth_records |= want
        ok = False
        for fid, title in db.execute(
                "SELECT id, title FROM finding WHERE rule = 'ioc-hit'"
                " AND lower(title) LIKE ?", ("%" + h["ioc"].lower() + "%",)):
            cited = {r for (r,) in db.execute(
                "SELECT record_id FROM finding_evidence WHERE finding_id = ?", (fid,))}
            deleted = "deleted file" in title
            if cited & want or deleted:
                ok = not (h.get("on", "").startswith("deleted") and has_files and not deleted)
                if ok:
                    truth_records |= cited
                    break
        ioc_found += ok
        print("# ioc %-8s %s  %s" % (h["type"], h["ioc"], "found" if ok else "MISSED"))
    tp = fp = 0
    for fid, rule, title in db.execute(
            "SELECT id, rule, title FROM finding WHERE severity IN ('high', 'critical')"
            " ORDER BY first_ts, id"):
        cited = {r for (r,) in db.execute(
            "SELECT record_id FROM finding_evidence WHERE finding_id = ?", (fid,))}
        if cited & truth_records:
            tp += 1
        else:
            fp += 1
            print("# false positive: %s: %s" % (rule, title))
    expected = len(gt["steps"]) + len(gt["ioc_hits"])
    recall = (found + ioc_found) / expected
    precision = tp / (tp + fp) if tp + fp else 0.0
    print("# precision %.3f (%d of %d high-severity findings), recall %.3f (%d of %d steps and IOC hits), order %s"
          % (precision, tp, tp + fp, recall, found + ioc_found, expected,
             "kept" if in_order else "WRONG"))
    return 0 if precision == 1.0 and recall == 1.0 and in_order else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
