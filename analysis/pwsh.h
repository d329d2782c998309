/*
 * pwsh.h - PowerShell command lines and scripts: decoding -EncodedCommand
 * and scoring the signs of malice.
 *
 * Pure functions on strings (no database), so they are unit-tested and
 * fuzzed directly. Inputs are attacker-controlled text of any length;
 * decoding is bounded by CT_PWSH_MAX_ENCODED.
 */
#ifndef CT_PWSH_H
#define CT_PWSH_H

#include "compat.h"

#include "buf.h"

/* Longest base64 text decoded from one -EncodedCommand (4 MiB). */
#define CT_PWSH_MAX_ENCODED	(4u * 1024 * 1024)

/* Signs, as bits of ct_pwsh_score.tags. */
enum {
	CT_PS_ENCODED	= 1 << 0,	/* -EncodedCommand */
	CT_PS_HIDDEN	= 1 << 1,	/* -WindowStyle Hidden */
	CT_PS_NOPROFILE	= 1 << 2,
	CT_PS_NONINTERACTIVE = 1 << 3,
	CT_PS_BYPASS	= 1 << 4,	/* -ExecutionPolicy Bypass/Unrestricted */
	CT_PS_CRADLE	= 1 << 5,	/* download cradle */
	CT_PS_IEX	= 1 << 6,	/* Invoke-Expression */
	CT_PS_B64	= 1 << 7,	/* FromBase64String */
	CT_PS_COMPRESS	= 1 << 8,	/* GzipStream / DeflateStream */
	CT_PS_AMSI	= 1 << 9,	/* AMSI bypass strings */
	CT_PS_OBFUSCATED = 1 << 10,	/* character statistics, concatenation, char codes */
	CT_PS_CREDTHEFT	= 1 << 11,	/* Mimikatz and friends */
	CT_PS_DEFENDER	= 1 << 12,	/* Defender exclusions / disabling */
	CT_PS_LONG	= 1 << 13,	/* command line over 1000 characters */
	CT_PS_REFLECTION = 1 << 14,	/* in-memory loading: VirtualAlloc, Reflection.Assembly */
	CT_PS_KERBEROAST = 1 << 15,	/* service tickets requested for cracking */
	CT_PS_OFFENSIVE	= 1 << 16,	/* a known offensive framework's function */
	CT_PS_PIPE	= 1 << 17,	/* a named-pipe server or client (pipe shells) */
	CT_PS_CODEHOST	= 1 << 18,	/* fetched from a paste or raw-code site */
};

#define CT_PS_NTAGS 19

struct ct_pwsh_score {
	unsigned tags;
	int score;		/* sum of the weights of the tags */
	int severity;		/* 0 info .. 3 high (see analyze.h ranks) */
};

/*
 * Find an -EncodedCommand argument (any unambiguous prefix: -e, -en,
 * -enc, -ec, -EncodedCommand; '-' or '/') in a command line and decode
 * it: base64 of UTF-16LE. The decoded UTF-8 text is appended to out.
 * Returns 1 if decoded, 0 if the command line has none, -1 if the
 * argument is there but is not valid base64 of UTF-16 (out holds what
 * could be decoded) or is longer than CT_PWSH_MAX_ENCODED.
 */
int ct_pwsh_decode_command_line(const char *cmdline, struct ct_buf *out);

/*
 * Decode base64 (standard alphabet, padding optional, whitespace
 * skipped) into raw bytes appended to out. Returns 0, or -1 on a
 * character outside the alphabet or more than max input bytes.
 */
int ct_pwsh_base64_decode(const char *s, size_t n, size_t max, struct ct_buf *out);

/*
 * Score a PowerShell command line and/or script text (either may be NULL).
 * Only signs are counted; nothing is executed or expanded.
 */
void ct_pwsh_assess(const char *cmdline, const char *script,
    struct ct_pwsh_score *out);

/* Most bytes one FromBase64String payload may inflate to (zip-bomb guard). */
#define CT_PWSH_MAX_INFLATED	(1024u * 1024)

/*
 * Decode the string literals passed to FromBase64String(...) in text:
 * base64, then gunzip or raw inflate when the bytes are Gzip or the text
 * uses DeflateStream, then UTF-16LE or 8-bit text. Each decoded payload
 * is appended to out (separated by a blank line); binary results are
 * described ("[N bytes of binary data]") rather than copied. Returns the
 * number of payloads decoded. Bounded by CT_PWSH_MAX_ENCODED in and
 * CT_PWSH_MAX_INFLATED out per payload, and at most 16 payloads.
 */
int ct_pwsh_decode_payloads(const char *text, struct ct_buf *out);

/* Name of tag bit i (0 <= i < CT_PS_NTAGS): "encoded command" ... */
const char *ct_pwsh_tag_name(int i);

/*
 * Is this a PowerShell host? image or command line names powershell.exe,
 * pwsh.exe or powershell_ise.exe as the program.
 */
int ct_pwsh_is_host(const char *image);

/*
 * The fuzz target's entry point (tests/fuzz/fuzz-pwsh.c), also replayed by
 * the unit tests: runs decoding and scoring on data as a command line and
 * as a script. Returns 0.
 */
int ct_pwsh_fuzz_one(const uint8_t *data, size_t size);

#endif
