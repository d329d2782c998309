/*
 * pwsh.c - PowerShell -EncodedCommand decoding and malice scoring.
 *
 * Follows the powershell.exe command-line syntax (about_PowerShell_exe:
 * parameters may be abbreviated to any unambiguous prefix, start with '-'
 * or '/'; -EncodedCommand takes base64 of UTF-16LE) and the detection
 * ideas collected in the team's design reference
 * (../shared/design/reference.md, section 5(b): DeepBlueCLI's
 * Check-Command: encoded commands, download cradles, character statistics
 * for obfuscation; Zircolite's cradle and obfuscation tags). Nothing here executes or
 * de-obfuscates beyond base64 and Gzip/Deflate (RFC 1952/1951, through
 * zlib, with a cap on the inflated size): the scores count signs, and the
 * reasons are shown to the analyst with the text.
 */
#include "compat.h"

#include <zlib.h>

#include "pwsh.h"
#include "utf8.h"
#include "xalloc.h"

/*
 * Each sign's weight in the score, and the least severity it gives on
 * its own: some signs are decisive whatever else the text shows (reading
 * lsass or asking for service tickets to crack is credential theft, an
 * AMSI bypass has no benign use; a Defender exclusion or an offensive
 * framework's function is worth a look).
 */
static const struct {
	unsigned tag;
	int weight;
	int floor;		/* 0 info .. 3 high */
	const char *name;
} tags[CT_PS_NTAGS] = {
	{ CT_PS_ENCODED, 3, 0, "encoded command" },
	{ CT_PS_HIDDEN, 2, 0, "hidden window" },
	{ CT_PS_NOPROFILE, 1, 0, "-NoProfile" },
	{ CT_PS_NONINTERACTIVE, 1, 0, "-NonInteractive" },
	{ CT_PS_BYPASS, 1, 0, "execution policy bypass" },
	{ CT_PS_CRADLE, 3, 0, "download cradle" },
	{ CT_PS_IEX, 2, 0, "Invoke-Expression" },
	{ CT_PS_B64, 1, 0, "FromBase64String" },
	{ CT_PS_COMPRESS, 2, 0, "compressed payload (Gzip/Deflate)" },
	{ CT_PS_AMSI, 4, 3, "AMSI bypass" },
	{ CT_PS_OBFUSCATED, 3, 0, "obfuscation" },
	{ CT_PS_CREDTHEFT, 4, 3, "credential theft" },
	{ CT_PS_DEFENDER, 4, 2, "Defender tampering" },
	{ CT_PS_LONG, 1, 0, "command line over 1000 characters" },
	{ CT_PS_REFLECTION, 3, 0, "in-memory code loading" },
	{ CT_PS_KERBEROAST, 4, 3, "Kerberos service tickets requested (Kerberoasting)" },
	{ CT_PS_OFFENSIVE, 3, 2, "offensive framework function" },
	{ CT_PS_PIPE, 2, 0, "named pipe server or client" },
	{ CT_PS_CODEHOST, 2, 0, "code fetched from a paste or raw-code site" },
};

const char *
ct_pwsh_tag_name(int i)
{
	return i >= 0 && i < CT_PS_NTAGS ? tags[i].name : "?";
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Lower-case ASCII copy (other bytes kept), for pattern search. */
static char *
lowered(const char *s)
{
	size_t n = strlen(s), i;
	char *t = ct_xmalloc(n + 1);

	for (i = 0; i < n; i++)
		t[i] = (char)lower((unsigned char)s[i]);
	t[n] = '\0';
	return t;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

int
ct_pwsh_base64_decode(const char *s, size_t n, size_t max, struct ct_buf *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t i;

	if (n > max)
		return -1;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i], v;

		if (is_space(c))
			continue;
		if (c == '=')
			break;
		if ((v = b64val(c)) < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			ct_buf_addch(out, (char)((acc >> bits) & 0xff));
		}
	}
	return 0;
}

/* Basename of a token is a PowerShell host program. */
static int
token_is_host(const char *tok, size_t n)
{
	static const char *const hosts[] = { "powershell.exe", "powershell",
	    "pwsh.exe", "pwsh", "powershell_ise.exe" };
	size_t i, start = 0, len;

	while (n > 0 && (tok[n - 1] == '"' || tok[n - 1] == '\''))
		n--;
	for (i = 0; i < n; i++)
		if (tok[i] == '\\' || tok[i] == '/' || tok[i] == '"' ||
		    tok[i] == '\'')
			start = i + 1;
	len = n - start;
	for (i = 0; i < CT_ARRAY_SIZE(hosts); i++) {
		size_t k, hl = strlen(hosts[i]);

		if (hl != len)
			continue;
		for (k = 0; k < hl; k++)
			if (lower((unsigned char)tok[start + k]) != hosts[i][k])
				break;
		if (k == hl)
			return 1;
	}
	return 0;
}

