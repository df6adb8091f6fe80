"""Block Kit as readable HTML, for the playground: what Slack would show, approximately, and every text escaped.

Covers what the bot sends (section with text, fields and an accessory, context, actions, header, divider, image)
and Slack's mrkdwn (*bold*, _italic_, ~strike~, `code`, links, mentions, and date tokens shown in the reader's
own time zone, as Slack shows them). A block it does not know is shown by its type, never dropped silently.
Buttons with a URL become links; other buttons become form buttons the playground turns into Slack's
block_actions request.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from handlers.demo.emulators import START_URL_MARKER

# Slack's angle-bracket tokens: <https://x|label>, <@U123>, <#C123|name>, <!here>, <!date^ts^format|fallback>.
_TOKEN = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
_STYLES = (
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), "strong"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), "em"),
    (re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])"), "s"),
)
_CODE = re.compile(r"`([^`\n]+)`")
_EMOJI_CODE = re.compile(r":([a-z0-9_+-]+):")
# The emoji the bot's messages use, as Slack shows them; another :name: stays as typed.
EMOJI = {
    "white_check_mark": "\u2705", "repeat": "\U0001f501", "no_entry_sign": "\U0001f6ab",
    "arrows_counterclockwise": "\U0001f504", "lock": "\U0001f512", "information_source": "\u2139\ufe0f",
    "red_circle": "\U0001f534", "hourglass_flowing_sand": "\u23f3", "wave": "\U0001f44b",
    "video_camera": "\U0001f4f9", "thinking_face": "\U0001f914", "movie_camera": "\U0001f3a5",
    "warning": "\u26a0\ufe0f", "calendar": "\U0001f4c5", "x": "\u274c", "tada": "\U0001f389",
}

# A button's click, as the playground wants it posted: (action_id, block_id, value) -> the form's HTML.
ButtonForm = Callable[[dict[str, Any], str | None], Markup]


def mrkdwn(text: str, tz: str) -> Markup:
    """Slack mrkdwn to HTML. Slack's own escapes (&amp; &lt; &gt;) are undone first, then everything escaped."""
    pieces: list[Markup] = []
    at = 0
    for match in _CODE.finditer(text):  # `code` first: nothing inside it is styled
        pieces.append(_with_tokens(text[at:match.start()], tz))
        inside = _TOKEN.sub(lambda m: m.group(2) or m.group(1).lstrip("@#!"), match.group(1))
        pieces.append(Markup("<code>{}</code>").format(_unescape(inside)))
        at = match.end()
    pieces.append(_with_tokens(text[at:], tz))
    return Markup("").join(pieces).replace("\n", Markup("<br>"))


def _with_tokens(text: str, tz: str) -> Markup:
    pieces: list[Markup] = []
    at = 0
    for match in _TOKEN.finditer(text):
        pieces.append(_inline_styles(_unescape(text[at:match.start()])))
        pieces.append(_token(match.group(1), match.group(2), tz))
        at = match.end()
    pieces.append(_inline_styles(_unescape(text[at:])))
    return Markup("").join(pieces)


def text_object(obj: dict[str, Any] | None, tz: str) -> Markup:
    if not obj:
        return Markup("")
    if obj.get("type") == "mrkdwn":
        return mrkdwn(str(obj.get("text", "")), tz)
    return escape(str(obj.get("text", "")))


def blocks_html(blocks: list[Any] | None, text: str | None, tz: str, button_form: ButtonForm) -> Markup:
    """A message's blocks (or its text when it has none) as HTML."""
    if not blocks:
        return Markup('<div class="block">{}</div>').format(mrkdwn(text or "", tz))
    return Markup("").join(_block(block, tz, button_form) for block in blocks if isinstance(block, dict))


