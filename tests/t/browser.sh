# browser.sh - headless Chromium for the report tests (Debian's chromium).
# Source after lib.sh. require_chromium skips the script loudly when the
# browser is missing; each run gets a new empty profile and no network
# features, so nothing but the page itself is loaded.

CHROMIUM=${CHROMIUM:-}
require_chromium() {
	for c in "$CHROMIUM" chromium chromium-browser; do
		if [ -n "$c" ] && command -v "$c" >/dev/null 2>&1; then
			CHROMIUM=$(command -v "$c")
			return 0
		fi
	done
	echo "################################################################" >&2
	echo "SKIP: chromium is not installed (Debian package chromium)" >&2
	echo "################################################################" >&2
	skip_all "chromium not installed: the browser test did not run"
}

# chromium_run ARGS... URL : one headless run with a fresh profile
chromium_run() {
	profile=$(mktemp -d "$TRASH/profile.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$profile" "$@" 2>>"$TRASH/chromium.log"
}

# dump_dom FILE.html OUT : the DOM after scripts ran, serialised
dump_dom() {
	chromium_run --virtual-time-budget=2000 --dump-dom "file://$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" >"$2"
}

# screenshot FILE.html OUT.png
screenshot() {
	chromium_run --hide-scrollbars --window-size=1280,2000 \
		--screenshot="$2" "file://$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" >/dev/null
}

# keep_artefact FILE : copy a test artefact out of the trash directory
# (which is deleted at exit) into the build tree, and print where it is.
keep_artefact() {
	dir="$TOP_BUILDDIR/tests/artefacts"
	mkdir -p "$dir" && cp "$1" "$dir/" &&
	echo "# artefact: $1 (kept as $dir/$(basename "$1"))"
}
