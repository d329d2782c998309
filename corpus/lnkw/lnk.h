/*
 * lnk.h - a Windows Shell Link (.lnk) writer, after [MS-SHLLINK] and
 * libyal's "Windows Shortcut File (LNK) format": the header with the
 * target's times, size and attributes, a LinkInfo with the volume (drive
 * type, serial number, label) and the local base path, the string data
 * (description, relative path, working directory, arguments, icon) and a
 * TrackerDataBlock (machine NetBIOS name, droid volume and object IDs).
 * No LinkTargetIDList is written (see corpus/README.md, known limits).
 */
#ifndef LNKW_LNK_H
#define LNKW_LNK_H

#include <stddef.h>
#include <stdint.h>

struct lnk {
	const char *target;		/* local base path, e.g. C:\Users\jdoe\x.docx */
	int64_t created, accessed, modified;	/* the target's FILETIMEs */
	uint32_t size;			/* the target's size */
	uint32_t attributes;		/* FILE_ATTRIBUTE_* of the target */
	uint32_t drive_type;		/* 3 = fixed */
	uint32_t serial;		/* volume serial number (32 bits) */
	const char *label;		/* volume label */
	const char *description, *relative_path, *working_dir, *arguments,
	    *icon_location;		/* string data; NULL = absent */
	int32_t icon_index;
	uint32_t show;			/* ShowCommand: 1 normal, 3 maximised, 7 minimised */
	const char *machine;		/* TrackerDataBlock machine ID; NULL = no block */
	uint8_t droid_volume[16], droid_file[16];	/* GUIDs, as stored */
};

/*
 * Encode a link into a malloc'ed buffer (*out, *len).  Returns 0, or -1
 * with a message in err (bad UTF-8, a path that is not ASCII, too long).
 */
int lnk_encode(const struct lnk *l, uint8_t **out, size_t *len, char *err, size_t errlen);

#endif
