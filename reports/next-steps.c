/*
 * next-steps.c - the recommended next steps of the verdict, as data: for
 * each, the SQL that finds the finding (or coverage gap) that calls for it
 * and the facts the sentence names, and the sentence. A step is written
 * only when its query returns a row; the wording is the usual first
 * response to that kind of finding, not a conclusion the evidence does
 * not support. Both the HTML verdict (verdict.c) and the JSON report
 * (json.c) read this table, so they recommend the same.
 */
#include "compat.h"

#include "report-int.h"

const struct rp_next_step rp_next_steps[] = {
	/* the hosts the event logs of the chains' evidence name */
	{ "SELECT min(cs.finding_id), replace(group_concat(DISTINCT "
	    "x.computer), ',', ', '), '', '' FROM chain_step cs JOIN chain c "
	    "ON c.id = cs.chain_id JOIN finding_evidence fe ON fe.finding_id = "
	    "cs.finding_id JOIN evtx x ON x.record_id = fe.record_id WHERE "
	    "c.severity IN ('high', 'critical') AND x.computer IS NOT NULL AND "
	    "x.computer <> '' HAVING count(*) > 0",
	  "Isolate %1 from the network (keep it running for a memory image): "
	  "an attack chain ran on it." },
	{ "SELECT min(f.id), replace(group_concat(DISTINCT i.normalized), ',', "
	    "', '), '', '' FROM finding f JOIN finding_evidence fe ON "
	    "fe.finding_id = f.id JOIN indicator_hit h ON h.record_id = "
	    "fe.record_id JOIN indicator i ON i.id = h.indicator_id WHERE "
	    "i.type IN ('ip-dst', 'ip-src', 'domain', 'hostname', 'url') AND "
	    "f.rule <> 'ioc-hit' AND f.severity NOT IN ('info', 'low') "
	    "HAVING count(*) > 0",
	  "Block %1 at the firewall and proxy, and search their logs for "
	  "every other host that contacted them." },
	{ "SELECT (SELECT min(fe.finding_id) FROM finding_evidence fe JOIN "
	    "finding g ON g.id = fe.finding_id WHERE fe.record_id = f.record_id "
	    "AND g.severity NOT IN ('info', 'low')), f.sha256, f.path, '' FROM "
	    "file f WHERE f.allocated = 0 AND f.sha256 IS NOT NULL AND "
	    "f.record_id IN (SELECT fe.record_id FROM finding_evidence fe JOIN "
	    "finding g ON g.id = fe.finding_id WHERE g.severity NOT IN ('info', "
	    "'low')) ORDER BY f.record_id LIMIT 1",
	  "Hunt SHA-256 %1 (%2, deleted, read back from the disk) on every "
	  "host (EDR, antivirus, Amcache), and hand the recovered file to "
	  "malware analysis." },
	{ "SELECT f.id, coalesce(json_extract(f.details, '$.updater'), "
	    "json_extract(f.details, '$.image')), coalesce((SELECT 'version ' "
	    "|| a.version FROM artefact a WHERE a.kind = 'amcache_file' AND "
	    "lower(a.path) = lower(json_extract(f.details, '$.image')) AND "
	    "a.version IS NOT NULL LIMIT 1), 'any version'), "
	    /* the clause only when the run's connections are on record */
	    "coalesce(', check whether it also contacted ' || "
	    "nullif(json_extract(f.details, '$.contacted'), ''), '') "
	    "FROM chain_step cs JOIN "
	    "finding f ON f.id = cs.finding_id WHERE f.rule = 'updater-run' "
	    "AND json_valid(f.details) ORDER BY cs.seq LIMIT 1",
	  "Find every host running the %1 (%2 here)%3, and ask the vendor "
	  "whether its update channel was compromised; hold updates until it "
	  "answers." },
	{ "SELECT f.id, p.user_name, '', '' FROM chain_step cs JOIN finding f "
	    "ON f.id = cs.finding_id JOIN finding_evidence fe ON fe.finding_id "
	    "= f.id JOIN process p ON p.start_record_id = fe.record_id WHERE "
	    "p.user_name IS NOT NULL AND p.user_name <> '' AND f.rule <> "
	    "'ioc-hit' ORDER BY CASE f.rule WHEN 'powershell' THEN 0 ELSE 1 "
	    "END, cs.seq LIMIT 1",
	  "Reset the password and sessions of %1 and review its logons since "
	  "the attack: the attacker's code ran as this account." },
	{ "SELECT (SELECT min(fe.finding_id) FROM finding_evidence fe JOIN "
	    "finding g ON g.id = fe.finding_id WHERE fe.record_id = f.record_id "
	    "AND g.severity NOT IN ('info', 'low')), (SELECT path || ' SHA-256 ' "
	    "|| coalesce(sha256, '(not hashed)') FROM source WHERE parent_id IS "
	    "NULL AND kind <> 'ioc' ORDER BY id LIMIT 1), '', '' FROM file f "
	    "WHERE f.allocated = 0 AND f.content = 'recovered' AND f.record_id "
	    "IN (SELECT fe.record_id FROM finding_evidence fe JOIN finding g ON "
	    "g.id = fe.finding_id WHERE g.severity NOT IN ('info', 'low')) "
	    "ORDER BY f.record_id LIMIT 1",
	  "Preserve the evidence (%1) and this case file: the deleted "
	  "payload survives only in unallocated space, which any further use "
	  "of the disk may overwrite." },
	{ "SELECT -id, evidence, detail, '' FROM coverage WHERE state IN "
	    "('absent', 'cleared') ORDER BY id LIMIT 1",
	  "Close the gap in what the host records (%1: %2), so that a repeat "
	  "would be seen." },
	{ "SELECT -min(id), group_concat(evidence, '; '), '', '' FROM coverage "
	    "WHERE state = 'not-collected' HAVING count(*) > 0",
	  "Collect what this case lacks, if the host has it: %1." },
};

const size_t rp_n_next_steps = CT_ARRAY_SIZE(rp_next_steps);
