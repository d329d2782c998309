-- schema.sql - the casetrail case file, schema version 4.
--
-- The only place with DDL. Embedded into the binary at build time
-- (src/schema-sql.h) and documented, table by table, in doc/schema.md.
-- Times are INTEGER FILETIME: 100 ns ticks since 1601-01-01T00:00:00Z, UTC.
-- Strings from evidence are stored as UTF-8 (invalid bytes become U+FFFD).

CREATE TABLE meta (
	key	TEXT PRIMARY KEY,
	value	TEXT NOT NULL
);

-- The evidence inventory: every file casetrail read, and every volume or
-- file found inside an image (parent_id).
CREATE TABLE source (
	id		INTEGER PRIMARY KEY,
	parent_id	INTEGER REFERENCES source(id),
	kind		TEXT NOT NULL,	-- image volume evtx prefetch usnjrnl ioc ...
	path		TEXT NOT NULL,	-- host path (top level) or path inside parent
	locator		TEXT,		-- where inside parent: "partition 2 (sector 2048)", "MFT 1234-5"
	size		INTEGER,	-- bytes
	md5		TEXT,
	sha1		TEXT,
	sha256		TEXT,
	-- pending: being read, or the ingest died; ok: read to the end;
	-- partial: read to the end, with damage (warnings); interrupted:
	-- stopped before the end (Ctrl-C), what was read is kept; failed:
	-- could not be read. Ingesting the same evidence again replaces a
	-- pending, interrupted or failed source.
	status		TEXT NOT NULL DEFAULT 'pending'
			CHECK (status IN ('pending', 'ok', 'partial', 'failed', 'skipped', 'duplicate', 'interrupted')),
	parser		TEXT,		-- parser that read it
	tool_version	TEXT NOT NULL,	-- casetrail version that added it
	added_at	INTEGER NOT NULL, -- wall clock of the ingest, FILETIME
	note		TEXT,		-- why partial/failed/skipped, in words
	mtime		INTEGER,	-- top level: the file's modification time on this machine, FILETIME
	path_bytes	TEXT		-- path's bytes, %XX-escaped, when it is not valid UTF-8 (path then shows U+FFFD)
);
CREATE INDEX source_sha256 ON source(sha256);
CREATE INDEX source_parent ON source(parent_id);

-- Damage found in evidence: what, where (byte offset in the source), who.
CREATE TABLE warning (
	id		INTEGER PRIMARY KEY,
	source_id	INTEGER REFERENCES source(id),
	offset		INTEGER,	-- byte offset inside the source, or NULL
	parser		TEXT,
	message		TEXT NOT NULL
);
CREATE INDEX warning_source ON warning(source_id);

-- One artefact: an MFT entry or inode, an EVTX record, a USN record, a
-- Prefetch file. Findings cite records, which is what makes every sentence
-- of a report traceable.
CREATE TABLE record (
	id		INTEGER PRIMARY KEY,
	source_id	INTEGER NOT NULL REFERENCES source(id),
	type		TEXT NOT NULL,	-- file evtx usn prefetch
	locator		TEXT NOT NULL,	-- for humans: "record 4711", "MFT 1234-5"
	offset		INTEGER,	-- byte offset inside its source, or NULL
	flags		INTEGER NOT NULL DEFAULT 0, -- 1 deleted, 2 recovered, 4 damaged, 8 content recovered from unallocated
	summary		TEXT NOT NULL	-- one-line message for the timeline
);
CREATE INDEX record_source ON record(source_id);

-- The timeline: one row per point in time. A record has one or more.
CREATE TABLE event (
	id		INTEGER PRIMARY KEY,
	record_id	INTEGER NOT NULL REFERENCES record(id),
	ts		INTEGER NOT NULL,	-- FILETIME
	ts_desc		TEXT NOT NULL		-- "SI created", "FN modified", "event created", "USN change", "program run"
);
CREATE INDEX event_ts ON event(ts);
CREATE INDEX event_record ON event(record_id);

