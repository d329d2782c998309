-- rule: password-guessing
-- severity: medium
-- attack: T1110
-- why: a burst of failed logons (Security 4625) from one source - 20 or
--   more within an hour - is password guessing or spraying; a successful
--   logon (4624) from the same source after it makes it high: the password
--   may have been found. Failures spread over days, or a handful, stay out.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	b0.first AS ts_first,
	coalesce(coalesce(sx.created, sx.written), b0.last) AS ts_last,
	b0.n || ' failed logons from ' || b0.src
	    || CASE WHEN coalesce(sx.created, sx.written) IS NOT NULL THEN ', then a successful one' ELSE '' END
	    AS title,
	b0.n || ' failed logons (Security 4625) from ' || b0.src || ' for ' || b0.accounts
	    || ' account name(s) between ' || ct_time_words(b0.first) || ' and '
	    || ct_time_words(b0.last)
	    || CASE WHEN coalesce(sx.created, sx.written) IS NOT NULL THEN '; at ' || ct_time_words(coalesce(sx.created, sx.written))
		|| ' a logon from the same source succeeded (Security 4624, account '
		|| coalesce(sx.user_name, '?') || ')' ELSE '' END || '.' AS description,
	CASE WHEN b0.success_rid IS NULL THEN json_array(b0.first_rid, b0.last_rid)
	    ELSE json_array(b0.first_rid, b0.last_rid, b0.success_rid) END AS evidence,
	json_array('ip:' || b0.src) AS keys,
	CASE WHEN coalesce(sx.created, sx.written) IS NOT NULL THEN 'high' END AS severity,
	b0.n || ' logons from ' || b0.src || ' failed within '
	    || ((b0.last - b0.first) / 600000000 + 1) || ' minute(s), against ' || b0.accounts
	    || ' account name(s)'
	    || CASE WHEN coalesce(sx.created, sx.written) IS NOT NULL THEN '; then a logon from it succeeded as '
		|| coalesce(sx.user_name, '?') ELSE '' END AS statement
FROM (SELECT g.*,
	(SELECT s.record_id FROM evtx s
	  WHERE s.event_id IN (4624, 528, 540) AND s.channel = 'Security' AND s.src_ip = g.src
	  AND coalesce(s.created, s.written) BETWEEN g.first AND g.last + 36000000000
	  ORDER BY coalesce(s.created, s.written), s.record_id LIMIT 1) AS success_rid
      FROM (SELECT f.src AS src, count(*) AS n, count(DISTINCT f.acct) AS accounts,
	    min(f.ts) AS first, max(f.ts) AS last,
	    min(f.rid) AS first_rid, max(f.rid) AS last_rid
	  FROM (SELECT x.record_id AS rid, coalesce(x.created, x.written) AS ts,
		coalesce(nullif(nullif(x.src_ip, '-'), ''),
		    'workstation ' || json_extract(CASE WHEN json_valid(x.data) THEN x.data END,
		    '$.WorkstationName')) AS src,
		lower(x.user_name) AS acct
		-- 529-537, 539: Windows XP/2003's logon failures (.evt)
		FROM evtx x WHERE (x.event_id = 4625 OR x.event_id BETWEEN 529 AND 537
		    OR x.event_id = 539) AND x.channel = 'Security') f
	  WHERE f.src IS NOT NULL AND f.src NOT IN ('127.0.0.1', '::1')
	  -- one-hour buckets of each source
	  GROUP BY f.src, f.ts / 36000000000
	  HAVING count(*) >= 20) g) b0
LEFT JOIN evtx sx ON sx.record_id = b0.success_rid
ORDER BY ts_first, b0.src
