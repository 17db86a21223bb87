"""The bench's flow (see the package's docstring): database, growth, counts, server, phases,
report."""

import datetime
import json
import logging
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

from tests.bench import cases as bench_cases
from tests.bench import load
from tests.live_server import (
    PROJECT_DIR,
    resident_mb,
    start_gunicorn,
    stop,
    wait_serving,
    worker_pids,
)

OUT = PROJECT_DIR / "bench" / "out" / "latest.json"
# What a run leaves for the next one under BENCH_REUSE=1: the database it grew, to which scale,
# and the query counts it took at small scale before growing further.
KEPT = PROJECT_DIR / "bench" / "out" / "database.json"
SCALES = ("small", "national")
STORM_WORKERS = 8
CITIZENS = 24  # 5 comments a minute each at most (THROTTLE_COMMENT_POST)
HUB_MEMBERS = 12
START_SECONDS = 180  # a loaded 2-core machine starts gunicorn slowly


def _setting(name, default, cast=int):
    return cast(os.environ.get(name, default))


def bench_database(folder, scale):
    """The run's own database URL and what a previous run left in it (``None``: recreated
    empty): SQLite in ``folder`` by default, else the server of ``DATABASE_URL`` with a database
    name that says ``bench``. With ``BENCH_REUSE=1``, the database the last run grew to ``scale``
    is kept as it is."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{folder / 'bench.sqlite3'}", None
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        name = f"{name}_bench"
    if parts.scheme.startswith("postgres"):
        import psycopg
        from psycopg import sql

        url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
        kept = _kept(url, scale)
        with psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=urllib.parse.unquote(parts.username or "postgres"),
            password=urllib.parse.unquote(parts.password or "") or None,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if kept and exists:
                return url, kept
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        KEPT.unlink(missing_ok=True)
        return url, None
    raise SystemExit("Leave DATABASE_URL unset for SQLite: the bench makes its own file.")


def _kept(url, scale):
    """What the last run recorded of ``url`` when ``BENCH_REUSE=1`` and it grew it to ``scale``."""
    if os.environ.get("BENCH_REUSE") != "1" or not KEPT.exists():
        return None
    kept = json.loads(KEPT.read_text())
    return kept if kept.get("database") == url and kept.get("scale") == scale else None


def _keep(database_url, scale, cases, sizes):
    KEPT.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "database": database_url,
        "scale": scale,
        "commit": _commit(),
        "sizes": sizes,
        "queries_at_small": {_key(case): case.queries.get("small") for case in cases},
    }
    KEPT.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")


def _commit():
    found = subprocess.run(  # noqa: S603
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or None


def _key(case):
    return f"{case.name}|{case.user}|{case.cold}"


def grow(scale, out=sys.stderr):
    """Grow the database by ``scale`` (small, then national: about 1 % over the national totals)."""
    from tests import bench_scale

    bench_scale.grow_to(scale, out=out)


def main():
    scale = os.environ.get("BENCH_SCALE", "small")
    if scale not in SCALES:
        raise SystemExit(f"BENCH_SCALE must be one of {', '.join(SCALES)}")
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    database_url, kept = bench_database(folder, scale)
    workers = _setting("BENCH_WORKERS", 2)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "governance.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # The bench measures pages, not the TOTP enrolment every staff member goes through.
        "DJANGO_REQUIRE_STAFF_MFA": "0",
        # As behind one proxy: each simulated client names its address in X-Forwarded-For.
        "DJANGO_TRUSTED_PROXIES": "1",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_LOG_LEVEL": "ERROR",
        "WEB_CONCURRENCY": str(workers),
    }
    commands = [["migrate", "--noinput"]] + [["seed_demo"]] * (kept is None)
    _say(f"Database {database_url.split('@')[-1]}: {', '.join(c[0] for c in commands)}…")
    for command in commands:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=PROJECT_DIR,
            env={**env, "DJANGO_DEBUG": "1"},  # seed_demo refuses to run with debug off
            check=True,
            stdout=subprocess.DEVNULL,
        )
    os.environ.update(env)
    import django

    django.setup()
    # Refusals the bench provokes on purpose (404 on a page past the end, 409 in the storm) are
    # logged as warnings; errors still show.
    logging.getLogger("django").setLevel(logging.ERROR)
    from django.core.cache import cache
    from django.core.management import call_command

    from cms.models import ConsultationStatus
    from tests.bench import fixtures

    call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()
    if kept is None:
        _say("Growing to small scale…")
        grow("small")
    consultation = fixtures.busiest_consultation()
    open_consultation = fixtures.busiest_consultation(ConsultationStatus.OPEN)
    cases = bench_cases.build(
        consultation.pk,
        urllib.parse.urlsplit(consultation.url).path,
        fixtures.recommendation_page_path(),
        fixtures.rich_dossier_id(),
    )
    if kept is None:
        sizes = {"small": _sizes(consultation)}
        _say("Counting queries at small scale…")
        bench_cases.deepen(cases, consultation)
        bench_cases.count_queries(cases, "small")
        if scale == "national":
            _say("Growing to national scale…")
            grow("national")
            sizes["national"] = _sizes(consultation)
        _keep(database_url, scale, cases, sizes)
    else:
        _say(f"Kept from the last run: the database at {scale} scale, the counts at small scale")
        if kept.get("commit") != _commit():
            _say(
                f"  (counted at small scale on {kept.get('commit')}, not on this checkout: a "
                "difference of query counts may come from the code, not from the data)"
            )
        sizes = {**kept["sizes"], f"{scale}_now": _sizes(consultation)}
        for case in cases:
            case.queries["small"] = kept["queries_at_small"].get(_key(case))
    if scale == "national":
        bench_cases.deepen(cases, consultation)
        _say("Counting queries at national scale…")
        bench_cases.count_queries(cases, "national")
    citizens = fixtures.accounts("banc-citoyen", CITIZENS)
    hub_idf = fixtures.accounts("banc-pole-idf", HUB_MEMBERS, ["hub:ile-de-france"])
    cache.clear()

    log_path = folder / "server.log"
    _say(f"Starting gunicorn ({workers} workers; its log: {log_path})…")
    with log_path.open("w") as log:
        server, base = start_gunicorn(env, workers=workers, log=log)
        try:
            wait_serving(server, base, START_SECONDS)
            report, storm_keys, storm_ids = _measure(
                base, server, scale, cases, open_consultation, citizens, hub_idf, workers
            )
        finally:
            stop(server)
        report["database"] = database_url.split(":", 1)[0]
        report["sizes"] = sizes
        report["commit"] = _commit()
        report["queries_at_small_commit"] = kept.get("commit") if kept else report["commit"]
        _write(report)  # kept should the storm fail
        # As many server workers as clients, so that every request of the storm is in the
        # database at the same time as the others (the application preloaded: 8 workers
        # importing it side by side take minutes on a small machine).
        _say(f"The storm, on a server with {STORM_WORKERS} workers…")
        server, base = start_gunicorn(env, workers=STORM_WORKERS, log=log, preload=True)
        try:
            wait_serving(server, base, START_SECONDS)
            storm = load.storm(base, storm_keys, storm_ids)
            storm["server_workers"] = STORM_WORKERS
            report["concurrent_transitions"] = storm
            report["worker_rss_mb"] = round(max(report["worker_rss_mb"], _rss(server)), 1)
        finally:
            stop(server)
    report["acceptance"] = acceptance(report)
    _write(report)
    _print(report)
    print(f"\nWritten: {OUT.relative_to(PROJECT_DIR)}")


def _write(report):
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def _measure(base, server, scale, cases, open_consultation, citizens, hub_idf, workers):
    from django.core.cache import cache

    from tests.bench import fixtures

    samples = _setting("BENCH_REQUESTS", 60)
    cold_samples = _setting("BENCH_COLD_REQUESTS", 10)
    case_seconds = _setting("BENCH_CASE_SECONDS", 30, float)
    browsers = bench_cases.signed_in_browsers(
        base, {case.user for case in cases if case.user}, "demo"
    )
    for index, case in enumerate(cases):
        _say(f"  [{index + 1}/{len(cases)}] {case.name} {case.user or ''}")
        browser = browsers[case.user] if case.user else load.Browser(address="10.0.0.1")
        bench_cases.time_case(
            base,
            case,
            browser,
            cold_samples if case.cold else samples,
            case_seconds,
            cache.clear,
        )
    rss_after_pages = _rss(server)
    floor = [ms for case in cases for ms in case.floor_ms]

    storm_ids = fixtures.submitted_dossiers(_setting("BENCH_STORM_DOSSIERS", 10))
    throughput_ids = fixtures.submitted_dossiers(30)
    load_ids = fixtures.submitted_dossiers(40)
    citizen_keys = load.tokens(base, citizens, fixtures.PASSWORD, network=5)
    hub_keys = load.tokens(base, hub_idf, fixtures.PASSWORD, network=6)
    settings = {
        "seconds": _setting("BENCH_LOAD_SECONDS", 60, float),
        "readers": _setting("BENCH_READERS", 8),
        "comment_interval": _setting("BENCH_COMMENT_INTERVAL", 1.0, float),
        "transition_interval": _setting("BENCH_TRANSITION_INTERVAL", 2.0, float),
    }
    _say(f"Mixed load for {settings['seconds']:.0f} s…")
    public = [case.path for case in cases if case.anonymous and not case.cold]
    # The readers read what the writers change (when the cases' busiest consultation is not
    # the open one).
    for path in (
        urllib.parse.urlsplit(open_consultation.url).path,
        f"/api/v1/consultations/{open_consultation.pk}/comments/",
    ):
        if path not in public:
            public.append(path)
    mixed = load.mixed_load(
        base,
        pages=public,
        consultation_id=open_consultation.pk,
        citizen_keys=citizen_keys,
        hub_keys=dict(list(hub_keys.items())[:1]),
        dossier_ids=load_ids,
        settings=settings,
    )
    mixed["workers"] = workers
    _say("Transition throughput…")
    keys = list(hub_keys.values())
    throughput = load.transition_throughput(base, keys[1:3], throughput_ids, clients=workers)
    rss = max(rss_after_pages, _rss(server))
    report = {
        "scale": scale,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "workers": workers,
        "floor": {
            "p50_ms": round(statistics.median(floor), 2),
            "p95_ms": round(bench_cases.percentile(floor, 0.95), 2),
        },
        "cases": [_case_row(case, scale) for case in cases],
        "mixed_load": mixed,
        "transitions_per_s": throughput["transitions_per_s"],
        "transition_throughput": throughput,
        "worker_rss_mb": round(rss, 1),
    }
    return report, keys[-STORM_WORKERS:], storm_ids


def _case_row(case, scale):
    return {
        "name": case.name + (f" ({case.user})" if case.user else ""),
        "path": case.path,
        "anonymous": case.anonymous,
        "cold": case.cold,
        **bench_cases.summary(case),
        "statuses": sorted(case.http_statuses),
        "queries_at_small": case.queries.get("small"),
        "queries_at_large": case.queries.get("national"),
    }


def acceptance(report):
    """The issue's acceptance lines, each with what fails it (it is read at national scale)."""
    rows = report["cases"]

    def over(limit, keep):
        return [row["name"] for row in rows if keep(row) and row["ratio_p50_to_floor"] > limit]

    mixed, storm = report["mixed_load"], report["concurrent_transitions"]
    checks = [
        (
            "query counts equal at small and national scale",
            [r["name"] for r in rows if r["queries_at_large"] not in (None, r["queries_at_small"])]
            if report["scale"] == "national"
            else None,  # counted at one scale only
        ),
        ("signed-in p50 within 20x the floor", over(20, lambda r: not r["anonymous"])),
        ("anonymous repeat p50 within 2x", over(2, lambda r: r["anonymous"] and not r["cold"])),
        ("anonymous first visit p50 within 15x", over(15, lambda r: r["anonymous"] and r["cold"])),
        ("mixed load without errors", [f"{mixed['errors']} errors"] if mixed["errors"] else []),
        (
            "mixed load anonymous p50 within 2x, p99 within 10x the floor under load",
            [f"p50 {mixed['anonymous_p50_ratio']}x"] * (mixed["anonymous_p50_ratio"] > 2)
            + [f"p99 {mixed['anonymous_p99_ratio']}x"] * (mixed["anonymous_p99_ratio"] > 10),
        ),
        (
            "storm: nothing lost or doubled",
            [f"{storm[k]} {k}" for k in ("lost", "doubled") if storm[k]],
        ),
        (
            "worker resident memory under 250 MB",
            [f"{report['worker_rss_mb']} MB"] * (report["worker_rss_mb"] >= 250),
        ),
    ]
    return [
        {"check": text, "ok": None if failing is None else not failing, "failing": failing or []}
        for text, failing in checks
    ]


