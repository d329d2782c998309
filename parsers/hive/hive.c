/*
 * hive.c - the "hive" parser: Windows registry hives (REGF), loose or
 * found inside disk images.
 *
 * What it does, in order:
 *  1. reads the base block: a hive whose two sequence numbers differ was
 *     not written to its end (dirty), and Windows kept the rest in the
 *     transaction logs <name>.LOG1 / <name>.LOG2 (<name>.LOG) beside it;
 *  2. for a dirty hive, asks the driver for those logs (ct_input.sibling),
 *     applies their new-format entries to an in-memory copy of the hive
 *     (hive-log.c) and reads that copy; each log used is a source of its
 *     own, a child of the hive's, and the hive's source note says what
 *     was applied (host files, and files inside images whose volume can
 *     open files by path: ct_input.open_path). Without logs it is read
 *     as stored, with a warning;
 *  3. checks the chain of hive bins (libregf refuses a hive whose chain
 *     it cannot follow to its end, a truncated one) and mends a copy
 *     when it is broken (hive-bins.c);
 *  4. hands the file to libregf and emits every key and value
 *     (hive-walk.c), which also runs the artefact decoders on each key.
 *
 * libregf reads files by name: a loose clean hive is opened in place; a
 * patched copy, or a hive inside an image, is written to an anonymous
 * memory file (memfd) and opened as /proc/self/fd/N, as prefetch.c does.
 * That copy costs the hive's size in memory while it is read.
 */
#include "compat.h"

#include <errno.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "buf.h"
#include "bytes.h"
#include "hive-bins.h"
#include "hive-kind.h"
#include "hive-log.h"
#include "hive-walk.h"
#include "casedb.h"
#include "parser.h"
#include "xalloc.h"

/* Larger hives than this are refused (Windows caps hives at 2 GiB). */
#define HIVE_MAX_BYTES		((int64_t)2 << 30)
/* A log never holds more than the hive it protects could need. */
#define HIVE_LOG_MAX_BYTES	((size_t)1 << 30)
/* Base block fields. */
#define BB_SEQ1		4
#define BB_SEQ2		8
#define BB_TYPE		28

/*
 * The transaction logs Windows keeps beside a hive, in the order tried:
 * Vista and later write .LOG1 and .LOG2 (old format until 8, new from
 * 8.1), Windows XP a single .LOG.
 */
#define HIVE_NLOGS	3
static const char *const log_suffixes[HIVE_NLOGS + 1] = { ".LOG1", ".LOG2",
	".LOG", NULL };

/* An anonymous file to hand libregf, or -1 (errno set). */
static int
memory_file(void)
{
	int fd = -1;

#ifdef SYS_memfd_create
	fd = (int)syscall(SYS_memfd_create, "casetrail-hive", 1u /* CLOEXEC */);
#endif
	if (fd < 0) {
		const char *dir = getenv("TMPDIR");
		char *tmpl = ct_xasprintf("%s/casetrail-hive.XXXXXX",
		    dir && *dir ? dir : "/tmp");

		fd = mkstemp(tmpl);
		if (fd >= 0)
			unlink(tmpl);
		free(tmpl);
	}
	return fd;
}

static int
write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The input's bytes copied into memory file fd: 0, or -1 (err set). */
static int
copy_input(struct ct_input *in, int fd, struct ct_error *err)
{
	uint8_t *buf = ct_xmalloc(1 << 20);
	int64_t off = 0;
	int rc = 0;

	while (off < in->size) {
		int64_t r = in->read_at(in->ctx, buf, 1 << 20, off);

		if (r <= 0) {
			ct_error_set(err, CT_ERR_IO, in->path, off,
			    "cannot read the hive");
			rc = -1;
			break;
		}
		if (write_all(fd, buf, (size_t)r) != 0) {
			ct_error_set(err, CT_ERR_IO, in->path, CT_NO_OFFSET,
			    "cannot copy the hive to a memory file: %s",
			    strerror(errno));
			rc = -1;
			break;
		}
		off += r;
	}
	free(buf);
	return rc;
}

