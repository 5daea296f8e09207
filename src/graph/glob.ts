/**
 * Unix shell-style wildcards as dbt uses them (Python's fnmatch and pathlib globbing),
 * compiled once per pattern so matching over thousands of nodes stays cheap.
 */

const fnmatchCache = new Map<string, RegExp>();
const pathGlobCache = new Map<string, RegExp>();

/** Whether a value contains a wildcard character (`*`, `?`, `[`). */
export function hasWildcard(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** Python's fnmatch: `*` and `?` also match `.` and `/`; `[abc]`, `[a-z]`, `[!abc]` are classes. */
export function fnmatch(value: string, pattern: string): boolean {
  let re = fnmatchCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${translate(pattern, false)}$`, 's');
    fnmatchCache.set(pattern, re);
  }
  return re.test(value);
}

/** pathlib-style glob over `/`-separated relative paths: `*` stays within a segment, `**` spans segments. */
export function pathGlobMatch(path: string, pattern: string): boolean {
  let re = pathGlobCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${translate(pattern, true)}$`, 's');
    pathGlobCache.set(pattern, re);
  }
  return re.test(path);
}

function translate(pattern: string, pathAware: boolean): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pathAware && pattern[i + 1] === '*') {
        // `**/` matches zero or more whole directories; a trailing `**` matches everything below.
        const slash = pattern[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 3 : 2;
        continue;
      }
      out += pathAware ? '[^/]*' : '.*';
    } else if (ch === '?') {
      out += pathAware ? '[^/]' : '.';
    } else if (ch === '[') {
      const close = findClassEnd(pattern, i);
      if (close < 0) {
        out += '\\[';
      } else {
        let body = pattern.slice(i + 1, close);
        const negate = body.startsWith('!');
        if (negate) body = body.slice(1);
        out += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\^/g, '\\^')}]`;
        i = close + 1;
        continue;
      }
    } else {
      out += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
    i += 1;
  }
  return out;
}

/** Index of the `]` closing a class opened at `open`, as fnmatch reads it (a leading `]` or `!]` is literal). */
function findClassEnd(pattern: string, open: number): number {
  let j = open + 1;
  if (pattern[j] === '!') j += 1;
  if (pattern[j] === ']') j += 1;
  while (j < pattern.length && pattern[j] !== ']') j += 1;
  return j < pattern.length ? j : -1;
}
