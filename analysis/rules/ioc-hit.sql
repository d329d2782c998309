-- rule: ioc-hit
-- severity: high
-- attack:
-- why: an indicator of compromise from a threat report (indicator table,
--   loaded and matched by `casetrail ioc`) was found in the evidence. One
--   finding per indicator, citing every record it matched; a match on a
--   deleted file (unallocated MFT entry) is called out in the title,
--   because it is the trace that survives an attacker's clean-up; so is a
--   match on an artefact (an Amcache entry's SHA-1: a program that was
--   here), which the description and the statement name.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	min(ev.ts) AS ts_first,
	max(ev.ts) AS ts_last,
	'Indicator ' || i.type || ' ' || coalesce(i.normalized, i.value)
	    || ' found in ' || count(DISTINCT h.record_id) || ' record(s)'
	    || CASE WHEN max(r.flags & 1) = 1 OR max(coalesce(f.allocated, 1) = 0)
		THEN ', including a deleted file' ELSE '' END AS title,
	'The threat report lists ' || i.type || ' ' || coalesce(i.normalized, i.value)
	    || coalesce(' (' || nullif(i.comment, '') || ')', '')
	    || '. It matched ' || group_concat(DISTINCT h.field) || ' of '
	    || count(DISTINCT h.record_id) || ' record(s)'
	    || CASE WHEN max(r.flags & 1) = 1 OR max(coalesce(f.allocated, 1) = 0)
		THEN '; at least one is a deleted file whose entry survives in the MFT: '
		    || (SELECT f2.path || ' (' || r2.locator || ')'
			FROM indicator_hit h2 JOIN record r2 ON r2.id = h2.record_id
			JOIN file f2 ON f2.record_id = h2.record_id
			WHERE h2.indicator_id = i.id AND f2.allocated = 0
			ORDER BY h2.record_id LIMIT 1)
		ELSE '' END
	    || coalesce((SELECT '; ' || CASE WHEN a6.kind LIKE 'amcache%' THEN 'Amcache'
		ELSE 'the ' || a6.kind || ' artefact' END || ' lists it as '
		|| coalesce(a6.path, a6.name, 'a program') || ' (' || r6.locator || ')'
		FROM indicator_hit h6 JOIN artefact a6 ON a6.record_id = h6.record_id
		JOIN record r6 ON r6.id = h6.record_id
		WHERE h6.indicator_id = i.id ORDER BY h6.record_id LIMIT 1), '') || '.' AS description,
	(SELECT json_group_array(record_id) FROM (SELECT DISTINCT h3.record_id
	    FROM indicator_hit h3 WHERE h3.indicator_id = i.id
	    ORDER BY h3.record_id LIMIT 256)) AS evidence,
	json_array(
	    CASE WHEN i.type IN ('ip-dst', 'ip-src', 'ip-dst|port', 'ip-src|port', 'domain', 'hostname')
		THEN 'ip:' || coalesce(i.normalized, i.value)
	    WHEN i.type IN ('md5', 'sha1', 'sha256', 'filename|md5', 'filename|sha1', 'filename|sha256')
		THEN 'hash:' || lower(coalesce(i.normalized, i.value))
	    WHEN i.type IN ('url', 'uri') THEN 'url:' || coalesce(i.normalized, i.value)
	    ELSE i.type || ':' || coalesce(i.normalized, i.value) END,
	    -- A URL also links through its host, the address PowerShell or a
	    -- connection names.
	    (SELECT 'ip:' || lower(CASE WHEN instr(host, ':') > 0
		THEN substr(host, 1, instr(host, ':') - 1) ELSE host END)
	     FROM (SELECT substr(rest, 1, instr(rest || '/', '/') - 1) AS host
		FROM (SELECT substr(coalesce(i.normalized, i.value),
		    instr(coalesce(i.normalized, i.value), '://') + 3) AS rest))
	     WHERE i.type = 'url' AND instr(coalesce(i.normalized, i.value), '://') > 0),
	    (SELECT 'path:' || ct_normpath(f4.path) FROM indicator_hit h4
		JOIN file f4 ON f4.record_id = h4.record_id
		WHERE h4.indicator_id = i.id ORDER BY h4.record_id LIMIT 1)
	) AS keys,
	CASE WHEN i.to_ids = 0 THEN 'medium' ELSE 'high' END AS severity,
	CASE WHEN i.type IN ('md5', 'sha1', 'sha256')
		THEN 'the threat report''s ' || i.type || ' ' || coalesce(i.normalized, i.value)
		    || ' matched ' || CASE WHEN max(r.flags & 1) = 1 OR max(coalesce(f.allocated, 1) = 0)
			THEN 'the recovered content of a deleted file'
			WHEN max(f.record_id IS NOT NULL) THEN 'a file'
			WHEN max(r.type = 'artefact') THEN 'what Windows recorded of a program'
			ELSE 'the hashes an event log recorded' END
		    || coalesce((SELECT CASE WHEN a5.kind LIKE 'amcache%' THEN '; Amcache'
			ELSE '; the ' || a5.kind || ' artefact' END
			|| ' lists it as ' || coalesce(a5.path, a5.name, 'a program')
			|| ': Windows recorded the program here, and that record outlives its file'
			FROM indicator_hit h5 JOIN artefact a5 ON a5.record_id = h5.record_id
			WHERE h5.indicator_id = i.id ORDER BY h5.record_id LIMIT 1), '')
	    ELSE 'the threat report''s ' || i.type || ' ' || coalesce(i.normalized, i.value)
		|| ' appears in ' || count(DISTINCT h.record_id) || ' record(s)' END AS statement
FROM indicator i
JOIN indicator_hit h ON h.indicator_id = i.id
JOIN record r ON r.id = h.record_id
LEFT JOIN file f ON f.record_id = h.record_id
LEFT JOIN event ev ON ev.record_id = h.record_id
WHERE i.valid = 1
GROUP BY i.id
ORDER BY ts_first, i.id