-- File-system entries (allocated and deleted), from libtsk.
CREATE TABLE file (
	record_id	INTEGER PRIMARY KEY REFERENCES record(id),
	fs_type		TEXT,		-- ntfs fat32 ext4 ...
	path		TEXT NOT NULL,	-- full path inside the volume, '/' separated, leading '/'
	name		TEXT NOT NULL,
	inode		INTEGER,	-- MFT entry or inode
	seq		INTEGER,	-- NTFS sequence number
	parent_inode	INTEGER,
	parent_seq	INTEGER,
	type		TEXT,		-- file dir link other
	size		INTEGER,
	allocated	INTEGER NOT NULL,	-- 1 allocated, 0 deleted
	si_crtime	INTEGER, si_mtime INTEGER, si_atime INTEGER, si_ctime INTEGER,
	fn_crtime	INTEGER, fn_mtime INTEGER, fn_atime INTEGER, fn_ctime INTEGER,
	md5		TEXT,
	sha1		TEXT,
	sha256		TEXT,
	content		TEXT,		-- allocated, recovered (deleted but readable), partial, unreadable, not-hashed
	streams		TEXT,		-- JSON array of alternate data streams [{"name":..,"size":..}]
	zone_id		INTEGER,	-- from the Zone.Identifier stream
	zone_referrer	TEXT,
	zone_host_url	TEXT
);
CREATE INDEX file_path ON file(path);
CREATE INDEX file_name ON file(name);
-- Hashes are NULL for directories and files not hashed (--no-hash): the
-- indexes hold only the rest (a lookup "sha256 = ?" still uses them).
CREATE INDEX file_sha256 ON file(sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX file_md5 ON file(md5) WHERE md5 IS NOT NULL;
CREATE INDEX file_sha1 ON file(sha1) WHERE sha1 IS NOT NULL;

-- Windows event-log records. data holds every EventData/UserData field by
-- name as a JSON object (unnamed <Data> elements as "Data[0]", "Data[1]"...);
-- the columns after it are normalised across providers for the analysis.
CREATE TABLE evtx (
	record_id	INTEGER PRIMARY KEY REFERENCES record(id),
	record_number	INTEGER NOT NULL,
	written		INTEGER,	-- record header time
	created		INTEGER,	-- System/TimeCreated
	event_id	INTEGER NOT NULL,
	qualifiers	INTEGER,
	version		INTEGER,
	level		INTEGER,
	task		INTEGER,
	opcode		INTEGER,
	keywords	TEXT,		-- hex, 0x...
	provider	TEXT,
	provider_guid	TEXT,
	channel		TEXT,
	computer	TEXT,
	user_sid	TEXT,
	pid		INTEGER,	-- System/Execution ProcessID
	tid		INTEGER,
	data		TEXT NOT NULL DEFAULT '{}',
	-- normalised
	image		TEXT,		-- process image (full path)
	command_line	TEXT,
	process_id	INTEGER,
	process_guid	TEXT,
	parent_image	TEXT,
	parent_command_line TEXT,
	parent_process_id INTEGER,
	parent_process_guid TEXT,
	user_name	TEXT,		-- DOMAIN\user
	target_file	TEXT,
	src_ip		TEXT,
	src_port	INTEGER,
	dst_ip		TEXT,
	dst_port	INTEGER,
	dst_host	TEXT,
	dns_query	TEXT,
	url		TEXT,
	hashes		TEXT,		-- as logged: SHA1=..,MD5=..,SHA256=..
	script_text	TEXT,
	script_block_id	TEXT,
	host_application TEXT,
	-- added in schema version 2 (an upgrade appends them: keep them last)
	direction	TEXT,		-- outbound inbound
	logon_type	INTEGER,
	service_name	TEXT,
	task_name	TEXT,
	job_id		TEXT,		-- BITS job GUID
	job_name	TEXT,
	engine_version	TEXT,		-- PowerShell engine
	script_part	INTEGER,	-- 4104 MessageNumber
	script_parts	INTEGER,	-- 4104 MessageTotal
	script_path	TEXT,
	log_name	TEXT		-- the log an event 104 says was cleared
);
CREATE INDEX evtx_event ON evtx(event_id, channel);
-- Only Sysmon records carry a process GUID.
CREATE INDEX evtx_process_guid ON evtx(process_guid)
	WHERE process_guid IS NOT NULL;

-- PowerShell 4104 script blocks reassembled from their parts.
CREATE TABLE script_block (
	id		INTEGER PRIMARY KEY,
	source_id	INTEGER NOT NULL REFERENCES source(id),
	script_block_id	TEXT NOT NULL,
	parts_total	INTEGER,	-- MessageTotal
	parts_seen	INTEGER NOT NULL,
	first_record_id	INTEGER REFERENCES record(id),
	path		TEXT,
	text		TEXT NOT NULL,
	UNIQUE (source_id, script_block_id)
);

-- $UsnJrnl:$J change-journal records.
CREATE TABLE usn (
	record_id	INTEGER PRIMARY KEY REFERENCES record(id),
	usn		INTEGER NOT NULL,
	major		INTEGER NOT NULL,
	minor		INTEGER,
	ts		INTEGER,
	file_inode	INTEGER,	-- file reference: entry
	file_seq	INTEGER,	-- file reference: sequence
	parent_inode	INTEGER,
	parent_seq	INTEGER,
	reason		INTEGER NOT NULL,
	reasons		TEXT NOT NULL,	-- "FILE_CREATE|CLOSE"
	attributes	INTEGER,
	source_info	INTEGER,
	security_id	INTEGER,
	name		TEXT NOT NULL,
	path		TEXT		-- full path when the parent reference still matches the MFT
);
CREATE INDEX usn_file ON usn(file_inode, file_seq);

-- Prefetch files: one record per .pf, one event per recorded run time.
CREATE TABLE prefetch (
	record_id	INTEGER PRIMARY KEY REFERENCES record(id),
	executable	TEXT NOT NULL,
	prefetch_hash	TEXT,
	format_version	INTEGER,
	run_count	INTEGER,
	last_run	INTEGER,	-- most recent run
	run_times	TEXT,		-- JSON array of FILETIMEs, newest first
	volumes		TEXT,		-- JSON array
	files		TEXT		-- JSON array of referenced file names
);
CREATE INDEX prefetch_exe ON prefetch(executable);

-- Registry keys: one record per key of a hive (record.type 'regkey'), its
-- last-written time the record's event. Added in schema version 4.
CREATE TABLE reg_key (
	record_id	INTEGER PRIMARY KEY REFERENCES record(id),
	hive		TEXT NOT NULL,	-- SYSTEM SOFTWARE SAM SECURITY NTUSER USRCLASS AMCACHE or OTHER
	path		TEXT NOT NULL COLLATE NOCASE, -- from the root key, '\' separated, without the root's name; '' is the root
	last_written	INTEGER,	-- FILETIME
	subkeys		INTEGER,
	value_count	INTEGER,
	class_name	TEXT
);
CREATE INDEX reg_key_path ON reg_key(path);

-- Registry values, each under the key record it belongs to (not records
-- of their own: a hive has millions). Added in schema version 4.
CREATE TABLE reg_value (
	id		INTEGER PRIMARY KEY,
	record_id	INTEGER NOT NULL REFERENCES record(id), -- the key
	name		TEXT NOT NULL COLLATE NOCASE,	-- '' for the default value
	type		INTEGER NOT NULL,	-- as stored: 1 REG_SZ, 4 REG_DWORD ... (may be outside 0-11)
	size		INTEGER NOT NULL,	-- data bytes
	text		TEXT,		-- string types decoded (REG_MULTI_SZ: one string per line)
	number		INTEGER,	-- REG_DWORD, REG_DWORD_BIG_ENDIAN, REG_QWORD
	data		BLOB		-- the bytes of every other type, and of strings that do not decode
);
CREATE INDEX reg_value_key ON reg_value(record_id, name);

-- Artefacts decoded from registry values and small files (Amcache,
-- ShimCache, BAM, Run keys, services, tasks, LNK, Recycle Bin, PowerShell
-- history ...): one record each (record.type 'artefact'), with the columns
-- the analysis and indicator matching read. Added in schema version 4.
CREATE TABLE artefact (
	record_id	INTEGER PRIMARY KEY REFERENCES record(id),
	kind		TEXT NOT NULL,	-- amcache-file shimcache bam run service task lnk recycle ps-history ... (doc/schema.md)
	path		TEXT,		-- the file or program it is about, as written (C:\Windows\...)
	name		TEXT,		-- value, service, task, product or account name
	command_line	TEXT,		-- what runs: Run value, ImagePath, task action, LNK target and arguments, history line
	sha1		TEXT,		-- lower-case hex
	size		INTEGER,
	user_sid	TEXT,
	user_name	TEXT,
	time		INTEGER,	-- its main time (FILETIME), also an event of the record
	position	INTEGER,	-- order where it matters: ShimCache entry, MRU rank, history line
	executed	INTEGER,	-- 1 ran, 0 did not, NULL not recorded
	count		INTEGER,	-- run count
	product		TEXT,
	publisher	TEXT,
	version		TEXT,
	key_path	TEXT,		-- registry key (or file) it was decoded from
	key_record_id	INTEGER REFERENCES record(id), -- that key's record
	data		TEXT		-- JSON object: the kind's other fields
);
CREATE INDEX artefact_kind ON artefact(kind);
CREATE INDEX artefact_sha1 ON artefact(sha1) WHERE sha1 IS NOT NULL;
CREATE INDEX artefact_path ON artefact(path COLLATE NOCASE);

-- Indicators of compromise, as loaded (valid or not: rejected ones are kept
-- with the reason so a report can say what was skipped).
CREATE TABLE indicator (
	id		INTEGER PRIMARY KEY,
	source_id	INTEGER NOT NULL REFERENCES source(id),
	line		INTEGER,	-- line (or item number) in the source file
	category	TEXT,
	type		TEXT NOT NULL,	-- MISP type: ip-dst md5 url domain filename ...
	value		TEXT NOT NULL,	-- as written in the source
	normalized	TEXT,		-- refanged, canonical form that matching uses
	valid		INTEGER NOT NULL,
	reason		TEXT,		-- why it was rejected
	comment		TEXT,
	to_ids		INTEGER NOT NULL DEFAULT 1,
	UNIQUE (source_id, type, value, line)
);
CREATE INDEX indicator_norm ON indicator(type, normalized);

-- Free-text context from threat reports: title, date, tags, paragraphs, links.
CREATE TABLE case_context (
	id		INTEGER PRIMARY KEY,
	source_id	INTEGER NOT NULL REFERENCES source(id),
	key		TEXT NOT NULL,
	value		TEXT NOT NULL
);

-- The AND/OR logic of a STIX pattern or an OpenIOC indicator tree, over
-- indicator ids ("(#12 AND #13) OR #14"; "false" for a leaf casetrail
-- cannot match). matched is set by matching: 1 when the logic holds with
-- "indicator has at least one hit in the case" as the truth of each leaf.
CREATE TABLE indicator_group (
	id		INTEGER PRIMARY KEY,
	source_id	INTEGER NOT NULL REFERENCES source(id),
	line		INTEGER,	-- line or item number of the group
	ref		TEXT,		-- STIX indicator id, OpenIOC Indicator id
	name		TEXT,
	logic		TEXT NOT NULL,
	matched		INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE indicator_hit (
	id		INTEGER PRIMARY KEY,
	indicator_id	INTEGER NOT NULL REFERENCES indicator(id),
	record_id	INTEGER NOT NULL REFERENCES record(id),
	field		TEXT NOT NULL,	-- column or data field that matched
	matched		TEXT NOT NULL,	-- the text that matched
	UNIQUE (indicator_id, record_id, field)
);
CREATE INDEX indicator_hit_record ON indicator_hit(record_id);

-- Findings of the analysis and the evidence rows each one rests on.
CREATE TABLE finding (
	id		INTEGER PRIMARY KEY,
	rule		TEXT NOT NULL,
	severity	TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
	confidence	TEXT,		-- low medium high
	first_ts	INTEGER,
	last_ts		INTEGER,
	title		TEXT NOT NULL,
	description	TEXT NOT NULL,
	attack		TEXT,		-- MITRE ATT&CK technique IDs, comma separated
	details		TEXT,		-- JSON object: rule-specific facts (decoded PowerShell, score, reasons)
	statement	TEXT		-- the finding as one plain-language clause, for the narrative
);
CREATE INDEX finding_ts ON finding(first_ts);
CREATE TABLE finding_evidence (
	finding_id	INTEGER NOT NULL REFERENCES finding(id),
	record_id	INTEGER NOT NULL REFERENCES record(id),
	role		TEXT,
	PRIMARY KEY (finding_id, record_id)
);
-- What a finding is about (processes, paths, addresses, hashes): findings
-- sharing an entity are linked into one attack chain.
CREATE TABLE finding_entity (
	finding_id	INTEGER NOT NULL REFERENCES finding(id),
	kind		TEXT NOT NULL,	-- process path ip url hash
	value		TEXT NOT NULL,	-- process.id, normalised path, address ...
	PRIMARY KEY (finding_id, kind, value)
);
CREATE INDEX finding_entity_value ON finding_entity(kind, value);

-- Process instances rebuilt by the analysis from Sysmon 1/5 and Security
-- 4688/4689, Prefetch, PowerShell 400, BITS and the registry's execution
-- artefacts (BAM, UserAssist, TaskCache), with parent links - logged, or
-- inferred where no log records them (parent_basis).
CREATE TABLE process (
	id		INTEGER PRIMARY KEY,
	image		TEXT,
	pid		INTEGER,
	process_guid	TEXT,
	command_line	TEXT,
	user_name	TEXT,
	start_ts	INTEGER,
	end_ts		INTEGER,
	parent_id	INTEGER REFERENCES process(id),
	parent_image	TEXT,
	parent_pid	INTEGER,
	start_record_id	INTEGER REFERENCES record(id),
	end_record_id	INTEGER REFERENCES record(id),
	origin		TEXT,		-- sysmon security service taskscheduler prefetch powershell-log bits bam taskcache userassist sysmon-activity
	parent_process_guid TEXT,
	-- How the parent is known (schema version 6): NULL when a log records
	-- it (ParentProcessGuid, parent PID); else the reasons it is inferred
	-- ("its file was created during the updater's run and it ran 2 s
	-- later; no process-creation log"), with their confidence.
	parent_basis	TEXT,
	parent_confidence TEXT CHECK (parent_confidence IN ('low', 'medium', 'high'))
);
CREATE INDEX process_guid ON process(process_guid);
CREATE INDEX process_parent ON process(parent_id);
CREATE INDEX process_pid ON process(pid, start_ts);

-- Every record a process instance rests on: its start and end events, the
-- Security 4688 that duplicates a Sysmon 1, its Prefetch runs, the
-- artefacts that saw the same execution (BAM, Amcache, ShimCache,
-- TaskCache, UserAssist), its PowerShell script blocks.
CREATE TABLE process_record (
	process_id	INTEGER NOT NULL REFERENCES process(id),
	record_id	INTEGER NOT NULL REFERENCES record(id),
	role		TEXT NOT NULL,	-- start end prefetch-run
	PRIMARY KEY (process_id, record_id)
);

-- What each process did: files written or deleted, connections, DNS.
CREATE TABLE process_activity (
	id		INTEGER PRIMARY KEY,
	process_id	INTEGER NOT NULL REFERENCES process(id),
	record_id	INTEGER NOT NULL REFERENCES record(id),
	ts		INTEGER,
	kind		TEXT NOT NULL,	-- file-write file-delete connect dns
	target		TEXT,		-- path, address:port or query name
	detail		TEXT		-- protocol, url ...
);
CREATE INDEX process_activity_process ON process_activity(process_id, ts);

-- Attack chains: findings linked by shared processes, files or addresses,
-- in time order.
CREATE TABLE chain (
	id		INTEGER PRIMARY KEY,
	title		TEXT NOT NULL,
	severity	TEXT NOT NULL,
	first_ts	INTEGER,
	last_ts		INTEGER,
	summary		TEXT
);
CREATE TABLE chain_step (
	chain_id	INTEGER NOT NULL REFERENCES chain(id),
	seq		INTEGER NOT NULL,
	finding_id	INTEGER NOT NULL REFERENCES finding(id),
	PRIMARY KEY (chain_id, seq)
);

-- The narrative: plain-language sentences in time order, each citing the
-- records behind it.
CREATE TABLE narrative (
	id		INTEGER PRIMARY KEY,
	chain_id	INTEGER REFERENCES chain(id),
	seq		INTEGER NOT NULL,
	ts		INTEGER,
	finding_id	INTEGER REFERENCES finding(id),
	text		TEXT NOT NULL
);
CREATE TABLE narrative_evidence (
	narrative_id	INTEGER NOT NULL REFERENCES narrative(id),
	record_id	INTEGER NOT NULL REFERENCES record(id),
	PRIMARY KEY (narrative_id, record_id)
);

-- What the evidence can and cannot show: one row per kind of evidence the
-- analysis uses (present, partial, absent although its log is here, not
-- collected) and per event log (its span, its gaps, its clearing), each
-- with what an absence means for the findings. Written by analyze.
-- Added in schema version 5.
CREATE TABLE coverage (
	id		INTEGER PRIMARY KEY,
	area		TEXT NOT NULL,	-- processes network files powershell logons persistence execution registry logs
	evidence	TEXT NOT NULL,	-- "Security process creation (4688)", "Security log" ...
	state		TEXT NOT NULL CHECK (state IN ('present', 'partial', 'absent', 'not-collected', 'cleared')),
	records		INTEGER NOT NULL DEFAULT 0,
	first_ts	INTEGER,
	last_ts		INTEGER,
	source_id	INTEGER REFERENCES source(id),	-- the log file a row is about
	record_id	INTEGER REFERENCES record(id),	-- the record that shows it (a 1102)
	detail		TEXT NOT NULL,	-- what was seen, in words
	meaning		TEXT		-- what an absence or a gap means for the findings
);

-- The life of each executable or script file the evidence shows created,
-- run or deleted, one row per incarnation of a path (from one creation to
-- the next; the first from the start of time when no creation is on
-- record): written when and by which execution
-- (logged, or inferred with its basis), run when, deleted when and by
-- whom, and what is left of it. Written by analyze (analysis/
-- file-lifecycle.c). Added in schema version 6.
CREATE TABLE file_lifecycle (
	id		INTEGER PRIMARY KEY,
	path		TEXT NOT NULL,	-- as a Windows path where the case knows one (C:\...)
	np		TEXT NOT NULL,	-- normalised: lower case, '/', no drive
	created_ts	INTEGER,
	created_record_id INTEGER REFERENCES record(id),
	created_how	TEXT,		-- Sysmon file creation, USN journal FILE_CREATE or RENAME_NEW_NAME
	writer_process_id INTEGER REFERENCES process(id),
	writer_basis	TEXT,		-- NULL when a log names the writer; else why it is believed
	writer_confidence TEXT CHECK (writer_confidence IN ('low', 'medium', 'high')),
	zone_id		INTEGER,	-- Zone.Identifier: downloaded (3 = Internet)
	zone_host_url	TEXT,
	runs		INTEGER NOT NULL DEFAULT 0,	-- processes of the model with this image
	first_run_ts	INTEGER,
	last_run_ts	INTEGER,
	first_process_id INTEGER REFERENCES process(id),
	deleted_ts	INTEGER,
	deleted_record_id INTEGER REFERENCES record(id),
	deleted_how	TEXT,		-- Sysmon file deletion, USN journal FILE_DELETE or RENAME_OLD_NAME
	deleter_process_id INTEGER REFERENCES process(id),	-- when a log names it
	file_record_id	INTEGER REFERENCES record(id),	-- its $MFT entry (the latest)
	allocated	INTEGER,	-- that entry: 1 in use, 0 deleted
	content		TEXT,		-- allocated, recovered, partial, unreadable, not-hashed
	sha256		TEXT,
	sha1		TEXT,		-- of the content, else Amcache's
	md5		TEXT,
	renamed_from	TEXT,		-- created by a rename: the path it had
	renamed_to	TEXT,		-- deleted by a rename: the path it took
	modified_ts	INTEGER		-- its last write the journal saw (DATA_EXTEND, DATA_OVERWRITE)
);
CREATE INDEX file_lifecycle_np ON file_lifecycle(np);

-- Human-readable times for every timeline row (pure SQL, so it also works
-- in the sqlite3 shell).
CREATE VIEW timeline AS
SELECT	e.id AS event_id,
	e.ts AS ts,
	strftime('%Y-%m-%dT%H:%M:%S', e.ts / 10000000 - 11644473600, 'unixepoch')
	    || '.' || printf('%07d', e.ts % 10000000) || 'Z' AS time,
	e.ts_desc AS ts_desc,
	r.type AS type,
	r.summary AS summary,
	r.id AS record_id,
	r.locator AS locator,
	r.flags AS flags,
	s.id AS source_id,
	s.path AS source_path
FROM event e JOIN record r ON r.id = e.record_id JOIN source s ON s.id = r.source_id;
