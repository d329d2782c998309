/*
 * banned.h - libc functions casetrail must not use, after git's banned.h.
 *
 * Each is either unbounded (strcpy, sprintf), keeps hidden global state
 * (strtok, localtime, gmtime) or cannot report errors (atoi). Times are
 * formatted only by timefmt.c, which needs none of them.
 */
#ifndef CT_BANNED_H
#define CT_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef gets
#define gets(x) BANNED(gets)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef ctime
#define ctime(x) BANNED(ctime)
#undef asctime
#define asctime(x) BANNED(asctime)

#endif /* CT_BANNED_H */
