import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDocs, type ServedDocs } from './serve-docs.js';

let root: string;
let served: ServedDocs;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'strata-serve-'));
  await mkdir(path.join(root, 'target'));
  await writeFile(path.join(root, 'target', 'index.html'), '<!doctype html><title>docs</title>');
  await writeFile(path.join(root, 'target', 'catalog.json'), '{"nodes":{}}');
  await writeFile(path.join(root, 'secret.txt'), 'outside target');
  served = await serveDocs({ dir: path.join(root, 'target'), port: 0 });
});
afterAll(async () => {
  await served?.close();
  await rm(root, { recursive: true, force: true });
});

/** A raw GET, so paths like /../x reach the server as written (fetch would normalise them). */
function get(pathname: string): Promise<{ status: number; type?: string; body: string }> {
  const url = new URL(served.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: pathname }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('docs serve', () => {
  it('listens on 127.0.0.1 only and names its URL', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers / with index.html and other files with their types', async () => {
    expect(await get('/')).toEqual({ status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>docs</title>' });
    expect(await get('/catalog.json')).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', body: '{"nodes":{}}' });
  });

  it('serves nothing outside the directory', async () => {
    expect((await get('/../secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('/missing.html')).status).toBe(404);
  });
});
