/** Python's textwrap.wrap() as Jinja2's wordwrap filter configures it (no tab expansion, whitespace kept). */
import { valueError } from '../errors.js';

const WS = '[\\t\\n\\v\\f\\r ]';
const NWS = '[^\\t\\n\\v\\f\\r ]';
const LT = '[\\p{L}\\p{M}_]';
const W = '[\\p{L}\\p{M}\\p{N}_]';
const WP = '[\\p{L}\\p{M}\\p{N}_!"\'&.,?]';
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WP})-{2,}(?=${W})|${NWS}+?(?:-(?:(?<=${LT}{2}-)|(?<=${LT}-${LT}-))(?=${LT}-?${LT})|(?=${WS}|$)|(?<=${WP})(?=-{2,}${W})))`,
  'u',
);
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, 'u');

const isBlank = (chunk: string): boolean => chunk.trim() === '' && /^[\t\n\v\f\r ]*$/.test(chunk);

/** textwrap.wrap(text, width, break_long_words, break_on_hyphens) with drop_whitespace. */
export function wrapText(text: string, width: number, breakLongWords: boolean, breakOnHyphens: boolean): string[] {
  if (width <= 0) throw valueError(`invalid width ${width} (must be > 0)`);
  const chunks = text.split(breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE).filter((c) => c !== '' && c !== undefined);
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length) {
    const line: string[] = [];
    let len = 0;
    if (isBlank(chunks[chunks.length - 1]!) && lines.length) chunks.pop();
    while (chunks.length) {
      const l = [...chunks[chunks.length - 1]!].length;
      if (len + l <= width) {
        line.push(chunks.pop()!);
        len += l;
      } else break;
    }
    if (chunks.length && [...chunks[chunks.length - 1]!].length > width) {
      const spaceLeft = width < 1 ? 1 : width - len;
      if (breakLongWords) {
        const chunk = [...chunks[chunks.length - 1]!];
        let end = spaceLeft;
        if (breakOnHyphens && chunk.length > spaceLeft) {
          const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-');
          if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
        }
        line.push(chunk.slice(0, end).join(''));
        chunks[chunks.length - 1] = chunk.slice(end).join('');
      } else if (!line.length) line.push(chunks.pop()!);
    }
    if (line.length && isBlank(line[line.length - 1]!)) line.pop();
    if (line.length) lines.push(line.join(''));
  }
  return lines;
}
