/*
 * sigma-scan.c - the Sigma engine from the command line, for the tests
 * and the benchmark (test tool, not installed; `casetrail analyze
 * --sigma` is the analyst's entry point).
 *
 *	sigma-scan scan [-j N] [-P NAME=V1,V2...] [-L LEVEL] [-q] CASE RULES...
 *	    load RULES (files or folders), scan CASE, print one line per hit:
 *	    "RECORD_ID<TAB>RULE_ID<TAB>LEVEL<TAB>TITLE" in record order;
 *	    -L keeps hits of rules at LEVEL or above; -q prints no hits
 *	sigma-scan load [-P ...] RULES...
 *	    load and compile only: skipped rules and the summary
 *	sigma-scan craft SPEC OUT.evtx
 *	    write an event log from a text description (below)
 *
 * On stderr: every skipped rule as "sigma: FILE:LINE: reason (kind)" and
 * the summary, then (scan) records, hits, records/s and the load time.
 * Exit 0, or 1 on errors (unreadable rules or case), 2 on usage.
 *
 * SPEC: "event CHANNEL|PROVIDER|EVENT_ID" starts a record, each
 * "Name=Value" line after it adds an EventData field, "#" lines are
 * comments. Records are one second apart.
 */
#include "compat.h"

#include <sys/time.h>
#include <unistd.h>

#include "buf.h"
#include "casedb.h"
#include "evtx-craft.h"
#include "sigma-scan.h"
#include "sigma.h"

static double
now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static int
usage(void)
{
	fprintf(stderr, "usage: sigma-scan scan [-j N] [-P NAME=V,...] "
	    "[-L LEVEL] [-q] CASE RULES...\n"
	    "       sigma-scan load [-P NAME=V,...] RULES...\n"
	    "       sigma-scan craft SPEC OUT.evtx\n");
	return 2;
}

static void
on_skip(void *arg, const char *file, unsigned line, enum ct_sigma_skip kind,
    const char *reason)
{
	struct ct_buf b = CT_BUF_INIT;

	(void)arg;
	ct_buf_add_printable(&b, file);
	ct_buf_addf(&b, ":%u: ", line);
	ct_buf_add_printable(&b, reason);
	fprintf(stderr, "sigma: %s (%s)\n", b.buf, ct_sigma_skip_name(kind));
	ct_buf_release(&b);
}

static int
placeholder(struct ct_sigma_set *set, char *arg)
{
	char *eq = strchr(arg, '='), *p;
	const char *vals[256];
	size_t n = 0;
	struct ct_error err = CT_ERROR_INIT;

	if (!eq)
		return -1;
	*eq = '\0';
	for (p = eq + 1; p && n < CT_ARRAY_SIZE(vals); ) {
		char *comma = strchr(p, ',');

		if (comma)
			*comma = '\0';
		vals[n++] = p;
		p = comma ? comma + 1 : NULL;
	}
	if (ct_sigma_set_placeholder(set, arg, vals, n, &err) != CT_OK) {
		ct_error_print(&err);
		return -1;
	}
	return 0;
}

struct out {
	int quiet;
	int min_level;
	uint64_t shown;
};

static void
on_hit(void *arg, const struct ct_sigma_hit *h)
{
	struct out *o = arg;
	struct ct_buf b = CT_BUF_INIT;

	if ((int)h->rule->level < o->min_level)
		return;
	o->shown++;
	if (o->quiet)
		return;
	ct_buf_add_printable(&b, h->rule->title);
	printf("%" PRId64 "\t%s\t%s\t%s\n", h->record_id, h->rule->id,
	    h->rule->level_name, b.buf);
	ct_buf_release(&b);
}

