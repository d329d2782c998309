/*
 * drawing.c - the report's drawings, as inline SVG written here (no
 * script is needed to see them, and they print): the attack chain as
 * boxes in time order over a time axis, with the ATT&CK tactic of each
 * step, one lane per host; and the process tree of the chain's processes
 * with their command lines (PowerShell's -EncodedCommand decoded, as the
 * analysis decoded it).
 *
 * Evidence text goes into <text> and <title> only, through
 * ct_buf_add_html() without markup (a <span> is not SVG), so a hostile
 * name stays text: no foreignObject, no event handler, no href taken from
 * evidence (links point at ids the report itself writes).
 */
#include "compat.h"

#include "html-int.h"
#include "report.h"
#include "timefmt.h"
#include "xalloc.h"

#define CH_W		1200	/* SVG user units: the width of the drawing */
#define CH_GAP		16	/* between two boxes (room for the arrow) */
#define CH_BOX_H	132	/* box height */
#define CH_LANE_H	292	/* one host's lane: box, tactic strip, axis */
#define CH_AXIS_Y	118	/* the time axis, below the box top + CH_BOX_H */
#define CH_MAX_STEPS	64	/* steps drawn (a chain is short) */
#define CH_COLS		8	/* boxes in a row: more wrap to the next row */
#define CH_LINES	5	/* lines of a step's title in its box */
#define CH_HOST_MAX	8	/* lanes drawn */

#define PT_ROW_H	44	/* process tree: one process */
#define PT_INDENT	26	/* per generation */
#define PT_MAX		60	/* processes drawn; the list below has all */
#define PT_CMD_CHARS	150	/* command line characters in the box */

struct step {
	int64_t fid, rid, ts;
	char *title, *severity, *attack, *host;
	const char *lane_host;	/* host, or the nearest step's (owned there) */
	int ioc;		/* its evidence holds an indicator hit */
	int lane;
	int gap_break;		/* the axis is cut before this step */
};

