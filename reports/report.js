// report.js - the report's only script (embedded; allowed by a CSP hash).
// It filters the timeline tables by the text of their rows and opens a
// collapsed section an evidence link points into. It reads rendered text only: no
// evidence is ever evaluated, parsed as HTML or put into a URL.
(function () {
	"use strict";
	var q = document.getElementById("q");
	var qtype = document.getElementById("qtype");
	var count = document.getElementById("qcount");
	function filter() {
		var needle = q ? q.value.toLowerCase() : "";
		var type = qtype ? qtype.value : "";
		var rows = document.querySelectorAll("table.tl tbody tr");
		var shown = 0;
		for (var i = 0; i < rows.length; i++) {
			var r = rows[i];
			var ok = (!type || r.getAttribute("data-type") === type) &&
			    (!needle || r.textContent.toLowerCase().indexOf(needle) >= 0);
			r.hidden = !ok;
			if (ok)
				shown++;
		}
		if (count)
			count.textContent = shown + " of " + rows.length + " rows";
	}
	function setAll(open) {
		var d = document.querySelectorAll("details");
		for (var i = 0; i < d.length; i++)
			d[i].open = open;
	}
	if (q)
		q.addEventListener("input", filter);
	if (qtype)
		qtype.addEventListener("change", filter);
	var ex = document.getElementById("expand");
	var co = document.getElementById("collapse");
	if (ex)
		ex.addEventListener("click", function () { setAll(true); });
	if (co)
		co.addEventListener("click", function () { setAll(false); });
	// Printing keeps collapsed sections collapsed: the printed report is
	// the summary (report.css, @media print), the page holds the rest.
	// An evidence link into a closed section opens it first.
	window.addEventListener("hashchange", function () {
		var t = document.getElementById(location.hash.slice(1));
		for (var e = t; e; e = e.parentElement)
			if (e.tagName === "DETAILS")
				e.open = true;
		if (t)
			t.scrollIntoView();
	});
	filter();
})();
