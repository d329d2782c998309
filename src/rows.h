/*
 * rows.h - the rows parsers hand to the sink: one column list per table.
 *
 * Each evidence table the sink writes has exactly one list here, in the
 * order of its columns in src/schema.sql (the only DDL). From that list
 * the same macros make the row struct parsers fill (sink.h), the INSERT
 * the writer prepares and the code that binds a row to it (sink.c), so a
 * column is added in two places: schema.sql and its list. The unit test
 * tests/unit/test-rows.c checks every list against PRAGMA table_info of a
 * new case, both ways.
 *
 * A list is X(KIND, name, default) per column:
 *
 *	TEXT	const char *; NULL is SQL NULL unless a default string is
 *		given (NULL then means the default, e.g. "" for NOT NULL)
 *	INT	int64_t; CT_NULL_INT is SQL NULL (the default is unused)
 *	ID	int64_t row id of another table; 0 or less is SQL NULL
 *	BOOL	int; stored as 0 or 1
 *	FLAGS	unsigned; bit set stored as an integer
 *	BLOB	struct ct_row_blob { const void *p; size_t n; }; p NULL is
 *		SQL NULL
 *
 * Columns that are not in a list are filled in by the sink: the first
 * column of a detail table (record_id, the record emitted just before),
 * record.source_id and warning.source_id/parser (the batch's), and
 * source.tool_version/added_at. The trailing comment of each line is the
 * column's documentation for parsers; doc/schema.md has the full text.
 */
#ifndef CT_ROWS_H
#define CT_ROWS_H

#include "compat.h"

/* C types of the kinds. */
#define CT_ROW_CTYPE_TEXT	const char *
#define CT_ROW_CTYPE_INT	int64_t
#define CT_ROW_CTYPE_ID		int64_t
#define CT_ROW_CTYPE_BOOL	int
#define CT_ROW_CTYPE_FLAGS	unsigned
#define CT_ROW_CTYPE_BLOB	struct ct_row_blob

/* Bytes of a BLOB column (borrowed until the batch call returns). */
struct ct_row_blob {
	const void *p;
	size_t n;
};

/* A struct member for one column. */
#define CT_ROW_FIELD(kind, name, dflt)	CT_ROW_CTYPE_##kind name;

/* The evidence inventory (the sink adds tool_version and added_at). */
#define CT_SOURCE_COLUMNS(X) \
	X(ID,	parent_id,	0)	/* 0 for a top-level source */ \
	X(TEXT,	kind,		NULL)	/* image volume evtx prefetch usnjrnl ioc */ \
	X(TEXT,	path,		"")	/* host path, or path inside the parent */ \
	X(TEXT,	locator,	NULL)	/* where inside the parent */ \
	X(INT,	size,		0)	/* bytes, CT_NULL_INT if unknown */ \
	X(TEXT,	md5,		NULL) \
	X(TEXT,	sha1,		NULL) \
	X(TEXT,	sha256,		NULL) \
	X(TEXT,	status,		"pending") /* schema.sql lists the statuses */ \
	X(TEXT,	parser,		NULL) \
	X(TEXT,	note,		NULL) \
	X(INT,	mtime,		0)	/* FILETIME, CT_NULL_INT if unknown */ \
	X(TEXT,	path_bytes,	NULL)	/* path when not valid UTF-8 */

/* One artefact (the sink adds source_id). */
#define CT_RECORD_COLUMNS(X) \
	X(TEXT,	type,		"")	/* file evtx usn prefetch */ \
	X(TEXT,	locator,	"")	/* "record 4711", "MFT 1234-5" */ \
	X(INT,	offset,		0)	/* CT_NULL_INT if none */ \
	X(FLAGS, flags,		0)	/* CT_REC_* (casedb.h) */ \
	X(TEXT,	summary,	"")	/* one-line timeline message */

/* A point on the timeline of the record before it. */
#define CT_EVENT_COLUMNS(X) \
	X(INT,	ts,		0)	/* FILETIME */ \
	X(TEXT,	ts_desc,	"")	/* "SI created", "event created" */

