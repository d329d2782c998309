-- rule: lolbin-download
-- severity: medium
-- attack: T1105,T1197
-- why: Windows' own tools fetching files (certutil -urlcache / -split -f,
--   bitsadmin /transfer, curl/wget to a file) are a common way to bring
--   tools in without a browser; administrators seldom use them on a
--   workstation. Plain certutil or bitsadmin queries without a URL stay out.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	p.start_ts AS ts_first,
	p.start_ts AS ts_last,
	ct_basename(p.image) || ' downloaded a file' AS title,
	'Command line: ' || p.command_line || coalesce('. Started by ' || par.image, '') || '.'
	    AS description,
	(SELECT json_group_array(record_id) FROM (SELECT record_id FROM process_record
	    WHERE process_id = p.id ORDER BY record_id)) AS evidence,
	json_array('process:' || p.id, 'process:' || coalesce(p.parent_id, 0)) AS keys,
	NULL AS severity,
	coalesce(ct_basename(par.image), 'a process') || ' used '
	    || ct_basename(p.image) || ' to download a file: "' || substr(p.command_line, 1, 300)
	    || '"' AS statement
FROM process p
LEFT JOIN process par ON par.id = p.parent_id
WHERE p.command_line IS NOT NULL
  AND (p.command_line LIKE '%http://%' OR p.command_line LIKE '%https://%'
       OR p.command_line LIKE '%ftp://%')
  AND ((ct_basename(p.image) = 'certutil.exe'
	AND (p.command_line LIKE '%urlcache%' OR p.command_line LIKE '%verifyctl%'))
    OR (ct_basename(p.image) = 'bitsadmin.exe' AND p.command_line LIKE '%transfer%')
    OR (ct_basename(p.image) IN ('curl.exe', 'wget.exe')
	AND (p.command_line LIKE '% -o %' OR p.command_line LIKE '% --output%'
	     OR p.command_line LIKE '% -O%')))
ORDER BY p.start_ts, p.id
