/** The docs page's stylesheet, inlined into index.html. */
export const PAGE_STYLE = String.raw`
:root {
  --bg: #f7f8fa; --panel: #ffffff; --text: #1f2430; --muted: #6b7280; --line: #e3e6eb;
  --accent: #2563eb; --accent-soft: #dbe7ff; --code: #f3f4f6;
  --model: #2563eb; --seed: #059669; --snapshot: #9333ea; --source: #d97706; --analysis: #64748b; --test: #dc2626;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--bg); display: flex; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
#sidebar { width: 300px; min-width: 220px; height: 100vh; overflow: auto; background: var(--panel); border-right: 1px solid var(--line); padding: 12px; flex-shrink: 0; }
#sidebar h1 { font-size: 16px; margin: 4px 0 10px; }
#sidebar h1 a { color: var(--text); }
#search { width: 100%; padding: 7px 9px; border: 1px solid var(--line); border-radius: 6px; font: inherit; margin-bottom: 10px; }
#node-list details { margin-bottom: 6px; }
#node-list summary { cursor: pointer; font-weight: 600; padding: 3px 0; }
#node-list ul, #search-results ul { list-style: none; margin: 0; padding: 0 0 0 4px; }
#node-list li a, #search-results li a { display: block; padding: 2px 6px; border-radius: 4px; color: var(--text); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#node-list li a.current, #search-results li a.current { background: var(--accent-soft); }
#search-results .hint { color: var(--muted); font-size: 12px; margin: 2px 6px 6px; }
#search-results .match { color: var(--muted); font-size: 12px; margin-left: 4px; }
main { flex: 1; height: 100vh; overflow: auto; padding: 20px 28px 40px; min-width: 0; }
main h2 { margin: 0 0 6px; font-size: 22px; word-break: break-all; }
main h3 { margin: 24px 0 8px; font-size: 15px; }
.badge { display: inline-block; font-size: 11px; padding: 1px 7px; border-radius: 10px; color: #fff; margin-right: 6px; vertical-align: middle; text-transform: lowercase; }
.badge.plain { background: #e5e7eb; color: var(--text); }
.badge.model { background: var(--model); } .badge.seed { background: var(--seed); } .badge.snapshot { background: var(--snapshot); }
.badge.source { background: var(--source); } .badge.analysis { background: var(--analysis); } .badge.test { background: var(--test); }
.meta { color: var(--muted); margin: 4px 0; }
.meta code { color: var(--text); }
.description { white-space: pre-wrap; margin: 10px 0; }
.description.empty { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; background: var(--panel); border: 1px solid var(--line); }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f1f3f6; font-weight: 600; font-size: 13px; }
td.column-name { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
td.column-type { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--muted); }
.test-chip { display: inline-block; font-size: 11px; padding: 0 6px; margin: 1px 3px 1px 0; border: 1px solid var(--line); border-radius: 8px; background: #fafafa; }
pre { background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow: auto; font: 12.5px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; margin: 0; max-height: 480px; }
.tabs button, .toolbar button, .toolbar select { font: inherit; font-size: 13px; border: 1px solid var(--line); background: var(--panel); padding: 3px 10px; cursor: pointer; border-radius: 5px; }
.tabs { margin-bottom: 6px; }
.tabs button.active, .toolbar button.active { background: var(--accent); border-color: var(--accent); color: #fff; }
.toolbar { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
.toolbar .spacer { flex: 1; }
.toolbar label { color: var(--muted); font-size: 13px; }
#lineage-box { position: relative; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; height: 440px; overflow: hidden; }
#lineage-graph { width: 100%; height: 100%; display: block; cursor: grab; user-select: none; }
#lineage-graph.panning { cursor: grabbing; }
#lineage-status { position: absolute; left: 10px; bottom: 6px; color: var(--muted); font-size: 12px; pointer-events: none; }
.graph-node { cursor: pointer; }
.graph-node rect.box { fill: #fff; stroke: #9ca3af; stroke-width: 1.2; }
.graph-node.focus rect.box { stroke: var(--accent); stroke-width: 2.5; fill: #f3f7ff; }
.graph-node rect.kind { stroke: none; }
.graph-node text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: var(--text); }
.graph-node text.kind-label { font-size: 10px; fill: var(--muted); }
.graph-node:hover rect.box { stroke: var(--accent); }
.graph-column text { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; fill: var(--text); }
.graph-column rect { fill: transparent; }
.graph-column:hover rect { fill: #eef2ff; }
.graph-column.highlight rect { fill: #fde68a; }
.graph-column.unresolved text { fill: #b45309; }
.graph-edge { fill: none; stroke: #9ca3af; stroke-width: 1.4; }
.graph-edge.model-edge { stroke-dasharray: 5 4; stroke: #c4c8cf; }
.graph-edge.highlight { stroke: #d97706; stroke-width: 2.4; }
svg.has-highlight .graph-edge:not(.highlight) { opacity: 0.25; }
.empty { color: var(--muted); font-style: italic; }
ul.links { margin: 0; padding-left: 18px; }
.overview-counts td:first-child { width: 160px; }
`;
