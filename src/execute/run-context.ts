import type { Adapter } from '../adapters/adapter.js';
import type { Environment } from '../jinja/index.js';
import type { TemplateDatabase } from '../jinja/dbt/template-database.js';
import type { DatabaseState } from '../materialize/plan.js';
import type { Manifest } from '../parse/manifest.js';
import type { CompileSession } from '../parse/compile-session.js';

/** Everything executing one node needs, shared by the whole run. */
export interface RunContext {
  readonly manifest: Manifest;
  readonly session: CompileSession;
  readonly environment: Environment;
  readonly adapter: Adapter;
  readonly databaseState: DatabaseState;
  readonly templateDatabase: TemplateDatabase;
  /** Unique per run; intermediate relation names carry it. */
  readonly runId: string;
  readonly fullRefresh: boolean;
  readonly projectDir: string;
  /** Absolute `target/` directory. */
  readonly targetDir: string;
  /** Compiled SQL of the project's view models by `schema.identifier` (re-creating dependent views from the project's SQL). */
  readonly ownedViews: ReadonlyMap<string, string>;
  /** Whether failing rows of every test are stored (`--store-failures`), on top of each test's config. */
  readonly storeFailures: boolean;
  /** Folders of target/compiled already created in this run (each is created once). */
  readonly compiledFolders: Set<string>;
  /** `--empty`: refs and sources read no rows; existing history (snapshots, microbatch models) is kept. */
  readonly empty?: boolean;
  /** `--event-time-start` / `--event-time-end`: the batches microbatch models build (a backfill). */
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
}
