import type { DocsData } from '../docs-data.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

/**
 * JSON that is safe inside a `<script>` element: every `<` is written as `\u003c`, so no value
 * (a description holding `</script>` or `<!--`) can end the element early. JSON.parse reads it back unchanged.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Code inlined into a `<script>` element; `</script` inside it would end the element. */
function scriptSafeCode(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The whole docs site as one HTML document: style, data, the layout engine and the page's program inline. */
export function renderDocsPage(data: DocsData, layoutEngineSource: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="strata">
<title>${escapeHtml(data.project)} · docs</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<aside id="sidebar">
  <h1><a href="#!/" id="project-name">${escapeHtml(data.project)}</a></h1>
  <input id="search" type="search" placeholder="Search models, sources, columns…" autocomplete="off" spellcheck="false" aria-label="Search">
  <div id="search-results" hidden></div>
  <nav id="node-list"></nav>
</aside>
<main id="content"></main>
<script type="application/json" id="strata-docs-data">${scriptSafeJson(data)}</script>
<script>${scriptSafeCode(layoutEngineSource)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
