-- rule: antivirus-detection
-- severity: high
-- attack:
-- why: Microsoft Defender logs what it detected (Operational 1116) and
--   what it did about it (1117); a detection of a hack tool, trojan or
--   backdoor names the file, the process that touched it and the account -
--   the analyst's first lead, whatever the action was. One finding per
--   threat and file; potentially unwanted software and low-severity
--   detections are medium.
-- columns: ts_first ts_last title description evidence keys severity statement
SELECT
	min(coalesce(x.created, x.written)) AS ts_first,
	max(coalesce(x.created, x.written)) AS ts_last,
	'Defender detected ' || t.threat || coalesce(' in ' || t.path, '') AS title,
	'Microsoft Defender detected ' || t.threat
	    || coalesce(' (' || max(t.category) || ', severity ' || max(t.sev) || ')', '')
	    || coalesce(' in ' || t.path, '')
	    || coalesce(', touched by ' || max(x.image), '')
	    || coalesce(', user ' || max(x.user_name), '')
	    || '. Actions: ' || coalesce(group_concat(DISTINCT t.action), 'none recorded')
	    || ' (' || count(*) || ' event(s)).' AS description,
	'[' || group_concat(x.record_id) || ']' AS evidence,
	json_array('path:' || ct_normpath(t.path)) AS keys,
	CASE WHEN max(t.category) LIKE 'Potentially Unwanted%' OR max(t.sevid) < 4
	    THEN 'medium' END AS severity,
	'Microsoft Defender detected ' || t.threat || coalesce(' in ' || t.path, '')
	    || coalesce(' (action: ' || group_concat(DISTINCT t.action) || ')', '') AS statement
FROM (SELECT y.record_id AS rid,
	json_extract(y.data, '$."Threat Name"') AS threat,
	-- "file:_C:\...; containerfile:_...": the resource kind before each path
	nullif(replace(replace(y.target_file, 'containerfile:_', ''), 'file:_', ''), '')
	    AS path,
	json_extract(y.data, '$."Category Name"') AS category,
	json_extract(y.data, '$."Severity Name"') AS sev,
	CAST(json_extract(y.data, '$."Severity ID"') AS INTEGER) AS sevid,
	nullif(json_extract(y.data, '$."Action Name"'), 'Not Applicable') AS action
      FROM evtx y
      WHERE y.event_id IN (1116, 1117)
	AND y.channel = 'Microsoft-Windows-Windows Defender/Operational'
	AND json_valid(y.data)
      ORDER BY y.record_id) t
JOIN evtx x ON x.record_id = t.rid
WHERE t.threat IS NOT NULL
GROUP BY t.threat, t.path
ORDER BY ts_first, min(x.record_id)