/* File-system entries. */
#define CT_FILE_COLUMNS(X) \
	X(TEXT,	fs_type,	NULL)	/* ntfs fat32 ext4 ... */ \
	X(TEXT,	path,		"")	/* '/' separated, leading '/' */ \
	X(TEXT,	name,		"") \
	X(INT,	inode,		0)	/* MFT entry or inode */ \
	X(INT,	seq,		0)	/* NTFS sequence number */ \
	X(INT,	parent_inode,	0) \
	X(INT,	parent_seq,	0) \
	X(TEXT,	type,		NULL)	/* file dir link other */ \
	X(INT,	size,		0) \
	X(BOOL,	allocated,	0)	/* 0 for a deleted entry */ \
	X(INT,	si_crtime,	0)	/* $STANDARD_INFORMATION times */ \
	X(INT,	si_mtime,	0) \
	X(INT,	si_atime,	0) \
	X(INT,	si_ctime,	0) \
	X(INT,	fn_crtime,	0)	/* $FILE_NAME times */ \
	X(INT,	fn_mtime,	0) \
	X(INT,	fn_atime,	0) \
	X(INT,	fn_ctime,	0) \
	X(TEXT,	md5,		NULL) \
	X(TEXT,	sha1,		NULL) \
	X(TEXT,	sha256,		NULL) \
	X(TEXT,	content,	NULL)	/* allocated recovered partial ... */ \
	X(TEXT,	streams,	NULL)	/* JSON array or NULL */ \
	X(INT,	zone_id,	0)	/* Zone.Identifier ZoneId */ \
	X(TEXT,	zone_referrer,	NULL) \
	X(TEXT,	zone_host_url,	NULL)

/* Windows event-log records. */
#define CT_EVTX_COLUMNS(X) \
	X(INT,	record_number,	0) \
	X(INT,	written,	0)	/* record header time */ \
	X(INT,	created,	0)	/* System/TimeCreated */ \
	X(INT,	event_id,	0) \
	X(INT,	qualifiers,	0) \
	X(INT,	version,	0) \
	X(INT,	level,		0) \
	X(INT,	task,		0) \
	X(INT,	opcode,		0) \
	X(TEXT,	keywords,	NULL)	/* hex, 0x... */ \
	X(TEXT,	provider,	NULL) \
	X(TEXT,	provider_guid,	NULL) \
	X(TEXT,	channel,	NULL) \
	X(TEXT,	computer,	NULL) \
	X(TEXT,	user_sid,	NULL) \
	X(INT,	pid,		0)	/* System/Execution ProcessID */ \
	X(INT,	tid,		0) \
	X(TEXT,	data,		"{}")	/* JSON object, must be valid JSON */ \
	X(TEXT,	image,		NULL)	/* normalised from here on */ \
	X(TEXT,	command_line,	NULL) \
	X(INT,	process_id,	0) \
	X(TEXT,	process_guid,	NULL) \
	X(TEXT,	parent_image,	NULL) \
	X(TEXT,	parent_command_line, NULL) \
	X(INT,	parent_process_id, 0) \
	X(TEXT,	parent_process_guid, NULL) \
	X(TEXT,	user_name,	NULL)	/* DOMAIN\user */ \
	X(TEXT,	target_file,	NULL) \
	X(TEXT,	src_ip,		NULL) \
	X(INT,	src_port,	0) \
	X(TEXT,	dst_ip,		NULL) \
	X(INT,	dst_port,	0) \
	X(TEXT,	dst_host,	NULL) \
	X(TEXT,	dns_query,	NULL) \
	X(TEXT,	url,		NULL) \
	X(TEXT,	hashes,		NULL)	/* SHA1=..,MD5=..,SHA256=.. */ \
	X(TEXT,	script_text,	NULL) \
	X(TEXT,	script_block_id, NULL) \
	X(TEXT,	host_application, NULL) \
	X(TEXT,	direction,	NULL)	/* schema 2: outbound inbound */ \
	X(INT,	logon_type,	0) \
	X(TEXT,	service_name,	NULL) \
	X(TEXT,	task_name,	NULL) \
	X(TEXT,	job_id,		NULL)	/* BITS job GUID */ \
	X(TEXT,	job_name,	NULL) \
	X(TEXT,	engine_version,	NULL)	/* PowerShell */ \
	X(INT,	script_part,	0)	/* 4104 MessageNumber */ \
	X(INT,	script_parts,	0)	/* 4104 MessageTotal */ \
	X(TEXT,	script_path,	NULL) \
	X(TEXT,	log_name,	NULL)	/* the log a 104 says was cleared */

/* $UsnJrnl:$J records. */
#define CT_USN_COLUMNS(X) \
	X(INT,	usn,		0) \
	X(INT,	major,		0) \
	X(INT,	minor,		0) \
	X(INT,	ts,		0) \
	X(INT,	file_inode,	0) \
	X(INT,	file_seq,	0) \
	X(INT,	parent_inode,	0) \
	X(INT,	parent_seq,	0) \
	X(INT,	reason,		0) \
	X(TEXT,	reasons,	"")	/* "FILE_CREATE|CLOSE" */ \
	X(INT,	attributes,	0) \
	X(INT,	source_info,	0) \
	X(INT,	security_id,	0) \
	X(TEXT,	name,		"") \
	X(TEXT,	path,		NULL)	/* full path when the parent still matches */

