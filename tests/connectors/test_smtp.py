"""SmtpConnector against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiosmtpd")

from warmly.connectors.base import (
    Outgoing,
    PermanentError,
    Sent,
    TransientError,
    UncertainError,
)
from warmly.connectors.smtp import SmtpConnector, message_id

from .smtp_server import (
    PASSWORD,
    USER,
    Certs,
    Recorder,
    authenticator,
    free_port,
    make_certs,
    smtp_server,
)

FROM = "Jane Doe <jane@example.com>"
NOW = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)


def out(to: str = "bob@example.org", key: str = "act-42.v1", **kw: str) -> Outgoing:
    fields: dict[str, str | None] = {"subject": "Coffee next week?", "in_reply_to": None} | kw
    return Outgoing(
        key=key,
        platform="email",
        kind="email",
        recipient=to,
        text="Hi Bob,\n\nShall we meet on Tuesday?\n\nJane",
        **fields,
    )


def connector(ctrl: object, security: str = "none", **kw: object) -> SmtpConnector:
    return SmtpConnector(
        "127.0.0.1",
        ctrl.port,
        security,
        from_address=FROM,  # type: ignore[attr-defined,arg-type]
        timeout=5,
        clock=lambda: NOW,
        **kw,
    )  # type: ignore[arg-type]


@pytest.fixture
def certs(tmp_path: Path) -> Certs:
    pytest.importorskip("cryptography")
    return make_certs(tmp_path)


def test_plain_delivery_has_the_deterministic_message_id() -> None:
    rec = Recorder()
    with smtp_server(rec) as ctrl:
        result = connector(ctrl).send(out(in_reply_to="CAF+abc123@mail.gmail.com"))
    assert result == Sent(remote_id="<act-42.v1@warmly>")
    [msg] = rec.received
    assert msg["Message-ID"] == "<act-42.v1@warmly>"
    assert msg["From"] == FROM and msg["To"] == "bob@example.org"
    assert msg["Subject"] == "Coffee next week?"
    assert msg["Date"] == "Wed, 04 Nov 2026 10:00:00 +0000"
    assert msg["In-Reply-To"] == "<CAF+abc123@mail.gmail.com>"
    assert msg["References"] == "<CAF+abc123@mail.gmail.com>"
    assert "Shall we meet on Tuesday?" in msg.get_payload()
    assert rec.envelopes[0].mail_from == "jane@example.com"


def test_a_retry_carries_the_same_message_id() -> None:
    rec = Recorder()
    with smtp_server(rec) as ctrl:
        conn = connector(ctrl)
        conn.send(out(key="outbox:7:attempt"))
        conn.send(out(key="outbox:7:attempt"))
    ids = {m["Message-ID"] for m in rec.received}
    assert len(rec.received) == 2 and len(ids) == 1
    assert ids == {message_id("outbox:7:attempt")}  # ":" is not a dot-atom: hashed, stable
    assert message_id("outbox:7:attempt").startswith("<k.")


def test_starttls(certs: Certs) -> None:
    rec = Recorder()
    with smtp_server(rec, tls_context=certs.server, require_starttls=True) as ctrl:
        connector(ctrl, "starttls", ssl_context=certs.client).send(out())
    assert rec.envelopes[0].rcpt_tos == ["bob@example.org"]


def test_implicit_ssl(certs: Certs) -> None:
    rec = Recorder()
    with smtp_server(rec, ssl_context=certs.server) as ctrl:
        connector(ctrl, "ssl", ssl_context=certs.client).send(out())
    assert len(rec.received) == 1


def test_auth_over_starttls(certs: Certs) -> None:
    rec = Recorder()
    with smtp_server(
        rec,
        tls_context=certs.server,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
    ) as ctrl:
        connector(
            ctrl, "starttls", ssl_context=certs.client, username=USER, password=PASSWORD
        ).send(out())
        with pytest.raises(PermanentError, match="535") as err:
            connector(
                ctrl, "starttls", ssl_context=certs.client, username=USER, password="wrong"
            ).send(out())
    assert len(rec.received) == 1
    assert "wrong" not in str(err.value)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_auth_without_tls_on_loopback() -> None:
    rec = Recorder()
    with smtp_server(
        rec, authenticator=authenticator, auth_required=True, auth_require_tls=False
    ) as ctrl:
        connector(ctrl, username=USER, password=PASSWORD).send(out())
    assert len(rec.received) == 1


def test_refuses_a_clear_text_password_to_a_remote_host() -> None:
    conn = SmtpConnector("smtp.example.com", 25, "none", USER, PASSWORD, FROM)
    with pytest.raises(PermanentError, match="unencrypted"):
        conn.send(out())
    assert PASSWORD not in repr(conn)


def test_4xx_is_transient_5xx_is_permanent_with_the_servers_words() -> None:
    with smtp_server(Recorder()) as ctrl:
        with pytest.raises(TransientError, match=r"451 4\.7\.1 Greylisted"):
            connector(ctrl).send(out("greylist@example.org"))
        with pytest.raises(PermanentError, match=r"550 5\.1\.1 .*User unknown"):
            connector(ctrl).send(out("nobody@example.org"))


def test_untrusted_certificate_is_permanent(certs: Certs) -> None:
    with (
        smtp_server(Recorder(), ssl_context=certs.server) as ctrl,
        pytest.raises(PermanentError, match="certificate"),
    ):
        connector(ctrl, "ssl").send(out())  # system trust store: self-signed refused


def test_connection_refused_is_transient() -> None:
    conn = SmtpConnector("127.0.0.1", free_port(), "none", from_address=FROM, timeout=2)
    with pytest.raises(TransientError):
        conn.send(out())


def test_silent_server_times_out_transiently() -> None:
    with socket.socket() as listener:  # accepts the TCP connection, never greets
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        conn = SmtpConnector("127.0.0.1", port, "none", from_address=FROM, timeout=0.5)
        with pytest.raises(TransientError, match="timed out"):
            conn.send(out())


@dataclass
class SlowToAnswer(Recorder):
    """Queues the message, then takes longer to say so than the client waits."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(1.5)
        return reply


def test_a_reply_lost_after_the_message_went_out_is_uncertain_not_transient() -> None:
    # Retrying a "transient" error here sent the same email twice.
    handler = SlowToAnswer()
    with smtp_server(handler) as ctrl:
        conn = SmtpConnector("127.0.0.1", ctrl.port, "none", from_address=FROM, timeout=0.5)
        with pytest.raises(UncertainError, match="may have been delivered"):
            conn.send(out())
        time.sleep(1.5)
    assert len(handler.received) == 1  # it did go out


@pytest.mark.parametrize(
    "bad",
    [
        out(to="not an address"),
        out(subject="Hi\r\nBcc: everyone@example.org"),
    ],
)
def test_bad_input_is_permanent_and_never_sent(bad: Outgoing) -> None:
    conn = SmtpConnector("127.0.0.1", free_port(), "none", from_address=FROM)
    with pytest.raises(PermanentError):
        conn.send(bad)


def test_was_sent_cannot_tell() -> None:
    assert SmtpConnector("h", 25, "none", from_address=FROM).was_sent("k") is None