int
ct_pwsh_is_host(const char *image)
{
	if (image == NULL)
		return 0;
	return token_is_host(image, strlen(image));
}

/* The next whitespace-separated token (a quoted token keeps its quotes). */
static const char *
next_token(const char *p, size_t *len)
{
	const char *q;

	while (*p && is_space((unsigned char)*p))
		p++;
	if (*p == '\0')
		return NULL;
	q = p;
	if (*q == '"') {
		q++;
		while (*q && *q != '"')
			q++;
		if (*q)
			q++;
	}
	while (*q && !is_space((unsigned char)*q))
		q++;
	*len = (size_t)(q - p);
	return p;
}

/* Is the switch name (without '-' or '/') an abbreviation of full? */
static int
abbrev(const char *t, size_t n, const char *full, size_t minlen)
{
	size_t i;

	if (n < minlen || n > strlen(full))
		return 0;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)t[i]) != full[i])
			return 0;
	return 1;
}

enum sw { SW_NONE, SW_ENC, SW_WINDOW, SW_NOP, SW_NONI, SW_EP, SW_CMD,
    SW_VALUE, SW_FLAG };

static enum sw
classify(const char *t, size_t n)
{
	if (n == 2 && lower((unsigned char)t[0]) == 'e' &&
	    lower((unsigned char)t[1]) == 'c')
		return SW_ENC;
	if (abbrev(t, n, "encodedcommand", 1))
		return SW_ENC;
	if (abbrev(t, n, "windowstyle", 1))
		return SW_WINDOW;
	if (abbrev(t, n, "noprofile", 3))
		return SW_NOP;
	if (abbrev(t, n, "noninteractive", 4))
		return SW_NONI;
	if ((n == 2 && lower((unsigned char)t[0]) == 'e' &&
	    lower((unsigned char)t[1]) == 'p') ||
	    abbrev(t, n, "executionpolicy", 2))
		return SW_EP;
	if (abbrev(t, n, "command", 1) || abbrev(t, n, "file", 1))
		return SW_CMD;
	if (abbrev(t, n, "version", 1) || abbrev(t, n, "inputformat", 2) ||
	    abbrev(t, n, "outputformat", 1) ||
	    abbrev(t, n, "configurationname", 4) || abbrev(t, n, "psconsolefile", 2))
		return SW_VALUE;
	return SW_FLAG;
}

/*
 * Walk the switches after the PowerShell program token. Sets tag bits in
 * *tags and points *enc at the -EncodedCommand value (length *enclen).
 */
static void
parse_switches(const char *cmdline, unsigned *tagbits, const char **enc,
    size_t *enclen)
{
	const char *p = cmdline, *t;
	size_t n;
	int found = 0;

	*enc = NULL;
	*enclen = 0;
	while ((t = next_token(p, &n)) != NULL) {
		p = t + n;
		if (!found) {
			found = token_is_host(t, n);
			continue;
		}
		if (t[0] != '-' && t[0] != '/')
			break;	/* the command text begins */
		{
			enum sw s = classify(t + 1, n - 1);
			const char *v;
			size_t vn = 0;

			switch (s) {
			case SW_CMD:
				return;
			case SW_NOP:
				*tagbits |= CT_PS_NOPROFILE;
				continue;
			case SW_NONI:
				*tagbits |= CT_PS_NONINTERACTIVE;
				continue;
			case SW_FLAG:
			case SW_NONE:
				continue;
			default:
				break;
			}
			if ((v = next_token(p, &vn)) == NULL)
				return;
			p = v + vn;
			if (*v == '"' && vn >= 2) {
				v++;
				vn -= 2;
			}
			if (s == SW_ENC) {
				*tagbits |= CT_PS_ENCODED;
				*enc = v;
				*enclen = vn;
			} else if (s == SW_WINDOW) {
				if (abbrev(v, vn, "hidden", 1) ||
				    (vn == 1 && v[0] == '1'))
					*tagbits |= CT_PS_HIDDEN;
			} else if (s == SW_EP) {
				if (abbrev(v, vn, "bypass", 1) ||
				    abbrev(v, vn, "unrestricted", 2))
					*tagbits |= CT_PS_BYPASS;
			}
		}
	}
}

