import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/strata-error.js';

/** The files of a new project: one seed, a staging view, a mart table, tests, and the embedded target. */
function scaffold(name: string): Record<string, string> {
  return {
    'project.yml': `name: ${name}
version: '1.0.0'

models:
  ${name}:
    staging:
      +materialized: view
    marts:
      +materialized: table
`,
    'profiles.example.yml': `# Copy to profiles.yml to use a PostgreSQL server. Without a profiles.yml, strata
# builds into the embedded database at .strata/pglite.
${name}:
  target: dev
  outputs:
    dev:
      type: pglite
      path: .strata/pglite
      schema: public
    prod:
      type: postgres
      host: "{{ env_var('PGHOST', '127.0.0.1') }}"
      port: 5432
      user: "{{ env_var('PGUSER', 'postgres') }}"
      password: "{{ env_var('PGPASSWORD', '') }}"
      dbname: "{{ env_var('PGDATABASE', 'postgres') }}"
      schema: analytics
      threads: 4
`,
    '.gitignore': 'target/\n.strata/\nprofiles.yml\n',
    'seeds/raw_customers.csv': 'customer_id,name,signed_up_on\n1,Ada,2024-01-03\n2,Grace,2024-02-11\n3,Linus,2024-03-29\n',
    'models/staging/stg_customers.sql': `select
    customer_id,
    name as customer_name,
    signed_up_on
from {{ ref('raw_customers') }}
`,
    'models/marts/customers.sql': `select
    customer_id,
    customer_name,
    date_trunc('month', signed_up_on)::date as signup_month
from {{ ref('stg_customers') }}
`,
    'models/schema.yml': `version: 2

models:
  - name: stg_customers
    columns:
      - name: customer_id
        data_tests: [unique, not_null]
  - name: customers
    columns:
      - name: customer_id
        data_tests: [unique, not_null]
`,
    'macros/.gitkeep': '',
    'tests/.gitkeep': '',
    'snapshots/.gitkeep': '',
    'analyses/.gitkeep': '',
  };
}

/** Creates `<parentDir>/<name>` with a project that `strata build` builds as it is. */
export async function initProject(parentDir: string, name: string): Promise<string> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new ConfigError(`"${name}" is not a valid project name`, { hint: 'Use letters, digits and underscores, not starting with a digit.' });
  const dir = path.resolve(parentDir, name);
  const exists = await access(dir).then(
    () => true,
    () => false,
  );
  if (exists) throw new ConfigError(`${dir} already exists`, { hint: 'Pick another name or remove the directory.' });
  for (const [file, content] of Object.entries(scaffold(name))) {
    const full = path.join(dir, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return dir;
}
