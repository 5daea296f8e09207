/** The parts of Python's datetime module dbt projects use: datetime, date, timedelta (naive times only). */
import { bindArgs, splitArgs } from '../call-args.js';
import { typeError, valueError } from '../errors.js';
import { NOT_IMPLEMENTED } from '../operators.js';
import { PyFloat, reprString } from '../values.js';
import { civilFromDays, daysFromCivil, daysInMonth, weekdayOf } from './calendar.js';
import { type DateFields, strftime, strptime } from './strftime.js';
import { TimeDelta, timedelta } from './timedelta.js';

const US_PER_DAY = 86_400_000_000;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function intField(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof PyFloat) throw typeError("'float' object cannot be interpreted as an integer");
  throw typeError(`'${typeof value}' object cannot be interpreted as an integer (${name})`);
}

function checkDate(year: number, month: number, day: number): void {
  if (year < 1 || year > 9999) throw valueError(`year ${year} is out of range`);
  if (month < 1 || month > 12) throw valueError('month must be in 1..12');
  if (day < 1 || day > daysInMonth(year, month)) throw valueError('day is out of range for month');
}

function checkTime(hour: number, minute: number, second: number, microsecond: number): void {
  if (hour < 0 || hour > 23) throw valueError('hour must be in 0..23');
  if (minute < 0 || minute > 59) throw valueError('minute must be in 0..59');
  if (second < 0 || second > 59) throw valueError('second must be in 0..59');
  if (microsecond < 0 || microsecond > 999999) throw valueError('microsecond must be in 0..999999');
}

/** datetime.date */
export class PyDate {
  readonly pythonTypeName: string = 'datetime.date';
  readonly tzinfo: unknown = null;
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    checkDate(year, month, day);
  }
  protected get dayNumber(): number {
    return daysFromCivil(this.year, this.month, this.day);
  }
  protected get fields(): DateFields {
    return { year: this.year, month: this.month, day: this.day, hour: 0, minute: 0, second: 0, microsecond: 0 };
  }
  static fromDayNumber(days: number): PyDate {
    const [y, m, d] = civilFromDays(days);
    return new PyDate(y, m, d);
  }
  weekday(): number {
    return weekdayOf(this.dayNumber);
  }
  isoweekday(): number {
    return weekdayOf(this.dayNumber) + 1;
  }
  toordinal(): number {
    return this.dayNumber + 719163;
  }
  strftime(...raw: unknown[]): string {
    return strftime(this.fields, String(splitArgs(raw)[0][0]));
  }
  isoformat(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }
  replace(...raw: unknown[]): PyDate {
    const [args, kwargs] = splitArgs(raw);
    const b = bindArgs('replace', ['year', 'month', 'day'], args, kwargs);
    return new PyDate(intField('year', b.year, this.year), intField('month', b.month, this.month), intField('day', b.day, this.day));
  }
  __str__(): string {
    return this.isoformat();
  }
  __repr__(): string {
    return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
  }
  __format__(spec: string): string {
    return spec ? strftime(this.fields, spec) : this.__str__();
  }
  __eq__(other: unknown): boolean {
    return other instanceof PyDate && !(other instanceof PyDateTime) && other.dayNumber === this.dayNumber;
  }
  __cmp__(other: unknown): number | undefined {
    if (!(other instanceof PyDate) || other instanceof PyDateTime) return undefined;
    return this.dayNumber - other.dayNumber;
  }
  __add__(other: unknown): unknown {
    if (!(other instanceof TimeDelta)) return NOT_IMPLEMENTED;
    return PyDate.fromDayNumber(this.dayNumber + other.days);
  }
  __radd__(other: unknown): unknown {
    return this.__add__(other);
  }
  __sub__(other: unknown): unknown {
    if (other instanceof TimeDelta) return PyDate.fromDayNumber(this.dayNumber - other.days);
    if (other instanceof PyDate && !(other instanceof PyDateTime)) return new TimeDelta((this.dayNumber - other.dayNumber) * US_PER_DAY);
    return NOT_IMPLEMENTED;
  }
}

