-- rule: credential-dump-command
-- severity: high
-- attack: T1003
-- why: commands that copy credential stores: a memory dump of lsass
--   (rundll32 comsvcs.dll MiniDump, procdump -ma lsass), the SAM, SECURITY
--   and SYSTEM hives saved (reg save), the Active Directory database taken
--   (ntdsutil ifm, esentutl or copy of ntds.dit, often from a shadow copy).
--   Administrators back up hives with other tools; these are the moves of
--   credential theft.
-- columns: ts_first ts_last title description evidence keys severity statement attack
SELECT
	p.start_ts AS ts_first,
	p.start_ts AS ts_last,
	ct_basename(p.image) || ' ' || c.what AS title,
	'Command line: ' || p.command_line || coalesce('. Started by ' || par.image, '')
	    || '.' AS description,
	(SELECT json_group_array(record_id) FROM (SELECT record_id FROM process_record
	    WHERE process_id = p.id ORDER BY record_id)) AS evidence,
	json_array('process:' || p.id, 'process:' || coalesce(p.parent_id, 0)) AS keys,
	NULL AS severity,
	coalesce(ct_basename(par.image), 'a process') || ' ran ' || ct_basename(p.image)
	    || ' to ' || c.verb || ': "' || substr(p.command_line, 1, 300) || '"' AS statement,
	c.attack AS attack
FROM (SELECT q.id AS id,
	CASE
	  WHEN l LIKE '%comsvcs%' AND l LIKE '%minidump%' THEN 'dumped a process''s memory (comsvcs MiniDump)'
	  WHEN b IN ('procdump.exe', 'procdump64.exe') AND l LIKE '%lsass%' THEN 'dumped lsass memory'
	  WHEN b = 'reg.exe' AND (l LIKE '% save %' OR l LIKE '% export %')
	    AND (l LIKE '%hklm\sam%' OR l LIKE '%hklm\security%' OR l LIKE '%hklm\system %'
	      OR l LIKE '%hklm\system"%' OR l LIKE '%hkey_local_machine\sam%'
	      OR l LIKE '%hkey_local_machine\security%' OR l LIKE '%hklm\system'
	      OR l LIKE '%hkey_local_machine\system %') THEN 'saved a credential hive'
	  WHEN b = 'ntdsutil.exe' AND (l LIKE '%ifm%' OR l LIKE '%create full%')
	    THEN 'copied the Active Directory database'
	  WHEN l LIKE '%ntds.dit%' AND (b IN ('esentutl.exe', 'cmd.exe', 'xcopy.exe',
	    'robocopy.exe', 'powershell.exe') OR l LIKE '%copy%')
	    THEN 'copied the Active Directory database'
	  WHEN l LIKE '%harddiskvolumeshadowcopy%' AND (l LIKE '%\config\sam%'
	    OR l LIKE '%\config\system%' OR l LIKE '%\config\security%')
	    THEN 'copied a credential hive from a shadow copy'
	END AS what,
	CASE WHEN l LIKE '%comsvcs%' OR b LIKE 'procdump%' THEN 'read the passwords in lsass'
	  WHEN l LIKE '%ntds%' THEN 'take the domain''s password hashes'
	  ELSE 'take the local password hashes' END AS verb,
	CASE WHEN l LIKE '%comsvcs%' OR b LIKE 'procdump%' THEN 'T1003.001'
	  WHEN l LIKE '%ntds%' THEN 'T1003.003' ELSE 'T1003.002' END AS attack
      FROM (SELECT r.id, lower(r.command_line) AS l, ct_basename(r.image) AS b
	    FROM process r WHERE r.command_line IS NOT NULL
	    AND (r.command_line LIKE '%minidump%' OR r.command_line LIKE '%lsass%'
	      OR r.command_line LIKE '%sam%' OR r.command_line LIKE '%security%'
	      OR r.command_line LIKE '%system%' OR r.command_line LIKE '%ntds%')) q) c
JOIN process p ON p.id = c.id
LEFT JOIN process par ON par.id = p.parent_id
WHERE c.what IS NOT NULL
ORDER BY p.start_ts, p.id