static int
decode_utf16_b64(const char *v, size_t vn, struct ct_buf *out)
{
	struct ct_buf raw = CT_BUF_INIT;
	int rc = 0;

	if (ct_pwsh_base64_decode(v, vn, CT_PWSH_MAX_ENCODED, &raw) != 0)
		rc = -1;
	if (raw.len % 2 != 0)
		rc = -1;
	ct_utf8_from_utf16le(out, (const uint8_t *)raw.buf, raw.len / 2, 1);
	ct_buf_release(&raw);
	return rc;
}

int
ct_pwsh_decode_command_line(const char *cmdline, struct ct_buf *out)
{
	const char *enc;
	size_t enclen;
	unsigned t = 0;

	if (cmdline == NULL)
		return 0;
	parse_switches(cmdline, &t, &enc, &enclen);
	if (enc == NULL || enclen == 0)
		return 0;
	return decode_utf16_b64(enc, enclen, out) == 0 ? 1 : -1;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t k = 0, n = strlen(needle);
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		k++;
		p += n;
	}
	return k;
}

static int
any(const char *hay, const char *const *needles)
{
	for (; *needles; needles++)
		if (strstr(hay, *needles))
			return 1;
	return 0;
}

/* iex as a word: "iex ", "iex(", "|iex", "iex$" ... */
static int
has_iex(const char *s)
{
	const char *p = s;

	if (strstr(s, "invoke-expression"))
		return 1;
	while ((p = strstr(p, "iex")) != NULL) {
		int before = p == s ? ' ' : (unsigned char)p[-1];
		int after = (unsigned char)p[3];

		if (!((before >= 'a' && before <= 'z') || (before >= '0' &&
		    before <= '9') || before == '_' || before == '-') &&
		    !((after >= 'a' && after <= 'z') || (after >= '0' &&
		    after <= '9') || after == '_' || after == '-'))
			return 1;
		p += 3;
	}
	return 0;
}

