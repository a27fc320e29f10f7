"""An envelope is written in exactly the form of the official CloudEvents SDK's JSON writer, with
and without the optional attributes, in any time zone, and the SDK reads it back."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from banzu_common.messaging.contracts import CredentialExpiring
from banzu_common.messaging.envelope import Envelope

EXPIRING = CredentialExpiring("c1", "E001", "special_equipment", date(2026, 12, 20), 28, 30, "SE-1",
                              "特种设备作业人员证", "Special equipment operator certificate")


def sdk_form(envelope: Envelope) -> bytes:
    return JSONFormat().write(CloudEvent(envelope.attributes(), envelope.data))


@pytest.mark.parametrize("correlation, actor", [(None, None), ("req-1", None), ("req-1", "system:sweep"),
                                                 (None, "hr-1")])
def test_an_envelope_is_written_as_the_sdk_writes_it(correlation, actor):
    envelope = Envelope.of(EXPIRING, "/banzu/credentials", correlation, actor)
    assert envelope.to_json() == sdk_form(envelope)
    assert envelope.to_text() == envelope.to_json().decode()
    assert Envelope.from_json(envelope.to_json()).contract() == EXPIRING


@pytest.mark.parametrize("offset", [timedelta(0), timedelta(hours=8)])
def test_the_time_is_written_as_the_sdk_writes_it(offset):
    envelope = Envelope.of(EXPIRING, "/banzu/credentials", None)
    moment = datetime(2026, 11, 22, 8, 0, 0, 123456, tzinfo=timezone(offset))
    shifted = Envelope(envelope.id, envelope.type, envelope.source, envelope.subject, moment, None, envelope.data)
    assert shifted.to_json() == sdk_form(shifted)


def test_an_envelope_without_subject_is_written_as_the_sdk_writes_it():
    envelope = Envelope.new("banzu.test.thing.v1", "/banzu/test", None, {"n": 1, "on": date(2026, 1, 1)}, None)
    assert envelope.to_json() == sdk_form(envelope)
