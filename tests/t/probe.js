// probe.js - measures a rendered report for the browser tests (see
// probe_page in browser.sh). Writes "key value" lines into <pre id=probe>.
(function () {
	"use strict";
	var out = [];
	var W = document.documentElement.clientWidth, H = window.innerHeight;
	function line(k, v) { out.push(k + " " + String(v).replace(/\s+/g, " ").trim()); }
	function inView(e) {
		var r = e.getBoundingClientRect();
		return r.width > 0 && r.top >= 0 && r.bottom <= H && r.left >= 0 && r.right <= W;
	}
	function check(key, sel) {
		var all = document.querySelectorAll(sel), n = 0, i;
		for (i = 0; i !== all.length; i++) {
			line(key, all[i].textContent);
			if (inView(all[i]))
				n++;
		}
		line("viewport-" + key, n);
	}
	window.scrollTo(0, 0);
	check("host", ".verdict .who strong");
	check("verdict", ".verdict .verdict-text");
	check("action", ".verdict ol.next-steps li.action");
	var steps = document.querySelectorAll("svg.chain-svg a.step"), i;
	line("steps", steps.length);
	for (i = 0; i !== steps.length; i++) {
		var href = steps[i].getAttribute("href") || "";
		var t = href.charAt(0) === "#" ? document.getElementById(href.slice(1)) : null;
		line("step-link", (t ? "OK " : "BAD ") + href);
	}
	var links = document.querySelectorAll("a[href]"), bad = 0;
	for (i = 0; i !== links.length; i++) {
		var h = links[i].getAttribute("href");
		if (h.charAt(0) !== "#" || !document.getElementById(h.slice(1))) {
			line("dangling", h);
			bad++;
		}
	}
	line("links", links.length);
	var els = document.body.getElementsByTagName("*");
	for (i = 0; i !== els.length; i++) {
		var r = els[i].getBoundingClientRect();
		if (r.width > 0 && r.right > W + 1)
			line("wide", els[i].tagName + "." + (els[i].getAttribute("class") || "") + " " + Math.round(r.right));
	}
	line("doc-width", document.documentElement.scrollWidth + " of " + W);
	var p = document.createElement("pre");
	p.id = "probe";
	p.textContent = out.join("\n");
	document.body.appendChild(p);
})();