/** datetime.datetime (naive) */
export class PyDateTime extends PyDate {
  override readonly pythonTypeName: string = 'datetime.datetime';
  constructor(
    year: number,
    month: number,
    day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
  ) {
    super(year, month, day);
    checkTime(hour, minute, second, microsecond);
  }
  private get dayMicros(): number {
    return ((this.hour * 60 + this.minute) * 60 + this.second) * 1_000_000 + this.microsecond;
  }
  protected override get fields(): DateFields {
    return {
      year: this.year,
      month: this.month,
      day: this.day,
      hour: this.hour,
      minute: this.minute,
      second: this.second,
      microsecond: this.microsecond,
    };
  }
  static fromParts(days: number, micros: number): PyDateTime {
    const extraDays = Math.floor(micros / US_PER_DAY);
    let rest = micros - extraDays * US_PER_DAY;
    const [y, m, d] = civilFromDays(days + extraDays);
    const hour = Math.floor(rest / 3_600_000_000);
    rest -= hour * 3_600_000_000;
    const minute = Math.floor(rest / 60_000_000);
    rest -= minute * 60_000_000;
    const second = Math.floor(rest / 1_000_000);
    return new PyDateTime(y, m, d, hour, minute, second, rest - second * 1_000_000);
  }
  static fromFields(f: DateFields): PyDateTime {
    return new PyDateTime(f.year, f.month, f.day, f.hour, f.minute, f.second, f.microsecond);
  }
  static fromJsDate(date: Date, utc: boolean): PyDateTime {
    return utc
      ? new PyDateTime(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds() * 1000)
      : new PyDateTime(date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds(), date.getMilliseconds() * 1000);
  }
  date(): PyDate {
    return new PyDate(this.year, this.month, this.day);
  }
  timestamp(): PyFloat {
    const local = new Date(this.year, this.month - 1, this.day, this.hour, this.minute, this.second);
    local.setFullYear(this.year);
    return new PyFloat(local.getTime() / 1000 + this.microsecond / 1e6);
  }
  override isoformat(...raw: unknown[]): string {
    const [args, kwargs] = splitArgs(raw);
    const sep = String(args[0] ?? kwargs.sep ?? 'T');
    const time = `${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}`;
    return `${super.isoformat()}${sep}${time}${this.microsecond ? `.${pad(this.microsecond, 6)}` : ''}`;
  }
  override replace(...raw: unknown[]): PyDateTime {
    const [args, kwargs] = splitArgs(raw);
    const b = bindArgs('replace', ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'], args, kwargs);
    return new PyDateTime(
      intField('year', b.year, this.year),
      intField('month', b.month, this.month),
      intField('day', b.day, this.day),
      intField('hour', b.hour, this.hour),
      intField('minute', b.minute, this.minute),
      intField('second', b.second, this.second),
      intField('microsecond', b.microsecond, this.microsecond),
    );
  }
  override __str__(): string {
    return this.isoformat(' ');
  }
  override __repr__(): string {
    const parts = [this.year, this.month, this.day, this.hour, this.minute];
    if (this.second || this.microsecond) parts.push(this.second);
    if (this.microsecond) parts.push(this.microsecond);
    return `datetime.datetime(${parts.join(', ')})`;
  }
  override __eq__(other: unknown): boolean {
    return other instanceof PyDateTime && other.dayNumber === this.dayNumber && other.dayMicros === this.dayMicros;
  }
  override __cmp__(other: unknown): number | undefined {
    if (!(other instanceof PyDateTime)) return undefined;
    return this.dayNumber - other.dayNumber || this.dayMicros - other.dayMicros;
  }
  override __add__(other: unknown): unknown {
    if (!(other instanceof TimeDelta)) return NOT_IMPLEMENTED;
    return PyDateTime.fromParts(this.dayNumber, this.dayMicros + other.totalMicroseconds);
  }
  override __sub__(other: unknown): unknown {
    if (other instanceof TimeDelta) return PyDateTime.fromParts(this.dayNumber, this.dayMicros - other.totalMicroseconds);
    if (other instanceof PyDateTime) {
      return new TimeDelta((this.dayNumber - other.dayNumber) * US_PER_DAY + this.dayMicros - other.dayMicros);
    }
    return NOT_IMPLEMENTED;
  }
}

function parseIso(text: string, withTime: boolean): DateFields {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6}))?)?)?)?$/.exec(text);
  if (!m || (!withTime && m[4] !== undefined)) throw valueError(`Invalid isoformat string: ${reprString(text)}`);
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    microsecond: Number((m[7] ?? '0').padEnd(6, '0')),
  };
}

function numberArg(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value instanceof PyFloat) return value.value;
  throw typeError(`'${typeof value}' object cannot be interpreted as a number`);
}

