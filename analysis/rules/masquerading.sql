-- rule: masquerading
-- severity: medium
-- attack: T1036.005
-- why: a program named like one of Windows' own system processes
--   (svchost.exe, lsass.exe, consent.exe, ...) but started from a folder
--   any user can write to is hiding behind the name: the real ones live in
--   System32. Credential and session processes (lsass, csrss, winlogon,
--   services, smss, wininit, svchost) are high.
-- columns: ts_first ts_last title description evidence keys severity statement
-- each image judged once (a host has few images and many runs), then its runs
WITH names AS MATERIALIZED (
	SELECT image, bn FROM (SELECT image,
	    -- a browser cache's copy: "[1]consent.exe", "consent[1].exe"
	    replace(replace(replace(ct_basename(image), '[1]', ''), '[2]', ''), '[3]', '')
	    AS bn
	  FROM (SELECT DISTINCT image FROM process WHERE image IS NOT NULL))
	WHERE bn IN ('svchost.exe', 'lsass.exe', 'csrss.exe', 'services.exe',
	    'smss.exe', 'winlogon.exe', 'wininit.exe', 'consent.exe', 'dllhost.exe',
	    'taskhostw.exe', 'taskhost.exe', 'spoolsv.exe', 'lsm.exe', 'conhost.exe',
	    'rundll32.exe', 'regsvr32.exe', 'ctfmon.exe', 'sihost.exe', 'wermgr.exe',
	    'searchindexer.exe', 'taskmgr.exe', 'dwm.exe')
	AND ct_user_writable(image))
SELECT
	p.start_ts AS ts_first,
	p.start_ts AS ts_last,
	p.bn || ' ran from ' || p.image AS title,
	'A program named ' || p.bn || ', the name of a Windows system '
	    || 'program, ran from ' || p.image || ', a folder any user can write to'
	    || coalesce(', started by ' || par.image, '')
	    || coalesce('. Command line: ' || p.command_line, '') || '.' AS description,
	(SELECT json_group_array(record_id) FROM (SELECT record_id FROM process_record
	    WHERE process_id = p.id ORDER BY record_id)) AS evidence,
	json_array('process:' || p.id, 'process:' || coalesce(p.parent_id, 0)) AS keys,
	CASE WHEN p.bn IN ('lsass.exe', 'csrss.exe', 'winlogon.exe',
	    'services.exe', 'smss.exe', 'wininit.exe', 'svchost.exe') THEN 'high' END
	    AS severity,
	'a program named ' || p.bn || ' ran from ' || p.image
	    || ', not from System32 where Windows keeps it' AS statement
FROM (SELECT q.*, i.bn AS bn FROM names i JOIN process q ON q.image = i.image) p
LEFT JOIN process par ON par.id = p.parent_id
WHERE p.image IS NOT NULL
ORDER BY p.start_ts, p.id
