-- rule: powershell-downgrade
-- severity: medium
-- attack: T1059.001,T1562.010
-- why: PowerShell 2.0 has no script block logging and no AMSI; starting it
--   on purpose (powershell -Version 2) on a host whose PowerShell is newer
--   hides what the script does, which is why attack frameworks do it. The
--   host is known to be newer when another engine start (400) on the same
--   computer reports version 3 or later, or when it logged script blocks
--   (4104), which version 2 cannot. Hosts that only ever ran 2.0 stay out.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	coalesce(x.created, x.written) AS ts_first,
	coalesce(x.created, x.written) AS ts_last,
	'PowerShell started with engine version ' || x.engine_version || ' (downgrade)' AS title,
	'Windows PowerShell event ' || x.event_id || ' says the engine started at version '
	    || x.engine_version || coalesce(' for "' || substr(x.host_application, 1, 300) || '"', '')
	    || ' on ' || coalesce(x.computer, 'the host') || ', which runs a newer PowerShell: '
	    || 'version 2 logs no script blocks and has no AMSI.' AS description,
	json_array(x.record_id) AS evidence,
	json_array('process:' || coalesce((SELECT pr.process_id FROM process_record pr
	    WHERE pr.record_id = x.record_id LIMIT 1), 0)) AS keys,
	NULL AS severity,
	'PowerShell was started at engine version ' || x.engine_version
	    || ', older than the host''s, which hides scripts from logging' AS statement
FROM evtx x
WHERE x.event_id = 400 AND x.channel = 'Windows PowerShell'
  AND x.engine_version LIKE '2.%'
  AND (EXISTS (SELECT 1 FROM evtx y WHERE y.event_id = 400
	    AND y.channel = 'Windows PowerShell'
	    AND y.computer IS x.computer
	    AND CAST(y.engine_version AS INTEGER) >= 3)
       OR EXISTS (SELECT 1 FROM evtx z WHERE z.event_id = 4104
	    AND z.channel = 'Microsoft-Windows-PowerShell/Operational'
	    AND z.computer IS x.computer))
ORDER BY ts_first, x.record_id
