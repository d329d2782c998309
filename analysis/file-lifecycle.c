/*
 * file-lifecycle.c - the life of every executable or script file the
 * evidence shows created, run or deleted (table file_lifecycle): one row
 * per incarnation of a path, from one creation to the next, so a patch
 * an updater writes every day is one row a day.
 *
 *  - created: Sysmon 11/15 of a process of the model (the writer, logged),
 *    else the USN journal's FILE_CREATE (the first record of the file
 *    reference: the journal repeats the reason until the file is closed)
 *    or a rename to the path (RENAME_NEW_NAME, with the name it had);
 *    creations within 2 s of each other are one creation; the last
 *    DATA_EXTEND or DATA_OVERWRITE of the same file is its last write;
 *  - the writer without a log: the updater the process model inferred as
 *    the parent of the incarnation's first run (process-infer.c rule 1),
 *    with that basis and confidence;
 *  - runs: the processes of the model with that image started in the
 *    incarnation; deleted: Sysmon 23/26 (the deleter, logged), else the
 *    journal's FILE_DELETE or a rename away (RENAME_OLD_NAME, with the
 *    name it took), the first in the incarnation;
 *  - what is left: the $MFT entry created with it (else the path's latest),
 *    allocated or not, its content state and hashes, Zone.Identifier; the
 *    SHA-1 of Amcache where the content is gone.
 * Paths of processes the model knows only by file name are left out.
 */
#include "compat.h"

#include "steps.h"
#include "sql.h"
#include "sql-names.h"

#define T2S "20000000"

