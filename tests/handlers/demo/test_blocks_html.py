"""Block Kit as the playground shows it (handlers/demo/blocks_html.py): readable, every text escaped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from markupsafe import Markup

from handlers.demo.blocks_html import blocks_html, mrkdwn


def _no_buttons(element, block_id):
    return Markup("[button {}]").format(element.get("action_id"))


def test_mrkdwn_styles_links_and_escapes():
    text = "*Design* _review_ ~old~ `code &lt;b&gt;` <https://x.test/a?b=1&amp;c=2|the link> <b>x</b> &lt;3"
    html = str(mrkdwn(text, "UTC"))
    assert "<strong>Design</strong>" in html
    assert "<em>review</em>" in html
    assert "<s>old</s>" in html
    assert "<code>code &lt;b&gt;</code>" in html
    assert '<a href="https://x.test/a?b=1&amp;c=2" target="_blank" rel="noopener">the link</a>' in html
    assert "<b>x</b>" not in html  # Slack's own angle brackets are a token, never HTML
    assert "&lt;3" in html


def test_a_link_slack_would_not_open_is_text():
    html = str(mrkdwn("<javascript:alert(1)|click>", "UTC"))
    assert "<a" not in html
    assert "click" in html


def test_date_tokens_are_shown_in_the_readers_zone():
    moment = datetime(2030, 3, 5, 14, 0, tzinfo=UTC)
    token = f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} at {{time}}|fallback>"
    assert str(mrkdwn(token, "Asia/Tokyo")) == "Mar 5, 2030 at 11:00 PM"
    assert str(mrkdwn(token, "America/New_York")) == "Mar 5, 2030 at 9:00 AM"
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert str(mrkdwn(f"<!date^{int(tomorrow.timestamp())}^{{date_short_pretty}}|x>", "UTC")) == "Tomorrow"
    assert str(mrkdwn("<!date^notanumber^{time}|the fallback>", "UTC")) == "the fallback"


def test_blocks_section_fields_context_actions_and_unknown():
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Hi <there>"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Topic*"},
         "fields": [{"type": "mrkdwn", "text": "*When*\nlater"}],
         "accessory": {"type": "button", "action_id": "cancel", "text": {"type": "plain_text", "text": "Cancel"}}},
        {"type": "divider"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "small"}]},
        {"type": "actions", "elements": [
            {"type": "button", "action_id": "join", "url": "https://zoom.example.test/j/1",
             "text": {"type": "plain_text", "text": "Join"}},
            {"type": "button", "action_id": "start", "url": "https://zoom.example.test/s/1?zak=secret",
             "text": {"type": "plain_text", "text": "Start"}}]},
        {"type": "video"},
    ]
    html = str(blocks_html(blocks, None, "UTC", _no_buttons))
    assert "Hi &lt;there&gt;" in html
    assert "<strong>When</strong><br>later" in html
    assert "[button cancel]" in html
    assert 'href="https://zoom.example.test/j/1"' in html
    assert "zak=" not in html
    assert ">Start<" in html
    assert "<hr" in html
    assert "[video block]" in html


def test_a_message_without_blocks_shows_its_text():
    assert str(blocks_html(None, "plain *text*", "UTC", _no_buttons)) == \
        '<div class="block">plain <strong>text</strong></div>'
