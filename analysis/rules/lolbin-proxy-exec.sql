-- rule: lolbin-proxy-exec
-- severity: medium
-- attack: T1218
-- why: Windows' own signed programs made to run code for someone else
--   (LOLBAS): mshta or rundll32 given script, regsvr32 fetching a
--   scriptlet (squiblydoo), InstallUtil, RegAsm, RegSvcs or MSBuild loading
--   a project or library from outside Windows, cmstp installing an INF,
--   wmic or pubprn.vbs running a remote stylesheet or scriptlet, WinRM
--   creating a process, certutil decoding a file. High when the code comes
--   from the network (a URL, or a UNC path: \\host\share). Their ordinary uses
--   (a .cpl, a Windows library, a local stylesheet) stay out.
-- columns: ts_first ts_last title description evidence keys severity statement attack
SELECT
	p.start_ts AS ts_first,
	p.start_ts AS ts_last,
	ct_basename(p.image) || ' ' || c.what AS title,
	'Command line: ' || p.command_line || coalesce('. Started by ' || par.image, '')
	    || '. ' || ct_basename(p.image) || ', a signed Windows program, ' || c.what
	    || ': a way to run code past application controls.'
	    AS description,
	(SELECT json_group_array(record_id) FROM (SELECT record_id FROM process_record
	    WHERE process_id = p.id ORDER BY record_id)) AS evidence,
	json_array('process:' || p.id, 'process:' || coalesce(p.parent_id, 0)) AS keys,
	CASE WHEN c.cmd LIKE '%http://%' OR c.cmd LIKE '%https://%' OR c.cmd LIKE '%ftp://%'
	    OR c.cmd LIKE '%\\%\%' THEN 'high' END AS severity,
	coalesce(ct_basename(par.image), 'a process') || ' started ' || ct_basename(p.image)
	    || ', a signed Windows program, which ' || c.what || ': "'
	    || substr(p.command_line, 1, 300) || '"' AS statement,
	c.attack AS attack
FROM (SELECT q.id AS id, lower(q.command_line) AS cmd,
	CASE
	  WHEN b = 'mshta.exe' AND (lower(q.command_line) LIKE '%javascript:%'
	    OR lower(q.command_line) LIKE '%vbscript:%' OR lower(q.command_line) LIKE '%http%:%')
	    THEN 'ran script'
	  WHEN b = 'regsvr32.exe' AND lower(q.command_line) LIKE '%/i:%'
	    AND (lower(q.command_line) LIKE '%http%' OR lower(q.command_line) LIKE '%scrobj%')
	    THEN 'ran a scriptlet'
	  WHEN b = 'rundll32.exe' AND (lower(q.command_line) LIKE '%javascript:%'
	    OR lower(q.command_line) LIKE '%runhtmlapplication%'
	    OR lower(q.command_line) LIKE '%url.dll,%' OR lower(q.command_line) LIKE '%zipfldr.dll,routethecall%'
	    OR lower(q.command_line) LIKE '%advpack.dll,launchinfsection%'
	    OR lower(q.command_line) LIKE '%ieadvpack.dll,launchinfsection%'
	    OR lower(q.command_line) LIKE '%pcwutl.dll,launchapplication%')
	    THEN 'ran script or another program'
	  WHEN b IN ('installutil.exe', 'regasm.exe', 'regsvcs.exe')
	    AND lower(q.command_line) NOT LIKE '%\windows\%.dll%'
	    AND lower(q.command_line) NOT LIKE '%\program files%'
	    AND (lower(q.command_line) LIKE '%.dll%' OR lower(q.command_line) LIKE '%.exe %'
	      OR lower(q.command_line) LIKE '%/u %')
	    THEN 'loaded a library from outside Windows'
	  WHEN b = 'msbuild.exe' AND (lower(q.command_line) LIKE '%.csproj%'
	    OR lower(q.command_line) LIKE '%.xml%' OR lower(q.command_line) LIKE '%.proj%')
	    AND lower(q.command_line) NOT LIKE '%\program files%'
	    AND ct_basename(par.image) NOT IN ('devenv.exe', 'msbuild.exe', 'dotnet.exe')
	    THEN 'built and ran a project'
	  WHEN b = 'cmstp.exe' AND lower(q.command_line) LIKE '%.inf%'
	    AND lower(q.command_line) LIKE '%/s%' THEN 'installed an INF silently'
	  WHEN b = 'wmic.exe' AND lower(q.command_line) LIKE '%/format:%'
	    AND (lower(q.command_line) LIKE '%http%' OR lower(q.command_line) LIKE '%.xsl%')
	    AND lower(q.command_line) NOT LIKE '%/format:list%'
	    AND lower(q.command_line) NOT LIKE '%/format:csv%'
	    THEN 'ran a stylesheet'
	  WHEN b = 'wmic.exe' AND lower(q.command_line) LIKE '%process%call%create%'
	    THEN 'created a process'
	  WHEN b IN ('cscript.exe', 'wscript.exe') AND lower(q.command_line) LIKE '%pubprn.vbs%'
	    AND lower(q.command_line) LIKE '%script:%' THEN 'ran a remote scriptlet'
	  WHEN b IN ('cscript.exe', 'wscript.exe') AND lower(q.command_line) LIKE '%winrm.vbs%'
	    AND lower(q.command_line) LIKE '%win32_process%' THEN 'created a process through WinRM'
	  WHEN b = 'certutil.exe' AND (lower(q.command_line) LIKE '%-decode%'
	    OR lower(q.command_line) LIKE '%/decode%' OR lower(q.command_line) LIKE '%-decodehex%')
	    THEN 'decoded a file'
	END AS what,
	CASE b WHEN 'mshta.exe' THEN 'T1218.005' WHEN 'regsvr32.exe' THEN 'T1218.010'
	  WHEN 'rundll32.exe' THEN 'T1218.011' WHEN 'installutil.exe' THEN 'T1218.004'
	  WHEN 'regasm.exe' THEN 'T1218.009' WHEN 'regsvcs.exe' THEN 'T1218.009'
	  WHEN 'msbuild.exe' THEN 'T1127.001' WHEN 'cmstp.exe' THEN 'T1218.003'
	  WHEN 'wmic.exe' THEN CASE WHEN lower(q.command_line) LIKE '%/format:%'
	    THEN 'T1220' ELSE 'T1047' END
	  WHEN 'certutil.exe' THEN 'T1140'
	  ELSE CASE WHEN lower(q.command_line) LIKE '%pubprn%' THEN 'T1216.001'
	    ELSE 'T1021.006,T1047' END END AS attack
      FROM (SELECT r.*, ct_basename(r.image) AS b FROM process r
	    WHERE r.command_line IS NOT NULL AND r.image IS NOT NULL) q
      LEFT JOIN process par ON par.id = q.parent_id
      WHERE q.b IN ('mshta.exe', 'regsvr32.exe', 'rundll32.exe', 'installutil.exe',
	'regasm.exe', 'regsvcs.exe', 'msbuild.exe', 'cmstp.exe', 'wmic.exe',
	'cscript.exe', 'wscript.exe', 'certutil.exe')) c
JOIN process p ON p.id = c.id
LEFT JOIN process par ON par.id = p.parent_id
WHERE c.what IS NOT NULL
ORDER BY p.start_ts, p.id
