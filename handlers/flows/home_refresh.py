"""Keeping a user's Home tab true: after anything that changes what it shows (a connect, a disconnect, a
meeting created, cancelled or moved, new defaults), it is published again, as durable work of its own
(handlers.flows.app_home), so the flow that changed something never waits on Zoom's list or Slack for it.

Only for users who have opened the Home tab: for the others there is nothing to keep true, and Slack would
show them a Home they never asked for.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from handlers.app.services import Services
from handlers.slack.origin import CommandOrigin
from storage import NewCommand, SlackUserKey

log = logging.getLogger(__name__)

PUBLISH_HOME = "publish_home"


def republish_home(services: Services, key: SlackUserKey) -> None:
    """Publish the user's Home again soon, if they have opened it. Best effort: the change it follows is
    done and told whatever happens here, and the next app_home_opened publishes it anyway."""
    try:
        if not services.preferences.home_opened(key):
            return
        services.runner.submit(publish_command(key))
    except SQLAlchemyError as error:
        log.warning("could not queue a Home update for %s: %s", key.user_id, type(error).__name__)


def publish_command(key: SlackUserKey) -> NewCommand:
    origin = CommandOrigin(team_id=key.team_id, user_id=key.user_id, channel_id="", enterprise_id=key.enterprise_id)
    return NewCommand(kind=PUBLISH_HOME, owner=key, channel_id="", payload={"origin": origin.to_dict()})
