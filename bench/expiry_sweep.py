"""S3: the expiry sweep over 1,000,000 credentials on PostgreSQL, ~30,000 of them crossing a
reminder threshold on the sweep date.

Measured: the service's own sweep (notices inserted set-based, events written to the outbox), end to
end and committed. Baseline, same run and data: one hand-written INSERT … SELECT applying the same
rule (most urgent threshold crossed, nothing already sent), writing the same notice rows and one
event row per notice into empty copies of the notices and outbox tables: the same inserts, with
none of the service's machinery.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

from common import bus_env, report, scratch_databases

SWEEP_ON = date(2026, 11, 22)
SPREAD_DAYS = 3000  # expiry dates spread evenly: 90 of 3,000 days fall inside the 90-day window


def load_credentials(engine, count: int) -> None:
    created = datetime.now(timezone.utc)
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor:
            with cursor.copy("COPY credentials (id, employee_no, type_code, number, issuer, issued_on, expires_on, "
                             "verification_code, created_at) FROM STDIN") as copy:
                for n in range(count):
                    expires = SWEEP_ON + timedelta(days=1 + n % SPREAD_DAYS)
                    copy.write_row((str(uuid.UUID(int=n + 1)), f"E{n % 200000:06d}", "special_equipment", f"SE{n:08d}",
                                    "Bureau", expires - timedelta(days=4 * 365), expires, "ABCDEFGH", created))
        raw.commit()
        connection.execute(text("ANALYZE credentials"))
        connection.commit()


BARE = """
WITH sent AS (
  INSERT INTO bare_notices (credential_id, kind, threshold, sent_on, employee_no, type_code, expires_on)
  SELECT c.id, 'expiring', t.threshold, :on, c.employee_no, c.type_code, c.expires_on
  FROM credentials c
  CROSS JOIN LATERAL (SELECT min(r.days) AS threshold FROM credential_type_reminders r
                      WHERE r.type_code = c.type_code AND r.days >= c.expires_on - CAST(:on AS date)) t
  WHERE c.revoked_on IS NULL AND c.superseded_by IS NULL AND c.expires_on >= :on AND c.expires_on <= :last
    AND t.threshold IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM bare_notices n WHERE n.credential_id = c.id
                    AND (n.kind = 'expired' OR (n.kind = 'expiring' AND n.threshold <= t.threshold)))
  ON CONFLICT DO NOTHING
  RETURNING *
)
INSERT INTO bare_outbox (event_id, type, body, created_at)
SELECT gen_random_uuid()::text, 'banzu.credentials.credential.expiring.v1',
       json_build_object('id', gen_random_uuid(), 'type', 'banzu.credentials.credential.expiring.v1',
                         'data', row_to_json(sent))::text, now()
FROM sent
"""


def run(count: int = 1_000_000) -> list[dict]:
    bin_dir = Path(sys.executable).parent
    with scratch_databases("credentials") as (url,):
        env = {**os.environ, **bus_env(), "BANZU_CREDENTIALS_DATABASE_URL": url}
        subprocess.run([str(bin_dir / "banzu-credentials"), "migrate"], env=env, check=True, capture_output=True)
        os.environ["BANZU_CREDENTIALS_DATABASE_URL"] = url
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        load_credentials(engine, count)

        from banzu_credentials.entrypoints.cli import scheduled_sweep
        started = time.perf_counter()
        result = scheduled_sweep(SWEEP_ON)
        swept = time.perf_counter() - started

        with engine.connect() as connection:
            connection.execute(text("CREATE TABLE bare_notices (LIKE credential_notices INCLUDING ALL)"))
            connection.execute(text("CREATE TABLE bare_outbox (LIKE outbox INCLUDING ALL)"))
            connection.commit()
            connection.execute(text("SET jit = off"))
            params = {"on": SWEEP_ON, "last": SWEEP_ON + timedelta(days=90)}
            started = time.perf_counter()
            bare_rows = connection.execute(text(BARE), params).rowcount
            connection.commit()
            bare = time.perf_counter() - started
            events = connection.execute(text("SELECT count(*) FROM outbox")).scalar()
        engine.dispose()
    notices = result["expiring"] + result["expired"]
    assert notices == bare_rows == events, (result, bare_rows, events)
    return [report("S3", f"expiry sweep over {count:,} credentials, {notices:,} notices and events", swept, "s",
                   bare, "one bare INSERT … SELECT of the same notices and events", "≤ 5 s and ≤ 3× the baseline")]


if __name__ == "__main__":
    run()
