-- rule: registry-persistence
-- severity: high
-- attack: T1547.001
-- why: a registry value written (Sysmon 13) where Windows will run what it
--   names: Run/RunOnce keys, Winlogon Userinit and Shell, Image File
--   Execution Options debuggers and SilentProcessExit monitors, AppInit
--   DLLs, netsh helper DLLs, the shell\open\command of ms-settings, mscfile
--   or exefile (UAC bypass), a service's ImagePath that runs a shell or
--   writes to a named pipe (getsystem); port proxies (traffic relayed).
--   Run values that start a program from its own install folder - an
--   installer registering itself - are low; Windows' and installers' own
--   writes to the other keys stay out when the value is empty.
-- columns: ts_first ts_last title description evidence keys severity statement attack
SELECT
	r.ts AS ts_first,
	r.ts AS ts_last,
	r.what || ': ' || r.valname || coalesce(' = ' || substr(r.details, 1, 120), '') AS title,
	coalesce(r.image, 'A process') || ' set ' || r.target
	    || coalesce(' to ' || r.details, '') || ' (' || r.what || ').' AS description,
	'[' || r.rid || coalesce(',' || (SELECT group_concat(pr.record_id)
	    FROM process_record pr WHERE pr.process_id = p.id), '') || ']' AS evidence,
	json_array('process:' || coalesce(p.id, 0)) AS keys,
	CASE
	  WHEN r.kind = 'portproxy' THEN 'medium'
	  WHEN r.kind = 'run' AND NOT (r.d LIKE '%cmd%/c%' OR r.d LIKE '%powershell%'
	      OR r.d LIKE '%pwsh%' OR r.d LIKE '%wscript%' OR r.d LIKE '%cscript%'
	      OR r.d LIKE '%mshta%' OR r.d LIKE '%rundll32%' OR r.d LIKE '%regsvr32%'
	      OR r.d LIKE '%\temp\%' OR r.d LIKE '%\users\public\%'
	      OR r.d LIKE '%\programdata\%.exe%' OR r.d LIKE '%http%:%')
	    THEN CASE WHEN r.image IS NOT NULL AND instr(r.d,
		lower(substr(r.image, 1, length(r.image) - length(ct_basename(r.image))))) > 0
		THEN 'low' ELSE 'medium' END
	END AS severity,
	coalesce(ct_basename(r.image), 'a process') || ' set the registry value '
	    || r.target || coalesce(' to "' || substr(r.details, 1, 200) || '"', '')
	    || CASE WHEN r.kind = 'portproxy' THEN ', relaying connections (' || r.what || ')'
		ELSE ', so that Windows runs it (' || r.what || ')' END AS statement,
	CASE r.kind WHEN 'winlogon' THEN 'T1547.004' WHEN 'ifeo' THEN 'T1546.012'
	    WHEN 'appinit' THEN 'T1546.010' WHEN 'netsh' THEN 'T1546.007'
	    WHEN 'uac' THEN 'T1548.002' WHEN 'service' THEN 'T1543.003,T1134.001'
	    WHEN 'portproxy' THEN 'T1090' END AS attack
FROM (SELECT y.*, lower(coalesce(y.details, '')) AS d,
	replace(y.target, rtrim(y.target, replace(y.target, '\', '')), '') AS valname,
	CASE
	  WHEN y.t LIKE '%\currentversion\run\%' OR y.t LIKE '%\currentversion\runonce\%'
	    OR y.t LIKE '%\currentversion\runonceex\%' OR y.t LIKE '%\currentversion\runservices%'
	    OR y.t LIKE '%\policies\explorer\run\%' THEN 'run'
	  WHEN y.t LIKE '%\winlogon\userinit' OR y.t LIKE '%\winlogon\shell' THEN 'winlogon'
	  WHEN y.t LIKE '%\image file execution options\%\debugger'
	    OR y.t LIKE '%\silentprocessexit\%\monitorprocess' THEN 'ifeo'
	  WHEN y.t LIKE '%\windows\appinit_dlls' THEN 'appinit'
	  WHEN y.t LIKE '%\software\microsoft\netsh\%' THEN 'netsh'
	  WHEN (y.t LIKE '%\ms-settings\shell\open\command\%'
	    OR y.t LIKE '%\mscfile\shell\open\command\%'
	    OR y.t LIKE '%\exefile\shell\open\command\%'
	    OR y.t LIKE '%\folder\shell\open\command\%') THEN 'uac'
	  WHEN y.t LIKE '%\services\%\imagepath' AND (lower(coalesce(y.details, ''))
	    LIKE '%\\.\pipe\%' OR lower(coalesce(y.details, '')) LIKE '%cmd%/c%'
	    OR lower(coalesce(y.details, '')) LIKE '%powershell%') THEN 'service'
	  WHEN y.t LIKE '%\services\portproxy\%' THEN 'portproxy'
	END AS kind,
	CASE
	  WHEN y.t LIKE '%\winlogon\%' THEN 'Winlogon logon program'
	  WHEN y.t LIKE '%\image file execution options\%' THEN 'Image File Execution Options debugger'
	  WHEN y.t LIKE '%\silentprocessexit\%' THEN 'SilentProcessExit monitor'
	  WHEN y.t LIKE '%appinit_dlls' THEN 'AppInit DLL'
	  WHEN y.t LIKE '%\netsh\%' THEN 'netsh helper DLL'
	  WHEN y.t LIKE '%\shell\open\command\%' THEN 'UAC bypass through a shell open command'
	  WHEN y.t LIKE '%\services\portproxy\%' THEN 'port proxy'
	  WHEN y.t LIKE '%\services\%' THEN 'service that runs a shell or a named-pipe write'
	  ELSE 'Run key' END AS what
      FROM (SELECT x.record_id AS rid, coalesce(x.created, x.written) AS ts,
		x.image AS image, x.process_guid AS guid,
		json_extract(x.data, '$.TargetObject') AS target,
		lower(json_extract(x.data, '$.TargetObject')) AS t,
		nullif(nullif(json_extract(x.data, '$.Details'), '(Empty)'), '') AS details
	    FROM evtx x
	    WHERE x.event_id = 13
	      AND (x.channel = 'Microsoft-Windows-Sysmon/Operational'
		   OR x.provider = 'Microsoft-Windows-Sysmon')
	      AND json_valid(x.data)) y) r
LEFT JOIN process p ON p.process_guid = r.guid
WHERE r.kind IS NOT NULL AND r.details IS NOT NULL
  AND NOT (r.kind = 'uac' AND lower(coalesce(r.image, '')) LIKE '%\windows\%'
	AND lower(coalesce(r.image, '')) NOT LIKE '%\temp\%')
ORDER BY r.ts, r.rid
