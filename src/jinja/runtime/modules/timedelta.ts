/** Python's datetime.timedelta. */
import { splitArgs } from '../call-args.js';
import { typeError, zeroDivisionError } from '../errors.js';
import { NOT_IMPLEMENTED } from '../operators.js';
import { PyFloat } from '../values.js';

const US_PER_DAY = 86_400_000_000;

function num(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined || value === null) return 0;
  throw typeError(`unsupported type for timedelta component: ${typeof value}`);
}

/** A duration held as whole days plus microseconds within the day, normalized as Python does. */
export class TimeDelta {
  readonly pythonTypeName = 'datetime.timedelta';
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;

  constructor(totalMicroseconds: number) {
    const us = Math.round(totalMicroseconds);
    const days = Math.floor(us / US_PER_DAY);
    const rest = us - days * US_PER_DAY;
    this.days = days;
    this.seconds = Math.floor(rest / 1_000_000);
    this.microseconds = rest - this.seconds * 1_000_000;
  }

  get totalMicroseconds(): number {
    return this.days * US_PER_DAY + this.seconds * 1_000_000 + this.microseconds;
  }

  total_seconds(): PyFloat {
    return new PyFloat(this.totalMicroseconds / 1_000_000);
  }

  __str__(): string {
    const h = Math.floor(this.seconds / 3600);
    const m = Math.floor((this.seconds % 3600) / 60);
    const s = this.seconds % 60;
    let out = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
    if (this.microseconds) out += `.${String(this.microseconds).padStart(6, '0')}`;
    if (this.days) out = `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ${out}`;
    return out;
  }

  __repr__(): string {
    const parts: string[] = [];
    if (this.days) parts.push(`days=${this.days}`);
    if (this.seconds) parts.push(`seconds=${this.seconds}`);
    if (this.microseconds) parts.push(`microseconds=${this.microseconds}`);
    return `datetime.timedelta(${parts.join(', ') || '0'})`;
  }

  __eq__(other: unknown): boolean {
    return other instanceof TimeDelta && other.totalMicroseconds === this.totalMicroseconds;
  }

  __cmp__(other: unknown): number | undefined {
    if (!(other instanceof TimeDelta)) return undefined;
    return this.totalMicroseconds - other.totalMicroseconds;
  }

  __add__(other: unknown): unknown {
    return other instanceof TimeDelta ? new TimeDelta(this.totalMicroseconds + other.totalMicroseconds) : NOT_IMPLEMENTED;
  }

  __sub__(other: unknown): unknown {
    return other instanceof TimeDelta ? new TimeDelta(this.totalMicroseconds - other.totalMicroseconds) : NOT_IMPLEMENTED;
  }

  __mul__(other: unknown): unknown {
    if (typeof other === 'number' || other instanceof PyFloat) return new TimeDelta(this.totalMicroseconds * num(other));
    return NOT_IMPLEMENTED;
  }

  __rmul__(other: unknown): unknown {
    return this.__mul__(other);
  }

  __truediv__(other: unknown): unknown {
    if (other instanceof TimeDelta) return new PyFloat(this.totalMicroseconds / other.totalMicroseconds);
    if (typeof other === 'number' || other instanceof PyFloat) return new TimeDelta(this.totalMicroseconds / num(other));
    return NOT_IMPLEMENTED;
  }

  /** timedelta // timedelta is an int; timedelta // int is a timedelta, both floored on microseconds. */
  __floordiv__(other: unknown): unknown {
    if (other instanceof TimeDelta) {
      if (other.totalMicroseconds === 0) throw zeroDivisionError('integer division or modulo by zero');
      return Math.floor(this.totalMicroseconds / other.totalMicroseconds);
    }
    if (typeof other === 'number') {
      if (other === 0) throw zeroDivisionError('integer division or modulo by zero');
      return new TimeDelta(Math.floor(this.totalMicroseconds / other));
    }
    return NOT_IMPLEMENTED;
  }

  __neg__(): TimeDelta {
    return new TimeDelta(-this.totalMicroseconds);
  }
}

/** timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0) */
export function timedelta(...raw: unknown[]): TimeDelta {
  const [args, kwargs] = splitArgs(raw);
  const names = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
  const v: Record<string, number> = {};
  names.forEach((name, i) => {
    v[name] = num(i < args.length ? args[i] : kwargs[name]);
  });
  for (const key in kwargs) if (!names.includes(key)) throw typeError(`'${key}' is an invalid keyword argument for __new__()`);
  const us =
    (v.days! + v.weeks! * 7) * US_PER_DAY +
    (v.seconds! + v.minutes! * 60 + v.hours! * 3600) * 1_000_000 +
    v.milliseconds! * 1000 +
    v.microseconds!;
  return new TimeDelta(us);
}
