/*
 * dec-amcache.c - Amcache.hve: the executables Windows inventoried (with
 * their SHA-1, even after they are deleted) and the installed programs.
 *
 * One artefact per file entry and per program; the time is the entry
 * key's last-write time (when Windows recorded it). Layouts:
 *
 *	Root\InventoryApplicationFile\<name|id>  Windows 10/11, amcache_file
 *	Root\InventoryApplication\<program id>   Windows 10/11, amcache_program
 *	Root\File\<volume GUID>\<file id>  Windows 8 / early 10, amcache_file,
 *		values named by hex numbers (regipy and plaso's tables)
 *
 * FileId and value 101 are "0000" followed by the SHA-1 of the file's
 * first 31.4 MiB; the prefix is dropped.
 */
#include "compat.h"

#include <ctype.h>

#include "artefact.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"
#include "timefmt.h"

/* "0000" + 40 hex digits -> the 40 digits in lower case, else NULL. */
static char *
sha1_of_file_id(char *id)
{
	size_t i;

	if (id == NULL || strlen(id) != 44 || strncmp(id, "0000", 4) != 0)
		return NULL;
	memmove(id, id + 4, 41);
	for (i = 0; i < 40; i++) {
		if (!isxdigit((unsigned char)id[i]))
			return NULL;
		id[i] = (char)tolower((unsigned char)id[i]);
	}
	return id;
}

/*
 * "MM/DD/YYYY HH:MM:SS" (Amcache's LinkDate, InstallDate, UTC) as a
 * FILETIME, or CT_NULL_INT.
 */
static int64_t
us_date(const char *s)
{
	int mo, d, y, h, mi, se;
	char iso[32];
	int64_t t;

	if (s == NULL || sscanf(s, "%2d/%2d/%4d %2d:%2d:%2d", &mo, &d, &y, &h,
	    &mi, &se) != 6)
		return CT_NULL_INT;
	snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d,
	    h, mi, se);
	return ct_time_parse(iso, &t) == 0 ? t : CT_NULL_INT;
}

static void
file_summary(struct ct_buf *sum, const struct ct_artefact_row *a)
{
	ct_buf_addf(sum, "Amcache: %s", a->path ? a->path : a->name ?
	    a->name : "(no path)");
	if (a->sha1)
		ct_buf_addf(sum, " SHA-1 %s", a->sha1);
}

void
ct_dec_amcache_file(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_buf sum = CT_BUF_INIT;
	char *path, *file_id, *name, *publisher, *version, *product, *link,
	    *program, *sha1;
	int64_t size = CT_NULL_INT;

	if (ct_dec_depth(k) != 3)
		return;
	path = ct_dec_str(k, "LowerCaseLongPath");
	file_id = ct_dec_str(k, "FileId");
	name = ct_dec_str(k, "Name");
	publisher = ct_dec_str(k, "Publisher");
	version = ct_dec_str(k, "Version");
	product = ct_dec_str(k, "ProductName");
	link = ct_dec_str(k, "LinkDate");
	program = ct_dec_str(k, "ProgramId");
	if (!ct_dec_num(k, "Size", &size))
		size = CT_NULL_INT;
	ct_artefact_row_init(&a, "amcache_file");
	a.path = path;
	a.name = name;
	a.size = size;
	a.publisher = publisher;
	a.version = version;
	a.product = product;
	ct_dec_json_str(&j, "file_id", file_id);
	sha1 = sha1_of_file_id(file_id);
	a.sha1 = sha1;
	ct_dec_json_str(&j, "program_id", program);
	ct_dec_json_str(&j, "link_date", link);
	ct_dec_json_int(&j, "link_time", us_date(link));
	a.data = ct_dec_json_done(&j);
	if (k->last_written > 0)
		a.time = k->last_written;
	file_summary(&sum, &a);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "Amcache entry written");
	ct_buf_release(&sum);
	ct_dec_json_release(&j);
	free(path); free(file_id); free(name); free(publisher); free(version);
	free(product); free(link); free(program);
}

