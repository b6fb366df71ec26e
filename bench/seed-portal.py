#!/usr/bin/env python3
"""Seeds a Hearth SQLite store (already migrated, e.g. by the PortalBenchmark suite) for
bench/portal.sh: one tenant 'bench' with APPS apps (app-0000 …) and INVOCATIONS finished
invocation-log rows spread over the last 7 days, then their hourly statistics, computed with the
backfill statement of Migrations/sqlite/0007_invocation_stats.sql.

One transaction, prepared statements (executemany): about a minute for a million rows.
Usage: bench/seed-portal.py DB [APPS] [INVOCATIONS]
"""
import os
import random
import sqlite3
import sys
import time
import uuid

MIGRATION = os.path.join(os.path.dirname(__file__), "..", "Migrations", "sqlite", "0007_invocation_stats.sql")


def uuid7(ms, rng):
    """A time-ordered UUID (version 7) for the millisecond `ms`, upper-case as Swift writes it."""
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rng.getrandbits(12) << 64 | 0b10 << 62 | rng.getrandbits(62)
    return str(uuid.UUID(int=value)).upper()


def backfill_statement():
    with open(MIGRATION, encoding="utf-8") as f:
        text = f.read()
    return text[text.index("INSERT INTO invocation_stats"):]


def main():
    db = sys.argv[1]
    apps = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    invocations = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    rng = random.Random(13)
    started = time.monotonic()
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("BEGIN IMMEDIATE")
    now_ms = int(time.time() * 1000)
    tenant = str(uuid.uuid4()).upper()
    connection.execute("INSERT INTO tenants (id, name, created_at) VALUES (?, 'bench', ?)", (tenant, now_ms))
    app_ids = [str(uuid.uuid4()).upper() for _ in range(apps)]
    connection.executemany(
        "INSERT INTO apps (id, tenant_id, name, created_at) VALUES (?, ?, ?, ?)",
        ((app_id, tenant, f"app-{i:04d}", now_ms) for i, app_id in enumerate(app_ids)),
    )
    week_ms = 7 * 24 * 3600 * 1000

    def rows():
        for _ in range(invocations):
            start = now_ms - rng.randrange(week_ms)
            failed = rng.random() < 0.05
            duration = rng.lognormvariate(3, 1.2)
            yield (
                uuid7(start, rng), app_ids[rng.randrange(apps)], f"Function{rng.randrange(5)}", "http", start, duration,
                "failed" if failed else "succeeded", "boom" if failed else None, "[]", "bench-worker",
            )

    connection.executemany(
        """INSERT INTO invocations (id, app_id, function_name, trigger_kind, started_at, duration_ms, status, error, logs, worker_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        rows(),
    )
    connection.execute("DELETE FROM invocation_stats")
    connection.execute(backfill_statement())
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    print(f"seeded {apps} apps and {invocations} invocations in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
