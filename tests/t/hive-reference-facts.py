#!/usr/bin/python3
# hive-reference-facts.py GROUND-TRUTH.json CASE.db - the registry facts of
# the reference ground truth ("registry") checked in a case file that
# ingested the reference image (tests/t/t1403-hive-reference.sh); one
# "ok"/"not ok" line per fact, exit 1 if any failed.
import datetime, json, sqlite3, sys
g = json.load(open(sys.argv[1]))["registry"]
db = sqlite3.connect("file:" + sys.argv[2] + "?mode=ro", uri=True)
bad = 0
def check(what, got, want):
    global bad
    ok = got == want
    bad += not ok
    print(("ok " if ok else "not ok ") + what + ("" if ok else ": got %r, want %r" % (got, want)))
def ticks(iso):
    d = datetime.datetime.strptime(iso[:19], "%Y-%m-%dT%H:%M:%S")
    frac = iso[20:-1] if len(iso) > 20 else ""
    return int((d - datetime.datetime(1601, 1, 1)).total_seconds()) * 10**7 + int((frac + "0000000")[:7])
def one(q, *a):
    r = db.execute(q, a).fetchall()
    return r[0][0] if len(r) == 1 else r
def value(hive, path, name, col="text"):
    return one("SELECT v.%s FROM reg_value v JOIN reg_key k USING (record_id) "
        "WHERE k.hive = ? AND k.path = ? AND v.name = ?" % col, hive, path, name)
types = {"SYSTEM": "SYSTEM", "SOFTWARE": "SOFTWARE", "SAM": "SAM", "NTUSER.DAT": "NTUSER", "Amcache.hve": "AMCACHE"}
for name, h in g["hives"].items():
    if name not in types:
        continue
    t = types[name]
    check(name + " keys", one("SELECT count(*) FROM reg_key WHERE hive = ?", t), h["keys"])
    check(name + " values", one("SELECT count(*) FROM reg_value v JOIN reg_key k USING (record_id) WHERE k.hive = ?", t), h["values"])
    check(name + " source", one("SELECT count(*) FROM source WHERE path = ? AND parser = 'hive'", "/" + h["path"]), 1)
s = g["system"]
check("computer name", value("SYSTEM", "ControlSet001\\Control\\ComputerName\\ComputerName", "ComputerName"), s["computer_name"])
check("current control set", value("SYSTEM", "Select", "Current", "number"), s["current_control_set"])
tz = s["time_zone"]
check("time zone", value("SYSTEM", tz["key"], "TimeZoneKeyName"), tz["key_name"])
for k, cls in s["lsa_class_names"].items():
    check("Lsa\\" + k + " class name", one("SELECT class_name FROM reg_key WHERE hive = 'SYSTEM' AND path = ?", "ControlSet001\\Control\\Lsa\\" + k), cls)
for sv in s["services"]:
    check(sv["name"] + " ImagePath", value("SYSTEM", sv["key"], "ImagePath"), sv["image_path"])
    check(sv["name"] + " Start", value("SYSTEM", sv["key"], "Start", "number"), sv["start"])
    check(sv["name"] + " key time", one("SELECT last_written FROM reg_key WHERE hive = 'SYSTEM' AND path = ?", sv["key"]), ticks(sv["key_time"]))
    check(sv["name"] + " key event", one("SELECT count(*) FROM event e JOIN reg_key k USING (record_id) WHERE k.path = ? AND e.ts = ? AND e.ts_desc = 'key last written'", sv["key"], ticks(sv["key_time"])), 1)
for sid, runs in s["bam"]["users"].items():
    for r in runs:
        check("BAM value " + r["path"], value("SYSTEM", s["bam"]["key"] + "\\" + sid, r["path"], "size"), 24)
sw = g["software"]
cv = "Microsoft\\Windows NT\\CurrentVersion"
check("product name", value("SOFTWARE", cv, "ProductName"), sw["product_name"])
check("current build", value("SOFTWARE", cv, "CurrentBuild"), sw["current_build"])
for p in sw["profile_list"]:
    check("profile " + p["sid"], value("SOFTWARE", cv + "\\ProfileList\\" + p["sid"], "ProfileImagePath"), p["profile_image_path"])
check("NTUSER owner", one("SELECT DISTINCT substr(locator, 1, 13) FROM record WHERE type = 'regkey' AND locator LIKE 'NTUSER%'"), "NTUSER (" + g["ntuser"]["user"] + ")")
for f in g["amcache"]["files"]:
    check("amcache " + f["name"] + " key time", one("SELECT last_written FROM reg_key WHERE hive = 'AMCACHE' AND path = ?", f["key"]), ticks(f["key_time"]))
    check("amcache " + f["name"] + " FileId", value("AMCACHE", f["key"], "FileId"), f["file_id"])
print("%d failed" % bad)
sys.exit(1 if bad else 0)
