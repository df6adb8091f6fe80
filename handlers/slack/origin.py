"""Where a Slack command or click came from: enough to answer it, now or after a crash or a Zoom connect."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from handlers.ui.forms import mapping_of, text_of
from storage.keys import SlackUserKey


@dataclass(frozen=True)
class CommandOrigin:
    """Where a command came from: enough to answer it, now or after a Zoom connect."""

    team_id: str
    user_id: str
    channel_id: str
    response_url: str = ""
    enterprise_id: str = ""
    user_name: str = ""

    @property
    def key(self) -> SlackUserKey:
        return SlackUserKey(team_id=self.team_id, user_id=self.user_id, enterprise_id=self.enterprise_id)

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CommandOrigin:
        return cls(**{name: str(data.get(name) or "") for name in cls.__dataclass_fields__})

    @classmethod
    def from_command(cls, command: dict[str, Any]) -> CommandOrigin:
        return cls(
            team_id=command.get("team_id") or "",
            user_id=command.get("user_id") or "",
            channel_id=command.get("channel_id") or "",
            response_url=command.get("response_url") or "",
            enterprise_id=command.get("enterprise_id") or "",
            user_name=command.get("user_name") or "",
        )

    @classmethod
    def from_interaction(cls, body: dict[str, Any], *, channel_id: str | None = None) -> CommandOrigin:
        """Where a button click (block_actions) or a modal submission (view_submission) came from. A
        view_submission has no response_url and no channel: the caller passes the channel it carried."""
        user = mapping_of(body.get("user"))
        container = mapping_of(body.get("container"))
        if channel_id is None:
            channel_id = text_of(mapping_of(body.get("channel")).get("id")) or text_of(container.get("channel_id"))
        return cls(
            team_id=text_of(mapping_of(body.get("team")).get("id")) or text_of(user.get("team_id")),
            user_id=text_of(user.get("id")),
            channel_id=channel_id,
            response_url=text_of(body.get("response_url")),
            enterprise_id=text_of(mapping_of(body.get("enterprise")).get("id")),
            user_name=text_of(user.get("username")) or text_of(user.get("name")),
        )

    def __repr__(self) -> str:  # the response_url is a bearer capability: keep it out of logs
        return f"CommandOrigin(team={self.team_id}, user={self.user_id}, channel={self.channel_id})"
