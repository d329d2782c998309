-- rule: service-runs-code
-- severity: high
-- attack: T1543.003,T1569.002
-- why: a service is code that runs as SYSTEM at every start; intruders
--   install one to run a shell or PowerShell command (often encoded), a
--   binary they dropped in a user-writable folder, or the PsExec-style
--   helpers of remote execution (PSEXESVC, PAExec, RemCom, csexec). Seen in
--   System 7045 and Security 4697 when a service is installed, and in the
--   SYSTEM hive's Services keys whether or not those logs survive. Services
--   of Windows and of installed products run binaries from their own
--   folders and stay out. PsExec-style services are medium, because
--   administrators use PsExec too, and so is a program in a user-writable
--   folder alone (test agents and careless installers do that: a lead,
--   not a verdict); a shell, a script host or an encoded command is high.
-- columns: ts_first ts_last title description evidence keys severity statement
WITH svc AS (
	SELECT x.record_id AS rid, coalesce(x.created, x.written) AS ts,
	    coalesce(x.service_name, '?') AS name, x.image AS cmd,
	    'System 7045 / Security 4697: the service was installed' AS seen
	FROM evtx x
	WHERE ((x.event_id = 7045 AND x.channel = 'System')
	    OR (x.event_id = 4697 AND x.channel = 'Security'))
	  AND x.image IS NOT NULL
	UNION ALL
	SELECT a.record_id, a.time, coalesce(a.name, '?'), a.command_line,
	    'the SYSTEM hive''s key ' || coalesce(a.key_path, '') || ' (last written then)'
	FROM artefact a
	WHERE a.kind = 'service' AND a.command_line IS NOT NULL
), judged AS (
	SELECT s.*, lower(s.cmd) AS l, CASE
	    WHEN lower(s.cmd) LIKE '%frombase64string%' OR lower(s.cmd) LIKE '% -enc%'
		OR lower(s.cmd) LIKE '% -e %' OR lower(s.cmd) LIKE '% -ec %'
		THEN 'an encoded PowerShell command'
	    WHEN lower(s.cmd) LIKE '%cmd%/c%' OR lower(s.cmd) LIKE '%cmd%/k%'
		OR lower(s.cmd) LIKE '%comspec%' THEN 'a shell command'
	    WHEN lower(s.cmd) LIKE '%powershell%' OR lower(s.cmd) LIKE '%pwsh%'
		OR lower(s.cmd) LIKE '%mshta%' OR lower(s.cmd) LIKE '%wscript%'
		OR lower(s.cmd) LIKE '%cscript%' THEN 'a script host'
	    WHEN lower(s.cmd) LIKE '%\users\%' OR lower(s.cmd) LIKE '%\appdata\%'
		OR lower(s.cmd) LIKE '%\temp\%' OR lower(s.cmd) LIKE '%\$recycle%'
		THEN 'a program in a user-writable folder'
	    WHEN lower(s.cmd) LIKE '%\\%\admin$\%' OR lower(s.cmd) LIKE '%\\%\c$\%'
		THEN 'a program on an admin share'
	    WHEN lower(s.name) IN ('psexesvc', 'paexec', 'remcomsvc', 'csexecsvc')
		OR lower(ct_basename(s.cmd)) IN ('psexesvc.exe', 'remcomsvc.exe', 'csexecsvc.exe')
		OR lower(s.cmd) LIKE '%paexec%'
		THEN 'the helper of PsExec-style remote execution'
	    END AS what
	FROM svc s
)
SELECT
	j.ts AS ts_first,
	j.ts AS ts_last,
	'Service ' || j.name || ' runs ' || j.what AS title,
	'Service ' || j.name || ' runs "' || substr(j.cmd, 1, 400) || '" (' || j.what
	    || '); seen in ' || j.seen || '.' AS description,
	json_array(j.rid) AS evidence,
	json_array('path:' || ct_normpath(j.cmd)) AS keys,
	CASE WHEN j.what LIKE 'the helper of%' OR j.what LIKE '%user-writable%'
	    THEN 'medium' ELSE NULL END AS severity,
	'a service ' || j.name || ' was set to run ' || j.what || ': "'
	    || substr(j.cmd, 1, 200) || '"' AS statement
FROM judged j
WHERE j.what IS NOT NULL
ORDER BY ts_first, j.rid