/* "+2 min 11 s": a gap the axis leaves out. */
static void
gap_text(struct html *h, int64_t ticks)
{
	int64_t secs = ticks / CT_TICKS_PER_SEC;

	if (secs < 120)
		rp_rawf(h, "+%lld s", (long long)secs);
	else if (secs < 7200)
		rp_rawf(h, "+%lld min %lld s", (long long)secs / 60,
		    (long long)secs % 60);
	else if (secs < 172800)
		rp_rawf(h, "+%.1f h", (double)secs / 3600);
	else
		rp_rawf(h, "+%.1f days", (double)secs / 86400);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Where each step sits on the time axis, from 0 to 1. Time is to scale
 * except across a long quiet gap (more than four times the median gap
 * between steps), which is cut to that length and marked: otherwise one
 * early step would squeeze the rest of the chain into a corner.
 */
static void
axis_scale(struct step *s, int n, double *pos)
{
	int64_t gaps[CH_MAX_STEPS], cap, total = 0, at = 0;
	int i, m = 0;

	for (i = 1; i < n; i++)
		if (s[i - 1].ts && s[i].ts > s[i - 1].ts)
			gaps[m++] = s[i].ts - s[i - 1].ts;
	qsort(gaps, (size_t)m, sizeof(*gaps), cmp_i64);
	cap = m ? 4 * gaps[m / 2] : 0;
	if (cap < CT_TICKS_PER_SEC)
		cap = CT_TICKS_PER_SEC;
	for (i = 1; i < n; i++) {
		int64_t d = s[i - 1].ts && s[i].ts > s[i - 1].ts ?
		    s[i].ts - s[i - 1].ts : 0;

		s[i].gap_break = d > cap;
		total += d > cap ? cap : d;
	}
	s[0].gap_break = 0;
	pos[0] = 0;
	for (i = 1; i < n; i++) {
		int64_t d = s[i - 1].ts && s[i].ts > s[i - 1].ts ?
		    s[i].ts - s[i - 1].ts : 0;

		at += d > cap ? cap : d;
		pos[i] = total ? (double)at / (double)total : (double)i / (n - 1);
	}
}

/* Evidence text inside an SVG element: escaped, no markup. */
static void
svg_text(struct html *h, const char *s, size_t n)
{
	ct_buf_add_html(h->b, s, n, 0);
}

/*
 * The next line of s of at most max characters, broken at a space, comma
 * or backslash when there is one in the second half; *len gets its bytes.
 * Returns the start of the line after it (skipping one space).
 */
static const char *
wrap_line(const char *s, size_t max, size_t *len)
{
	size_t chars = 0, i = 0, brk = 0;

	while (s[i] && chars < max) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == ',' || c == '\\' || c == '/')
			if (chars >= max / 2)
				brk = c == ' ' ? i : i + 1;
		i++;
		while (s[i] && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	if (!s[i] || brk == 0)
		brk = i;
	*len = brk;
	s += brk;
	return *s == ' ' ? s + 1 : s;
}

/* Up to lines lines of s at (x, y), dy apart; "…" when it goes on. */
static void
svg_wrapped(struct html *h, const char *s, double x, double y, int dy,
    size_t max, int lines, const char *cls)
{
	int i;

	for (i = 0; i < lines && *s; i++) {
		size_t n;
		const char *next = wrap_line(s, max, &n);

		rp_rawf(h, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">", cls, x,
		    y + i * dy);
		svg_text(h, s, n);
		if (i == lines - 1 && *next)
			rp_raw(h, "…");
		rp_raw(h, "</text>\n");
		s = next;
	}
}

/* Tactic of the first known technique in a comma-separated list. */
static const struct rp_attack *
first_attack(const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, ", ");
		const struct rp_attack *a = n ? rp_attack_find(s, n) : NULL;

		if (a)
			return a;
		s += n;
		s += strspn(s, ", ");
	}
	return NULL;
}

/* A CSS class for a tactic: its name lower-cased, spaces as dashes. */
static void
tactic_class(struct html *h, const char *t)
{
	for (; *t; t++)
		ct_buf_addch(h->b, *t == ' ' ? '-' : (char)(*t >= 'A' &&
		    *t <= 'Z' ? *t + 32 : *t));
}

static char *
dup_col(sqlite3_stmt *st, int i)
{
	return ct_xstrdup(ct_sql_text(st, i));
}

/*
 * The behaviour steps of a chain (indicator hits are shown as a badge on
 * the step whose evidence they matched, not as steps of their own), each
 * with its main record: the evidence whose time is the finding's, an
 * event-log record first.
 */
static const char sql_steps[] =
    "WITH ev AS (SELECT fe.finding_id AS fid, fe.record_id AS rid, r.type "
    "<> 'evtx' AS other, coalesce((SELECT min(e.ts) FROM event e WHERE "
    "e.record_id = fe.record_id), 0) AS ts FROM finding_evidence fe JOIN "
    "record r ON r.id = fe.record_id WHERE fe.finding_id IN (SELECT "
    "finding_id FROM chain_step WHERE chain_id = ?1)), "
    "main AS (SELECT fid, rid FROM (SELECT ev.fid, ev.rid, row_number() "
    "OVER (PARTITION BY ev.fid ORDER BY abs(ev.ts - coalesce(f.first_ts, "
    "0)), ev.other, ev.rid) AS rn FROM ev JOIN finding f ON f.id = ev.fid) "
    "WHERE rn = 1) "
    "SELECT f.id, " RP_SQL_FINDING_TS ", f.title, f.severity, "
    "coalesce(f.attack, ''), "
    "main.rid, coalesce((SELECT x.computer FROM finding_evidence fe JOIN "
    "evtx x ON x.record_id = fe.record_id WHERE fe.finding_id = f.id AND "
    "x.computer IS NOT NULL ORDER BY fe.record_id LIMIT 1), ''), EXISTS "
    "(SELECT 1 FROM finding_evidence fe JOIN indicator_hit ih ON "
    "ih.record_id = fe.record_id WHERE fe.finding_id = f.id) FROM "
    "chain_step cs JOIN finding f ON f.id = cs.finding_id LEFT JOIN main "
    "ON main.fid = f.id WHERE cs.chain_id = ?1 AND f.rule <> 'ioc-hit' "
    "ORDER BY cs.seq LIMIT 64";

