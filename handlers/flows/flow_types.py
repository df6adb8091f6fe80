"""The two shapes of a flow, as the registry (handlers.flows.registry) and the runner see them."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

from handlers.app.durable import Job
from handlers.app.services import Services
from handlers.slack.origin import CommandOrigin

# A subcommand that answers its user and keeps no steps: `/zoom status`, `/zoom list`...
SlackFlow = Callable[[Services, WebClient, CommandOrigin], None]
# Durable work that reads its job (payload, step, attempts) and may record steps or ask to be retried.
JobFlow = Callable[[Services, Job], None]
# What to tell the user when a command is given up for good.
GiveUp = Callable[[Services, Job, str], None]

# The kinds of command that make a meeting, spelled once: a connect prompt resumes them after Zoom's consent.
MEET = "meet"                              # `/zoom meet` (or plain `/zoom`), typed or resubmitted from Edit
MEET_CHOICE = "meet_choice"                # a click on one reading of a question
MEET_EDIT = "meet_edit"                    # the Edit button of a question: opens the form
MEET_ABOUT_MESSAGE = "meet_about_message"  # the "Zoom about this" message shortcut
# `/zoom link` (and App Home's "Create a booking link"): resumed after a reconnect that grants Scheduler's scopes.
BOOKING_LINK = "link"
