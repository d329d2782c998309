-- rule: piecewise-write
-- severity: medium
-- attack: T1027
-- why: twenty or more commands within an hour appending to the same file
--   (">> file", Out-File -Append, Add-Content) assemble a payload piece by
--   piece - chunks of base64 echoed out, or read back from where they were
--   hidden (service names, registry values, DNS answers) - to evade content
--   checks; people and installers write a file at once.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	min(w.ts) AS ts_first,
	max(w.ts) AS ts_last,
	count(*) || ' commands appended pieces to ' || w.target AS title,
	count(*) || ' commands between ' || ct_time_words(min(w.ts)) || ' and '
	    || ct_time_words(max(w.ts)) || ' appended to ' || w.target
	    || ', for example: ' || substr(min(w.cmd), 1, 300) AS description,
	json_array(min(w.pid_rec), max(w.pid_rec)) AS evidence,
	json_array('path:' || lower(w.target)) AS keys,
	NULL AS severity,
	count(*) || ' commands appended, one piece at a time, to ' || w.target
	    || ' (for example "' || substr(min(w.cmd), 1, 200) || '"): a payload assembled '
	    || 'from pieces' AS statement
FROM (SELECT p.start_ts AS ts, p.command_line AS cmd, p.start_record_id AS pid_rec,
	trim(rtrim(CASE
	  WHEN instr(lower(p.command_line), 'out-file -append ') > 0 THEN
	    substr(p.command_line, instr(lower(p.command_line), 'out-file -append ') + 17)
	  WHEN instr(lower(p.command_line), 'add-content ') > 0 THEN
	    substr(p.command_line, instr(lower(p.command_line), 'add-content ') + 12)
	  WHEN instr(p.command_line, '>>') > 0 THEN
	    substr(p.command_line, instr(p.command_line, '>>') + 2)
	END, '" '''), ' "''') AS target
      FROM process p
      WHERE p.command_line IS NOT NULL AND p.start_ts IS NOT NULL
	AND (p.command_line LIKE '%>>%' OR p.command_line LIKE '%out-file -append %'
	     OR p.command_line LIKE '%add-content %')
	-- a shell that only starts PowerShell is counted through PowerShell
	AND (ct_basename(p.image) != 'cmd.exe' OR p.command_line LIKE '%>>%')) w
WHERE w.target IS NOT NULL AND w.target != ''
GROUP BY lower(w.target), w.ts / 36000000000
HAVING count(*) >= 20
ORDER BY ts_first
