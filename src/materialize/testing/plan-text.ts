/** A plan as readable SQL text: the format of the golden files under src/materialize/__golden__/. */
import type { Plan } from '../plan.js';

/** Notes, then each phase with its transaction boundary and each statement preceded by its purpose. */
export function planText(plan: Plan): string {
  const lines: string[] = [];
  for (const note of plan.notes) lines.push(`-- note: ${note}`);
  plan.phases.forEach((phase, i) => {
    if (lines.length > 0) lines.push('');
    lines.push(`-- phase ${i + 1}${phase.transactional ? ': begin' : ': no transaction'}`);
    for (const planned of phase.statements) {
      lines.push(`-- ${planned.purpose}${planned.countsRows ? ' (rows affected)' : ''}`);
      lines.push(`${planned.sql};`);
    }
    if (phase.transactional) lines.push('-- commit');
  });
  return `${lines.join('\n')}\n`;
}
