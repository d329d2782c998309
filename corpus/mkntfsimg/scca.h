/* scca.h - build an uncompressed Windows Prefetch file (SCCA format version 30, the 220-byte
 * file information variant that libscca calls 30/1, laid out like version 26). */
#ifndef MKNTFSIMG_SCCA_H
#define MKNTFSIMG_SCCA_H

#include <stddef.h>
#include <stdint.h>

struct scca_spec {
	const char *executable;     /* e.g. "QEUPDATE.EXE" (at most 29 characters) */
	const char *device_path;    /* \DEVICE\HARDDISKVOLUME1\...\QEUPDATE.EXE: the hash input */
	const int64_t *run_times;   /* most recent first, at most 8 */
	size_t n_run_times;
	uint32_t run_count;
	const char *volume_path;    /* \VOLUME{...} as in the file names */
	int64_t volume_created;
	uint32_t volume_serial;
	const char *const *files;   /* loaded files, full \VOLUME{...}\ paths */
	const uint64_t *file_refs;  /* their MFT references (0 = unknown), may be NULL */
	size_t n_files;
	const char *const *dirs;    /* directories, full paths */
	size_t n_dirs;
};

/* The prefetch hash of a device path (upper-case), as in NAME-XXXXXXXX.pf. */
uint32_t scca_hash(const char *device_path);

/* Build the file; *out is malloc'd. Returns 0 or -1 (message printed). */
int scca_build(const struct scca_spec *s, unsigned char **out, size_t *len);

#endif
