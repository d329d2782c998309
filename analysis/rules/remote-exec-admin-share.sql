-- rule: remote-exec-admin-share
-- severity: high
-- attack: T1047,T1021.002,T1569.002
-- why: remote execution tools that have no console of their own (Impacket's
--   wmiexec and smbexec, and tools built like them) run each command in a
--   shell started by WMI (WmiPrvSE.exe) or by a service (services.exe) and
--   redirect its output to a file on an administrative share (ADMIN$, C$)
--   to read it back over SMB. Administrators' own scripts write to local
--   files or their own shares, not "1> \\127.0.0.1\ADMIN$\__<time>". One
--   finding per output file: the commands of one session together.
-- columns: ts_first ts_last title description evidence keys severity statement
WITH redirected AS (
	SELECT p.*, substr(p.command_line, instr(p.command_line, '\\')) AS tail
	FROM process p
	WHERE p.command_line IS NOT NULL
	  AND (p.command_line LIKE '%>%\\%\ADMIN$\%'
	       OR p.command_line LIKE '%>%\\%\C$\%'
	       OR p.command_line LIKE '%>%\\%\IPC$\%')
	  AND ct_basename(p.image) IN ('cmd.exe', 'powershell.exe', 'pwsh.exe')
), cmds AS (
	SELECT r.*, CASE WHEN instr(r.tail, ' ') > 0
	    THEN substr(r.tail, 1, instr(r.tail, ' ') - 1) ELSE r.tail END
	    AS target
	FROM redirected r
	WHERE instr(r.command_line, '>') < instr(r.command_line, '\\')
)
SELECT
	min(c.start_ts) AS ts_first,
	max(c.start_ts) AS ts_last,
	CASE lower(ct_basename(coalesce(par.image, c.parent_image)))
	    WHEN 'wmiprvse.exe' THEN 'Remote commands through WMI, output to an admin share'
	    WHEN 'services.exe' THEN 'Remote commands through a service, output to an admin share'
	    ELSE 'Commands with their output sent to an admin share' END AS title,
	count(*) || ' command(s) started by ' || coalesce(par.image, c.parent_image,
	    'an unknown process') || ' wrote their output to ' || c.target
	    || ', the way remote execution tools such as wmiexec and smbexec read '
	    || 'results back over SMB: ' || group_concat('"' || substr(c.command_line, 1, 200)
	    || '"', ', ') || '.' AS description,
	(SELECT json_group_array(record_id) FROM (SELECT DISTINCT pr.record_id
	    FROM process_record pr JOIN cmds d ON d.id = pr.process_id
	    WHERE d.target = c.target AND d.parent_id IS c.parent_id
	    ORDER BY pr.record_id)) AS evidence,
	(SELECT json_group_array('process:' || d.id) FROM cmds d
	    WHERE d.target = c.target AND d.parent_id IS c.parent_id) AS keys,
	NULL AS severity,
	coalesce(ct_basename(par.image), 'a process') || ' ran ' || count(*)
	    || ' command(s) remotely, beginning with "' || substr(min(c.command_line), 1, 200)
	    || '", with their output sent to ' || c.target AS statement
FROM cmds c
LEFT JOIN process par ON par.id = c.parent_id
GROUP BY c.target, c.parent_id
ORDER BY ts_first, min(c.id)