/* ct_hive_bins_ok() over a buffer. */
struct mem {
	const uint8_t *p;
	size_t n;
};

static int64_t
mem_read_at(void *ctx, void *buf, size_t n, int64_t off)
{
	const struct mem *m = ctx;

	if (off < 0 || (uint64_t)off >= m->n)
		return 0;
	if (n > m->n - (size_t)off)
		n = m->n - (size_t)off;
	memcpy(buf, m->p + off, n);
	return (int64_t)n;
}

static int
bins_ok_in_memory(const uint8_t *p, size_t n)
{
	struct mem m = { p, n };

	return ct_hive_bins_ok(mem_read_at, &m, (int64_t)n);
}

/* A log warning goes to the hive's batch. */
static void
log_warn(void *arg, int64_t off, const char *msg)
{
	ct_batch_warn(arg, off, "%s", msg);
}

/* What happened with the transaction logs, for the source note. */
struct logs_done {
	struct ct_buf note;
	int patched;		/* the hive read is the patched copy */
};

/*
 * The whole input in a malloc'd buffer (*n bytes), or NULL (err set).
 */
static uint8_t *
read_whole(struct ct_input *in, size_t *n, struct ct_error *err)
{
	uint8_t *p = ct_xmalloc((size_t)in->size);

	if (in->read_at(in->ctx, p, (size_t)in->size, 0) != in->size) {
		free(p);
		ct_error_set(err, CT_ERR_IO, in->path, CT_NO_OFFSET,
		    "cannot read the hive");
		return NULL;
	}
	*n = (size_t)in->size;
	return p;
}

/*
 * A dirty hive: fetch its logs and apply them to a copy of the hive in
 * memory (*hive, *hive_size: read here when NULL). Returns 1 patched, 0
 * read as stored (the reason in the note and a warning), -1 on an error
 * (err).
 */
static int
apply_logs(struct ct_input *in, struct ct_batch *b, const uint8_t *bb,
    uint8_t **hivep, size_t *hive_sizep, struct logs_done *ld,
    struct ct_error *err)
{
	const char *base = strrchr(in->path, '/');
	struct ct_hive_log logs[HIVE_NLOGS];
	int64_t ids[HIVE_NLOGS] = { 0, 0, 0 };
	struct ct_hive_log_result res;
	size_t nlogs = 0, i, n;
	int rc = 0;

