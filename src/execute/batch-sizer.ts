/**
 * How many ready tests one worker sends in one round trip. Batching pays where tests are quick and
 * the round trip is not (thousands of tests of small tables, a server across a network): each
 * statement costs a network round trip and a wake-up of the backend, often more than the query.
 * It must not cost where tests are slow: a test waiting in a batch behind a slow one could have run
 * on another connection. So the size follows what tests have taken: a batch is planned to take about
 * `targetSeconds`, starting from single tests until the first ones have been timed.
 */
export class BatchSizer {
  /** Seconds per test, as a moving average of what batches (and single tests) took. */
  private secondsPerTest: number | undefined;

  constructor(
    private readonly limits: { readonly targetSeconds: number; readonly maxSize: number } = { targetSeconds: 0.05, maxSize: 100 },
  ) {}

  /**
   * The size of the next batch, given how many batchable tests are ready and how many workers share
   * them: never more than an even share, so every free worker gets some.
   */
  nextSize(readyTests: number, workers: number): number {
    if (this.secondsPerTest === undefined) return 1;
    const byTime = Math.floor(this.limits.targetSeconds / Math.max(this.secondsPerTest, 1e-6));
    const evenShare = Math.ceil(readyTests / Math.max(workers, 1));
    return Math.max(1, Math.min(byTime, evenShare, this.limits.maxSize));
  }

  /** Records that `size` tests took `seconds` together (one round trip). */
  record(size: number, seconds: number): void {
    if (size < 1) return;
    const perTest = seconds / size;
    // Recent batches count most: a project's slow tests often come together (one big table's).
    this.secondsPerTest = this.secondsPerTest === undefined ? perTest : 0.5 * this.secondsPerTest + 0.5 * perTest;
  }
}
