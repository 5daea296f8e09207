import { describe, expect, it } from 'vitest';
import { BatchSizer } from './batch-sizer.js';

describe('BatchSizer', () => {
  it('sends single tests until one has been timed', () => {
    expect(new BatchSizer().nextSize(2000, 4)).toBe(1);
  });

  it('plans batches of about the target time, at most an even share of what is ready, at most the maximum', () => {
    const sizer = new BatchSizer({ targetSeconds: 0.05, maxSize: 100 });
    sizer.record(1, 0.002); // 2 ms a test: 25 fit in 50 ms
    expect(sizer.nextSize(2000, 4)).toBe(25);
    expect(sizer.nextSize(40, 4)).toBe(10); // 40 ready for 4 workers: 10 each
    expect(sizer.nextSize(3, 4)).toBe(1);
    // Batched, a test costs 0.2 ms: the size grows with each such batch, up to the maximum.
    sizer.record(25, 0.005);
    expect(sizer.nextSize(2000, 4)).toBe(45);
    for (let i = 0; i < 4; i++) sizer.record(100, 0.02);
    expect(sizer.nextSize(2000, 4)).toBe(100);
  });

  it('goes back to single tests when tests turn slow', () => {
    const sizer = new BatchSizer({ targetSeconds: 0.05, maxSize: 100 });
    sizer.record(100, 0.01);
    expect(sizer.nextSize(2000, 4)).toBe(100);
    sizer.record(1, 3); // one test of a big table took 3 s
    expect(sizer.nextSize(2000, 4)).toBe(1);
  });
});
