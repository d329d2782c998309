-- rule: defences-disabled
-- severity: high
-- attack: T1562.001
-- why: turning the host's defences off: Defender disabled by registry
--   policy (Sysmon 13: DisableAntiSpyware, DisableRealtimeMonitoring and
--   the other Disable* values set to 1) or its service stopped or
--   disabled, its definitions removed (MpCmdRun -RemoveDefinitions), the
--   firewall switched off (netsh advfirewall ... state off, netsh firewall
--   set opmode disable). Administrators manage Defender by Group Policy,
--   whose writes come from the policy engine, not from a shell.
-- columns: ts_first ts_last title description evidence keys severity statement attack
SELECT * FROM (
SELECT
	p.start_ts AS ts_first,
	p.start_ts AS ts_last,
	ct_basename(p.image) || CASE WHEN p.l LIKE '%firewall%' THEN ' turned the firewall off'
	    ELSE ' turned Microsoft Defender off' END AS title,
	'Command line: ' || p.command_line || coalesce('. Started by ' || par.image, '')
	    || '.' AS description,
	(SELECT json_group_array(record_id) FROM (SELECT record_id FROM process_record
	    WHERE process_id = p.id ORDER BY record_id)) AS evidence,
	json_array('process:' || p.id, 'process:' || coalesce(p.parent_id, 0)) AS keys,
	NULL AS severity,
	coalesce(ct_basename(par.image), 'a process') || ' ran "'
	    || substr(p.command_line, 1, 300) || '", turning the host''s defences off' AS statement,
	CASE WHEN p.l LIKE '%firewall%' THEN 'T1562.004' ELSE 'T1562.001' END AS attack
-- LIKE ignores ASCII case: no lower() copy of every command line
FROM (SELECT r.*, r.command_line AS l FROM process r
      WHERE r.command_line IS NOT NULL) p
LEFT JOIN process par ON par.id = p.parent_id
WHERE ((p.l LIKE '%sc%stop%windefend%' OR p.l LIKE '%sc%config%windefend%disabled%'
      OR p.l LIKE '%sc%delete%windefend%' OR p.l LIKE '%sc% stop sense%'
      OR p.l LIKE '%mpcmdrun%-removedefinitions%')
    OR (p.l LIKE '%netsh%' AND ((p.l LIKE '%advfirewall%' AND p.l LIKE '%state off%')
      OR p.l LIKE '%firewall%set%opmode%disable%')))
UNION ALL
SELECT
	coalesce(x.created, x.written),
	coalesce(x.created, x.written),
	coalesce(ct_basename(x.image), 'A process') || ' set '
	    || replace(t.target, rtrim(t.target, replace(t.target, '\', '')), '') || ' = 1',
	coalesce(x.image, 'A process') || ' set ' || t.target || ' to ' || t.details
	    || ', turning a part of Microsoft Defender off.',
	'[' || x.record_id || coalesce(',' || (SELECT group_concat(pr.record_id)
	    FROM process_record pr JOIN process q ON q.id = pr.process_id
	    WHERE q.process_guid = x.process_guid), '') || ']',
	json_array('process:' || coalesce((SELECT q.id FROM process q
	    WHERE q.process_guid = x.process_guid), 0)),
	NULL,
	coalesce(ct_basename(x.image), 'a process') || ' set the registry value ' || t.target
	    || ' to ' || t.details || ', turning a part of Microsoft Defender off',
	'T1562.001'
FROM evtx x, (SELECT y.record_id AS rid, json_extract(y.data, '$.TargetObject') AS target,
	json_extract(y.data, '$.Details') AS details FROM evtx y
	WHERE y.event_id = 13 AND (y.channel = 'Microsoft-Windows-Sysmon/Operational'
	  OR y.provider = 'Microsoft-Windows-Sysmon') AND json_valid(y.data)) t
WHERE x.record_id = t.rid
  AND lower(t.target) LIKE '%\windows defender\%disable%'
  AND t.details LIKE 'DWORD (0x00000001)'
  AND lower(coalesce(x.image, '')) NOT LIKE '%\svchost.exe'
  AND lower(coalesce(x.image, '')) NOT LIKE '%\msmpeng.exe'
) ORDER BY ts_first
