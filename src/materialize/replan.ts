import type { MaterializeInput } from './input.js';
import type { Plan } from './plan.js';

/**
 * Raised while a plan runs, before it commits, when the guess the plan was made on turns out wrong
 * (a large seed's columns, guessed from its first rows, are changed by a later row): runPlanned plans
 * again without guessing. The transaction it ends is rolled back, so nothing of the guess remains.
 */
export class PlanGuessRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanGuessRefused';
  }
}

/**
 * Plans `input` and runs the plan; when the plan's guess is refused, by the database with the plan's
 * `replanOn` SQLSTATE (see Plan.replanOn) or by the plan itself (PlanGuessRefused), plans again with
 * `guessRefused` and runs that. Returns the plan that ran and what running it returned.
 */
export async function runPlanned<T>(
  input: MaterializeInput,
  plan: (input: MaterializeInput) => Promise<Plan>,
  run: (plan: Plan) => Promise<T>,
  sqlstateOf: (error: unknown) => string | undefined,
): Promise<{ plan: Plan; result: T }> {
  const first = await plan(input);
  try {
    return { plan: first, result: await run(first) };
  } catch (error) {
    const refused = error instanceof PlanGuessRefused || (first.replanOn !== undefined && sqlstateOf(error) === first.replanOn);
    if (!refused) throw error;
  }
  const careful = await plan({ ...input, guessRefused: true });
  return { plan: careful, result: await run(careful) };
}
