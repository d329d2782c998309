-- rule: wmi-persistence
-- severity: high
-- attack: T1546.003
-- why: a permanent WMI event subscription runs code whenever its filter
--   fires, survives reboots and leaves no file in a Run key: Sysmon 20 (a
--   consumer: its type and what it runs, with 19's filter and 21's binding
--   of the same name), WMI-Activity 5861 (a permanent consumer bound), or
--   a command or script block creating the classes in root\subscription.
--   Consumers that run a command line or a script are high; the others
--   (log, mail, event-log consumers) medium.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	w.ts AS ts_first,
	w.ts AS ts_last,
	w.title AS title,
	w.description AS description,
	w.evidence AS evidence,
	json_array('process:' || coalesce(w.pid, 0)) AS keys,
	CASE WHEN w.runs_code THEN NULL ELSE 'medium' END AS severity,
	w.statement AS statement
FROM (
	-- Sysmon 20: the consumer, with the filter (19) and binding (21) that name it
	SELECT coalesce(c.created, c.written) AS ts, NULL AS pid,
	  'WMI event consumer ' || coalesce(json_extract(c.data, '$.Name'), '?')
	    || ' runs ' || coalesce(json_extract(c.data, '$.Destination'), '?') AS title,
	  'Sysmon 20: ' || coalesce(json_extract(c.data, '$.User'), 'a user')
	    || ' created the WMI event consumer ' || coalesce(json_extract(c.data, '$.Name'), '?')
	    || ' (' || coalesce(json_extract(c.data, '$.Type'), '?') || ') running '
	    || coalesce(json_extract(c.data, '$.Destination'), '?')
	    || '; a permanent subscription runs it whenever its filter fires.' AS description,
	  '[' || c.record_id || coalesce(',' || (SELECT group_concat(b.record_id)
	    FROM evtx b WHERE b.event_id IN (19, 21) AND b.provider = c.provider
	    AND json_valid(b.data) AND (json_extract(b.data, '$.Consumer') LIKE
	      '%' || json_extract(c.data, '$.Name') || '%'
	    OR json_extract(b.data, '$.Name') = json_extract(c.data, '$.Name'))), '')
	    || ']' AS evidence,
	  coalesce(json_extract(c.data, '$.Type'), '') IN ('Command Line', 'Script') AS runs_code,
	  'a permanent WMI event subscription was created: consumer '
	    || coalesce(json_extract(c.data, '$.Name'), '?') || ' runs "'
	    || substr(coalesce(json_extract(c.data, '$.Destination'), '?'), 1, 300)
	    || '" whenever its filter fires' AS statement
	FROM evtx c
	WHERE c.event_id = 20 AND (c.channel = 'Microsoft-Windows-Sysmon/Operational'
	    OR c.provider = 'Microsoft-Windows-Sysmon') AND json_valid(c.data)
	UNION ALL
	-- WMI-Activity 5861: a permanent consumer bound to a filter
	SELECT coalesce(x.created, x.written), NULL,
	  'Permanent WMI event consumer bound in ' || coalesce(json_extract(x.data, '$.Namespace'), '?'),
	  'WMI-Activity 5861: ' || substr(coalesce(json_extract(x.data, '$.PossibleCause'),
	    json_extract(x.data, '$.CONSUMER'), ''), 1, 1000) || '.',
	  json_array(x.record_id),
	  x.data LIKE '%CommandLineEventConsumer%' OR x.data LIKE '%ActiveScriptEventConsumer%',
	  'a permanent WMI event consumer was bound: "'
	    || substr(coalesce(json_extract(x.data, '$.CONSUMER'),
	      json_extract(x.data, '$.PossibleCause'), '?'), 1, 300) || '"'
	FROM evtx x
	WHERE x.event_id = 5861 AND x.channel = 'Microsoft-Windows-WMI-Activity/Operational'
	  AND json_valid(x.data)
	UNION ALL
	-- a command creating the subscription classes (the process model's
	-- command lines: one scan of few rows, not of every event)
	SELECT p.start_ts, p.id,
	  'WMI subscription created by ' || coalesce(ct_basename(p.image), 'a command'),
	  'The command line creates a permanent WMI event subscription '
	    || '(root\subscription: __EventFilter, a consumer, __FilterToConsumerBinding): '
	    || substr(p.command_line, 1, 600) || '.',
	  (SELECT json_group_array(record_id) FROM (SELECT record_id FROM process_record
	    WHERE process_id = p.id ORDER BY record_id)),
	  p.command_line LIKE '%CommandLineEventConsumer%'
	    OR p.command_line LIKE '%ActiveScriptEventConsumer%',
	  'a permanent WMI event subscription was created: "'
	    || substr(p.command_line, 1, 300) || '"'
	FROM process p
	WHERE p.command_line LIKE '%subscription%'
	  AND (p.command_line LIKE '%__EventFilter%' OR p.command_line LIKE '%EventConsumer%'
	    OR p.command_line LIKE '%__FilterToConsumerBinding%')
	UNION ALL
	-- a PowerShell script block doing it
	SELECT coalesce(x.created, x.written), x.process_id,
	  'WMI subscription created from a PowerShell script block',
	  'The script block creates a permanent WMI event subscription '
	    || '(root\subscription: __EventFilter, a consumer, __FilterToConsumerBinding): '
	    || substr(b.text, 1, 600) || '.',
	  json_array(b.first_record_id),
	  b.text LIKE '%CommandLineEventConsumer%' OR b.text LIKE '%ActiveScriptEventConsumer%',
	  'a permanent WMI event subscription was created: "' || substr(b.text, 1, 300) || '"'
	FROM script_block b JOIN evtx x ON x.record_id = b.first_record_id
	WHERE b.text LIKE '%subscription%'
	  AND (b.text LIKE '%__EventFilter%' OR b.text LIKE '%EventConsumer%'
	    OR b.text LIKE '%__FilterToConsumerBinding%')
) w
ORDER BY w.ts
