"""Slack's markup in what people type, made readable: mentions become the names of the people mentioned.

With `should_escape: true` on `/zoom`, Slack sends a mention as `<@U123|bob>` (or `<@U123>`), a channel as
`<#C123|general>`, a user group as `<!subteam^S123|@devs>`, `@here` as `<!here>`, a link as `<https://x|x>`,
and the three characters it uses for this, `&`, `<` and `>`, as `&amp;`, `&lt;` and `&gt;`. Message text
(the "Zoom about this" shortcut) is written the same way, with *bold*, _italics_, ~strike~, `code` and
:emoji: besides.

Reading `/zoom meet` text goes in two moves: `for_reader` leaves each mention as one `<@U123>` word, which
the command language keeps out of any time (it is markup) and hands back inside the topic; `with_names`
then writes the names in. A user cannot type such a word: Slack escapes a typed `<`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from handlers.language.text import clean

_MENTION = re.compile(r"<@([UW][A-Z0-9]{2,20})(?:\|[^<>]*)?>")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]{2,20})(?:\|([^<>]*))?>")
_GROUP = re.compile(r"<!subteam\^[A-Z0-9]{2,20}(?:\|([^<>]*))?>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^<>]*)?>")
_DATE = re.compile(r"<!date\^[^<>|]*\|([^<>]*)>")
_LINK = re.compile(r"<((?:https?|mailto|tel):[^<>|\s]+)(?:\|([^<>]*))?>")
# Runs of mentions with only spaces between them ("<@U1> <@U2>") read as a list of names.
_MENTION_RUN = re.compile(rf"{_MENTION.pattern}(?:\s+{_MENTION.pattern})+")

_EMPHASIS = re.compile(r"(?<![\w*_~`])([*_~]{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*_~`])")
_CODE = re.compile(r"`{1,3}([^`]*)`{1,3}")
_EMOJI = re.compile(r":[a-z0-9][a-z0-9_+'-]*(?:::skin-tone-\d)?:")
_QUOTE = re.compile(r"^(?:&gt;|>)+\s?")
_SPACES = re.compile(r"\s+")


def mentioned_users(text: str) -> tuple[str, ...]:
    """The Slack user ids mentioned in `text`, each once, in the order they first appear."""
    return tuple(dict.fromkeys(match[1] for match in _MENTION.finditer(text)))


def labelled_names(text: str) -> dict[str, str]:
    """The names Slack wrote into the mentions (`<@U123|bob>`: "bob"), for text shown before anyone is
    looked up."""
    return {match[1]: match[0].split("|", 1)[1][:-1] for match in _MENTION.finditer(text) if "|" in match[0]}


def for_reader(text: str) -> str:
    """`/zoom meet` text as the command language should read it: every mention one `<@U123>` word, every
    other piece of markup the words it shows (`#general`, `@devs`, a link's text). Slack's `&amp;`, `&lt;`
    and `&gt;` stay until `with_names`, so that no `<` can be made here that the user did not send."""
    text = _MENTION.sub(lambda m: f"<@{m[1]}>", text)
    return _other_markup(text)


def with_names(text: str, names: Mapping[str, str]) -> str:
    """Mentions as names ("Sync with <@U1> <@U2>" is "Sync with Bob and Carol"), the rest of the markup as
    it shows, and Slack's escapes undone: text for people, to be escaped again wherever it is shown."""
    def name(user_id: str) -> str:
        return shown_name(names.get(user_id, ""))

    def run(match: re.Match[str]) -> str:
        return _listed([name(user_id) for user_id in _MENTION.findall(match[0])])

    text = _MENTION_RUN.sub(run, text)
    text = _MENTION.sub(lambda m: name(m[1]), text)
    return unescape(_other_markup(text))


def message_title(text: str, names: Mapping[str, str], *, limit: int) -> str:
    """A message's first line as a meeting's topic: names for mentions, no markup, at most `limit` characters."""
    for line in text.splitlines():
        line = _QUOTE.sub("", line.strip())
        line = _CODE.sub(lambda m: m[1], line)
        line = _EMOJI.sub(" ", line)
        for _ in range(2):  # *_both_*
            line = _EMPHASIS.sub(lambda m: m[2], line)
        # Bidi and zero-width characters out, as from typed topics: a title must read as it shows.
        line = clean(with_names(line, names))
        if line:
            return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"
    return ""


def shown_name(name: str) -> str:
    """A display name as a topic may hold it: no control, format (zero-width, bidi) or separator characters,
    which a topic may not carry, and one space between words; "someone" when nothing is left."""
    return clean(unescape(name))[:80] or "someone"


def unescape(text: str) -> str:
    """Slack's three escapes undone (`&amp;` last, so that `&amp;lt;` stays the `&lt;` someone typed)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _other_markup(text: str) -> str:
    text = _CHANNEL.sub(lambda m: f"#{m[2] or 'channel'}", text)
    text = _GROUP.sub(lambda m: m[1] or "@group", text)
    text = _SPECIAL.sub(lambda m: f"@{m[1]}", text)
    text = _DATE.sub(lambda m: m[1], text)
    return _LINK.sub(lambda m: m[2] or m[1].removeprefix("mailto:").removeprefix("tel:"), text)


def _listed(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# The most people one `/zoom meet` invites. Zoom's create-meeting schema sets no maximum for
# settings.meeting_invitees; each invitee costs a users.info (Slack's Tier 4, about 100 a minute) and a
# direct message, and their ids ride in a question's button value (2000 characters). 25 keeps all three easy.
MAX_INVITEES = 25
SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,20}")