static unsigned
text_signs(const char *raw)
{
	static const char *const cradle[] = { "net.webclient",
	    "downloadstring", "downloadfile", "downloaddata",
	    "invoke-webrequest", "invoke-restmethod", "start-bitstransfer",
	    "bitsadmin", "system.net.http.httpclient", "msxml2.xmlhttp",
	    "winhttp.winhttprequest", "iwr http", "irm http", "wget http",
	    "curl http", "openread(", NULL };
	static const char *const iexobf[] = { "$pshome[", "$shellid[",
	    "$env:comspec[", "$verbosepreference.tostring()[", NULL };
	static const char *const amsi[] = { "amsiutils", "amsiinitfailed",
	    "amsiscanbuffer", "amsicontext", "amsi.dll", NULL };
	static const char *const cred[] = { "mimikatz", "sekurlsa::",
	    "minidumpwritedump", "kerberos::", "lsadump::", NULL };
	static const char *const kerberoast[] = {
	    "kerberosrequestorsecuritytoken", "invoke-kerberoast",
	    "request-spnticket", "get-domainspnticket", NULL };
	static const char *const offensive[] = { "invoke-pipeshell",
	    "invoke-shellcode", "invoke-reflectivepeinjection", "powercat",
	    "invoke-powershelltcp", "invoke-smbexec", "invoke-wmiexec",
	    "invoke-thehash", "invoke-tokenmanipulation", "invoke-dcsync",
	    "invoke-bloodhound", "invoke-sharphound", "get-gpppassword",
	    "invoke-portscan", "invoke-inveigh", "invoke-psexec",
	    "invoke-runas", "new-inmemorymodule", "invoke-dllinjection",
	    "invoke-ninjacopy", "get-keystrokes", "invoke-credentialinjection",
	    NULL };
	static const char *const pipe[] = { "namedpipeserverstream",
	    "namedpipeclientstream", "io.pipes.", NULL };
	static const char *const codehost[] = { "raw.githubusercontent.com",
	    "gist.githubusercontent.com", "pastebin.com", "paste.ee",
	    "hastebin.com", "transfer.sh", "ngrok.io", "ngrok-free.app",
	    "githubusercontent.com/", NULL };
	static const char *const refl[] = { "reflection.assembly]::load",
	    "virtualalloc", "getdelegateforfunctionpointer",
	    "interopservices.marshal]::copy", "createthread", NULL };
	char *s = lowered(raw);
	unsigned t = 0;
	size_t n = strlen(s), i, letters = 0, concat, ticks, chars;

	if (any(s, cradle))
		t |= CT_PS_CRADLE;
	if (has_iex(s))
		t |= CT_PS_IEX;
	if (strstr(s, "frombase64string"))
		t |= CT_PS_B64;
	if (strstr(s, "gzipstream") || strstr(s, "deflatestream") ||
	    strstr(s, "io.compression"))
		t |= CT_PS_COMPRESS;
	if (any(s, amsi))
		t |= CT_PS_AMSI;
	if (any(s, cred) || (strstr(s, "lsass") && (strstr(s, "minidump") ||
	    strstr(s, "out-minidump") || strstr(s, "comsvcs"))))
		t |= CT_PS_CREDTHEFT;
	if (any(s, kerberoast))
		t |= CT_PS_KERBEROAST;
	if (any(s, offensive))
		t |= CT_PS_OFFENSIVE;
	if (any(s, pipe))
		t |= CT_PS_PIPE;
	if (any(s, codehost))
		t |= CT_PS_CODEHOST;
	if ((strstr(s, "add-mppreference") || strstr(s, "set-mppreference")) &&
	    (strstr(s, "exclusion") || strstr(s, "disable")))
		t |= CT_PS_DEFENDER;
	if (any(s, refl))
		t |= CT_PS_REFLECTION;
	/* Obfuscation: char-code arrays, concatenation, backticks, IEX built from variables. */
	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || c == ' ')
			letters++;
	}
	concat = count(s, "'+'") + count(s, "\"+\"") + count(s, "' + '");
	ticks = count(s, "`");
	chars = count(s, "[char]");
	if ((n >= 200 && letters * 100 < n * 50) || concat >= 8 ||
	    ticks >= 10 || chars >= 5 || any(s, iexobf) ||
	    (strstr(s, "-join") && n >= 200 && letters * 100 < n * 60) ||
	    (strstr(s, "-f") && count(s, "{0}") && count(s, "{1}") &&
	    count(s, "{2}") && count(s, "{3}")))
		t |= CT_PS_OBFUSCATED;
	if (any(s, iexobf))
		t |= CT_PS_IEX;
	free(s);
	return t;
}

/* Inflate raw (wbits -15) or Gzip (wbits 31) data; -1 if it is not. */
static int
inflate_bytes(const uint8_t *in, size_t n, int wbits, struct ct_buf *out)
{
	z_stream z;
	uint8_t chunk[16384];
	int rc;
	size_t total = 0;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, wbits) != Z_OK)
		return -1;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END) {
			inflateEnd(&z);
			return total ? 0 : -1;
		}
		total += sizeof(chunk) - z.avail_out;
		if (total > CT_PWSH_MAX_INFLATED) {
			inflateEnd(&z);
			return 0;	/* keep what fits: a bomb stops here */
		}
		ct_buf_add(out, chunk, sizeof(chunk) - z.avail_out);
	} while (rc != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
	inflateEnd(&z);
	return 0;
}

/* Append decoded bytes as text: UTF-16LE, 8-bit text, or a description. */
static void
bytes_as_text(const struct ct_buf *raw, struct ct_buf *out)
{
	size_t i, zeros = 0, printable = 0, n = raw->len < 512 ? raw->len : 512;
	const uint8_t *b = (const uint8_t *)raw->buf;

	for (i = 1; i < n; i += 2)
		if (b[i] == 0)
			zeros++;
	for (i = 0; i < n; i++)
		if ((b[i] >= 0x20 && b[i] < 0x7f) || b[i] == '\n' ||
		    b[i] == '\r' || b[i] == '\t')
			printable++;
	if (n >= 4 && zeros * 10 >= (n / 2) * 9)
		ct_utf8_from_utf16le(out, b, raw->len / 2, 1);
	else if (n > 0 && printable * 10 >= n * 9)
		ct_buf_add_utf8_clean(out, raw->buf, raw->len);
	else
		ct_buf_addf(out, "[%zu bytes of binary data]", raw->len);
}

