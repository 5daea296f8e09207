import { describe, expect, it } from 'vitest';
import type { DocsData } from '../docs-data.js';
import { PAGE_SCRIPT } from './page-script.js';
import { renderDocsPage, scriptSafeJson } from './render-page.js';

const hostile: DocsData = {
  project: 'shop <b>',
  generatedAt: '2024-01-01T00:00:00Z',
  hasCatalog: false,
  nodes: [
    {
      id: 'model.shop.orders',
      name: 'orders',
      type: 'model',
      package: 'shop',
      path: 'models/orders.sql',
      description: 'ends early? </script><script>alert(1)</script> <!-- and \u2028 a line separator',
      tags: [],
      columns: [],
      rawCode: "select '</SCRIPT>' as x",
      parents: [],
      children: [],
      tests: [],
    },
  ],
};

describe('the docs page as one HTML file', () => {
  it('embeds the data so no value can end its script element, and reads back unchanged', () => {
    const html = renderDocsPage(hostile, 'window.ELK = function () {};');
    const match = /<script type="application\/json" id="strata-docs-data">([\s\S]*?)<\/script>/.exec(html);
    expect(match).not.toBeNull();
    expect(match![1]).not.toContain('<');
    expect(JSON.parse(match![1]!)).toEqual(hostile);
    expect(html).toContain('<title>shop &lt;b&gt; · docs</title>');
  });

  it('keeps inlined code from closing its element', () => {
    const html = renderDocsPage(hostile, 'var s = "</script>";');
    expect(html).toContain('var s = "<\\/script>";');
    expect(scriptSafeJson('</script>')).toBe('"\\u003c/script>"');
  });

  it('needs nothing from the network', () => {
    const html = renderDocsPage(hostile, '');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
  });

  it('ships a program the browser can parse', () => {
    expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
  });
});
