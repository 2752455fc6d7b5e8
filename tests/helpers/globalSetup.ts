import postgres from 'postgres';

/** Drops test databases left behind by an interrupted earlier run, so they never pile up. */
export async function setup() {
  const admin = postgres(process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', {
    max: 1,
    onnotice: () => {},
  });
  try {
    const stale = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like 'huiyin\\_t\\_%'
        and not exists (select 1 from pg_stat_activity a where a.datname = pg_database.datname)`;
    for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}"`);
  } finally {
    await admin.end();
  }
}
