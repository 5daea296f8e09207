import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { ReportEvent, Reporter } from './events.js';
import { toRecord } from './json-reporter.js';

/** `--log-path <file>`: the JSON log lines appended to a file, whatever the console shows. */
export class JsonFileReporter implements Reporter {
  private readonly stream: WriteStream;

  constructor(file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.stream = createWriteStream(file, { flags: 'a' });
  }

  report(event: ReportEvent): void {
    this.stream.write(`${JSON.stringify(toRecord(event))}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
