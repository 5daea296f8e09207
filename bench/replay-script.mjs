// Turns what a strata run sent (recorded by pg-wire-recorder.mjs) into psql scripts that replay it
// in one session, and counts statements and round trips.

/**
 * The statements of one connection, in order: { sql, protocol } where protocol is 'simple' (a Query
 * message) or 'extended' (Parse/Bind/Execute, the parameters written in as literals).
 */
export function statementsOf(connection) {
  const statements = [];
  let parsed;
  let params = [];
  for (const event of connection.events) {
    if (event.kind === 'query') statements.push({ sql: event.sql, protocol: 'simple' });
    else if (event.kind === 'parse') parsed = event.sql;
    else if (event.kind === 'bind') params = event.params;
    else if (event.kind === 'execute') statements.push({ sql: withLiterals(parsed, params), protocol: 'extended' });
  }
  return statements;
}

/** `$n` placeholders replaced by SQL literals (psql has no parameters in scripts). */
function withLiterals(sql, params) {
  return sql.replace(/\$(\d+)/g, (_, n) => {
    const value = params[Number(n) - 1];
    return value === null || value === undefined ? 'NULL' : `'${value.replaceAll("'", "''")}'`;
  });
}

const firstWord = (sql) => /^\s*(?:--[^\n]*\n\s*)*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase() ?? '';

/**
 * The statements that build the relations: every statement strata sent except reads (`select`,
 * `show`) and transactions it rolled back (probes of a query's columns). What a hand-written script
 * of the same models would hold.
 */
export function buildingStatements(connections) {
  const kept = [];
  for (const connection of connections) {
    let transaction;
    for (const { sql } of statementsOf(connection)) {
      const word = firstWord(sql);
      if (word === 'begin' || word === 'start') {
        transaction = [sql];
        continue;
      }
      if (transaction && (word === 'rollback' || word === 'abort')) {
        transaction = undefined;
        continue;
      }
      if (word === 'select' || word === 'show' || word === 'with') continue;
      if (transaction) {
        transaction.push(sql);
        if (word === 'commit' || word === 'end') {
          kept.push(...transaction);
          transaction = undefined;
        }
        continue;
      }
      kept.push(sql);
    }
  }
  return kept;
}

/** Every statement strata sent, in connection order (one session runs them one after another). */
export function allStatements(connections) {
  return connections.flatMap((connection) => statementsOf(connection).map((s) => s.sql));
}

/** A psql script of `statements`. */
export function psqlScript(statements) {
  // A statement may end in a `--` comment, so the terminator goes on its own line.
  return statements.map((sql) => `${sql}\n;\n`).join('');
}

/** Statements and round trips of a list of events (Query = one of each; extended: Execute = statement, Sync = round trip). */
export function countEvents(events) {
  let statements = 0;
  let roundTrips = 0;
  for (const event of events) {
    if (event.kind === 'query') {
      statements += 1;
      roundTrips += 1;
    } else if (event.kind === 'execute') statements += 1;
    else if (event.kind === 'sync') roundTrips += 1;
  }
  return { statements, roundTrips };
}
