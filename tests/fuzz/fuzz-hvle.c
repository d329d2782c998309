/*
 * fuzz-hvle.c - libFuzzer target for the transaction-log applier, both
 * formats (HvLE entries and DIRT dirty vectors)
 * (parsers/hive/hive-log.c) and the hive-bin mender (hive-bins.c): the input is split into a hive and two logs
 * (a 2-byte length prefix each for the first two parts), so entries,
 * page references, sizes and base blocks are all attacker-controlled.
 * The hive may grow to 4 MiB at most. tests/unit/test-hive.c runs
 * crafted cases through the same entry point in the normal test suite.
 */
#include "compat.h"

#include "bytes.h"
#include "hive-bins.h"
#include "hive-log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_hive_log logs[2];
	struct ct_hive_log_result r;
	size_t n1, n2, hs;
	uint8_t *hive;

	if (size < 4)
		return 0;
	n1 = (size_t)ct_le16(data) * 64;
	n2 = (size_t)ct_le16(data + 2) * 64;
	data += 4;
	size -= 4;
	if (n1 > size)
		n1 = size;
	if (n2 > size - n1)
		n2 = size - n1;
	memset(logs, 0, sizeof(logs));
	logs[0].name = "fuzz.LOG1";
	logs[0].data = data;
	logs[0].size = n1;
	logs[1].name = "fuzz.LOG2";
	logs[1].data = data + n1;
	logs[1].size = n2;
	/* The hive: the rest, at least a base block (zeros past the input). */
	hs = size - n1 - n2;
	if (hs < CT_HIVE_BASE_BLOCK)
		hs = CT_HIVE_BASE_BLOCK;
	hive = calloc(1, hs);
	if (hive == NULL)
		return 0;
	memcpy(hive, data + n1 + n2, size - n1 - n2);
	ct_hive_log_apply(&hive, &hs, 4u << 20, logs, 2, &r, NULL, NULL);
	/* what the parser does next: the bin chain, mended */
	ct_hive_bins_mend(hive, &hs, NULL, NULL);
	free(hive);
	return 0;
}
