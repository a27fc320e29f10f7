"""R15: course titles, programme names, session locations, codes and the reason a session is called off
are one line (a tab, CR, LF, NUL or other control character is refused with 422 naming the field); a
mentor's evaluation note is written over lines, so it keeps LF and CR but no other control character."""
from __future__ import annotations

from banzu_common.text_rules import MULTI_LINE_MESSAGE, ONE_LINE_MESSAGE

from training_support import course_body, later, session_body


def test_names_codes_locations_and_reasons_are_one_line(client, auth, directory, tag):
    trainer = auth("trainer", username=f"tr{tag}")
    refused = client.post("/api/v1/courses", json=course_body(f"C{tag}", title="Welding\nbasics"), headers=trainer)
    assert refused.status_code == 422 and refused.json["errors"] == {"title": [ONE_LINE_MESSAGE]}
    refused = client.post("/api/v1/courses", json=course_body(f"C{tag}\t", title="Welding"), headers=trainer)
    assert refused.status_code == 422 and refused.json["errors"] == {"code": [ONE_LINE_MESSAGE]}
    assert client.post("/api/v1/courses", json=course_body(f"C{tag}"), headers=trainer).status_code == 201
    renamed = client.patch(f"/api/v1/courses/C{tag}", json={"title": "Welding\x85basics"}, headers=trainer)
    assert renamed.status_code == 422 and renamed.json["errors"] == {"title": [ONE_LINE_MESSAGE]}

    programme = {"code": f"P{tag}", "name": "Welder\r\nprogramme", "occupation": "welder", "grade": "intermediate",
                 "credential_type": "welding", "courses": [f"C{tag}"], "min_hours": 4}
    refused = client.post("/api/v1/certification-programs", json=programme, headers=auth("admin"))
    assert refused.status_code == 422 and refused.json["errors"] == {"name": [ONE_LINE_MESSAGE]}

    refused = client.post("/api/v1/sessions", json=session_body(f"C{tag}", later(days=3), location="Hall 2\x00"),
                          headers=trainer)
    assert refused.status_code == 422 and refused.json["errors"] == {"location": [ONE_LINE_MESSAGE]}
    session = client.post("/api/v1/sessions", json=session_body(f"C{tag}", later(days=3)), headers=trainer).json
    url = f"/api/v1/sessions/{session['id']}"
    moved = client.patch(url, json={"location": "Hall\t3"}, headers=trainer)
    assert moved.status_code == 422 and moved.json["errors"] == {"location": [ONE_LINE_MESSAGE]}
    refused = client.post(f"{url}/cancel", json={"reason": "设备检修\n停训一天"}, headers=trainer)
    assert refused.status_code == 422 and refused.json["errors"] == {"reason": [ONE_LINE_MESSAGE]}
    assert client.post(f"{url}/cancel", json={"reason": "设备检修，停训一天"}, headers=trainer).status_code == 200


def test_an_evaluation_note_keeps_its_lines_but_no_other_control_character(client, auth, directory, tag):
    trainer = auth("trainer")
    team = directory.team(f"T{tag}")
    body = {"mentor": directory.worker(f"M{tag}", team, grade="technician"),
            "apprentice": directory.worker(f"A{tag}", team), "occupation": "welder", "goal_grade": "intermediate",
            "starts_on": "2026-01-01", "ends_on": "2026-06-30"}
    url = f"/api/v1/mentorships/{client.post('/api/v1/mentorships', json=body, headers=trainer).json['id']}"
    refused = client.post(f"{url}/evaluations", json={"on": "2026-02-01", "rating": 4, "note": "steady\thands"},
                          headers=trainer)
    assert refused.status_code == 422 and refused.json["errors"] == {"note": [MULTI_LINE_MESSAGE]}
    note = "Steady hands.\r\nNeeds practice on overhead welds.\nNext: pipe joints."
    answer = client.post(f"{url}/evaluations", json={"on": "2026-02-01", "rating": 4, "note": note}, headers=trainer)
    assert answer.status_code == 201, answer.json
    assert client.get(url, headers=trainer).json["evaluations"][0]["note"] == note
