"""R15: a credential's number, issuer and holder, a revocation's reason and a credential type's name are
one line: a tab, CR, LF, NUL or other control character is refused with 422 naming the field, through
the API and in an imported file alike."""
from __future__ import annotations

from banzu_common.text_rules import ONE_LINE_MESSAGE

from test_credentials_api import API, issue, people, upload  # noqa: F401 (people is a fixture)


def test_the_api_refuses_control_characters_in_every_text(client, token, people, tag):
    hr, admin = token("hr"), token("admin")
    body = {"employee_no": people["Y"], "type_code": "post_qualification", "number": f"CC{tag}",
            "issuer": "Market\nSupervision Bureau", "issued_on": "2026-01-10"}
    refused = client.post(f"{API}/credentials", json=body, headers=hr)
    assert refused.status_code == 422 and refused.get_json()["errors"] == {"issuer": [ONE_LINE_MESSAGE]}
    refused = client.post(f"{API}/credentials", json=body | {"issuer": "Plant", "number": f"CC{tag}\x85"}, headers=hr)
    assert refused.status_code == 422 and refused.get_json()["errors"] == {"number": [ONE_LINE_MESSAGE]}
    credential = issue(client, hr, **body | {"issuer": "Plant"})
    refused = client.post(f"{API}/credentials/{credential['id']}/revoke", json={"reason": "forged\tcopy"}, headers=hr)
    assert refused.status_code == 422 and refused.get_json()["errors"] == {"reason": [ONE_LINE_MESSAGE]}
    renewed = client.post(f"{API}/credentials/{credential['id']}/renew", headers=hr,
                          json={"number": f"CR{tag}", "issued_on": "2026-02-01", "issuer": "Plant\r"})
    assert renewed.status_code == 422 and renewed.get_json()["errors"] == {"issuer": [ONE_LINE_MESSAGE]}
    for name in ("Annual\npermit", {"zh": "年度许可", "en": "Annual\x00permit"}, " Annual permit\n"):
        created = client.post(f"{API}/credential-types", headers=admin,
                              json={"code": f"annual_{tag.lower()}", "name": name, "validity_months": 12})
        assert created.status_code == 422 and created.get_json()["errors"] == {"name": [ONE_LINE_MESSAGE]}, name


def test_an_imported_row_with_a_line_break_in_a_cell_is_refused(client, token, people, tag):
    csv_text = ("employee_no,type_code,number,issuer,issued_on,expires_on\n"
                f'{people["Y"]},post_qualification,IC{tag}1,"Market\nSupervision Bureau",2026-01-10,\n'
                f"{people['Z']},post_qualification,IC{tag}2,Plant,2026-01-10,\n")
    answer = upload(client, token("hr"), csv_text.encode(), "c.csv", dry_run="true").get_json()
    assert answer["errors"] == [{"row": 2, "field": "issuer", "message": ONE_LINE_MESSAGE}]