/** The callable class datetime.datetime with its constructors as attributes. */
function makeDateTimeClass(): unknown {
  const cls = (...raw: unknown[]): PyDateTime => {
    const [args, kwargs] = splitArgs(raw);
    const b = bindArgs('datetime', ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'], args, kwargs, 3);
    return new PyDateTime(
      intField('year', b.year, 1),
      intField('month', b.month, 1),
      intField('day', b.day, 1),
      intField('hour', b.hour, 0),
      intField('minute', b.minute, 0),
      intField('second', b.second, 0),
      intField('microsecond', b.microsecond, 0),
    );
  };
  return Object.assign(cls, {
    now: () => PyDateTime.fromJsDate(new Date(), false),
    today: () => PyDateTime.fromJsDate(new Date(), false),
    utcnow: () => PyDateTime.fromJsDate(new Date(), true),
    strptime: (...raw: unknown[]) => {
      const [args] = splitArgs(raw);
      if (typeof args[0] !== 'string' || typeof args[1] !== 'string') throw typeError('strptime() argument 1 must be str, not ' + typeof args[0]);
      return PyDateTime.fromFields(strptime(args[0], args[1]));
    },
    fromisoformat: (text: unknown) => PyDateTime.fromFields(parseIso(String(text), true)),
    fromtimestamp: (ts: unknown) => PyDateTime.fromJsDate(new Date(numberArg(ts) * 1000), false),
    utcfromtimestamp: (ts: unknown) => PyDateTime.fromJsDate(new Date(numberArg(ts) * 1000), true),
    combine: (date: unknown) => {
      const d = date as PyDate;
      return new PyDateTime(d.year, d.month, d.day);
    },
  });
}

function makeDateClass(): unknown {
  const cls = (...raw: unknown[]): PyDate => {
    const [args, kwargs] = splitArgs(raw);
    const b = bindArgs('date', ['year', 'month', 'day'], args, kwargs, 3);
    return new PyDate(intField('year', b.year, 1), intField('month', b.month, 1), intField('day', b.day, 1));
  };
  return Object.assign(cls, {
    today: () => PyDateTime.fromJsDate(new Date(), false).date(),
    fromisoformat: (text: unknown) => {
      const f = parseIso(String(text), false);
      return new PyDate(f.year, f.month, f.day);
    },
    fromordinal: (n: unknown) => PyDate.fromDayNumber(numberArg(n) - 719163),
  });
}

/** A fresh `modules.datetime` object. */
/** A UTC datetime (tzinfo UTC), as dbt's run_started_at: printed and formatted with its +00:00. */
export class UtcDateTime extends PyDateTime {
  override readonly tzinfo: unknown = UTC_TZINFO;
  static fromInstant(date: Date): UtcDateTime {
    const naive = PyDateTime.fromJsDate(date, true);
    return new UtcDateTime(naive.year, naive.month, naive.day, naive.hour, naive.minute, naive.second, naive.microsecond);
  }
  override isoformat(...raw: unknown[]): string {
    return `${super.isoformat(...raw)}+00:00`;
  }
  override __str__(): string {
    return this.isoformat(' ');
  }
  override __repr__(): string {
    return `${super.__repr__().slice(0, -1)}, tzinfo=<UTC>)`;
  }
  override strftime(...raw: unknown[]): string {
    const spec = String(splitArgs(raw)[0][0]).replace(/%%|%z|%Z/g, (m) => (m === '%%' ? '%%' : m === '%z' ? '+0000' : 'UTC'));
    return super.strftime(spec);
  }
  override timestamp(): PyFloat {
    return new PyFloat(Date.UTC(this.year, this.month - 1, this.day, this.hour, this.minute, this.second) / 1000 + this.microsecond / 1e6);
  }
  override __add__(other: unknown): unknown {
    const sum = super.__add__(other);
    return sum instanceof PyDateTime ? new UtcDateTime(sum.year, sum.month, sum.day, sum.hour, sum.minute, sum.second, sum.microsecond) : sum;
  }
}

/** pytz.utc / datetime.timezone.utc as templates see it. */
const UTC_TZINFO = { zone: 'UTC', __str__: () => 'UTC', __repr__: () => '<UTC>' };

export function createDatetimeModule(): Record<string, unknown> {
  return {
    datetime: makeDateTimeClass(),
    date: makeDateClass(),
    timedelta,
    MINYEAR: 1,
    MAXYEAR: 9999,
  };
}