int
ct_pwsh_decode_payloads(const char *text, struct ct_buf *out)
{
	char *low;
	const char *p;
	int found = 0, deflate;

	if (text == NULL)
		return 0;
	low = lowered(text);
	deflate = strstr(low, "deflatestream") != NULL;
	for (p = low; found < 16 && (p = strstr(p, "frombase64string")) != NULL;
	    p++) {
		const char *q = p + 16, *start;
		size_t len;
		struct ct_buf raw = CT_BUF_INIT, inflated = CT_BUF_INIT;

		while (*q == ' ' || *q == '(' || *q == '\t')
			q++;
		if (*q != '\'' && *q != '"')
			continue;
		start = ++q;
		while (*q && b64val((unsigned char)*q) >= 0)
			q++;
		while (*q == '=')
			q++;
		len = (size_t)(q - start);
		if (len < 16 || (*q != '\'' && *q != '"'))
			continue;
		/* Decode from the original text: base64 is case-sensitive. */
		if (ct_pwsh_base64_decode(text + (start - low), len,
		    CT_PWSH_MAX_ENCODED, &raw) != 0) {
			ct_buf_release(&raw);
			continue;
		}
		if (found)
			ct_buf_adds(out, "\n\n");
		if (raw.len >= 2 && (uint8_t)raw.buf[0] == 0x1f &&
		    (uint8_t)raw.buf[1] == 0x8b &&
		    inflate_bytes((const uint8_t *)raw.buf, raw.len, 31,
		    &inflated) == 0)
			bytes_as_text(&inflated, out);
		else if (deflate && inflate_bytes((const uint8_t *)raw.buf,
		    raw.len, -15, &inflated) == 0)
			bytes_as_text(&inflated, out);
		else
			bytes_as_text(&raw, out);
		found++;
		ct_buf_release(&raw);
		ct_buf_release(&inflated);
	}
	free(low);
	return found;
}

void
ct_pwsh_assess(const char *cmdline, const char *script,
    struct ct_pwsh_score *out)
{
	unsigned t = 0;
	int i;

	memset(out, 0, sizeof(*out));
	if (cmdline != NULL && *cmdline) {
		const char *enc;
		size_t enclen;
		struct ct_buf dec = CT_BUF_INIT;

		parse_switches(cmdline, &t, &enc, &enclen);
		if (strlen(cmdline) > 1000)
			t |= CT_PS_LONG;
		t |= text_signs(cmdline);
		if (enc != NULL && enclen > 0) {
			(void)decode_utf16_b64(enc, enclen, &dec);
			if (dec.len)
				t |= text_signs(dec.buf);
		}
		ct_buf_release(&dec);
	}
	if (script != NULL && *script)
		t |= text_signs(script);
	/* What FromBase64String payloads hide counts too. */
	if (t & CT_PS_B64) {
		struct ct_buf pay = CT_BUF_INIT, dec = CT_BUF_INIT;

		if (cmdline) {
			(void)ct_pwsh_decode_payloads(cmdline, &pay);
			if (ct_pwsh_decode_command_line(cmdline, &dec) != 0)
				(void)ct_pwsh_decode_payloads(dec.buf, &pay);
		}
		if (script)
			(void)ct_pwsh_decode_payloads(script, &pay);
		if (pay.len)
			t |= text_signs(pay.buf);
		ct_buf_release(&pay);
		ct_buf_release(&dec);
	}
	out->tags = t;
	for (i = 0; i < CT_PS_NTAGS; i++)
		if (t & tags[i].tag)
			out->score += tags[i].weight;
	if (out->score >= 8)
		out->severity = 3;
	else if (out->score >= 5)
		out->severity = 2;
	else if (out->score >= 2)
		out->severity = 1;
	else
		out->severity = 0;
	for (i = 0; i < CT_PS_NTAGS; i++)
		if ((t & tags[i].tag) && tags[i].floor > out->severity)
			out->severity = tags[i].floor;
}

int
ct_pwsh_fuzz_one(const uint8_t *data, size_t size)
{
	char *s = ct_xmalloc(size + 1);
	struct ct_buf b = CT_BUF_INIT;
	struct ct_pwsh_score sc;

	memcpy(s, data, size);
	s[size] = '\0';
	(void)ct_pwsh_decode_command_line(s, &b);
	ct_pwsh_assess(s, s, &sc);
	ct_buf_reset(&b);
	(void)ct_pwsh_base64_decode(s, size, CT_PWSH_MAX_ENCODED, &b);
	ct_buf_reset(&b);
	(void)ct_pwsh_decode_payloads(s, &b);
	ct_buf_release(&b);
	free(s);
	return 0;
}
