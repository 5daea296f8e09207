/** HTML escaping and unescaping as markupsafe does it (escape, striptags). */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&#34;' };

/** markupsafe.escape() of a string. */
export function escapeHtml(s: string): string {
  return /[&<>'"]/.test(s) ? s.replace(/[&<>'"]/g, (c) => ESCAPES[c]!) : s;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '\u00a9',
  reg: '\u00ae',
  hellip: '\u2026',
  mdash: '\u2014',
  ndash: '\u2013',
  laquo: '\u00ab',
  raquo: '\u00bb',
  euro: '\u20ac',
};

/** html.unescape() for numeric references and the common named entities. */
export function unescapeHtml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);?/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[ref] ?? whole;
  });
}

/** markupsafe's Markup.striptags(): drop comments and tags, collapse whitespace, unescape entities. */
export function stripTags(input: string): string {
  let value = input;
  for (;;) {
    const start = value.indexOf('<!--');
    if (start === -1) break;
    const end = value.indexOf('-->', start);
    if (end === -1) break;
    value = value.slice(0, start) + value.slice(end + 3);
  }
  for (;;) {
    const start = value.indexOf('<');
    if (start === -1) break;
    const end = value.indexOf('>', start);
    if (end === -1) break;
    value = value.slice(0, start) + value.slice(end + 1);
  }
  value = value
    .split(/[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/)
    .filter(Boolean)
    .join(' ');
  return unescapeHtml(value);
}