/* Prefetch files. */
#define CT_PREFETCH_COLUMNS(X) \
	X(TEXT,	executable,	"") \
	X(TEXT,	prefetch_hash,	NULL) \
	X(INT,	format_version,	0) \
	X(INT,	run_count,	0) \
	X(INT,	last_run,	0) \
	X(TEXT,	run_times,	NULL)	/* JSON array of FILETIMEs, newest first */ \
	X(TEXT,	volumes,	NULL)	/* JSON array */ \
	X(TEXT,	files,		NULL)	/* JSON array of file names */

/* Registry keys (record type "regkey"; schema 4). */
#define CT_REG_KEY_COLUMNS(X) \
	X(TEXT,	hive,		"OTHER") /* SYSTEM SOFTWARE NTUSER ... */ \
	X(TEXT,	path,		"")	/* from the root, '\\' separated */ \
	X(INT,	last_written,	0)	/* FILETIME */ \
	X(INT,	subkeys,	0) \
	X(INT,	value_count,	0) \
	X(TEXT,	class_name,	NULL)
/* Registry values of the key record written just before (schema 4). */
#define CT_REG_VALUE_COLUMNS(X) \
	X(TEXT,	name,		"")	/* "" for the default value */ \
	X(INT,	type,		0)	/* as stored, may be outside 0-11 */ \
	X(INT,	size,		0) \
	X(TEXT,	text,		NULL)	/* string types, decoded */ \
	X(INT,	number,		0)	/* DWORD and QWORD types */ \
	X(BLOB,	data,		NULL)	/* other types' bytes */
/* Decoded artefacts (record type "artefact"; schema 4). */
#define CT_ARTEFACT_COLUMNS(X) \
	X(TEXT,	kind,		"")	/* doc/schema.md lists them */ \
	X(TEXT,	path,		NULL) \
	X(TEXT,	name,		NULL) \
	X(TEXT,	command_line,	NULL) \
	X(TEXT,	sha1,		NULL)	/* lower-case hex */ \
	X(INT,	size,		0) \
	X(TEXT,	user_sid,	NULL) \
	X(TEXT,	user_name,	NULL) \
	X(INT,	time,		0)	/* main time, FILETIME */ \
	X(INT,	position,	0) \
	X(INT,	executed,	0)	/* 1, 0, or CT_NULL_INT */ \
	X(INT,	count,		0) \
	X(TEXT,	product,	NULL) \
	X(TEXT,	publisher,	NULL) \
	X(TEXT,	version,	NULL) \
	X(TEXT,	key_path,	NULL) \
	X(ID,	key_record_id,	0) \
	X(TEXT,	data,		NULL)	/* JSON object or NULL */
/* Damage found in evidence (the sink adds source_id and parser). */
#define CT_WARNING_COLUMNS(X) \
	X(INT,	offset,		0)	/* byte offset in the source, or CT_NULL_INT */ \
	X(TEXT,	message,	"")

/*
 * The detail tables: X(TABLE, name, COLUMNS). Each has the struct
 * ct_<name>_row and the function ct_batch_<name>() in sink.h, and its
 * first column is record_id, the record emitted just before it. Adding a
 * detail table: its DDL in schema.sql, its column list above, one line
 * here, doc/schema.md.
 */
#define CT_DETAIL_TABLES(X) \
	X(FILE,		file,		CT_FILE_COLUMNS) \
	X(EVTX,		evtx,		CT_EVTX_COLUMNS) \
	X(USN,		usn,		CT_USN_COLUMNS) \
	X(PREFETCH,	prefetch,	CT_PREFETCH_COLUMNS) \
	X(REG_KEY,	reg_key,	CT_REG_KEY_COLUMNS) \
	X(ARTEFACT,	artefact,	CT_ARTEFACT_COLUMNS)

/*
 * The other tables batches write: X(TABLE, name, FIRST, COLUMNS), where
 * FIRST says which columns the sink binds before the list's: the batch's
 * source id (SOURCE), its source id and parser name (SOURCE_PARSER), or
 * the id of the record written just before (RECORD).
 */
#define CT_BASE_TABLES(X) \
	X(RECORD,	record,		SOURCE,		CT_RECORD_COLUMNS) \
	X(EVENT,	event,		RECORD,		CT_EVENT_COLUMNS) \
	X(REG_VALUE,	reg_value,	RECORD,		CT_REG_VALUE_COLUMNS) \
	X(WARNING,	warning,	SOURCE_PARSER,	CT_WARNING_COLUMNS)

/* What a test needs to compare a list with the schema. */
struct ct_row_table {
	const char *name;		/* table */
	const char *const *first;	/* columns the sink fills itself, NULL-ended */
	const char *const *columns;	/* the list, in order, NULL-ended */
};

/*
 * Every table the sink writes, the source inventory included; ends with
 * a NULL name.
 */
extern const struct ct_row_table ct_row_tables[];

#endif
