/*
 * report-pdf.c - `casetrail report --format pdf`: the HTML report printed
 * to PDF by headless Chromium (Debian package chromium), the same way a
 * reader prints the page. The page's own print style makes the printed
 * report (reports/report.css, @media print); this file only runs the
 * browser. It lives in the command line layer because it starts another
 * program; the report writers never do.
 *
 * The browser gets a fresh empty profile in a temporary directory, no
 * network features, and the page through a file:// URL; the page's
 * Content-Security-Policy still lets nothing but its own code run.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "report.h"
#include "report-pdf.h"

#define PDF_TIMEOUT	"120"	/* seconds Chromium may take (timeout(1)) */

extern char **environ;

/* The first of CASETRAIL_CHROMIUM, chromium, chromium-browser on PATH. */
static int
find_browser(struct ct_buf *out)
{
	const char *names[] = { getenv("CASETRAIL_CHROMIUM"), "chromium",
	    "chromium-browser" };
	const char *path = getenv("PATH");
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(names); i++) {
		const char *p = path ? path : "/usr/bin:/bin";

		if (names[i] == NULL || *names[i] == '\0')
			continue;
		if (strchr(names[i], '/')) {
			if (access(names[i], X_OK) == 0) {
				ct_buf_adds(out, names[i]);
				return 1;
			}
			continue;
		}
		while (*p) {
			size_t n = strcspn(p, ":");

			ct_buf_reset(out);
			ct_buf_add(out, p, n);
			ct_buf_addch(out, '/');
			ct_buf_adds(out, names[i]);
			if (n && access(out->buf, X_OK) == 0)
				return 1;
			p += n;
			p += *p == ':';
		}
	}
	ct_buf_reset(out);
	return 0;
}

/* file:// URL of an absolute path, bytes outside [A-Za-z0-9/._-] as %XX. */
static void
file_url(struct ct_buf *out, const char *abs)
{
	static const char hex[] = "0123456789ABCDEF";

	ct_buf_adds(out, "file://");
	for (; *abs; abs++) {
		unsigned char c = (unsigned char)*abs;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '/' || c == '.' || c == '_' ||
		    c == '-') {
			ct_buf_addch(out, (char)c);
		} else {
			ct_buf_addch(out, '%');
			ct_buf_addch(out, hex[c >> 4]);
			ct_buf_addch(out, hex[c & 15]);
		}
	}
}

/* Remove the temporary tree at path (the browser's profile: its files). */
static void
rm_tree(const char *path, int depth)
{
	struct ct_buf sub = CT_BUF_INIT;
	struct dirent *e;
	struct stat sb;
	DIR *d;

	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode) && depth < 32 && (d = opendir(path))) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			ct_buf_reset(&sub);
			ct_buf_addf(&sub, "%s/%s", path, e->d_name);
			rm_tree(sub.buf, depth + 1);
		}
		closedir(d);
	}
	remove(path);
	ct_buf_release(&sub);
}

/* Run argv, wait for it; returns its exit status, or -1 if it did not run. */
static int
run(char *const argv[])
{
	pid_t pid;
	int status;
	posix_spawn_file_actions_t fa;

	/* The browser's chatter is not ours to show: stdout and stderr off. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

enum ct_status
ct_report_pdf(struct ct_case *c, const char *out_path, struct ct_error *err)
{
	struct ct_buf browser = CT_BUF_INIT, url = CT_BUF_INIT;
	struct ct_buf html = CT_BUF_INIT, pdfarg = CT_BUF_INIT;
	struct ct_buf prof = CT_BUF_INIT, abs = CT_BUF_INIT, tmpl = CT_BUF_INIT;
	const char *tmpdir = getenv("TMPDIR");
	char cwd[4096], magic[5] = { 0 };
	enum ct_status rc = CT_OK;
	FILE *fp;
	int st;

	if (strcmp(out_path, "-") == 0)
		return ct_error_set(err, CT_ERR_USAGE, NULL, CT_NO_OFFSET,
		    "a PDF report needs a file name, not '-'");
	if (!find_browser(&browser))
		return ct_error_set(err, CT_ERR_IO, NULL, CT_NO_OFFSET,
		    "--format pdf needs headless Chromium (Debian package "
		    "chromium, or CASETRAIL_CHROMIUM=PATH)");
	ct_buf_addf(&tmpl, "%s/casetrail-pdf.XXXXXX", tmpdir && *tmpdir ?
	    tmpdir : "/tmp");
	if (mkdtemp(tmpl.buf) == NULL) {
		rc = ct_error_set(err, CT_ERR_IO, tmpl.buf, CT_NO_OFFSET,
		    "cannot make a temporary directory: %s", strerror(errno));
		goto out;
	}
	ct_buf_addf(&html, "%s/report.html", tmpl.buf);
	ct_buf_addf(&prof, "--user-data-dir=%s/profile", tmpl.buf);
	if ((rc = ct_report_write(c, "html", html.buf, err)))
		goto clean;
	if (out_path[0] != '/') {
		if (getcwd(cwd, sizeof(cwd)) == NULL) {
			rc = ct_error_set(err, CT_ERR_IO, out_path, CT_NO_OFFSET,
			    "cannot resolve the output path: %s",
			    strerror(errno));
			goto clean;
		}
		ct_buf_addf(&abs, "%s/%s", cwd, out_path);
	} else {
		ct_buf_adds(&abs, out_path);
	}
	ct_buf_addf(&pdfarg, "--print-to-pdf=%s", abs.buf);
	file_url(&url, html.buf);
	{
		/* Chromium refuses to run as root without --no-sandbox. */
		char *argv[] = { (char *)"timeout", (char *)PDF_TIMEOUT,
		    browser.buf, (char *)"--headless", (char *)"--disable-gpu",
		    (char *)"--no-first-run",
		    (char *)"--disable-background-networking",
		    (char *)"--disable-sync", (char *)"--disable-component-update",
		    (char *)"--no-pdf-header-footer", prof.buf, pdfarg.buf,
		    (char *)(geteuid() == 0 ? "--no-sandbox" : "--headless"),
		    url.buf, NULL };

		remove(abs.buf);
		st = run(argv);
	}
	if ((fp = fopen(abs.buf, "rb")) != NULL) {
		if (fread(magic, 1, 4, fp) != 4)
			magic[0] = '\0';
		fclose(fp);
	}
	if (st != 0 || strcmp(magic, "%PDF") != 0) {
		remove(abs.buf);
		rc = ct_error_set(err, CT_ERR_IO, out_path, CT_NO_OFFSET,
		    "Chromium did not print the report to PDF (%s exited "
		    "with %d)", browser.buf, st);
	}
clean:
	rm_tree(tmpl.buf, 0);
out:
	ct_buf_release(&browser);
	ct_buf_release(&url);
	ct_buf_release(&html);
	ct_buf_release(&pdfarg);
	ct_buf_release(&prof);
	ct_buf_release(&abs);
	ct_buf_release(&tmpl);
	return rc;
}
