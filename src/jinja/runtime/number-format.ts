/**
 * Python's float formatting ('f', 'e', 'g' presentation types), correctly rounded half-to-even
 * on the exact binary value as CPython does (JS toFixed rounds exact ties up, so it is not used).
 */

const view = new DataView(new ArrayBuffer(8));

/** The exact value of a finite non-negative double as digits / 10^scale. */
function exactDecimal(x: number): { n: bigint; scale: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const expField = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (expField === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = expField - 1075;
  }
  if (e >= 0) return { n: m << BigInt(e), scale: 0 };
  return { n: m * 5n ** BigInt(-e), scale: -e };
}

/** Divides by 10^drop rounding half to even. */
function roundDrop(n: bigint, drop: number): bigint {
  if (drop <= 0) return n * 10n ** BigInt(-drop);
  const d = 10n ** BigInt(drop);
  let q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) q += 1n;
  return q;
}

function special(x: number, upper: boolean): string | undefined {
  if (Number.isNaN(x)) return upper ? 'NAN' : 'nan';
  if (!Number.isFinite(x)) return upper ? 'INF' : 'inf';
  return undefined;
}

/** Digits of |x| in fixed notation with `prec` decimals (no sign). */
export function fixedDigits(x: number, prec: number): string {
  const abs = Math.abs(x);
  const bad = special(abs, false);
  if (bad) return bad;
  const { n, scale } = exactDecimal(abs);
  const q = roundDrop(n, scale - prec).toString();
  if (prec === 0) return q;
  const padded = q.padStart(prec + 1, '0');
  return `${padded.slice(0, -prec)}.${padded.slice(-prec)}`;
}

/** Mantissa digits (prec+1 significant, rounded half-even) and decimal exponent of |x| > 0. */
function significant(abs: number, prec: number): { digits: string; exp: number } {
  const { n, scale } = exactDecimal(abs);
  const len = n.toString().length;
  let exp = len - 1 - scale;
  let digits = roundDrop(n, len - (prec + 1)).toString();
  if (digits.length > prec + 1) {
    digits = digits.slice(0, prec + 1);
    exp += 1;
  }
  return { digits, exp };
}

function expSuffix(exp: number): string {
  return `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Digits of |x| in Python's 'e' notation with `prec` decimals (no sign). */
export function expDigits(x: number, prec: number, alt = false): string {
  const abs = Math.abs(x);
  const bad = special(abs, false);
  if (bad) return bad;
  if (abs === 0) return `0${prec > 0 ? '.' + '0'.repeat(prec) : alt ? '.' : ''}e+00`;
  const { digits, exp } = significant(abs, prec);
  const mant = prec > 0 ? `${digits[0]}.${digits.slice(1)}` : alt ? `${digits}.` : digits;
  return `${mant}e${expSuffix(exp)}`;
}

/** Digits of |x| in Python's 'g' notation (no sign). */
export function generalDigits(x: number, prec: number, alt = false): string {
  const abs = Math.abs(x);
  const bad = special(abs, false);
  if (bad) return bad;
  const p = prec === 0 ? 1 : prec;
  let exp = 0;
  if (abs !== 0) exp = significant(abs, p - 1).exp;
  let out: string;
  if (exp >= -4 && exp < p) out = fixedDigits(abs, p - 1 - exp);
  else out = expDigits(abs, p - 1, alt);
  if (!alt) {
    out = out.replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
  } else if (!out.includes('.')) {
    out = out.includes('e') ? out.replace('e', '.e') : `${out}.`;
  }
  return out;
}

/** Python's float repr digits without exponent formatting concerns, e.g. for '{:}' of a float. */
export function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}
