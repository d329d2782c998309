/*
 * fuzz-html-escape.c - libFuzzer target for ct_buf_add_html(): whatever
 * bytes come in, the output must be valid UTF-8 holding none of & < > " '
 * except as entities, no control character (but \n and \t in multi-line
 * mode), no bidi control, and (in markup mode) only the marker span as
 * markup. A violation aborts, which the fuzzer reports as a crash.
 */
#include "compat.h"

#include "buf.h"
#include "report.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char span_open[] = "<span class=\"ctl\">";
static const char span_close[] = "</span>";

static void
check(const char *s, size_t n, int flags)
{
	size_t i = 0;

	if (!ct_utf8_valid(s, n))
		abort();
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c == '<') {
			/* Only the marker markup may appear. */
			if ((flags & CT_HTML_MARKUP) &&
			    strncmp(s + i, span_open, sizeof(span_open) - 1) == 0) {
				i += sizeof(span_open) - 1;
				continue;
			}
			if ((flags & CT_HTML_MARKUP) &&
			    strncmp(s + i, span_close, sizeof(span_close) - 1) == 0) {
				i += sizeof(span_close) - 1;
				continue;
			}
			abort();
		}
		if (c == '>' || c == '"' || c == '\'' || c == 0x7f)
			abort();
		if (c < 0x20 && !((flags & CT_HTML_MULTILINE) &&
		    (c == '\n' || c == '\t')))
			abort();
		if (c == '&' && strncmp(s + i, "&amp;", 5) != 0 &&
		    strncmp(s + i, "&lt;", 4) != 0 &&
		    strncmp(s + i, "&gt;", 4) != 0 &&
		    strncmp(s + i, "&quot;", 6) != 0 &&
		    strncmp(s + i, "&#39;", 5) != 0)
			abort();
		/* U+202A-202E, U+2066-2069, U+200E/F, U+2028/9 in UTF-8 */
		if (c == 0xe2 && i + 2 < n) {
			unsigned char c1 = (unsigned char)s[i + 1];
			unsigned char c2 = (unsigned char)s[i + 2];

			if (c1 == 0x80 && ((c2 >= 0xaa && c2 <= 0xae) ||
			    c2 == 0x8e || c2 == 0x8f || c2 == 0xa8 || c2 == 0xa9))
				abort();
			if (c1 == 0x81 && c2 >= 0xa6 && c2 <= 0xa9)
				abort();
		}
		if (c == 0xc2 && i + 1 < n &&
		    (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] < 0xa0)
			abort();
		i++;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int flags;

	for (flags = 0; flags < 4; flags++) {
		struct ct_buf b = CT_BUF_INIT;

		ct_buf_add_html(&b, (const char *)data, size, flags);
		check(b.buf, b.len, flags);
		ct_buf_release(&b);
	}
	return 0;
}
