-- rule: inhibit-recovery
-- severity: high
-- attack: T1490
-- why: deleting the shadow copies and backups or turning off recovery
--   (vssadmin delete shadows, wmic shadowcopy delete, wbadmin delete,
--   bcdedit recoveryenabled no / ignoreallfailures, PowerShell removing
--   Win32_ShadowCopy) is what ransomware does just before it encrypts:
--   the host can no longer be rolled back.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	p.start_ts AS ts_first,
	p.start_ts AS ts_last,
	ct_basename(p.image) || ' removed the means of recovery' AS title,
	'Command line: ' || p.command_line || coalesce('. Started by ' || par.image, '')
	    || '.' AS description,
	(SELECT json_group_array(record_id) FROM (SELECT record_id FROM process_record
	    WHERE process_id = p.id ORDER BY record_id)) AS evidence,
	json_array('process:' || p.id, 'process:' || coalesce(p.parent_id, 0)) AS keys,
	NULL AS severity,
	coalesce(ct_basename(par.image), 'a process') || ' ran "'
	    || substr(p.command_line, 1, 300)
	    || '", removing shadow copies, backups or recovery - as ransomware does before it encrypts'
	    AS statement
-- LIKE ignores ASCII case: no lower() copy of every command line
FROM (SELECT r.*, r.command_line AS l FROM process r
      WHERE r.command_line IS NOT NULL) p
LEFT JOIN process par ON par.id = p.parent_id
WHERE (p.l LIKE '%vssadmin%delete%shadows%' OR p.l LIKE '%vssadmin%resize%shadowstorage%'
    OR p.l LIKE '%shadowcopy%delete%' OR p.l LIKE '%wbadmin%delete%catalog%'
    OR p.l LIKE '%wbadmin%delete%systemstatebackup%' OR p.l LIKE '%wbadmin%delete%backup%'
    OR (p.l LIKE '%bcdedit%' AND (p.l LIKE '%recoveryenabled%no%'
      OR p.l LIKE '%bootstatuspolicy%ignoreallfailures%'))
    OR (p.l LIKE '%win32_shadowcopy%' AND (p.l LIKE '%delete%' OR p.l LIKE '%remove%')))
ORDER BY p.start_ts, p.id