	base = base ? base + 1 : in->path;
	if (in->sibling == NULL) {
		ct_batch_warn(b, BB_SEQ1, "%s: dirty hive (sequence numbers %"
		    PRIu32 " and %" PRIu32 "): transaction logs not applied: "
		    "the files beside it cannot be reached from where it was "
		    "found; read as stored", in->path,
		    ct_le32(bb + BB_SEQ1), ct_le32(bb + BB_SEQ2));
		ct_buf_adds(&ld->note, "dirty hive read as stored: transaction "
		    "logs not applied (the files beside it cannot be reached)");
		return 0;
	}
	for (i = 0; log_suffixes[i]; i++) {
		char *name = ct_xasprintf("%s%s", base, log_suffixes[i]);
		uint8_t *data = in->sibling(in, name, "hive",
		    HIVE_LOG_MAX_BYTES, &n, &ids[nlogs]);

		if (data) {
			logs[nlogs].name = ct_xstrdup(name);
			logs[nlogs].data = data;
			logs[nlogs].size = n;
			nlogs++;
		} else if (n > HIVE_LOG_MAX_BYTES) {
			ct_batch_warn(b, CT_NULL_INT, "%s: %s holds %zu bytes, "
			    "more than any transaction log: not read", in->path,
			    name, n);
		}
		free(name);
	}
	if (nlogs == 0) {
		ct_batch_warn(b, BB_SEQ1, "%s: dirty hive (sequence numbers %"
		    PRIu32 " and %" PRIu32 ") and no transaction log (%s.LOG1, "
		    "%s.LOG2 or %s.LOG) beside it: read as stored, the last "
		    "changes Windows made may be missing", in->path,
		    ct_le32(bb + BB_SEQ1), ct_le32(bb + BB_SEQ2), base, base,
		    base);
		ct_buf_adds(&ld->note, "dirty hive read as stored, transaction "
		    "logs absent");
		return 0;
	}
	/* The copy to patch. */
	if (*hivep == NULL &&
	    (*hivep = read_whole(in, hive_sizep, err)) == NULL) {
		rc = -1;
		goto out;
	}
	ct_hive_log_apply(hivep, hive_sizep, (size_t)HIVE_MAX_BYTES, logs,
	    nlogs, &res, log_warn, b);
	for (i = 0; i < nlogs; i++) {
		struct ct_buf note = CT_BUF_INIT;

		if (logs[i].old_format && logs[i].entries)
			ct_buf_addf(&note, "old-format (DIRT) transaction log: "
			    "%u dirty 512-byte pages applied (sequence %" PRIu32
			    ")", logs[i].pages, logs[i].last_seq);
		else if (logs[i].old_format)
			ct_buf_adds(&note, "old-format (DIRT) transaction log: "
			    "not applied");
		else if (logs[i].entries)
			ct_buf_addf(&note, "transaction log: %u entries "
			    "(sequence %" PRIu32 "-%" PRIu32 "), %u dirty pages "
			    "applied", logs[i].entries, logs[i].first_seq,
			    logs[i].last_seq, logs[i].pages);
		else
			ct_buf_adds(&note, "transaction log: no entry applied");
		ct_sink_finish_source(in->sink, ids[i], "ok", note.buf,
		    CT_NULL_INT, NULL, NULL, NULL);
		ct_buf_release(&note);
	}
	if (res.entries == 0) {
		ct_batch_warn(b, BB_SEQ1, "%s: dirty hive: its transaction "
		    "logs hold no entry to apply; read as stored", in->path);
		ct_buf_adds(&ld->note, "dirty hive read as stored: its "
		    "transaction logs hold no entry to apply");
		goto out;
	}
	ct_buf_addf(&ld->note, "dirty hive: transaction logs applied "
	    "(%u entries, sequence %" PRIu32 "-%" PRIu32 ", %u dirty pages",
	    res.entries, res.first_seq, res.last_seq, res.pages);
	if (res.gaps)
		ct_buf_addf(&ld->note, ", %u sequence gap%s", res.gaps,
		    res.gaps == 1 ? "" : "s");
	ct_buf_adds(&ld->note, ")");
	rc = 1;
out:
	for (i = 0; i < nlogs; i++) {
		free((char *)logs[i].name);
		free((uint8_t *)logs[i].data);
	}
	return rc;
}

