"""Telling people about a meeting by direct message, each of them once, whatever is retried or resumed.

The flows that tell people (`/zoom meet`'s invitees and a thread's people, a move's invitees) keep in
their command's result who has been told, and record each person before the next is sent: a command
resumed after a crash, a retry or a wait skips whoever is recorded. The one window left is a crash
between Slack taking a message and the flow recording it (milliseconds): that person gets it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Sequence

from slack_sdk.errors import SlackApiError

from handlers.app.durable import Job, RetryLater
from handlers.slack.profiles import passing_failure
from handlers.ui.messages import SlackMessage

log = logging.getLogger(__name__)


def send_each(job: Job, people: Sequence[str], message: SlackMessage, *, done: Collection[str], about: str
              ) -> Iterator[tuple[str, bool]]:
    """Send `message` to each of `people` not in `done`, one after the other, yielding (user id, reached)
    after each: the caller records it (`job.advance`) before asking for the next, which is only sent then.

    Slack away for a passing reason (an outage, a rate limit, a connection reset) raises RetryLater, the
    progress recorded so far kept; refused for good (no such user, an app, a closed account), or still
    away after a command's 30 minutes, that person is yielded as not reached, for the host to be told."""
    for user_id in people:
        if user_id in done:
            continue
        try:
            job.client.chat_postMessage(channel=user_id, unfurl_links=False, unfurl_media=False,
                                        **message.as_kwargs())
        except (SlackApiError, OSError) as error:
            if passing_failure(error) and not job.stale:
                raise RetryLater(3.0 * job.attempts, "Slack did not take a direct message") from None
            log.warning("could not send user %s a direct message about %s", user_id, about)
            yield user_id, False
            continue
        yield user_id, True


def unreached_notice(name: str) -> str:
    """For the host: someone the bot could not tell (their name as Slack shows it, or "")."""
    return f"I could not send {name or 'someone'} a direct message: share the join link with them yourself."
