/*
 * marvin32.h - the Marvin32 hash (the .NET string hash), which Windows 8.1
 * and later use to protect the log entries of a hive's transaction logs.
 */
#ifndef REGFW_MARVIN32_H
#define REGFW_MARVIN32_H

#include <stddef.h>
#include <stdint.h>

/* The seed of registry log entries (0x82EF4D887A4E55C5, as ntoskrnl's HvInitializeHashLibrary
 * passes it; Suhanov prints its bytes reversed, as 14219357686671994754). */
#define RF_MARVIN_SEED	UINT64_C(0x82ef4d887a4e55c5)

/* 64-bit Marvin32 of n bytes: high half p1, low half p0. */
uint64_t rf_marvin32(const uint8_t *data, size_t n, uint64_t seed);

#endif