static enum ct_status
hive_parse(struct ct_input *in, struct ct_error *err)
{
	struct ct_hive_info hi;
	struct logs_done ld;
	struct ct_batch *b;
	uint8_t bb[CT_HIVE_BASE_BLOCK];
	char fdpath[64], bb_name[160];
	const char *regf_path = in->host_path;
	uint8_t *hive = NULL;	/* the copy read, when one is needed */
	size_t hive_size = 0;
	int fd = -1, dirty, r;
	enum ct_status rc = CT_OK;

	if (in->size < CT_HIVE_BASE_BLOCK)
		return ct_error_set(err, CT_ERR_FORMAT, in->path, CT_NO_OFFSET,
		    "too short for a registry hive (%" PRId64 " bytes)",
		    in->size);
	if (in->size > HIVE_MAX_BYTES)
		return ct_error_set(err, CT_ERR_FORMAT, in->path, CT_NO_OFFSET,
		    "%" PRId64 " bytes is larger than Windows lets a hive grow",
		    in->size);
	if (in->read_at(in->ctx, bb, sizeof(bb), 0) != (int64_t)sizeof(bb))
		return ct_error_set(err, CT_ERR_IO, in->path, 0,
		    "cannot read the hive's base block");
	memset(&hi, 0, sizeof(hi));
	hi.path = in->path;
	hi.type = ct_hive_type_from_name(in->path);
	if (hi.type == NULL)
		hi.type = ct_hive_type_from_base_block(bb, sizeof(bb), bb_name,
		    sizeof(bb_name));
	else
		ct_hive_type_from_base_block(bb, sizeof(bb), bb_name,
		    sizeof(bb_name));
	/* The profile folder names the user; else the path Windows wrote. */
	if (!ct_hive_profile_user(in->path, hi.user, sizeof(hi.user)))
		ct_hive_profile_user(bb_name, hi.user, sizeof(hi.user));

	b = ct_batch_new(in->sink, in->source_id, "hive");
	ct_buf_init(&ld.note, 0);
	ld.patched = 0;
	dirty = ct_le32(bb + BB_SEQ1) != ct_le32(bb + BB_SEQ2);
	if (dirty) {
		r = apply_logs(in, b, bb, &hive, &hive_size, &ld, err);
		if (r < 0) {
			rc = err->code;
			goto out;
		}
		ld.patched = r;
	}
	/*
	 * libregf refuses a hive whose bin chain it cannot follow: mend a
	 * copy (each change a warning) rather than read nothing.
	 */
	if (hive ? !bins_ok_in_memory(hive, hive_size) :
	    !ct_hive_bins_ok(in->read_at, in->ctx, in->size)) {
		if (hive == NULL &&
		    (hive = read_whole(in, &hive_size, err)) == NULL) {
			rc = err->code;
			goto out;
		}
		if (ct_hive_bins_mend(hive, &hive_size, log_warn, b)) {
			if (ld.note.len)
				ct_buf_adds(&ld.note, "; ");
			ct_buf_adds(&ld.note, "damaged hive-bin chain mended "
			    "to be read (see the warnings)");
		}
	}
	if (hive || regf_path == NULL) {
		fd = memory_file();
		if (fd < 0) {
			rc = ct_error_set(err, CT_ERR_IO, in->path, CT_NO_OFFSET,
			    "cannot make a memory file for libregf: %s",
			    strerror(errno));
			goto out;
		}
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
		if (hive ? write_all(fd, hive, hive_size) != 0 :
		    copy_input(in, fd, err) != 0) {
			if (hive)
				ct_error_set(err, CT_ERR_IO, in->path,
				    CT_NO_OFFSET, "cannot write the hive to a "
				    "memory file: %s", strerror(errno));
			rc = err->code;
			goto out;
		}
		free(hive);
		hive = NULL;
		regf_path = fdpath;
	}
	rc = ct_hive_walk(regf_path, &hi, b, err);
	if (rc == CT_OK || rc == CT_ERR_CANCELLED) {
		if (ld.note.len)
			ct_buf_adds(&ld.note, "; ");
		ct_buf_addf(&ld.note, "%s hive, %" PRId64 " keys, %" PRId64
		    " values", hi.label, hi.keys, hi.values);
		ct_batch_flush(b);
		ct_sink_finish_source(in->sink, in->source_id, NULL,
		    ld.note.buf, CT_NULL_INT, NULL, NULL, NULL);
	}
out:
	ct_batch_free(b);
	free(hive);
	if (fd >= 0)
		close(fd);
	ct_buf_release(&ld.note);
	return rc;
}

static int
hive_probe(const uint8_t *head, size_t n, const char *name, int64_t size)
{
	(void)name;
	(void)size;
	if (n < 32 || memcmp(head, "regf", 4) != 0)
		return 0;
	/*
	 * Transaction logs start with a copy of the base block too (file
	 * type 1, 2 or 6): they are read through their hive, not alone.
	 */
	if (ct_le32(head + BB_TYPE) != 0)
		return 0;
	return 90;
}