static void
chain_box(struct html *h, const struct step *s, double x, double y,
    double bw)
{
	const struct rp_attack *a = first_attack(s->attack);
	char iso[CT_TIME_ISO_LEN];
	size_t chars = (size_t)(bw / 7.2);	/* 12 px text: ~7 units a glyph */

	if (rp_recset_has(&h->rs, s->rid))
		rp_rawf(h, "<a class=\"step\" href=\"#rec-%lld\">", (long long)s->rid);
	else
		rp_rawf(h, "<a class=\"step\" href=\"#finding-%lld\">",
		    (long long)s->fid);
	rp_raw(h, "<title>");
	svg_text(h, s->title, strlen(s->title));
	rp_rawf(h, " (finding F%lld)</title>\n", (long long)s->fid);
	rp_rawf(h, "<rect class=\"box sev-%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%d\" rx=\"5\"/>\n", rp_sev_class(s->severity), x, y, bw,
	    CH_BOX_H);
	ct_time_iso(s->ts, iso);
	iso[19] = '\0';
	rp_rawf(h, "<text class=\"when\" x=\"%.1f\" y=\"%.1f\">%s</text>\n",
	    x + 7, y + 17, s->ts ? iso + 11 : "time not recorded");
	svg_wrapped(h, s->title, x + 7, y + 35, 15, chars, CH_LINES, "what");
	if (s->ioc)
		rp_rawf(h, "<text class=\"tr\" x=\"%.1f\" y=\"%.1f\">in the threat "
		    "report</text>\n", x + 7, y + CH_BOX_H - 8);
	rp_raw(h, "</a>\n");
	/* The tactic strip: the first known technique's tactic and name. */
	if (a) {
		rp_raw(h, "<rect class=\"tactic ");
		tactic_class(h, a->tactic);
		rp_rawf(h, "\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"20\"/>\n",
		    x, y + CH_BOX_H + 8, bw);
		rp_rawf(h, "<text class=\"tactic-name\" x=\"%.1f\" y=\"%.1f\">%s"
		    "</text>\n", x + 5, y + CH_BOX_H + 22, a->tactic);
		rp_rawf(h, "<text class=\"tech\" x=\"%.1f\" y=\"%.1f\">%s</text>\n",
		    x + 5, y + CH_BOX_H + 42, a->id);
		svg_wrapped(h, a->name, x + 5, y + CH_BOX_H + 56, 13,
		    (size_t)(bw / 6.2), 2, "tech");
	}
}

/* One row of the drawing: up to CH_COLS steps of one host. */
struct row {
	int lane, first, cnt;
	int idx[CH_COLS];
};

/*
 * Draw row w of the chain at height top: its host's name when it is the
 * host's first row, the boxes with arrows between them, and below them
 * the row's own time axis with each step's place on it.
 */