static const char *const steps[][2] = {
	{ "file lifecycle events",
	"CREATE TEMP TABLE t_lc_ev AS"
	" SELECT ct_normpath(a.target) AS np, CASE a.kind WHEN 'file-write'"
	"  THEN 'create' ELSE 'delete' END AS what, a.ts AS ts,"
	"  a.record_id AS rec, CASE a.kind WHEN 'file-write' THEN"
	"  'Sysmon file creation' ELSE 'Sysmon file deletion' END AS how,"
	"  a.process_id AS pid, 0 AS journal, NULL AS inode"
	" FROM process_activity a WHERE a.kind IN ('file-write', 'file-delete')"
	" AND a.target IS NOT NULL AND " AN_SQL_IS_CODE("a.target")
	" UNION ALL SELECT ct_normpath(u.path), CASE WHEN u.reasons LIKE"
	"  '%FILE_DELETE%' THEN 'delete' ELSE 'create' END, min(u.ts),"
	"  u.record_id, CASE WHEN u.reasons LIKE '%FILE_DELETE%' THEN"
	"  'USN journal FILE_DELETE' ELSE 'USN journal FILE_CREATE' END, NULL, 1,"
	"  u.file_inode"
	" FROM usn u WHERE (u.reasons LIKE '%FILE_CREATE%'"
	"  OR u.reasons LIKE '%FILE_DELETE%') AND u.path IS NOT NULL AND u.ts > 0"
	" AND " AN_SQL_IS_CODE("u.name")
	" GROUP BY ct_normpath(u.path), u.file_inode, u.file_seq,"
	"  u.reasons LIKE '%FILE_DELETE%'"
	/*
	 * A rename brings a file to a path (RENAME_NEW_NAME: a download
	 * saved as .tmp, then named .exe) or takes it away (RENAME_OLD_NAME):
	 * a creation and a deletion there, for the lifecycle of the path.
	 */
	" UNION ALL SELECT ct_normpath(u.path), CASE WHEN u.reasons LIKE"
	"  '%RENAME_NEW_NAME%' THEN 'create' ELSE 'delete' END, min(u.ts),"
	"  u.record_id, CASE WHEN u.reasons LIKE '%RENAME_NEW_NAME%' THEN"
	"  'USN journal RENAME_NEW_NAME' ELSE 'USN journal RENAME_OLD_NAME' END,"
	"  NULL, 1, u.file_inode"
	" FROM usn u WHERE (u.reasons LIKE '%RENAME_NEW_NAME%'"
	"  OR u.reasons LIKE '%RENAME_OLD_NAME%') AND u.path IS NOT NULL"
	" AND u.ts > 0 AND " AN_SQL_IS_CODE("u.name")
	" GROUP BY ct_normpath(u.path), u.file_inode, u.file_seq,"
	"  u.reasons LIKE '%RENAME_NEW_NAME%';"
	"CREATE INDEX t_lc_ev_i ON t_lc_ev(np, what, ts);"
	/* The journal's renames and writes by file, for the names and times. */
	"CREATE TEMP TABLE t_lc_usn AS SELECT u.file_inode AS inode, u.ts AS ts,"
	" u.path AS path, CASE WHEN u.reasons LIKE '%RENAME_OLD_NAME%' THEN 'old'"
	"  WHEN u.reasons LIKE '%RENAME_NEW_NAME%' THEN 'new' ELSE 'write' END"
	"  AS what FROM usn u"
	" WHERE (u.reasons LIKE '%RENAME_%' OR u.reasons LIKE '%DATA_EXTEND%'"
	"  OR u.reasons LIKE '%DATA_OVERWRITE%') AND u.file_inode IS NOT NULL"
	" AND u.file_inode IN (SELECT inode FROM t_lc_ev WHERE inode IS NOT NULL);"
	"CREATE INDEX t_lc_usn_i ON t_lc_usn(inode, what, ts)" },

	{ "file lifecycle runs",
	/* Each image normalised once: a host has few images and many runs. */
	"CREATE TEMP TABLE t_lc_img AS SELECT image, ct_normpath(image) AS np"
	" FROM (SELECT DISTINCT image FROM process WHERE image IS NOT NULL)"
	" WHERE (image LIKE '%\\%' OR image LIKE '%/%')"
	" AND " AN_SQL_IS_CODE("image") ";"
	"CREATE UNIQUE INDEX t_lc_img_i ON t_lc_img(image);"
	"CREATE TEMP TABLE t_lc_evnp AS SELECT DISTINCT np FROM t_lc_ev;"
	"CREATE UNIQUE INDEX t_lc_evnp_i ON t_lc_evnp(np);"
	/*
	 * The runs one by one only for paths created or deleted on record
	 * (their incarnations split them); the others - the system's own
	 * programs, run thousands of times - are one incarnation each, told
	 * by aggregates.
	 */
	"CREATE TEMP TABLE t_lc_proc AS SELECT p.id AS id,"
	" (SELECT i.np FROM t_lc_img i WHERE i.image = p.image) AS np,"
	" p.start_ts AS start_ts, p.image AS image, p.parent_id AS parent_id,"
	" p.parent_basis AS parent_basis,"
	" p.parent_confidence AS parent_confidence"
	" FROM process p WHERE p.start_ts IS NOT NULL AND p.image IN"
	"  (SELECT image FROM t_lc_img WHERE np IN (SELECT np FROM t_lc_evnp));"
	"CREATE INDEX t_lc_proc_i ON t_lc_proc(np, start_ts);"
	/*
	 * One pass over the runs, by image: the count, the last start and
	 * the first run as "start id" (its minimum is the first by time).
	 */
	"CREATE TEMP TABLE t_lc_agg AS SELECT image, count(*) AS n,"
	" max(start_ts) AS last, min(printf('%020d %d', start_ts, id)) AS fk"
	" FROM process WHERE start_ts > 0 AND image IN (SELECT image FROM t_lc_img"
	"  WHERE np NOT IN (SELECT np FROM t_lc_evnp)) GROUP BY image;"
	"INSERT INTO file_lifecycle (np, path, runs, first_run_ts, last_run_ts,"
	" first_process_id)"
	" SELECT i.np, a.image, sum(a.n), CAST(substr(min(a.fk), 1, 20) AS INTEGER),"
	" max(a.last), CAST(substr(min(a.fk), 22) AS INTEGER)"
	" FROM t_lc_agg a JOIN t_lc_img i ON i.image = a.image"
	" GROUP BY i.np ORDER BY i.np;"
	"DROP TABLE t_lc_agg;"
	"DROP TABLE t_lc_img; DROP TABLE t_lc_evnp" },

	{ "file incarnations",
	/*
	 * Creations, a log's first (it names the writer) when a log and the
	 * journal both saw one; then every path that ran or was deleted
	 * without a creation on record, from the start of time.
	 */
	"CREATE TEMP TABLE t_lc_cr AS SELECT np, ts, rec, how, pid, inode FROM ("
	" SELECT e.*, lag(e.ts) OVER (PARTITION BY e.np ORDER BY e.ts,"
	"  e.journal, e.rec) AS prev FROM t_lc_ev e WHERE e.what = 'create')"
	" WHERE prev IS NULL OR ts - prev > " T2S ";"
	"CREATE TEMP TABLE t_lc_inc AS SELECT np, ts AS created, rec, how, pid,"
	" inode,"
	" lead(ts) OVER (PARTITION BY np ORDER BY ts, rec) AS until FROM t_lc_cr;"
	"INSERT INTO t_lc_inc (np, created, until)"
	" SELECT n.np, NULL, (SELECT min(c.ts) FROM t_lc_cr c WHERE c.np = n.np)"
	" FROM (SELECT np FROM t_lc_proc UNION SELECT np FROM t_lc_ev"
	"  WHERE what = 'delete') n"
	" WHERE EXISTS (SELECT 1 FROM t_lc_proc p WHERE p.np = n.np"
	"  AND p.start_ts < coalesce((SELECT min(c.ts) FROM t_lc_cr c"
	"  WHERE c.np = n.np), 9223372036854775807))"
	" OR EXISTS (SELECT 1 FROM t_lc_ev d WHERE d.np = n.np AND d.what = 'delete'"
	"  AND d.ts < coalesce((SELECT min(c.ts) FROM t_lc_cr c"
	"  WHERE c.np = n.np), 9223372036854775807));"
	"DROP TABLE t_lc_cr" },

	{ "file lifecycle rows",
	"INSERT INTO file_lifecycle (np, path, created_ts, created_record_id,"
	" created_how, writer_process_id, runs, first_run_ts, last_run_ts,"
	" first_process_id, deleted_ts, deleted_record_id, deleted_how,"
	" deleter_process_id)"
	" SELECT i.np, i.np, i.created, i.rec, i.how, i.pid,"
	" (SELECT count(*) FROM t_lc_proc p WHERE p.np = i.np"
	"  AND p.start_ts >= coalesce(i.created, 0)"
	"  AND p.start_ts < coalesce(i.until, 9223372036854775807)),"
	" (SELECT min(p.start_ts) FROM t_lc_proc p WHERE p.np = i.np"
	"  AND p.start_ts >= coalesce(i.created, 0)"
	"  AND p.start_ts < coalesce(i.until, 9223372036854775807)),"
	" (SELECT max(p.start_ts) FROM t_lc_proc p WHERE p.np = i.np"
	"  AND p.start_ts >= coalesce(i.created, 0)"
	"  AND p.start_ts < coalesce(i.until, 9223372036854775807)),"
	" (SELECT p.id FROM t_lc_proc p WHERE p.np = i.np"
	"  AND p.start_ts >= coalesce(i.created, 0)"
	"  AND p.start_ts < coalesce(i.until, 9223372036854775807)"
	"  ORDER BY p.start_ts, p.id LIMIT 1),"
	" d.ts, d.rec, d.how, d.pid"
	" FROM t_lc_inc i LEFT JOIN t_lc_ev d ON d.rowid = (SELECT e.rowid"
	"  FROM t_lc_ev e WHERE e.np = i.np AND e.what = 'delete'"
	/* The same file, where the journal names both (a replaced file's old copy is another). */
	"  AND (e.inode IS NULL OR i.inode IS NULL OR e.inode = i.inode)"
	"  AND e.ts >= coalesce(i.created, 0)"
	"  AND (e.ts < coalesce(i.until, 9223372036854775807)"
	"   OR e.inode = i.inode)"
	"  ORDER BY e.ts, e.journal, e.rec LIMIT 1)"
	" ORDER BY i.np, coalesce(i.created, 0);"
	/* A log's deletion names the deleter; the journal's a moment later is the same. */
	"UPDATE file_lifecycle SET deleter_process_id = (SELECT e.pid FROM t_lc_ev e"
	" WHERE e.np = file_lifecycle.np AND e.what = 'delete' AND e.journal = 0"
	" AND e.ts BETWEEN file_lifecycle.deleted_ts - " T2S
	"  AND file_lifecycle.deleted_ts + " T2S " ORDER BY e.ts LIMIT 1)"
	" WHERE deleter_process_id IS NULL AND deleted_ts IS NOT NULL;"
	/* The writer without a log: the updater inferred as the first run's parent. */
	"UPDATE file_lifecycle SET writer_process_id = (SELECT p.parent_id"
	"  FROM t_lc_proc p WHERE p.id = file_lifecycle.first_process_id),"
	" writer_basis = 'inferred, as the starter of its first run: '"
	"  || (SELECT p.parent_basis FROM t_lc_proc p"
	"  WHERE p.id = file_lifecycle.first_process_id),"
	" writer_confidence = (SELECT p.parent_confidence FROM t_lc_proc p"
	"  WHERE p.id = file_lifecycle.first_process_id)"
	" WHERE writer_process_id IS NULL AND created_ts IS NOT NULL"
	" AND first_process_id IN (SELECT id FROM t_lc_proc"
	"  WHERE parent_basis LIKE 'its file was created%');"
	"UPDATE file_lifecycle SET writer_confidence = 'high'"
	" WHERE writer_process_id IS NOT NULL AND writer_basis IS NULL;"
	/* Where a file renamed here came from, where one renamed away went. */
	"UPDATE file_lifecycle SET renamed_from = (SELECT r.path FROM t_lc_usn r"
	" WHERE r.inode = (SELECT e.inode FROM t_lc_ev e"
	"  WHERE e.rec = file_lifecycle.created_record_id)"
	" AND r.what = 'old' AND r.ts <= file_lifecycle.created_ts"
	" ORDER BY r.ts DESC LIMIT 1)"
	" WHERE created_how = 'USN journal RENAME_NEW_NAME';"
	"UPDATE file_lifecycle SET renamed_to = (SELECT r.path FROM t_lc_usn r"
	" WHERE r.inode = (SELECT e.inode FROM t_lc_ev e"
	"  WHERE e.rec = file_lifecycle.deleted_record_id)"
	" AND r.what = 'new' AND r.ts >= file_lifecycle.deleted_ts"
	" ORDER BY r.ts LIMIT 1)"
	" WHERE deleted_how = 'USN journal RENAME_OLD_NAME';"
	/* The last write the journal saw to the file between its two ends. */
	"UPDATE file_lifecycle SET modified_ts = (SELECT max(r.ts) FROM t_lc_usn r"
	" WHERE r.inode = (SELECT e.inode FROM t_lc_ev e"
	"  WHERE e.rec = file_lifecycle.created_record_id) AND r.what = 'write'"
	/* a file renamed here was written before it came */
	" AND (r.ts >= file_lifecycle.created_ts"
	"  OR file_lifecycle.created_how = 'USN journal RENAME_NEW_NAME')"
	" AND (file_lifecycle.deleted_ts IS NULL OR r.ts <= file_lifecycle.deleted_ts))"
	" WHERE created_record_id IS NOT NULL AND created_how LIKE 'USN%';"
	"DROP TABLE t_lc_inc; DROP TABLE t_lc_ev; DROP TABLE t_lc_usn" },

	{ "file lifecycle contents",
	/* The entry made by that creation, else the path's latest. */
	"CREATE TEMP TABLE t_lc_file AS SELECT record_id, ct_normpath(path) AS np,"
	" si_crtime, allocated, content, sha256, sha1, md5, zone_id,"
	" zone_host_url, path FROM file"
	" WHERE " AN_SQL_IS_CODE("name") " AND EXISTS (SELECT 1 FROM file_lifecycle);"
	"CREATE INDEX t_lc_file_i ON t_lc_file(np, si_crtime);"
	"UPDATE file_lifecycle SET file_record_id = coalesce("
	" (SELECT f.record_id FROM t_lc_file f WHERE f.np = file_lifecycle.np"
	"  AND f.si_crtime BETWEEN file_lifecycle.created_ts - " T2S
	"  AND file_lifecycle.created_ts + " T2S " ORDER BY f.record_id DESC LIMIT 1),"
	" (SELECT f.record_id FROM t_lc_file f WHERE f.np = file_lifecycle.np"
	"  ORDER BY f.allocated DESC, f.record_id DESC LIMIT 1));"
	"UPDATE file_lifecycle SET (path, allocated, content, sha256, sha1, md5,"
	" zone_id, zone_host_url) = (SELECT 'C:' || replace(f.path, '/', '\\'),"
	" f.allocated, f.content, f.sha256, f.sha1, f.md5, f.zone_id,"
	" f.zone_host_url FROM t_lc_file f"
	" WHERE f.record_id = file_lifecycle.file_record_id)"
	" WHERE file_record_id IS NOT NULL;"
	/* No file entry: the path as the process model wrote it. */
	"UPDATE file_lifecycle SET path = coalesce((SELECT p.image FROM t_lc_proc p"
	" WHERE p.np = file_lifecycle.np ORDER BY p.start_ts LIMIT 1), path)"
	" WHERE file_record_id IS NULL;"
	"UPDATE file_lifecycle SET sha1 = (SELECT min(a.sha1) FROM artefact a"
	" WHERE a.kind = 'amcache_file' AND a.sha1 IS NOT NULL"
	" AND ct_normpath(a.path) = file_lifecycle.np)"
	" WHERE sha1 IS NULL AND EXISTS (SELECT 1 FROM artefact"
	"  WHERE kind = 'amcache_file');"
	"DROP TABLE t_lc_file; DROP TABLE t_lc_proc" },
};

enum ct_status
an_build_file_lifecycle(struct an_ctx *x)
{
	return an_exec_steps(x, steps, CT_ARRAY_SIZE(steps));
}
