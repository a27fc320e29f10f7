"""The audit trail and the right to a copy, end to end: HR revokes a certificate, a trainer records
attendance and a contest is published; the merged trail names each actor, and the certificate the
promotion brought carries the organizer as the cause. A worker's personal-data ZIP holds what every
part keeps about them and is theirs alone."""
from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import date, timedelta

from client import eventually
from flows import certify, created, run_contest, team, user, worker

TODAY = date.today()


def trail(admin, **filters) -> list[dict]:
    answer = admin.get("/audit", params=filters | {"per_page": 100})
    assert answer.status == 200, answer
    return answer.json()["items"]


def test_every_part_s_writes_are_attributed_and_a_worker_gets_their_data(banzu, admin):
    tag = uuid.uuid4().hex[:6].upper()
    hr = user(admin, banzu, f"hr{tag}".lower(), ["hr"])
    trainer = user(admin, banzu, f"tr{tag}".lower(), ["trainer"])
    home = team(hr, f"T{tag}", f"Acme {tag}")
    a, b, c, d = (worker(hr, f"{x}{tag}", home, grade) for x, grade in
                  (("A", "intermediate"), ("B", "senior"), ("C", "junior"), ("D", "junior")))
    me = user(admin, banzu, f"w{tag}".lower(), ["worker"], employee_no=a)

    # HR issues and revokes a certificate of A's
    issued = created(hr, "/credentials", {"employee_no": a, "type_code": "special_equipment", "number": f"SE{tag}",
                                          "issuer": "Bureau", "issued_on": (TODAY - timedelta(days=30)).isoformat()},
                     "A's certificate")
    assert hr.post(f"/credentials/{issued['id']}/revoke", {"reason": "issued in error"}).status == 200
    # a trainer records A's attendance (a one-course programme to senior)
    certify(trainer, a, tag, "senior")
    # an organizer publishes domain.md's contest: B first, A second
    cid = run_contest(admin, banzu, "electrician", TODAY.isoformat(), {
        a: (90, [80, 84, 86, 88, 90], [40, 42, 44]), b: (80, [88, 88, 90, 92, 94], [40, 40, 43]),
        c: (70, [70, 72, 74, 76, 78], [30, 35, 37]), d: (50, [50, 55, 60, 58, 52], [20, 25, 24])})

    [revoke] = [e for e in trail(admin, part="credentials", kind="credential", id=issued["id"])
                if e["action"] == "revoke"]
    assert revoke["actor"] == f"hr{tag}".lower() and revoke["after"]["revoke_reason"] == "issued in error"
    attendance = trail(admin, part="training", kind="attendance", actor=f"tr{tag}".lower())
    assert [e["id"].split("/")[1] for e in attendance] == [a] and attendance[0]["after"]["present"] is True
    published = [e for e in trail(admin, part="competition", kind="contest", id=cid) if e["action"] == "publish"]
    assert len(published) == 1 and published[0]["after"]["status"] == "published"
    organizer = published[0]["actor"]

    # B's skill-level certificate, issued from the contest's promotion, names the organizer as its cause
    def b_skill_level():
        return [e for e in trail(admin, part="credentials", kind="credential", actor=organizer)
                if e["after"] and e["after"].get("employee_no") == b and e["after"].get("type_code") == "skill_level"]

    [caused] = eventually(b_skill_level, "the skill-level certificate of B's promotion in the trail")
    assert (caused["actor"], caused["job"], caused["cause"]) == ("system", "credentials-consumer", organizer)
    assert caused["event_id"]
    # HR reads the directory's and credentials' trails, not the others
    assert hr.get("/audit", params={"part": "credentials"}).status == 200
    assert hr.get("/audit", params={"part": "competition"}).status == 403
    merged = hr.get("/audit", params={"per_page": 500}).json()["items"]
    assert {e["part"] for e in merged} <= {"directory", "credentials"} and merged == sorted(
        merged, key=lambda e: e["at"], reverse=True)

    # A's copy of their data, from every part
    answer = eventually(lambda: (lambda r: r if r.status == 200 else None)(me.get(f"/workers/{a}/personal-data")),
                        "A's personal data")
    assert answer.content_type == "application/zip"
    zipped = zipfile.ZipFile(io.BytesIO(answer.body))
    assert set(zipped.namelist()) == {"gateway.json", "credentials.json", "training.json", "competition.json",
                                      "summary.txt"}
    parts = {name.removesuffix(".json"): json.loads(zipped.read(name)) for name in zipped.namelist()
             if name.endswith(".json")}
    assert parts["gateway"]["directory"][0]["employee_no"] == a
    assert [acct["username"] for acct in parts["gateway"]["accounts"]] == [f"w{tag}".lower()]
    assert "password_hash" not in parts["gateway"]["accounts"][0]
    assert {cr["number"] for cr in parts["credentials"]["credentials"]} >= {f"SE{tag}"}
    assert [r["employee_no"] for r in parts["training"]["attendance"]] == [a]
    assert [r["rank"] for r in parts["competition"]["results"]] == [2]
    scores = parts["competition"]["scores_received"]
    assert scores and all("judge_id" not in s and "entered_by" not in s and s["scored_by"] in ("judge", "organizer")
                          for s in scores), "judges appear by role, never by name or id"
    assert f"{a}" in zipped.read("summary.txt").decode() and "不可" not in zipped.read("summary.txt").decode()
    other = user(admin, banzu, f"o{tag}".lower(), ["worker"], employee_no=b)
    assert other.get(f"/workers/{a}/personal-data").status == 403
    assert hr.get(f"/workers/{a}/personal-data").status == 403
