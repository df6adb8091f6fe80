"""handlers.flows.disconnect: `/zoom disconnect`, and revoking a grant at Zoom as durable work."""

from __future__ import annotations

import pytest

from handlers.app.durable import RetryLater
from handlers.flows import disconnect
from handlers.flows.account_mode import ACCOUNT_MODE_NOTE
from handlers.flows.disconnect import REVOKE_ATTEMPTS, REVOKE_GRANT, revoke_command
from tests.handlers.flows.fakes import (
    KEY,
    FakeCommandRunner,
    FakeSlackClient,
    make_job,
    make_services,
    origin,
    removed_grant,
)
from zoom import TokenSet, ZoomApiError, ZoomGrantRevoked, ZoomUnavailable


def test_account_mode_answers_the_note_and_touches_no_store():
    services, client = make_services(account_mode=True), FakeSlackClient()
    disconnect.disconnect(services, client, origin())

    assert client.only_private_text() == ACCOUNT_MODE_NOTE
    assert services.journal == []


def test_nothing_connected_says_so_and_calls_no_zoom():
    services, client = make_services(connected=False), FakeSlackClient()
    disconnect.disconnect(services, client, origin())

    assert client.only_private_text() == ("You have no Zoom account connected, so there was nothing to "
                                          "disconnect.")
    assert services.journal.names() == ["connections.delete"]


def test_disconnect_deletes_here_then_revokes_at_zoom():
    services, client = make_services(), FakeSlackClient()
    disconnect.disconnect(services, client, origin())

    assert client.only_private_text() == "Disconnected: your Zoom tokens are revoked at Zoom and deleted here."
    assert services.journal.names() == ["connections.delete", "zoom_oauth.revoke_grant"]
    assert services.journal.of("connections.delete") == [{"key": KEY}]
    grant = removed_grant()
    assert services.journal.of("zoom_oauth.revoke_grant") == [{"grant": TokenSet(
        access_token=grant.access_token, refresh_token=grant.refresh_token, expires_at=grant.expires_at)}]
    assert KEY not in services.connections.connected


@pytest.mark.parametrize("error", [ZoomUnavailable("timed out"), ZoomApiError("nope", status=400),
                                   ZoomGrantRevoked("invalid_grant", status=400)])
def test_a_revoke_failing_at_zoom_still_deletes_here_and_says_so(error):
    services, client = make_services(revoke_error=error), FakeSlackClient()
    disconnect.disconnect(services, client, origin())

    text = client.only_private_text()
    assert text.startswith("Disconnected: your Zoom tokens are deleted here. Zoom could not be reached")
    assert "*Zoom App Marketplace > Manage > Added Apps*" in text
    assert services.journal.names() == ["connections.delete", "zoom_oauth.revoke_grant"]
    assert KEY not in services.connections.connected


# -- revoke_grant, the durable revocation -----------------------------------------------------------------


def run_revoke(services, attempts: int = 1):
    grant = removed_grant()
    command = revoke_command(grant)
    assert command.kind == REVOKE_GRANT
    assert command.owner == KEY
    job = make_job(FakeCommandRunner(FakeSlackClient()), kind=command.kind, payload=command.payload,
                   attempts=attempts)
    disconnect.revoke_grant(services, job)
    return grant


def test_revoke_grant_revokes_the_tokens_it_carries():
    services = make_services()
    grant = run_revoke(services)

    [called] = services.journal.of("zoom_oauth.revoke_grant")
    assert called["grant"] == TokenSet(access_token=grant.access_token, refresh_token=grant.refresh_token,
                                       expires_at=grant.expires_at)


@pytest.mark.parametrize("attempts", range(1, REVOKE_ATTEMPTS))
def test_revoke_grant_while_zoom_is_unreachable_is_retried(attempts):
    services = make_services(revoke_error=ZoomUnavailable("timed out"))
    with pytest.raises(RetryLater) as raised:
        run_revoke(services, attempts)
    assert raised.value.seconds == 10.0 * attempts


@pytest.mark.parametrize(("error", "attempts"), [(ZoomUnavailable("timed out"), REVOKE_ATTEMPTS),
                                                 (ZoomApiError("refused", status=400), 1)])
def test_revoke_grant_gives_up_quietly_when_retrying_will_not_help(error, attempts):
    services = make_services(revoke_error=error)
    run_revoke(services, attempts)  # no exception: the grant is left to expire
    assert len(services.journal.of("zoom_oauth.revoke_grant")) == 1
