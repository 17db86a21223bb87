"""PostgreSQL's plan for a query, as the suites that check list queries read it."""

import json
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Node:
    type: str
    relation: str | None
    index: str | None


def plan_nodes(sql, *, seqscan=True):
    """Every node of PostgreSQL's plan for ``sql``. With ``seqscan=False`` the planner may not
    read a table whole: whether an index fits the query's shape, where a small test table (never
    vacuumed inside the test's transaction) costs less read whole."""
    with connection.cursor() as cursor:
        if not seqscan:
            cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
        finally:
            if not seqscan:
                cursor.execute("RESET enable_seqscan")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return list(_walk(plan[0]["Plan"]))


def _walk(plan):
    yield Node(plan["Node Type"], plan.get("Relation Name"), plan.get("Index Name"))
    for child in plan.get("Plans", []):
        yield from _walk(child)