static void
chain_row(struct html *h, const struct step *all, const struct row *w,
    double top, double bw, int sep, const char *host)
{
	struct step s[CH_COLS];
	double pos[CH_COLS];
	double ay = top + CH_BOX_H + CH_AXIS_Y;
	char a[CT_TIME_ISO_LEN], b[CT_TIME_ISO_LEN];
	int64_t t0 = 0, t1 = 0;
	int i;

	for (i = 0; i < w->cnt; i++) {
		s[i] = all[w->idx[i]];
		if (s[i].ts && (t0 == 0 || s[i].ts < t0))
			t0 = s[i].ts;
		if (s[i].ts > t1)
			t1 = s[i].ts;
	}
	axis_scale(s, w->cnt, pos);
	if (sep && w->first)
		rp_rawf(h, "<line class=\"lane-sep\" x1=\"0\" y1=\"%.1f\" "
		    "x2=\"%d\" y2=\"%.1f\"/>\n", top - 2, CH_W, top - 2);
	if (host && w->first) {
		rp_rawf(h, "<text class=\"lane\" x=\"1\" y=\"%.1f\">host ",
		    top + 14);
		svg_text(h, host, strlen(host));
		rp_raw(h, "</text>\n");
	} else if (!w->first) {
		rp_rawf(h, "<text class=\"lane\" x=\"1\" y=\"%.1f\">continued"
		    "</text>\n", top + 14);
	}
	for (i = 0; i < w->cnt; i++) {
		double x = 1 + i * (bw + CH_GAP), y = top + 24;
		double tx = 1 + (CH_W - 2.0) * pos[i];

		chain_box(h, &s[i], x, y, bw);
		/* From the step's column down to its place on the time axis. */
		if (s[i].ts)
			rp_rawf(h, "<path class=\"tick\" d=\"M%.1f %.1fL%.1f "
			    "%.1f\"/><circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" "
			    "r=\"3\"/>\n", x + bw / 2, ay - 20, tx, ay, tx, ay);
		/* An arrow to the next step (drawn, not a marker: no url()). */
		if (i + 1 < w->cnt)
			rp_rawf(h, "<path class=\"arrow\" d=\"M%.1f %.1fH%.1f\"/>"
			    "<path class=\"arrowhead\" d=\"M%.1f %.1fl-7 -5v10z\"/>\n",
			    x + bw + 1, y + CH_BOX_H / 2.0, x + bw + CH_GAP - 6,
			    x + bw + CH_GAP - 1, y + CH_BOX_H / 2.0);
	}
	for (i = 1; i < w->cnt; i++) {
		double bx = 1 + (CH_W - 2.0) * (pos[i - 1] + pos[i]) / 2;

		if (!s[i].gap_break)
			continue;
		/* a cut in the axis, labelled with the time it leaves out */
		rp_rawf(h, "<path class=\"axis-break\" d=\"M%.1f %.1fl6 -8"
		    "M%.1f %.1fl6 -8\"/><text class=\"axis-label\" x=\"%.1f\" "
		    "y=\"%.1f\" text-anchor=\"middle\">", bx - 5, ay + 4,
		    bx + 1, ay + 4, bx, ay - 8);
		gap_text(h, s[i].ts - s[i - 1].ts);
		rp_raw(h, "</text>\n");
	}
	rp_rawf(h, "<line class=\"axis\" x1=\"1\" y1=\"%.1f\" x2=\"%d\" "
	    "y2=\"%.1f\"/>\n", ay, CH_W - 1, ay);
	if (t0) {
		ct_time_iso(t0, a);
		ct_time_iso(t1, b);
		a[19] = b[19] = '\0';
		rp_rawf(h, "<text class=\"axis-label\" x=\"1\" y=\"%.1f\">%sZ"
		    "</text><text class=\"axis-label\" x=\"%d\" y=\"%.1f\" "
		    "text-anchor=\"end\">%sZ</text>\n", ay + 16, a, CH_W - 1,
		    ay + 16, b);
	}
}

