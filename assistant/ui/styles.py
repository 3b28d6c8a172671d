"""The interface's styles and the script that links citation markers to their sources and to the reader."""

from __future__ import annotations

# After the reader shows a page, bring the first highlighted sentence into view.
SCROLL_TO_MARK = """() => { setTimeout(function () {
  var mark = document.getElementById("smc-reader-target");
  if (mark) { mark.scrollIntoView({block: "center"}); }
}, 120); }"""

CSS = """
#smc-top h1 { font-size: 1.6rem; margin: 0 0 4px; }
#smc-top p { margin: 0; color: var(--body-text-color); opacity: 0.78; line-height: 1.6; }
.smc-engine-box { font-size: 0.9rem; padding: 6px 12px; border-radius: 8px; background: var(--background-fill-secondary); }
.smc-engine-label { font-weight: 600; margin-right: 8px; }
.smc-engine-detail { color: var(--body-text-color-subdued); margin-left: 6px; }
.smc-notice { margin-top: 4px; color: #92400e; }
#smc-chat .smc-answer-text, #smc-chat .smc-question { line-height: 1.8; font-size: 15px; }
.smc-status, .smc-standalone { color: var(--body-text-color-subdued); font-size: 0.85em; margin-bottom: 4px; }
a.smc-cite { display: inline-block; margin: 0 1px; padding: 0 4px; border-radius: 4px; background: #dbeafe;
  color: #1d4ed8 !important; font-size: 0.78em; font-weight: 700; line-height: 1.4; vertical-align: super;
  text-decoration: none !important; cursor: pointer; }
a.smc-cite:hover { background: #1d4ed8; color: #fff !important; }
details.smc-sources { margin-top: 12px; border: 1px solid #cbd5e1; border-radius: 8px; background: #f8fafc;
  color: #1e293b; padding: 6px 12px; }
details.smc-sources > summary { cursor: pointer; font-weight: 600; color: #1e3a8a; }
ol.smc-source-list { list-style: none; padding-left: 0 !important; margin: 8px 0 0 !important; }
li.smc-source { margin: 0 0 10px !important; padding: 8px 10px; border: 1px solid #e2e8f0; border-radius: 6px;
  background: #fff; transition: box-shadow 0.3s; }
li.smc-source.smc-flash { box-shadow: 0 0 0 3px #f59e0b; }
.smc-source-head { font-weight: 600; color: #0f172a; margin-bottom: 4px; }
.smc-source-n { color: #1d4ed8; margin-right: 4px; }
blockquote.smc-passage { margin: 0 !important; padding: 2px 0 2px 10px !important; border-left: 3px solid #94a3b8 !important;
  color: #334155 !important; font-size: 0.92em; line-height: 1.75; font-style: normal !important; }
blockquote.smc-passage mark { background: #fde68a; color: #0f172a; padding: 0 1px; border-radius: 2px; }
.smc-refusal { border-left: 4px solid #d97706; background: #fffbeb; color: #451a03; padding: 8px 12px; border-radius: 6px; }
.smc-badge { display: inline-block; font-size: 0.8em; font-weight: 700; color: #92400e; background: #fde68a;
  border-radius: 4px; padding: 1px 8px; margin-bottom: 6px; }
.smc-error { border-left: 4px solid #dc2626; background: #fef2f2; color: #7f1d1d; padding: 8px 12px; border-radius: 6px; }
.smc-flagged { margin-top: 8px; font-size: 0.88em; color: #92400e; }
#smc-examples { flex-wrap: wrap; gap: 8px; }
#smc-examples button.smc-example { flex: 0 1 auto !important; min-width: 0 !important; white-space: normal; }
.smc-table-wrap { overflow-x: auto; }
table.smc-matrix { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
table.smc-matrix th, table.smc-matrix td { border: 1px solid var(--border-color-primary); padding: 8px 10px;
  vertical-align: top; text-align: left; line-height: 1.6; }
table.smc-matrix thead th { background: var(--background-fill-secondary); }
.smc-domain-cell { min-width: 9em; }
.smc-domain-name { font-weight: 700; }
.smc-domain-other, .smc-where { color: var(--body-text-color-subdued); font-size: 0.85em; font-weight: normal; }
.smc-stages { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
.smc-stage { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px; }
.smc-stage h4 { margin-top: 0; }
.smc-summary { font-weight: 600; }
.smc-dimension { font-weight: 600; margin-right: 6px; }
.smc-case { border-left: 3px solid var(--color-accent); padding: 4px 12px; margin: 10px 0; }
.smc-case-title { font-weight: 700; }
.smc-case dl { margin: 4px 0; }
.smc-case dt { font-weight: 600; }
.smc-case dd { margin: 0 0 4px 1.5em; }
#smc-reader-request, #smc-reader-open { display: none !important; }
#smc-reader .smc-page { max-height: 70vh; overflow-y: auto; padding: 4px 12px; border: 1px solid var(--border-color-primary);
  border-radius: 8px; line-height: 1.8; }
#smc-reader .smc-page-title { margin: 0; padding: 6px 0; font-size: 1.05rem; position: sticky; top: 0;
  background: var(--background-fill-primary); z-index: 1; }
#smc-reader .smc-page-sub { margin: 12px 0 4px; font-size: 0.95rem; }
#smc-reader .smc-cited { background: #eff6ff; border-radius: 4px; padding: 2px 4px; }
#smc-reader mark { background: #fde68a; color: #0f172a; }
#smc-reader .smc-reader-cited, .smc-reader-empty { color: var(--body-text-color-subdued); font-size: 0.88em; }
table.smc-page-table { border-collapse: collapse; font-size: 0.85em; margin: 8px 0; }
table.smc-page-table td, table.smc-page-table th { border: 1px solid var(--border-color-primary); padding: 2px 6px; }
a.smc-open { font-weight: normal; font-size: 0.85em; margin-left: 8px; color: #1d4ed8 !important; cursor: pointer; }
#smc-suggestions { flex-wrap: wrap; gap: 8px; }
#smc-suggestions button { flex: 0 1 auto !important; min-width: 0 !important; white-space: normal; }
#smc-feedback-status { color: var(--body-text-color-subdued); font-size: 0.9em; min-height: 1.2em; }
"""

# Clicking a marker [n] opens the sources block of its answer, scrolls to the passage and opens the report's page
# in the reader; "show in the report" under a source opens the page only.
HEAD = """<script>
// Ask the reader for a citation: the hidden request box gets '<anchor>-src-<n>|<time>' and the hidden button runs it.
function smcOpenReader(ref) {
  var box = document.querySelector("#smc-reader-request textarea");
  var go = document.getElementById("smc-reader-open");
  if (!box || !go) { return; }
  box.value = ref.replace(/^#/, "") + "|" + Date.now();
  box.dispatchEvent(new Event("input", {bubbles: true}));
  setTimeout(function () { go.click(); }, 60);
}
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.smc-cite, a.smc-open");
  if (!link) { return; }
  event.preventDefault();
  event.stopPropagation();
  smcOpenReader(link.getAttribute("href") || "");
  if (link.classList.contains("smc-open")) { return; }
  var target = document.getElementById((link.getAttribute("href") || "").slice(1));
  if (!target) { return; }
  var block = target.closest("details");
  if (block) { block.open = true; }
  target.scrollIntoView({behavior: "smooth", block: "center"});
  target.classList.add("smc-flash");
  setTimeout(function () { target.classList.remove("smc-flash"); }, 1800);
}, true);
</script>"""
