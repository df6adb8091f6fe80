"""handlers.flows.forget: forgetting a workspace that uninstalled the app, or a Zoom user who removed it."""

from __future__ import annotations

from handlers.flows.disconnect import REVOKE_GRANT
from handlers.flows.forget import forget_workspace, forget_zoom_user
from storage import SlackUserKey
from tests.handlers.flows.fakes import TEAM, connection, make_services, removed_grant

BOB = SlackUserKey(team_id=TEAM, user_id="U0BOB")
CARL = SlackUserKey(team_id="T0OTHER", user_id="U0CARL")


def test_forget_workspace_deletes_in_order_and_queues_one_revoke_per_grant():
    services = make_services(installation_store=True)
    grants = [removed_grant(), removed_grant(BOB, "zu-bob")]
    services.connections.workspace_grants = grants

    assert forget_workspace(services, team_id=TEAM, enterprise_id="") == 2

    assert services.journal.names() == [
        "installation_store.delete_all", "meetings.delete_workspace", "preferences.delete_workspace",
        "commands.forget_workspace", "connections.delete_workspace", "runner.submit", "runner.submit"]
    assert services.journal.of("preferences.delete_workspace") == [{"team_id": TEAM, "enterprise_id": ""}]
    assert services.journal.of("installation_store.delete_all") == [{"enterprise_id": None, "team_id": TEAM}]
    assert services.journal.of("meetings.delete_workspace") == [{"team_id": TEAM, "enterprise_id": ""}]
    assert services.journal.of("commands.forget_workspace") == [
        {"team_id": TEAM, "enterprise_id": "", "keep_kinds": (REVOKE_GRANT,)}]
    assert services.journal.of("connections.delete_workspace") == [{"team_id": TEAM, "enterprise_id": ""}]
    revokes = services.runner.submitted
    assert [c.kind for c in revokes] == [REVOKE_GRANT, REVOKE_GRANT]
    assert [c.owner for c in revokes] == [grant.key for grant in grants]
    assert [c.payload["access_token"] for c in revokes] == [grant.access_token for grant in grants]
    assert [c.payload["refresh_token"] for c in revokes] == [grant.refresh_token for grant in grants]
    # Nothing is revoked at Zoom now: Slack's event must not wait on it.
    assert services.journal.of("zoom_oauth.revoke_grant") == []


def test_forget_an_enterprise_without_an_installation_store():
    services = make_services()
    services.connections.workspace_grants = []

    assert forget_workspace(services, team_id="", enterprise_id="E0GRID") == 0

    assert services.journal.names() == ["meetings.delete_workspace", "preferences.delete_workspace",
                                        "commands.forget_workspace", "connections.delete_workspace"]
    assert services.journal.of("connections.delete_workspace") == [{"team_id": "", "enterprise_id": "E0GRID"}]
    assert services.runner.submitted == []


def test_forget_an_enterprise_installation_passes_none_for_the_missing_team():
    services = make_services(installation_store=True)
    forget_workspace(services, team_id="", enterprise_id="E0GRID")

    assert services.journal.of("installation_store.delete_all") == [{"enterprise_id": "E0GRID", "team_id": None}]


def test_forget_zoom_user_deletes_meetings_then_connections_and_calls_no_zoom():
    services = make_services()
    services.connections.connected[CARL] = connection(CARL)  # the same Zoom user, another workspace
    services.connections.connected[BOB] = connection(BOB, zoom_user_id="zu-bob")

    assert forget_zoom_user(services, "zu-ada") == 2

    assert services.journal.names() == ["connections.keys_of_zoom_user", "meetings.delete_for",
                                        "connections.delete_by_zoom_user"]
    [deleted] = services.journal.of("meetings.delete_for")
    assert set(deleted["owners"]) == {connection().key, CARL}
    assert list(services.connections.connected) == [BOB]
    assert services.runner.submitted == []
    assert services.journal.of("zoom_oauth.revoke_grant") == []


def test_forget_an_unknown_zoom_user():
    services = make_services()
    assert forget_zoom_user(services, "zu-nobody") == 0
    assert services.journal.of("meetings.delete_for") == [{"owners": []}]
    assert len(services.connections.connected) == 1