void
rp_html_chain_svg(struct html *h, int64_t chain_id)
{
	struct step s[CH_MAX_STEPS];
	struct row rows[CH_MAX_STEPS];
	const char *hosts[CH_HOST_MAX];
	sqlite3_stmt *st = rp_prep(h, sql_steps);
	int n = 0, nhosts = 0, nrows = 0, cols = 1, i, j, r;
	double bw, height;

	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, chain_id);
	rp_bind_plausible(st);
	while (n < CH_MAX_STEPS && sqlite3_step(st) == SQLITE_ROW) {
		struct step *p = &s[n++];

		p->fid = sqlite3_column_int64(st, 0);
		/* 0: no plausible time anywhere in its evidence */
		p->ts = sqlite3_column_int64(st, 1);
		p->title = dup_col(st, 2);
		p->severity = dup_col(st, 3);
		p->attack = dup_col(st, 4);
		p->rid = sqlite3_column_int64(st, 5);
		p->host = dup_col(st, 6);
		p->ioc = sqlite3_column_int(st, 7);
	}
	sqlite3_finalize(st);
	if (n == 0)
		return;
	/*
	 * A step whose records name no host (Prefetch, the journal, the
	 * registry: only event logs carry a computer name) is on the host of
	 * the nearest step of its chain that names one, before it, else
	 * after it; a chain that names none is one lane without a name.
	 */
	for (i = 0; i < n; i++) {
		const char *near = NULL;

		for (j = i - 1; j >= 0 && near == NULL; j--)
			if (*s[j].host)
				near = s[j].host;
		for (j = i + 1; j < n && near == NULL; j++)
			if (*s[j].host)
				near = s[j].host;
		s[i].lane_host = *s[i].host || near == NULL ? s[i].host : near;
	}
	/* One lane per host, in the order the chain reaches them. */
	for (i = 0; i < n; i++) {
		for (j = 0; j < nhosts && strcmp(hosts[j], s[i].lane_host); j++)
			;
		if (j == nhosts && nhosts < CH_HOST_MAX)
			hosts[nhosts++] = s[i].lane_host;
		s[i].lane = j < CH_HOST_MAX ? j : CH_HOST_MAX - 1;
	}
	/*
	 * Rows of at most CH_COLS boxes, each host's steps in rows of their
	 * own (its lane), each row over its own time axis: a long chain
	 * wraps instead of shrinking its boxes below a readable width.
	 */
	for (j = 0; j < nhosts; j++) {
		int k = 0;

		for (i = 0; i < n; i++) {
			if (s[i].lane != j)
				continue;
			if (k % CH_COLS == 0 && nrows < CH_MAX_STEPS) {
				rows[nrows].lane = j;
				rows[nrows].first = k == 0;
				rows[nrows].cnt = 0;
				nrows++;
			}
			rows[nrows - 1].idx[rows[nrows - 1].cnt++] = i;
			k++;
		}
		if (k > cols)
			cols = k;
	}
	if (cols > CH_COLS)
		cols = CH_COLS;
	bw = (CH_W - 2.0 - (cols - 1) * CH_GAP) / cols;
	height = nrows * CH_LANE_H + 10;
	rp_rawf(h, "<svg class=\"chain-svg\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %.0f\" role=\"img\" aria-label=\"attack chain: "
	    "%d steps in time order\" id=\"chain-svg-%lld\">\n", CH_W, height,
	    n, (long long)chain_id);
	for (r = 0; r < nrows; r++)
		chain_row(h, s, &rows[r], r * CH_LANE_H, bw, r > 0,
		    nhosts > 1 || *hosts[rows[r].lane] ? hosts[rows[r].lane] :
		    NULL);
	rp_raw(h, "</svg>\n");
	for (i = 0; i < n; i++) {
		free(s[i].title);
		free(s[i].severity);
		free(s[i].attack);
		free(s[i].host);
	}
}

struct pnode {
	int64_t id, parent;
	int has_parent, seed, depth, done;
	int inferred;		/* no log links it to its parent: dashed */
	size_t row;
};

/* Columns of rp_sql_processes the tree reads beyond the first ones. */
#define PT_COL_BASIS	12
#define PT_COL_CONF	13
#define PT_COL_DECODED	14	/* added by the tree's own query */

