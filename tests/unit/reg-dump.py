#!/usr/bin/python3
"""reg-dump.py - dump registry keys with libregf (python3-libregf), an
independent reader, for tests/unit/test-reg-decoders.c.

Usage: reg-dump.py HIVE [SUBTREE...]

Each SUBTREE is a key path from the root key ('\\'-separated, components
may hold fnmatch wildcards, case-insensitive); every key at or below a
matching key is dumped, and the whole hive when none is given. Output,
one line each, every string as hex of its UTF-8 (no quoting problems),
"-" for the empty string:

  K <path-hex> <last-written FILETIME> <number of subkeys>
  V <name-hex> <type> <data-hex>       (the values of the key before)
"""
import fnmatch
import sys

import pyregf


def parts(path):
    return [p for p in path.split("\\") if p]


def wanted(comps, patterns):
    """2: dump this key (and below), 1: descend only, 0: skip."""
    best = 0
    for pat in patterns:
        n = min(len(comps), len(pat))
        if all(fnmatch.fnmatch(comps[i].lower(), pat[i].lower()) for i in range(n)):
            best = max(best, 2 if len(comps) >= len(pat) else 1)
    return best


def hexs(s):
    return s.encode("utf-8", "surrogateescape").hex() or "-"


def dump(key, comps, patterns, out):
    w = wanted(comps, patterns) if patterns else 2
    if w == 0:
        return
    if w == 2:
        out.write("K %s %d %d\n" % (hexs("\\".join(comps)),
                  key.get_last_written_time_as_integer(),
                  key.get_number_of_sub_keys()))
        for v in key.values:
            data = v.data or b""
            out.write("V %s %d %s\n" % (hexs(v.name or ""),
                      v.type, data.hex() or "-"))
    for sub in key.sub_keys:
        dump(sub, comps + [sub.name], patterns, out)


def main():
    f = pyregf.file()
    f.open(sys.argv[1])
    patterns = [parts(p) for p in sys.argv[2:]]
    dump(f.get_root_key(), [], patterns, sys.stdout)
    f.close()


main()
