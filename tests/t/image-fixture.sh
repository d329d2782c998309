# image-fixture.sh - helpers of the disk-image tests (t12xx), sourced
# after lib.sh: bytes of a DOS partition table written with dd.

# le32 N : four bytes, little-endian
le32() {
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) \
	    $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"
}
# mbr IMAGE START SECTORS TYPE : one primary partition in a DOS table
mbr() {
	{ printf '\000\376\377\377'; printf "$(printf '\\%03o' $4)";
	  printf '\376\377\377'; le32 $2; le32 $3; } |
	dd of="$1" bs=1 seek=446 conv=notrunc 2>/dev/null &&
	printf '\125\252' | dd of="$1" bs=1 seek=510 conv=notrunc 2>/dev/null
}