/* Depth-first order of the tree, depth capped (parent links are evidence). */
static void
order(struct pnode *p, size_t n, size_t i, int depth, size_t *out, size_t *k)
{
	size_t j;

	p[i].done = 1;
	p[i].depth = depth;
	out[(*k)++] = i;
	for (j = 0; j < n && depth < 32; j++)
		if (!p[j].done && p[j].has_parent && p[j].parent == p[i].id)
			order(p, n, j, depth + 1, out, k);
}

/*
 * The processes of the story as a drawn tree. Prefetch-only processes
 * with no parent and no child (no log, no inference links them) stay in
 * the list below: they say a program ran, not who started it.
 */
void
rp_html_proc_svg(struct html *h)
{
	struct ct_buf sql = CT_BUF_INIT;
	struct pnode *p = NULL;
	size_t n = 0, alloc = 0, i, j, k = 0, *ord;
	sqlite3_stmt *st;

	ct_buf_addf(&sql, "SELECT q.*, (SELECT json_extract(f.details, "
	    "'$.decoded') FROM finding_evidence fe JOIN finding f ON f.id = "
	    "fe.finding_id WHERE fe.record_id = q.start_record_id AND f.rule = "
	    "'powershell' AND json_valid(f.details) AND json_extract(f.details, "
	    "'$.decoded') IS NOT NULL LIMIT 1) FROM (%s) q WHERE q.origin IS "
	    "NOT 'prefetch' OR q.parent_id IS NOT NULL OR q.id IN (SELECT "
	    "parent_id FROM process WHERE parent_id IS NOT NULL) LIMIT %d",
	    rp_sql_processes, PT_MAX);
	if ((st = rp_prep(h, sql.buf)) == NULL) {
		ct_buf_release(&sql);
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			p = ct_xreallocarray(p, alloc, sizeof(*p));
		}
		memset(&p[n], 0, sizeof(p[n]));
		p[n].id = sqlite3_column_int64(st, 0);
		p[n].has_parent = sqlite3_column_type(st, 1) != SQLITE_NULL;
		p[n].parent = sqlite3_column_int64(st, 1);
		p[n].seed = sqlite3_column_int(st, 10);
		p[n].inferred = p[n].has_parent &&
		    sqlite3_column_type(st, PT_COL_BASIS) != SQLITE_NULL;
		n++;
	}
	if (n == 0) {
		sqlite3_finalize(st);
		ct_buf_release(&sql);
		return;
	}
	ord = ct_xreallocarray(NULL, n, sizeof(*ord));
	for (i = 0; i < n; i++) {
		int root = 1;

		for (j = 0; j < n && p[i].has_parent; j++)
			if (p[j].id == p[i].parent)
				root = 0;
		if (root && !p[i].done)
			order(p, n, i, 0, ord, &k);
	}
	for (i = 0; i < n; i++)
		if (!p[i].done)
			order(p, n, i, 0, ord, &k);
	for (i = 0; i < k; i++)
		p[ord[i]].row = i;
	rp_rawf(h, "<svg class=\"proc-svg\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %zu\" role=\"img\" aria-label=\"process tree\">\n",
	    CH_W, k * PT_ROW_H + 6);
	/*
	 * Connectors first, so the boxes paint over them; a parent link no
	 * log records (inferred, process-infer.c) is dashed.
	 */
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (p[j].has_parent && p[j].parent == p[i].id &&
			    p[j].depth == p[i].depth + 1)
				rp_rawf(h, "<path class=\"edge%s\" d=\"M%d %zuV%zuH%d\"/>\n",
				    p[j].inferred ? " inferred" : "",
				    p[i].depth * PT_INDENT + 10,
				    p[i].row * PT_ROW_H + 40, p[j].row * PT_ROW_H + 20,
				    p[j].depth * PT_INDENT);
	sqlite3_reset(st);
	i = 0;
	while (sqlite3_step(st) == SQLITE_ROW && i < n) {
		struct pnode *q = &p[i++];
		double x = q->depth * PT_INDENT, y = (double)q->row * PT_ROW_H + 3;
		const char *img = ct_sql_text(st, 2), *base = img, *c;
		const char *cmd = ct_sql_text(st, 4);
		size_t len;
		char iso[CT_TIME_ISO_LEN];

		for (c = img; *c; c++)
			if ((*c == '\\' || *c == '/') && c[1])
				base = c + 1;
		if (sqlite3_column_type(st, 8) != SQLITE_NULL &&
		    rp_recset_has(&h->rs, sqlite3_column_int64(st, 8)))
			rp_rawf(h, "<a href=\"#rec-%lld\">", (long long)
			    sqlite3_column_int64(st, 8));
		else
			rp_raw(h, "<a>");
		rp_raw(h, "<title>");
		svg_text(h, img, strlen(img));
		if (*cmd) {
			rp_raw(h, "\n");
			svg_text(h, cmd, strlen(cmd));
		}
		rp_raw(h, "</title>");
		rp_rawf(h, "<rect class=\"pnode%s\" x=\"%.1f\" y=\"%.1f\" width="
		    "\"%.1f\" height=\"%d\" rx=\"4\"/>\n", q->seed ? " seed" : "",
		    x, y, CH_W - x - 1, PT_ROW_H - 6);
		rp_rawf(h, "<text class=\"img\" x=\"%.1f\" y=\"%.1f\">", x + 6,
		    y + 15);
		svg_text(h, base, strlen(base));
		/* after the name: bold 12 px is about 7.6 units a character */
		rp_raw(h, "</text><text class=\"meta\" x=\"");
		rp_rawf(h, "%.1f\" y=\"%.1f\">", x + 18 + 7.6 * (double)
		    (strlen(base) > 20 ? strlen(base) : 20), y + 15);
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			rp_rawf(h, "PID %lld", (long long)sqlite3_column_int64(st, 3));
		if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
			rp_raw(h, " · ");
			svg_text(h, ct_sql_text(st, 5), strlen(ct_sql_text(st, 5)));
		}
		if (sqlite3_column_type(st, 6) != SQLITE_NULL)
			rp_rawf(h, " · started %s", ct_time_iso(
			    sqlite3_column_int64(st, 6), iso));
		rp_raw(h, "</text>\n");
		/* The decoded command when the analysis decoded one. */
		if (sqlite3_column_type(st, PT_COL_DECODED) != SQLITE_NULL) {
			cmd = ct_sql_text(st, PT_COL_DECODED);
			rp_rawf(h, "<text class=\"cmd decoded\" x=\"%.1f\" y=\"%.1f\">"
			    "decoded: ", x + 6, y + 31);
		} else if (*cmd == '\0' && q->inferred) {
			/* no command line on record: say how the link is known */
			cmd = ct_sql_text(st, PT_COL_BASIS);
			rp_rawf(h, "<text class=\"inferred\" x=\"%.1f\" y=\"%.1f\">"
			    "parent inferred (%s): ", x + 6, y + 31,
			    strcmp(ct_sql_text(st, PT_COL_CONF), "high") == 0 ? "high" :
			    strcmp(ct_sql_text(st, PT_COL_CONF), "medium") == 0 ?
			    "medium" : "low");
		} else {
			rp_rawf(h, "<text class=\"cmd\" x=\"%.1f\" y=\"%.1f\">",
			    x + 6, y + 31);
		}
		wrap_line(cmd, PT_CMD_CHARS - (size_t)(x / 7), &len);
		svg_text(h, cmd, len);
		if (cmd[len])
			rp_raw(h, "…");
		rp_raw(h, "</text></a>\n");
	}
	sqlite3_finalize(st);
	rp_raw(h, "</svg>\n");
	free(ord);
	free(p);
	ct_buf_release(&sql);
}
