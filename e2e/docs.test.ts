/**
 * The docs site in a real browser: Debian's Chromium driven by playwright-core, on the page
 * `strata docs generate` writes for the example project. Never skipped: CI installs Chromium, and
 * without it the test fails saying so.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExampleProject, removeDir, repoRoot, runCli } from './cli-harness.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const DIM_PLAYERS = 'model.football_stats.dim_players';
const STG_PLAYERS = 'model.football_stats.stg_players';
const STG_TEAMS = 'model.football_stats.stg_teams';

let dir: string;
let profileDir: string;
let context: BrowserContext;
let page: Page;
let manifest: { nodes: Record<string, { resource_type: string; column_lineage?: unknown }>; child_map: Record<string, string[]> };
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`the browser test needs Chromium at ${CHROMIUM}; install it with: apt-get install -y chromium (.ci/run does)`);
  dir = await copyExampleProject();
  const generated = await runCli(['docs', 'generate', '--no-catalog', '--project-dir', dir], dir);
  expect(generated.code).toBe(0);
  expect(generated.stdout).toContain('index.html');
  manifest = JSON.parse(await readFile(path.join(dir, 'target', 'manifest.json'), 'utf8'));
  profileDir = await mkdtemp(path.join(tmpdir(), 'strata-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The page must work offline: any request beyond the file itself fails the test.
  await context.route(/^(?!file:)/, (route) => {
    pageErrors.push(`network request to ${route.request().url()}`);
    return route.abort();
  });
});

afterAll(async () => {
  await context?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
  if (dir) await removeDir(dir);
});

/** unique_ids of the nodes drawn in the lineage graph, once it is laid out. */
async function graphNodeIds(): Promise<string[]> {
  await page.locator('svg#lineage-graph[data-ready]').waitFor();
  return page.locator('svg#lineage-graph g.graph-node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id') ?? ''));
}

describe('the generated docs page in Chromium', () => {
  it('finds dim_players by search and opens it', async () => {
    await page.goto(pathToFileURL(path.join(dir, 'target', 'index.html')).href);
    await expect(page.locator('#node-list details[data-type="model"] a').count()).resolves.toBe(6);
    await page.locator('#search').fill('dim_players');
    const first = page.locator('#search-results a').first();
    await expect(first.getAttribute('data-id')).resolves.toBe(DIM_PLAYERS);
    await first.click();
    await page.waitForURL((url) => url.hash === `#!/model/${DIM_PLAYERS}`);
    await expect(page.locator('#node-title').textContent()).resolves.toContain('dim_players');
    await expect(page.locator('#description').textContent()).resolves.toBe('Players with their team, conference and status.');
    await expect(page.locator('[data-fact="materialized"] code').textContent()).resolves.toBe('table');
  });

  it('lists its columns with their tests, and its compiled SQL', async () => {
    const columns = await page.locator('#columns td.column-name').allTextContents();
    expect(columns).toEqual(expect.arrayContaining(['player_id', 'team_code']));
    const playerIdTests = await page.locator('#columns tr[data-column="player_id"] .column-tests .test-chip').allTextContents();
    expect(playerIdTests.sort()).toEqual(['not_null', 'unique']);
    await expect(page.locator('#sql').textContent()).resolves.toContain('"public_staging"."stg_players"');
  });

  it('draws its parents and children in the lineage graph, and zooms', async () => {
    const drawn = await graphNodeIds();
    expect(drawn).toEqual(expect.arrayContaining([DIM_PLAYERS, STG_PLAYERS, STG_TEAMS]));
    const children = manifest.child_map[DIM_PLAYERS]!.filter((id) => manifest.nodes[id]?.resource_type !== 'test');
    expect(drawn).toEqual(expect.arrayContaining(children));
    for (const parent of [STG_PLAYERS, STG_TEAMS])
      await expect(page.locator(`svg#lineage-graph path.graph-edge[data-from="${parent}"][data-to="${DIM_PLAYERS}"]`).count()).resolves.toBe(1);
    await expect(page.locator('svg#lineage-graph g.graph-node.focus').getAttribute('data-id')).resolves.toBe(DIM_PLAYERS);

    const before = Number(await page.locator('svg#lineage-graph').getAttribute('data-zoom'));
    await page.locator('#zoom-in').click();
    const after = Number(await page.locator('svg#lineage-graph').getAttribute('data-zoom'));
    expect(after).toBeGreaterThan(before);
    await page.locator('#zoom-fit').click();

    const screenshot = path.join(dir, 'target', 'docs.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect((await stat(screenshot)).size).toBeGreaterThan(0);
  });

  it('offers the column graph exactly when the manifest has column lineage', async () => {
    const toggle = page.locator('#lineage-toolbar button[data-mode="column"]');
    if (manifest.nodes[DIM_PLAYERS]!.column_lineage === undefined) {
      await expect(toggle.count()).resolves.toBe(0);
      return;
    }
    await toggle.click();
    await page.locator('svg#lineage-graph[data-mode="column"][data-ready]').waitFor();
    const rows = await page.locator(`svg#lineage-graph g.graph-node[data-id="${DIM_PLAYERS}"] g.graph-column`).evaluateAll((r) => r.map((e) => e.getAttribute('data-column')));
    expect(rows).toEqual(expect.arrayContaining(['player_id', 'team_code']));
    await page.locator('#lineage-toolbar button[data-mode="model"]').click();
    await page.locator('svg#lineage-graph[data-mode="model"][data-ready]').waitFor();
  });

  it('opens a parent when its node in the graph is clicked', async () => {
    await page.locator(`svg#lineage-graph g.graph-node[data-id="${STG_PLAYERS}"]`).click();
    await page.waitForURL((url) => url.hash === `#!/model/${STG_PLAYERS}`);
    // The page renders the node after the hash changes: wait for its title rather than read it at once.
    await page.locator('#node-title', { hasText: 'stg_players' }).waitFor();
    expect(await graphNodeIds()).toContain(DIM_PLAYERS);
    await expect(page.locator('svg#lineage-graph g.graph-node.focus').getAttribute('data-id')).resolves.toBe(STG_PLAYERS);
    expect(pageErrors).toEqual([]);
  });
});

describe('strata docs serve', () => {
  it('serves the generated page on 127.0.0.1 and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'strata.js'), 'docs', 'serve', '--port', '0', '--project-dir', dir], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, '.home'), NO_COLOR: '1' },
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(output);
        if (match) resolve(match[0]);
      });
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) => reject(new Error(`docs serve exited with ${code}: ${output}`)));
    });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('id="strata-docs-data"');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