/* Where Windows keeps its hives (parser.h: case-insensitive globs). */
static const char *const hive_image_paths[] = {
	"*/Windows/System32/config/SYSTEM",
	"*/Windows/System32/config/SOFTWARE",
	"*/Windows/System32/config/SAM",
	"*/Windows/System32/config/SECURITY",
	"*/Windows/System32/config/DEFAULT",
	"*/Users/*/NTUSER.DAT",
	"*/Users/*/AppData/Local/Microsoft/Windows/UsrClass.dat",
	"*/Documents and Settings/*/NTUSER.DAT",
	"*/Windows/AppCompat/Programs/Amcache.hve",
	"*/Windows/ServiceProfiles/*/NTUSER.DAT",
	NULL
};

/*
 * Work across the hives of an ingest, once their rows are in the case.
 *
 * Each artefact a decoder made cites the key it came from by record id;
 * record ids are given when the rows are written, after the decoders ran,
 * so the link is made here: the key of the same hive (source) with the
 * artefact's key path.
 *
 * A user's hive inside an image knows its owner's name (the profile
 * folder) but not the SID; the SOFTWARE hive of the same volume does
 * (ProfileList). Artefacts of NTUSER and UsrClass without a SID get the
 * SID of the one profile of that name beside them: same parent source,
 * never across volumes or hosts.
 */
static const char *const hive_finish_sql[][2] = {
	{ "cannot link registry artefacts to their keys",
	    "UPDATE artefact SET key_record_id = (SELECT k.record_id"
	    " FROM record ra, record rk JOIN reg_key k ON k.record_id = rk.id"
	    " WHERE ra.id = artefact.record_id AND rk.source_id = ra.source_id"
	    " AND k.path = artefact.key_path ORDER BY k.record_id LIMIT 1)"
	    " WHERE key_record_id IS NULL AND key_path IS NOT NULL"
	    " AND record_id IN (SELECT r.id FROM record r JOIN source s"
	    "  ON s.id = r.source_id WHERE s.id >= ?1 AND s.parser = 'hive'"
	    "  AND r.type = 'artefact')" },
	{ "cannot give user hives' artefacts their owner's SID",
	    "UPDATE artefact SET user_sid = (SELECT min(p.user_sid)"
	    " FROM artefact p JOIN record rp ON rp.id = p.record_id"
	    " JOIN source sp ON sp.id = rp.source_id,"
	    " record ra JOIN source sa ON sa.id = ra.source_id"
	    " WHERE ra.id = artefact.record_id AND p.kind = 'profile'"
	    " AND sp.parent_id = sa.parent_id"
	    " AND p.user_name = artefact.user_name COLLATE NOCASE"
	    " HAVING count(DISTINCT p.user_sid) = 1)"
	    " WHERE user_sid IS NULL AND user_name IS NOT NULL"
	    " AND key_record_id IN (SELECT record_id FROM reg_key"
	    "  WHERE hive IN ('NTUSER', 'USRCLASS'))"
	    " AND record_id IN (SELECT r.id FROM record r JOIN source s"
	    "  ON s.id = r.source_id WHERE s.id >= ?1 AND s.parser = 'hive'"
	    "  AND s.parent_id IS NOT NULL AND r.type = 'artefact')" },
};

static enum ct_status
hive_finish(struct ct_case *c, int64_t first_source_id, struct ct_error *err)
{
	enum ct_status rc = CT_OK;
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(hive_finish_sql) && rc == CT_OK; i++) {
		sqlite3_stmt *st;

		if ((rc = ct_case_prepare(c, hive_finish_sql[i][1], &st, err)))
			return rc;
		sqlite3_bind_int64(st, 1, first_source_id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = ct_case_db_error(err, c->db, c->path,
			    hive_finish_sql[i][0]);
		sqlite3_finalize(st);
	}
	return rc;
}

const struct ct_parser ct_parser_hive = {
	.abi = CT_PARSER_ABI,
	.name = "hive",
	.kind = "registry",
	.summary = "Windows registry hives (REGF, via libregf; transaction "
	    "logs applied)",
	.nested = 1,
	.image_paths = hive_image_paths,
	.probe = hive_probe,
	.parse = hive_parse,
	.finish = hive_finish,
};
