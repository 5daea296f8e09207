/** Jinja2's urlize(): turns URLs and e-mail addresses in text into links. */
import { escapeHtml } from '../html.js';

const HTTP_RE =
  /^((https?:\/\/|www\.)(([\p{L}\p{N}_%-]+\.)+)?([a-z]{2,63}|xn--[\p{L}\p{N}_%]{2,59})|([\p{L}\p{N}_%-]{2,63}\.)+(com|net|int|edu|gov|org|info|mil)|(https?:\/\/)((([\d]{1,3})(\.[\d]{1,3}){3})|(\[([\da-f]{0,4}:){2}([\da-f]{0,4}:?){1,6}\])))(?::[\d]{1,5})?(?:[/?#]\S*)?$/iu;
const EMAIL_RE = /^\S+@[\p{L}\p{N}_][\p{L}\p{N}_.-]*\.[\p{L}\p{N}_]+$/u;

export interface UrlizeOptions {
  trimUrlLimit?: number;
  rel?: string;
  target?: string;
}

function count(s: string, sub: string): number {
  return s.split(sub).length - 1;
}

/** Converts URLs in text into clickable links. */
export function urlize(text: string, options: UrlizeOptions): string {
  const trim = (x: string): string =>
    options.trimUrlLimit !== undefined && x.length > options.trimUrlLimit ? `${x.slice(0, options.trimUrlLimit)}...` : x;
  const words = escapeHtml(text).split(/(\s+)/);
  const relAttr = options.rel ? ` rel="${escapeHtml(options.rel)}"` : '';
  const targetAttr = options.target ? ` target="${escapeHtml(options.target)}"` : '';
  return words
    .map((word) => {
      let head = '';
      let middle = word;
      let tail = '';
      const lead = /^([(<]|&lt;)+/.exec(middle);
      if (lead) {
        head = lead[0];
        middle = middle.slice(lead[0].length);
      }
      if (/([)>.,\n]|&gt;)$/.test(middle)) {
        const trail = /([)>.,\n]|&gt;)+$/.exec(middle);
        if (trail) {
          tail = trail[0];
          middle = middle.slice(0, trail.index);
        }
      }
      for (const [startChar, endChar] of [
        ['(', ')'],
        ['<', '>'],
        ['&lt;', '&gt;'],
      ] as const) {
        const startCount = count(middle, startChar);
        if (startCount <= count(middle, endChar)) continue;
        for (let i = 0; i < Math.min(startCount, count(tail, endChar)); i++) {
          const endIndex = tail.indexOf(endChar) + endChar.length;
          middle += tail.slice(0, endIndex);
          tail = tail.slice(endIndex);
        }
      }
      if (HTTP_RE.test(middle)) {
        const href = middle.startsWith('https://') || middle.startsWith('http://') ? middle : `https://${middle}`;
        middle = `<a href="${href}"${relAttr}${targetAttr}>${trim(middle)}</a>`;
      } else if (middle.startsWith('mailto:') && EMAIL_RE.test(middle.slice(7))) {
        middle = `<a href="${middle}">${middle.slice(7)}</a>`;
      } else if (middle.includes('@') && !middle.startsWith('www.') && !middle.startsWith('@') && !middle.includes(':') && EMAIL_RE.test(middle)) {
        middle = `<a href="mailto:${middle}">${middle}</a>`;
      }
      return head + middle + tail;
    })
    .join('');
}
