-- rule: log-clear-command
-- severity: high
-- attack: T1070.001
-- why: clearing event logs with a command (wevtutil cl / clear-log,
--   PowerShell's Clear-EventLog or Remove-EventLog, the .NET ClearLog call)
--   destroys evidence as a 1102 or 104 does, and is what intruders' scripts
--   and frameworks run; it is also seen where the cleared log itself was not
--   collected. Listing or exporting logs (wevtutil el, qe, epl) stays out.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	p.start_ts AS ts_first,
	p.start_ts AS ts_last,
	'Event log cleared by a command' || coalesce(' of ' || p.user_name, '') AS title,
	ct_basename(p.image) || ' ran "' || substr(p.command_line, 1, 300) || '"'
	    || coalesce(', started by ' || par.image, '')
	    || '; events the log held before are gone.' AS description,
	(SELECT json_group_array(record_id) FROM (SELECT record_id FROM process_record
	    WHERE process_id = p.id ORDER BY record_id)) AS evidence,
	json_array('process:' || p.id, 'process:' || coalesce(p.parent_id, 0)) AS keys,
	NULL AS severity,
	coalesce(ct_basename(par.image), 'a process') || ' cleared an event log with "'
	    || substr(p.command_line, 1, 200) || '"' AS statement
FROM process p
LEFT JOIN process par ON par.id = p.parent_id
WHERE p.command_line IS NOT NULL
  AND ((ct_basename(p.image) = 'wevtutil.exe'
	AND (p.command_line LIKE '% cl %' OR p.command_line LIKE '% clear-log %'
	     OR p.command_line LIKE '% cl' OR p.command_line LIKE '% clear-log'))
    OR (ct_basename(p.image) IN ('powershell.exe', 'pwsh.exe')
	AND (p.command_line LIKE '%Clear-EventLog%' OR p.command_line LIKE '%Remove-EventLog%'
	     OR p.command_line LIKE '%.ClearLog(%')))
UNION ALL
SELECT
	coalesce(x.created, x.written),
	coalesce(x.created, x.written),
	'Event log cleared by a PowerShell script',
	'PowerShell script block ' || coalesce(b.script_block_id, '') || ' holds "'
	    || substr(b.text, max(1, max(instr(lower(b.text), 'clear-eventlog'),
	       instr(lower(b.text), 'remove-eventlog'), instr(lower(b.text), '.clearlog(')) - 40), 160)
	    || '"; events the log held before are gone.',
	json_array(b.first_record_id),
	json_array('process:' || coalesce((SELECT pr.process_id FROM process_record pr
	    WHERE pr.record_id = b.first_record_id LIMIT 1), 0)),
	NULL,
	'a PowerShell script cleared an event log'
FROM script_block b
JOIN evtx x ON x.record_id = b.first_record_id
WHERE (lower(b.text) LIKE '%clear-eventlog%' OR lower(b.text) LIKE '%remove-eventlog%'
       OR lower(b.text) LIKE '%.clearlog(%')
ORDER BY 1
