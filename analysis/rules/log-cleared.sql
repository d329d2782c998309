-- rule: log-cleared
-- severity: high
-- attack: T1070.001
-- why: clearing an event log (Security 1102 "The audit log was cleared",
--   517 on Windows XP/2003,
--   System 104 "The ... log file was cleared") destroys evidence; an
--   administrator rarely does it on a workstation, an intruder often does.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	coalesce(x.created, x.written) AS ts_first,
	coalesce(x.created, x.written) AS ts_last,
	CASE WHEN x.event_id IN (1102, 517) THEN 'Security log cleared'
	    ELSE 'Event log ' || coalesce(x.log_name, '') || ' cleared' END
	    || coalesce(' by ' || x.user_name, '') AS title,
	'Event ' || x.event_id || ' on ' || coalesce(x.computer, 'the host')
	    || ' says the event log was cleared; events before this point may be missing.' AS description,
	json_array(x.record_id) AS evidence,
	json_array() AS keys,
	NULL AS severity,
	'an event log was cleared' || coalesce(' by '
	    || substr(x.user_name, instr(x.user_name, '\') + 1), '')
	    AS statement
FROM evtx x
WHERE (x.event_id IN (1102, 517) AND x.channel = 'Security')
   OR (x.event_id = 104 AND x.channel = 'System'
       AND x.provider = 'Microsoft-Windows-Eventlog')
ORDER BY ts_first, x.record_id
