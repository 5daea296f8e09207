import type { MaterializeInput } from './input.js';
import type { Plan } from './plan.js';

/**
 * Plans `input` and runs the plan; when the database refuses it with the plan's `replanOn` SQLSTATE
 * (a guess that changed nothing, see Plan.replanOn), plans again with `inPlaceRefused` and runs that.
 * Returns the plan that ran and what running it returned.
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
    if (!first.replanOn || sqlstateOf(error) !== first.replanOn) throw error;
  }
  const careful = await plan({ ...input, inPlaceRefused: true });
  return { plan: careful, result: await run(careful) };
}
