-- rule: scheduled-task-command
-- severity: medium
-- attack: T1053.005
-- why: a task created from the command line (schtasks /create) or logged
--   as registered (Security 4698) whose action runs a shell, a script host,
--   PowerShell or a program in a user-writable folder, or that runs as
--   SYSTEM at logon or start-up: persistence and privilege that survive a
--   reboot. High when the action is a download or an encoded command. Tasks
--   whose action is a program under Program Files or System32 (other than
--   those hosts) stay out, as do queries and deletions.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	t.ts AS ts_first,
	t.ts AS ts_last,
	'Scheduled task ' || coalesce(t.name, '?') || ' created to run ' || substr(t.action, 1, 120)
	    AS title,
	t.how || ': task ' || coalesce(t.name, '?') || ', action ' || t.action
	    || coalesce(', by ' || t.who, '') || '.' AS description,
	t.evidence AS evidence,
	json_array('process:' || coalesce(t.pid, 0)) AS keys,
	CASE WHEN t.a LIKE '%http%:%' OR t.a LIKE '% -enc%' OR t.a LIKE '%frombase64%'
	    OR t.a LIKE '%downloadstring%' THEN 'high' END AS severity,
	coalesce(t.who, 'a process') || ' created the scheduled task ' || coalesce(t.name, '?')
	    || ' to run "' || substr(t.action, 1, 200) || '"' AS statement
FROM (
	SELECT p.start_ts AS ts, p.id AS pid, ct_basename(par.image) AS who,
	  'schtasks /create' AS how,
	  -- /tn NAME and /tr ACTION, quoted or not
	  trim(substr(p.command_line, instr(lower(p.command_line), '/tn ') + 4,
	    CASE WHEN instr(substr(lower(p.command_line), instr(lower(p.command_line), '/tn ') + 5), ' /') > 0
	      THEN instr(substr(lower(p.command_line), instr(lower(p.command_line), '/tn ') + 5), ' /')
	      ELSE 200 END), ' "') AS name,
	  trim(substr(p.command_line, instr(lower(p.command_line), '/tr ') + 4,
	    CASE WHEN instr(substr(lower(p.command_line), instr(lower(p.command_line), '/tr ') + 5), ' /') > 0
	      THEN instr(substr(lower(p.command_line), instr(lower(p.command_line), '/tr ') + 5), ' /')
	      ELSE 400 END), ' "') AS action,
	  lower(p.command_line) AS a,
	  (SELECT json_group_array(record_id) FROM (SELECT record_id FROM process_record
	    WHERE process_id = p.id ORDER BY record_id)) AS evidence
	FROM process p LEFT JOIN process par ON par.id = p.parent_id
	WHERE ct_basename(p.image) = 'schtasks.exe' AND p.command_line IS NOT NULL
	  AND lower(p.command_line) LIKE '%/create%' AND lower(p.command_line) LIKE '%/tr %'
	UNION ALL
	SELECT coalesce(x.created, x.written), NULL, x.user_name, 'Security 4698',
	  x.task_name,
	  substr(j.c, instr(j.c, '<Command>') + 9, instr(j.c, '</Command>') - instr(j.c, '<Command>') - 9)
	    || CASE WHEN instr(j.c, '<Arguments>') > 0 THEN ' ' || substr(j.c,
	      instr(j.c, '<Arguments>') + 11, instr(j.c, '</Arguments>') - instr(j.c, '<Arguments>') - 11)
	      ELSE '' END,
	  lower(j.c) || CASE WHEN j.c LIKE '%S-1-5-18%' THEN ' /ru system' ELSE '' END
	    || CASE WHEN j.c LIKE '%<LogonTrigger>%' THEN ' /sc onlogon'
	      WHEN j.c LIKE '%<BootTrigger>%' THEN ' /sc onstart' ELSE '' END,
	  json_array(x.record_id)
	FROM evtx x, (SELECT y.record_id AS rid, json_extract(y.data, '$.TaskContent') AS c
	    FROM evtx y WHERE y.event_id = 4698 AND y.channel = 'Security'
	    AND json_valid(y.data)) j
	WHERE x.record_id = j.rid AND j.c LIKE '%<Command>%</Command>%'
) t
WHERE t.action IS NOT NULL AND t.action != ''
  AND (t.a LIKE '%cmd%/c%' OR t.a LIKE '%powershell%' OR t.a LIKE '%pwsh%'
    OR t.a LIKE '%wscript%' OR t.a LIKE '%cscript%' OR t.a LIKE '%mshta%'
    OR t.a LIKE '%rundll32%' OR t.a LIKE '%regsvr32%'
    OR ct_user_writable(ltrim(t.action, '"'))
    OR (t.a LIKE '%/ru%system%' AND (t.a LIKE '%/sc onlogon%' OR t.a LIKE '%/sc onstart%')))
ORDER BY t.ts