static int
level_of(const char *s)
{
	static const char *const names[] = { "informational", "low",
	    "medium", "high", "critical" };
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static int
cmd_load_scan(int argc, char **argv, int scan)
{
	struct ct_sigma_report rep = CT_SIGMA_REPORT_INIT;
	struct ct_sigma_set *set = ct_sigma_set_new();
	struct ct_sigma_scan_opts opts = { 0 };
	struct ct_sigma_scan_stats st;
	struct ct_error err = CT_ERROR_INIT;
	struct out o = { 0, 0, 0 };
	struct ct_case *c = NULL;
	double t0, t1;
	int opt, i, rc = 0;

	if (!set)
		return 1;
	optind = 1;
	while ((opt = getopt(argc, argv, "j:P:L:q")) != -1) {
		switch (opt) {
		case 'j':
			opts.threads = (int)strtol(optarg, NULL, 10);
			break;
		case 'P':
			if (placeholder(set, optarg) != 0) {
				ct_sigma_free(set);
				return usage();
			}
			break;
		case 'L':
			if ((o.min_level = level_of(optarg)) < 0) {
				ct_sigma_free(set);
				return usage();
			}
			break;
		case 'q':
			o.quiet = 1;
			break;
		default:
			ct_sigma_free(set);
			return usage();
		}
	}
	if (argc - optind < (scan ? 2 : 1)) {
		ct_sigma_free(set);
		return usage();
	}
	rep.skip = on_skip;
	t0 = now();
	for (i = optind + scan; i < argc; i++)
		if (ct_sigma_load(set, argv[i], &rep, &err) != CT_OK) {
			ct_error_print(&err);
			rc = 1;
		}
	if (rc == 0 && ct_sigma_compile(set, &err) != CT_OK) {
		ct_error_print(&err);
		rc = 1;
	}
	t1 = now();
	ct_sigma_report_print(&rep, stderr);
	fprintf(stderr, "sigma: loaded and compiled in %.3f s\n", t1 - t0);
	{
		struct ct_sigma_index_stats is;

		ct_sigma_index_stats(set, &is);
		fprintf(stderr, "sigma: index: %zu rule variant(s) under %zu "
		    "(channel, event ID) key(s), %zu without a literal filter, "
		    "%zu literal(s), %.1f MiB\n", is.variants, is.keys,
		    is.unfiltered, is.literals, is.bytes / 1048576.0);
	}
	if (rc || !scan)
		goto out;
	if (ct_case_open(argv[optind], CT_CASE_READ, &c, &err) != CT_OK) {
		ct_error_print(&err);
		rc = 1;
		goto out;
	}
	if (ct_sigma_scan(c, set, &opts, on_hit, &o, &st, &err) != CT_OK) {
		ct_error_print(&err);
		rc = 1;
		goto out;
	}
	fflush(stdout);
	fprintf(stderr, "sigma: %" PRIu64 " record(s), %" PRIu64 " hit(s) "
	    "(%" PRIu64 " shown), %u rule(s) fired, %u thread(s), %.3f s, "
	    "%.0f records/s\n", st.records, st.hits, o.shown, st.rules_fired,
	    st.threads, st.seconds, st.seconds > 0 ? st.records / st.seconds :
	    0.0);
	fprintf(stderr, "sigma: %" PRIu64 " rule variant(s) considered, %"
	    PRIu64 " evaluated after the literal filter, %" PRIu64
	    " bad data, %" PRIu64 " regex limit(s)\n", st.match.considered,
	    st.match.evaluated, st.bad_data, st.match.regex_errors);
out:
	ct_case_close(c);
	ct_sigma_free(set);
	return rc;
}

/* ---- craft ---- */

#define SPEC_T0 133548121310000000ull	/* 2024-03-13T14:02:11Z */

static int
cmd_craft(int argc, char **argv)
{
	struct craft cr;
	struct craft_rec r;
	FILE *in, *out;
	char line[8192];
	char *strings[4096];
	size_t nstr = 0, k, len;
	int have = 0, rc = 0;
	unsigned n = 0;

	if (argc != 3)
		return usage();
	if (!(in = fopen(argv[1], "r"))) {
		fprintf(stderr, "sigma-scan: cannot open %s\n", argv[1]);
		return 1;
	}
	craft_init(&cr);
	memset(&r, 0, sizeof(r));
	while (rc == 0 && fgets(line, sizeof(line), in)) {
		char *nl = strchr(line, '\n'), *eq;

		if (nl)
			*nl = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (nstr + 4 >= CT_ARRAY_SIZE(strings)) {
			fprintf(stderr, "sigma-scan: spec too long\n");
			rc = 1;
			break;
		}
		if (strncmp(line, "event ", 6) == 0) {
			char *a = line + 6, *b = strchr(a, '|'), *c2;

			if (have && craft_add(&cr, &r) != 0)
				rc = 1;
			if (!b || !(c2 = strchr(b + 1, '|'))) {
				fprintf(stderr, "sigma-scan: bad event line: "
				    "%s\n", line);
				rc = 1;
				break;
			}
			*b = *c2 = '\0';
			memset(&r, 0, sizeof(r));
			r.channel = strings[nstr++] = ct_xstrdup(a);
			r.provider = strings[nstr++] = ct_xstrdup(b + 1);
			r.event_id = (unsigned)strtoul(c2 + 1, NULL, 10);
			r.computer = "FIN-WS042";
			r.time = SPEC_T0 + (uint64_t)n++ * 10000000u;
			r.pid = 2000;
			r.tid = 2100;
			have = 1;
			continue;
		}
		if (!have || !(eq = strchr(line, '=')) ||
		    r.nfields == CRAFT_MAX_FIELDS) {
			fprintf(stderr, "sigma-scan: bad line: %s\n", line);
			rc = 1;
			break;
		}
		*eq = '\0';
		r.names[r.nfields] = strings[nstr++] = ct_xstrdup(line);
		r.values[r.nfields] = strings[nstr++] = ct_xstrdup(eq + 1);
		r.nfields++;
	}
	fclose(in);
	if (rc == 0 && have && craft_add(&cr, &r) != 0) {
		fprintf(stderr, "sigma-scan: record too large\n");
		rc = 1;
	}
	if (rc == 0) {
		len = craft_finish(&cr);
		if (!(out = fopen(argv[2], "wb")) ||
		    fwrite(cr.buf, 1, len, out) != len || fclose(out) != 0) {
			fprintf(stderr, "sigma-scan: cannot write %s\n",
			    argv[2]);
			rc = 1;
		}
	}
	for (k = 0; k < nstr; k++)
		free(strings[k]);
	free(cr.buf);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "scan") == 0)
		return cmd_load_scan(argc - 1, argv + 1, 1);
	if (strcmp(argv[1], "load") == 0)
		return cmd_load_scan(argc - 1, argv + 1, 0);
	if (strcmp(argv[1], "craft") == 0)
		return cmd_craft(argc - 1, argv + 1);
	return usage();
}
