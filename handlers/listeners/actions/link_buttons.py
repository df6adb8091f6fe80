"""Link buttons still send an action to the app; Slack shows a warning unless it is acknowledged."""

import re

from slack_bolt import Ack, App

LINK_BUTTONS = re.compile(r"^zoom_(join|connect|start_as_host)$")


def acknowledge(ack: Ack) -> None:
    ack()


def register(app: App) -> None:
    app.action(LINK_BUTTONS)(acknowledge)
