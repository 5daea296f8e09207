import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { OpenLineageRunEvent } from './openlineage-events.js';

/** How long one event may take to reach an OpenLineage endpoint before it counts as not sent. */
const SEND_TIMEOUT_MS = 5000;

/**
 * Where `--openlineage` sends events: an http(s) URL (each event POSTed as JSON, as Marquez's
 * `/api/v1/lineage` takes them) or a file (one JSON object per line, appended). Events go in order,
 * in the background; a lineage endpoint that is down never fails or slows the run: `close()` waits
 * for what is under way and says what could not be sent.
 */
export class OpenLineageTransport {
  private queue: Promise<void> = Promise.resolve();
  private failed = 0;
  private firstError?: string;
  private readonly isUrl: boolean;

  constructor(
    private readonly destination: string,
    private readonly apiKey?: string,
  ) {
    this.isUrl = /^https?:\/\//i.test(destination);
  }

  send(event: OpenLineageRunEvent | undefined): void {
    if (!event) return;
    const body = JSON.stringify(event);
    this.queue = this.queue.then(() => this.deliver(body)).catch((error: unknown) => {
      this.failed++;
      // Never the credentials a URL carried, whatever the error repeats of it.
      this.firstError ??= (error instanceof Error ? error.message : String(error)).replaceAll(this.destination, shownDestination(this.destination));
    });
  }

  /** Waits for the events under way; returns a warning when some could not be sent. */
  async close(): Promise<string | undefined> {
    await this.queue;
    if (this.failed === 0) return undefined;
    return `OpenLineage: ${this.failed} event${this.failed === 1 ? '' : 's'} could not be sent to ${shownDestination(this.destination)}: ${this.firstError}`;
  }

  private async deliver(body: string): Promise<void> {
    if (!this.isUrl) {
      const file = path.resolve(this.destination);
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, `${body}\n`);
      return;
    }
    // fetch refuses a URL with credentials: a user and password in it become Basic authentication.
    // OPENLINEAGE_API_KEY, as OpenLineage's own clients read it, is sent as a bearer token instead.
    const url = new URL(this.destination);
    const basic = url.username || url.password ? Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64') : undefined;
    url.username = '';
    url.password = '';
    const authorization = this.apiKey ? `Bearer ${this.apiKey}` : basic ? `Basic ${basic}` : undefined;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  }
}

/** The destination as messages show it: a URL without the user and password it may carry. */
function shownDestination(destination: string): string {
  if (!/^https?:\/\//i.test(destination)) return destination;
  try {
    const url = new URL(destination);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return 'the OpenLineage URL';
  }
}
