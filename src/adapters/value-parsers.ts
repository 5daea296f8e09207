/**
 * How column values become JavaScript values, the same on both drivers (see QueryResult). Dates
 * and times stay text: JS Date would shift `timestamp without time zone` into the process's zone
 * and drop microseconds.
 */

const AS_TEXT = (text: string): string => text;

/** int8: a number when exact, else the text (a JS number cannot hold every bigint). */
function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

/** OID → parser for the types whose driver defaults differ between pg and PGlite or lose information. */
export const VALUE_PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  20: parseInt8,
  1700: AS_TEXT, // numeric
  1082: AS_TEXT, // date
  1083: AS_TEXT, // time
  1114: AS_TEXT, // timestamp
  1184: AS_TEXT, // timestamptz
  1186: AS_TEXT, // interval
  1266: AS_TEXT, // timetz
};