void
ct_dec_amcache_program(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_buf sum = CT_BUF_INIT;
	char *name, *publisher, *version, *install, *root, *uninstall, *source;

	if (ct_dec_depth(k) != 3)
		return;
	name = ct_dec_str(k, "Name");
	publisher = ct_dec_str(k, "Publisher");
	version = ct_dec_str(k, "Version");
	install = ct_dec_str(k, "InstallDate");
	root = ct_dec_str(k, "RootDirPath");
	uninstall = ct_dec_str(k, "UninstallString");
	source = ct_dec_str(k, "Source");
	ct_artefact_row_init(&a, "amcache_program");
	a.name = name;
	a.product = name;
	a.publisher = publisher;
	a.version = version;
	a.path = root;
	a.command_line = uninstall;
	ct_dec_json_str(&j, "program_id", ct_dec_key_name(k));
	ct_dec_json_str(&j, "install_date", install);
	ct_dec_json_int(&j, "install_time", us_date(install));
	ct_dec_json_str(&j, "source", source);
	a.data = ct_dec_json_done(&j);
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "Amcache program: %s", name ? name :
	    ct_dec_key_name(k));
	if (version)
		ct_buf_addf(&sum, " %s", version);
	if (publisher)
		ct_buf_addf(&sum, " (%s)", publisher);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "Amcache entry written");
	ct_buf_release(&sum);
	ct_dec_json_release(&j);
	free(name); free(publisher); free(version); free(install); free(root);
	free(uninstall); free(source);
}

/* A FILETIME value of the old layout, or CT_NULL_INT. */
static int64_t
old_time(const struct ct_reg_key_view *k, const char *name)
{
	int64_t t = ct_dec_filetime(k, name);

	return t > 0 ? t : CT_NULL_INT;
}

void
ct_dec_amcache_old_file(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_buf sum = CT_BUF_INIT;
	char *path, *file_id, *product, *company, *version, *program, *desc;
	int64_t size = CT_NULL_INT, link = CT_NULL_INT;

	if (ct_dec_depth(k) != 4)
		return;
	path = ct_dec_str(k, "15");
	file_id = ct_dec_str(k, "101");
	product = ct_dec_str(k, "0");
	company = ct_dec_str(k, "1");
	version = ct_dec_str(k, "5");
	program = ct_dec_str(k, "100");
	desc = ct_dec_str(k, "c");
	if (!ct_dec_num(k, "6", &size))
		size = CT_NULL_INT;
	ct_artefact_row_init(&a, "amcache_file");
	a.path = path;
	a.size = size;
	a.product = product;
	a.publisher = company;
	a.version = version;
	ct_dec_json_str(&j, "file_id", file_id);
	a.sha1 = sha1_of_file_id(file_id);
	/* value 100 is "0000" + the program id, as FileId is for the SHA-1 */
	ct_dec_json_str(&j, "program_id", program && strlen(program) == 44 &&
	    strncmp(program, "0000", 4) == 0 ? program + 4 : program);
	ct_dec_json_str(&j, "description", desc);
	ct_dec_json_int(&j, "last_modified", old_time(k, "11"));
	ct_dec_json_int(&j, "created", old_time(k, "12"));
	ct_dec_json_int(&j, "last_modified_2", old_time(k, "17"));
	/* value f: the PE header's link time, Unix seconds */
	if (ct_dec_num(k, "f", &link) && link > 0)
		ct_dec_json_int(&j, "link_time", ct_time_from_unix(link, 0));
	a.data = ct_dec_json_done(&j);
	if (k->last_written > 0)
		a.time = k->last_written;
	file_summary(&sum, &a);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "Amcache entry written");
	ct_buf_release(&sum);
	ct_dec_json_release(&j);
	free(path); free(file_id); free(product); free(company); free(version);
	free(program); free(desc);
}
