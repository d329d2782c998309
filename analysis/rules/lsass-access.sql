-- rule: lsass-access
-- severity: high
-- attack: T1003.001
-- why: reading the memory of lsass.exe (Sysmon 10 ProcessAccess with
--   PROCESS_VM_READ, 0x10, in GrantedAccess) is how Mimikatz, procdump,
--   comsvcs MiniDump and their kin take credentials. The system's own
--   callers (csrss, wininit, services, the Service Host, WMI, Defender,
--   the VMware tools) stay out; access without read rights (0x1000, 0x1400
--   queries) stays out; process-inspection tools that open every process
--   (Process Monitor, Process Explorer, Task Manager) are low. One finding
--   per accessing process.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	min(a.ts) AS ts_first,
	max(a.ts) AS ts_last,
	ct_basename(a.src) || ' read the memory of lsass.exe' AS title,
	a.src || ' opened lsass.exe (PID ' || coalesce(max(a.tpid), '?')
	    || ') with access ' || group_concat(DISTINCT a.mask) || ', '
	    || count(*) || ' time(s); read access to the memory of the Local Security '
	    || 'Authority is how credentials are dumped.' AS description,
	'[' || group_concat(a.rid) || coalesce(',' || (SELECT group_concat(pr.record_id)
	    FROM process_record pr WHERE pr.process_id = p.id), '') || ']' AS evidence,
	json_array('process:' || coalesce(p.id, 0)) AS keys,
	-- Process Monitor, Process Explorer and Task Manager open every process.
	CASE WHEN ct_basename(a.src) IN ('procmon.exe', 'procmon64.exe', 'procexp.exe',
	    'procexp64.exe', 'taskmgr.exe', 'perfmon.exe', 'resmon.exe')
	    THEN 'low' END AS severity,
	ct_basename(a.src) || coalesce(' (PID ' || max(a.spid) || ')', '')
	    || ' opened lsass.exe with memory read access (' || group_concat(DISTINCT a.mask)
	    || '), the way credential dumpers read the passwords and hashes it holds'
	    AS statement
FROM (SELECT x.record_id AS rid, coalesce(x.created, x.written) AS ts,
	json_extract(x.data, '$.SourceImage') AS src,
	json_extract(x.data, '$.SourceProcessGUID') AS sguid,
	json_extract(x.data, '$.SourceProcessId') AS spid,
	json_extract(x.data, '$.TargetProcessId') AS tpid,
	lower(json_extract(x.data, '$.GrantedAccess')) AS mask
      FROM evtx x
      WHERE x.event_id = 10
	AND (x.channel = 'Microsoft-Windows-Sysmon/Operational'
	     OR x.provider = 'Microsoft-Windows-Sysmon')
	AND json_valid(x.data)
	AND lower(json_extract(x.data, '$.TargetImage')) LIKE '%\lsass.exe'
      ORDER BY x.record_id) a
LEFT JOIN process p ON p.process_guid = a.sguid
-- PROCESS_VM_READ: bit 0x10, the second hex digit from the right is odd
WHERE substr(a.mask, -2, 1) IN ('1', '3', '5', '7', '9', 'b', 'd', 'f')
  AND ct_basename(a.src) NOT IN ('csrss.exe', 'wininit.exe', 'winlogon.exe',
	'services.exe', 'smss.exe', 'lsm.exe', 'svchost.exe', 'wmiprvse.exe',
	'msmpeng.exe', 'vmtoolsd.exe', 'lsass.exe')
GROUP BY coalesce(a.sguid, a.src)
ORDER BY ts_first, min(a.rid)
