-- rule: remote-thread
-- severity: medium
-- attack: T1055
-- why: a thread started in another process (Sysmon 8 CreateRemoteThread)
--   is how code is injected: Meterpreter migrating, credential dumpers,
--   loaders. Windows' own callers (csrss, wininit, services, the Service
--   Host, WMI, Defender, the window manager) stay out, as do threads a
--   process starts in its own children's console (conhost). Into lsass,
--   winlogon, explorer, a Service Host or a browser: high.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	min(a.ts) AS ts_first,
	max(a.ts) AS ts_last,
	ct_basename(a.src) || ' started a thread in ' || ct_basename(a.dst) AS title,
	a.src || ' started ' || count(*) || ' thread(s) in ' || a.dst
	    || coalesce(' (PID ' || max(a.dpid) || ')', '')
	    || coalesce(', start address ' || max(a.addr), '')
	    || coalesce(' in ' || nullif(max(a.mod), ''), '')
	    || ': running code in another process is how it is injected.' AS description,
	'[' || group_concat(a.rid) || coalesce(',' || (SELECT group_concat(pr.record_id)
	    FROM process_record pr WHERE pr.process_id = p.id), '') || ']' AS evidence,
	json_array('process:' || coalesce(p.id, 0), 'process:' || coalesce(q.id, 0)) AS keys,
	CASE WHEN ct_basename(a.dst) IN ('lsass.exe', 'winlogon.exe', 'explorer.exe',
	    'svchost.exe', 'csrss.exe', 'services.exe', 'spoolsv.exe', 'chrome.exe',
	    'firefox.exe', 'msedge.exe', 'iexplore.exe', 'notepad.exe', 'rundll32.exe')
	    THEN 'high' END AS severity,
	ct_basename(a.src) || coalesce(' (PID ' || max(a.spid) || ')', '')
	    || ' started a thread inside ' || ct_basename(a.dst)
	    || coalesce(' (PID ' || max(a.dpid) || ')', '')
	    || ', the way code is injected into another process' AS statement
FROM (SELECT x.record_id AS rid, coalesce(x.created, x.written) AS ts,
	json_extract(x.data, '$.SourceImage') AS src,
	json_extract(x.data, '$.SourceProcessGuid') AS sguid,
	json_extract(x.data, '$.SourceProcessId') AS spid,
	json_extract(x.data, '$.TargetImage') AS dst,
	json_extract(x.data, '$.TargetProcessGuid') AS dguid,
	json_extract(x.data, '$.TargetProcessId') AS dpid,
	json_extract(x.data, '$.StartAddress') AS addr,
	json_extract(x.data, '$.StartModule') AS mod
      FROM evtx x
      WHERE x.event_id = 8
	AND (x.channel = 'Microsoft-Windows-Sysmon/Operational'
	     OR x.provider = 'Microsoft-Windows-Sysmon')
	AND json_valid(x.data)
      ORDER BY x.record_id) a
LEFT JOIN process p ON p.process_guid = a.sguid
LEFT JOIN process q ON q.process_guid = a.dguid
WHERE a.src IS NOT NULL AND a.dst IS NOT NULL
  AND lower(a.src) != lower(a.dst)
  AND ct_basename(a.src) NOT IN ('csrss.exe', 'wininit.exe', 'winlogon.exe',
	'services.exe', 'smss.exe', 'lsm.exe', 'svchost.exe', 'wmiprvse.exe',
	'msmpeng.exe', 'dwm.exe', 'system', 'lsass.exe', 'vmtoolsd.exe')
  AND ct_basename(a.dst) != 'conhost.exe'
GROUP BY coalesce(a.sguid, a.src), coalesce(a.dguid, a.dst)
ORDER BY ts_first, min(a.rid)
