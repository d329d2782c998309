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

# probe_page FILE.html OUT : lay the page out in Chromium at 1400x900 and
# write what a reader sees as "key value" lines into OUT:
#   viewport-host|verdict|actions N  the element is wholly in the first screen
#   host TEXT / verdict TEXT / action TEXT   their text
#   steps N  boxes of the drawn chain, step-link OK|BAD HREF per box
#   links N, dangling HREF            internal links and those without target
#   wide TAG.CLASS                    an element sticking out of the viewport
#   doc-width N                       the page's scroll width
# The probe is a copy of the page without its CSP meta (so the probe script
# may run) and the probe script added at the end; nothing else changes.
probe_page() {
	{
		sed '/<meta http-equiv="Content-Security-Policy"/d; /^<\/body>$/d; /^<\/html>$/d' "$1"
		printf '<script>\n'
		cat "$TOP_SRCDIR/tests/t/probe.js"
		printf '</script>\n</body>\n</html>\n'
	} >"$1.probe.html"
	profile=$(mktemp -d "$TRASH/profile.XXXXXX")
	timeout 120 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu \
		--hide-scrollbars --window-size=1400,900 --disable-quic \
		--no-first-run --disable-background-networking --user-data-dir="$profile" \
		--virtual-time-budget=3000 --dump-dom \
		"file://$(cd "$(dirname "$1")" && pwd)/$(basename "$1").probe.html" \
		2>>"$TRASH/chromium.log" |
	sed -n '/<pre id="probe">/,/<\/pre>/p' | sed '1s/.*<pre id="probe">//; s|</pre>.*||' >"$2"
}

# pdf_pages FILE.pdf : the number of pages of a PDF Chromium wrote
pdf_pages() {
	LC_ALL=C grep -a -o "/Type */Page\([^s]\|\$\)" "$1" | wc -l
}

# screenshot_at FILE.html OUT.png W H [#FRAGMENT] : one screen of the page
screenshot_at() {
	chromium_run --headless=new --hide-scrollbars --window-size="$3,$4" \
		--screenshot="$2" "file://$(cd "$(dirname "$1")" && pwd)/$(basename "$1")${5:-}" >/dev/null
}

# print_layout FILE.html OUT.html : the page with its print rules applied
# on screen (for a screenshot of a printed page: Chromium writes PDF, not
# pictures, and this machine has no PDF rasteriser). The CSP goes, since
# the changed style no longer matches its hash.
print_layout() {
	sed -e '/<meta http-equiv="Content-Security-Policy"/d' \
	    -e 's/@media print {/@media all {/' "$1" >"$2"
}
