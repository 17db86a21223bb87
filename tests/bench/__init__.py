"""`make bench` (`python -m tests.bench`): how far each answer is from the stack's floor, at small
and at national scale, then under a mixed load and a storm of concurrent transitions.

The flow, on a dedicated database recreated for the run (never the developer's):

1. migrate, `seed_demo`, grow to the small scale (`tests.bench_scale`);
2. count each case's SQL queries in-process (Django's test client, the production settings);
3. with `BENCH_SCALE=national`: grow to national scale and count again;
4. start gunicorn with production settings (debug off, `gunicorn.conf.py`, `BENCH_WORKERS` sync
   workers, the public cache in Redis) and time each case, alternating request by request with
   the floor (`/robots.txt`) so that machine noise cancels in the ratio;
5. the mixed load: readers on public pages while writers post comments and move dossiers;
6. transition throughput, then a storm of 8 clients performing the same transitions on the same
   dossiers, checked against the history rows (lost, doubled).

Prints a table and writes `bench/out/latest.json`.

    make bench                                                  # SQLite, small scale
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnnum_bench make bench
    BENCH_SCALE=national DATABASE_URL=postgres://… make bench

Settings (environment): `DATABASE_URL` (its database name gets `_bench` appended unless it
already says `bench`; that database is dropped and recreated), `BENCH_REDIS_URL` (default
`redis://127.0.0.1:6379/4`, flushed by the run), `BENCH_SCALE` (`small`, `national`),
`BENCH_REQUESTS` (timed pairs per case, 60), `BENCH_COLD_REQUESTS` (10), `BENCH_CASE_SECONDS`
(stop a slow case after this long, once it has 10 pairs; 30), `BENCH_WORKERS` (2),
`BENCH_LOAD_SECONDS` (60), `BENCH_READERS` (8), `BENCH_COMMENT_INTERVAL` (seconds between two
comments, 1.0), `BENCH_TRANSITION_INTERVAL` (2.0), `BENCH_STORM_DOSSIERS` (10), `BENCH_REUSE`
(`1`: on PostgreSQL, measure again on the database the last run of the same scale grew, as the
runs before left it, with the query counts it took at small scale; `bench/out/database.json`).
"""