def _sizes(consultation):
    from cms.models import Comment
    from workflows.models import Dossier

    return {
        "dossiers": Dossier.objects.count(),
        "comments": Comment.objects.count(),
        "comments_on_the_measured_consultation": consultation.comments.count(),
    }


def _rss(server):
    return max((resident_mb(pid) for pid in worker_pids(server.pid)), default=0)


def _say(text):
    print(text, file=sys.stderr, flush=True)


def _print(report):
    floor = report["floor"]
    print(f"\nData: {report['sizes']}")
    print(
        f"Scale {report['scale']}, {report['database']}, {report['workers']} gunicorn workers; "
        f"floor /robots.txt p50 {floor['p50_ms']} ms, p95 {floor['p95_ms']} ms"
    )
    print("ratio = case p50 / floor p50 of the same interleaved run; queries small → national\n")
    header = ("case", "status", "n", "p50 ms", "p95 ms", "ratio", "queries")
    print("{:44} {:>7} {:>3} {:>8} {:>8} {:>7} {:>9}".format(*header))
    for row in report["cases"]:
        name = row["name"] + (", cold" if row["cold"] and "first visit" not in row["name"] else "")
        statuses = ",".join(str(s) for s in row["statuses"])
        queries = f"{row['queries_at_small']}"
        if row["queries_at_large"] is not None:
            queries += f"→{row['queries_at_large']}"
        print(
            f"{name[:44]:44} {statuses:>7} {row['samples']:>3} {row['p50_ms']:>8.1f} "
            f"{row['p95_ms']:>8.1f} {row['ratio_p50_to_floor']:>7.1f} {queries:>9}"
        )
    mixed = report["mixed_load"]
    print(
        f"\nMixed load: {mixed['seconds']} s, {mixed['readers']} readers, {mixed['workers']} "
        f"workers: {mixed['requests']} requests ({mixed['requests_per_s']}/s), "
        f"{mixed['errors']} errors, {mixed['conflicts']} conflicts, "
        f"{mixed['rate_limited']} rate-limited, {mixed['other_refusals']} other refusals; "
        f"{mixed['comments_posted']} comments, {mixed['transitions_done']} transitions"
    )
    print(
        f"  under load: floor p50 {mixed['floor_p50_ms']} ms p99 {mixed['floor_p99_ms']} ms; "
        f"anonymous p50 {mixed['anonymous_p50_ms']} ms ({mixed['anonymous_p50_ratio']}×), "
        f"p99 {mixed['anonymous_p99_ms']} ms ({mixed['anonymous_p99_ratio']}×)"
    )
    throughput = report["transition_throughput"]
    print(
        f"Transitions: {report['transitions_per_s']}/s ({throughput['succeeded']} in "
        f"{throughput['seconds']} s, {throughput['clients']} clients)"
    )
    storm = report["concurrent_transitions"]
    print(
        f"Storm: {storm['workers']} clients on {storm['dossiers']} dossiers "
        f"({storm['server_workers']} server workers): "
        f"{storm['attempted']} attempted, {storm['succeeded']} succeeded, "
        f"{storm['conflicts']} conflicts, {storm['errors']} errors, {storm['other']} other, "
        f"{storm['lost']} lost, {storm['doubled']} doubled"
    )
    print(f"Worker resident memory (largest): {report['worker_rss_mb']} MB")
    print(f"\nAcceptance (read at national scale on PostgreSQL), here at {report['scale']} scale:")
    for check in report["acceptance"]:
        failing = ": " + ", ".join(check["failing"]) if check["failing"] else ""
        verdict = {True: "ok  ", False: "FAIL", None: "n/a "}[check["ok"]]
        print(f"  {verdict} {check['check']}{failing}")
