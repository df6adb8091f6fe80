"""Who a stored row belongs to, as a value that crosses from Slack into storage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SlackUserKey:
    """A Slack user in a workspace. The same user id in two workspaces is two people, except on
    Enterprise Grid, where user ids are global to the enterprise and so is the key."""

    team_id: str
    user_id: str
    enterprise_id: str = ""

    @property
    def workspace_key(self) -> str:
        return self.enterprise_id or self.team_id
