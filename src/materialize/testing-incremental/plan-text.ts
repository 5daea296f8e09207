/** Test support: a plan as readable SQL text, the form golden files pin. */
import { isCopyStatement } from '../csv/copy-statement.js';
import type { Plan } from '../plan.js';

/** Every phase with BEGIN/COMMIT around transactional ones, each statement under its purpose; COPY rows inline. */
export function planText(plan: Plan): string {
  const parts: string[] = [];
  for (const phase of plan.phases) {
    if (phase.transactional) parts.push('begin;');
    for (const statement of phase.statements) {
      const rows = isCopyStatement(statement) ? `\n${'csv' in statement.copyFrom ? statement.copyFrom.csv : '(binary rows)\n'}\\.` : '';
      parts.push(`-- ${statement.purpose}${statement.countsRows ? ' [rows]' : ''}\n${statement.sql.trim()};${rows}`);
    }
    if (phase.transactional) parts.push('commit;');
    parts.push('');
  }
  if (plan.notes.length) parts.push(...plan.notes.map((note) => `-- note: ${note}`), '');
  return parts.join('\n');
}