def _block(block: dict[str, Any], tz: str, button_form: ButtonForm) -> Markup:
    kind = block.get("type")
    block_id = block.get("block_id")
    if kind == "section":
        parts = [Markup('<div class="text">{}</div>').format(text_object(block.get("text"), tz))]
        fields = block.get("fields") or []
        if fields:
            parts.append(Markup('<div class="fields">{}</div>').format(Markup("").join(
                Markup("<div>{}</div>").format(text_object(f, tz)) for f in fields)))
        accessory = block.get("accessory")
        if isinstance(accessory, dict):
            parts.append(Markup('<div class="accessory">{}</div>').format(_element(accessory, block_id, tz,
                                                                                    button_form)))
        return Markup('<div class="block section">{}</div>').format(Markup("").join(parts))
    if kind == "header":
        return Markup('<div class="block header"><strong>{}</strong></div>').format(text_object(block.get("text"), tz))
    if kind == "divider":
        return Markup('<hr class="block">')
    if kind == "context":
        return Markup('<div class="block context">{}</div>').format(Markup(" · ").join(
            _element(e, block_id, tz, button_form) for e in block.get("elements") or [] if isinstance(e, dict)))
    if kind == "actions":
        return Markup('<div class="block actions">{}</div>').format(Markup("").join(
            _element(e, block_id, tz, button_form) for e in block.get("elements") or [] if isinstance(e, dict)))
    if kind == "image":
        return Markup('<div class="block">[image: {}]</div>').format(block.get("alt_text", ""))
    return Markup('<div class="block unknown">[{} block]</div>').format(kind)


def _element(element: dict[str, Any], block_id: str | None, tz: str, button_form: ButtonForm) -> Markup:
    kind = element.get("type")
    if kind in ("mrkdwn", "plain_text"):
        return text_object(element, tz)
    if kind == "image":
        return Markup("[{}]").format(element.get("alt_text", "image"))
    if kind == "button":
        label = text_object(element.get("text"), tz)
        if START_URL_MARKER in str(element.get("url", "")):
            # The host's start link grants host rights: a page never shows it (the developers' guide).
            return Markup('<span class="button" title="The host link is not shown here">{}</span>').format(label)
        if element.get("url"):
            return Markup('<a class="button" href="{}" target="_blank" rel="noopener">{}</a>').format(
                element["url"], label)
        return button_form(element, block_id)
    if kind in ("static_select", "overflow"):
        labels = [text_object(o.get("text"), tz) for o in element.get("options") or [] if isinstance(o, dict)]
        return Markup('<span class="select">[menu: {}]</span>').format(Markup(", ").join(labels))
    return Markup("[{}]").format(kind)


def _inline_styles(text: str) -> Markup:
    text = _EMOJI_CODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)
    html = str(escape(text))  # markers (* _ ~) survive escaping unchanged
    for pattern, tag in _STYLES:
        html = pattern.sub(rf"<{tag}>\1</{tag}>", html)
    return Markup(html)  # noqa: S704 -- built from escaped text and fixed tags only


def _token(body: str, label: str | None, tz: str) -> Markup:
    if body.startswith("!date^"):
        return escape(_date_token(body, label, tz))
    if body.startswith("@"):
        return Markup('<span class="mention">@{}</span>').format(label or body[1:])
    if body.startswith("#"):
        return Markup('<span class="mention">#{}</span>').format(label or body[1:])
    if body.startswith("!"):
        return Markup('<span class="mention">@{}</span>').format(body[1:].split("^")[0])
    target = _unescape(body)
    if not target.startswith(("https://", "http://", "mailto:", "slack://")):
        return escape(_unescape(label or body))  # not a link Slack would open
    return Markup('<a href="{}" target="_blank" rel="noopener">{}</a>').format(target, _unescape(label or body))


def _date_token(body: str, fallback: str | None, tz: str) -> str:
    """<!date^1700000000^{date_short_pretty} at {time}|fallback> in the reader's zone, as Slack shows it."""
    parts = body.split("^")
    try:
        moment = datetime.fromtimestamp(int(parts[1]), UTC).astimezone(ZoneInfo(tz))
        template = parts[2]
    except (IndexError, ValueError, KeyError):
        return _unescape(fallback or "")
    today = datetime.now(ZoneInfo(tz)).date()
    pretty = {today: "Today", today + timedelta(days=1): "Tomorrow",
              today - timedelta(days=1): "Yesterday"}.get(moment.date())
    words = {
        "date_short_pretty": pretty or f"{moment:%b} {moment.day}, {moment.year}",
        "date_short": f"{moment:%b} {moment.day}, {moment.year}",
        "date_long_pretty": pretty or f"{moment:%A, %B} {moment.day}, {moment.year}",
        "date_long": f"{moment:%A, %B} {moment.day}, {moment.year}",
        "date": f"{moment:%B} {moment.day}, {moment.year}",
        "time": f"{moment.hour % 12 or 12}:{moment:%M %p}",
    }
    return re.sub(r"\{(\w+)\}", lambda m: words.get(m.group(1), m.group(0)), template)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
