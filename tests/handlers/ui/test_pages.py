"""The browser pages (handlers/ui/pages.py, templates/page.html): every value escaped, the right icon, status and
headers, a refresh only when asked. Rendered outside any Flask app context, as Bolt's OAuth callbacks do."""

from __future__ import annotations

import re

import pytest

from handlers.ui.pages import error_page, page

OK_ICON_MARK = 'fill="#1a7f37"'     # the green circle behind the tick
ERROR_ICON_MARK = 'fill="#d4a72c"'  # the amber warning triangle


def html_of(response) -> str:
    return response.get_data(as_text=True)


def test_a_page_is_a_complete_html_document_with_title_paragraphs_and_status():
    response = page("Zoom is connected", ["You can use /zoom now.", "Close this tab."], status=200, ok=True)

    html = html_of(response)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert html.startswith("<!doctype html>\n<html lang=\"en\">")
    assert html.rstrip().endswith("</html>")
    assert "<title>Zoom is connected · Zoom for Slack</title>" in html
    assert "<h1>Zoom is connected</h1>" in html
    assert "<p>You can use /zoom now.</p>\n<p>Close this tab.</p>" in html
    assert '<meta charset="utf-8">' in html
    assert '<meta name="referrer" content="no-referrer">' in html
    assert "font-family: system-ui" in html  # the inline stylesheet is there, with single braces
    assert "{{" not in html
    assert "}}" not in html


def test_every_page_carries_the_security_headers():
    for response in (page("T", ["p"], status=200, ok=True), error_page("T", "p")):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_hostile_title_and_paragraphs_are_escaped():
    hostile = '<script>alert("x")</script>'
    html = html_of(page(hostile, [hostile, "Tom & 'Jerry' <b>bold</b>"], status=400, ok=False))

    assert "<script>" not in html
    assert "<b>" not in html
    assert "<title>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; · Zoom for Slack</title>" in html
    assert "<h1>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</h1>" in html
    assert "<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</p>" in html
    assert "<p>Tom &amp; &#39;Jerry&#39; &lt;b&gt;bold&lt;/b&gt;</p>" in html


def test_template_syntax_in_values_is_shown_literally_not_evaluated():
    html = html_of(page("{{ 7*7 }}", ["{% if true %}yes{% endif %} {{ config }}"], status=400, ok=False,
                        link=("https://example.com/{{ 7*7 }}", "{{ 7*7 }}")))

    assert "<title>{{ 7*7 }} · Zoom for Slack</title>" in html
    assert "<h1>{{ 7*7 }}</h1>" in html
    assert "<p>{% if true %}yes{% endif %} {{ config }}</p>" in html
    assert '<a class="button" href="https://example.com/{{ 7*7 }}">{{ 7*7 }}</a>' in html
    assert "49" not in html


def test_a_link_keeps_its_href_exactly_but_escaped_for_the_attribute():
    href = 'https://slack.com/app_redirect?app=A1&team=T1"><script>alert(1)</script>'
    html = html_of(page("Done", ["p"], status=200, ok=True, link=(href, "Open <Slack> & go")))

    anchors = re.findall(r'<a class="button" href="([^"]*)">([^<]*)</a>', html)
    assert anchors == [("https://slack.com/app_redirect?app=A1&amp;team=T1&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
                        "Open &lt;Slack&gt; &amp; go")]
    assert "<script>" not in html


def test_a_plain_link_is_rendered_as_given():
    html = html_of(page("Done", ["p"], status=200, ok=True, link=("https://slack.com/app_redirect?app=A1", "Open")))

    assert '<p>p</p>\n<a class="button" href="https://slack.com/app_redirect?app=A1">Open</a>\n</main>' in html


def test_no_link_means_no_button():
    assert "<a " not in html_of(page("Done", ["p"], status=200, ok=True))
    assert "<a " not in html_of(error_page("Oops", "p"))


def test_the_refresh_meta_appears_only_when_asked():
    refreshing = html_of(page("Connecting Zoom", ["Wait."], status=202, ok=True, refresh_seconds=3))
    assert '<meta http-equiv="refresh" content="3">\n<title>' in refreshing
    assert refreshing.count('http-equiv="refresh"') == 1

    for response in (page("Done", ["p"], status=200, ok=True), page("Done", ["p"], status=200, ok=True,
                                                                      refresh_seconds=None), error_page("Oops", "p")):
        html = html_of(response)
        assert "http-equiv" not in html
        assert '<meta name="referrer" content="no-referrer">\n<title>' in html


def test_the_refresh_interval_is_written_as_an_integer():
    html = html_of(page("Connecting Zoom", ["Wait."], status=202, ok=True, refresh_seconds=2.9))  # type: ignore[arg-type]

    assert '<meta http-equiv="refresh" content="2">' in html


def test_ok_pages_show_the_tick_and_error_pages_the_warning():
    ok_html = html_of(page("Done", ["p"], status=200, ok=True))
    not_ok_html = html_of(page("Failed", ["p"], status=200, ok=False))
    error_html = html_of(error_page("Failed", "p"))

    assert OK_ICON_MARK in ok_html
    assert ERROR_ICON_MARK not in ok_html
    for html in (not_ok_html, error_html):
        assert ERROR_ICON_MARK in html
        assert OK_ICON_MARK not in html
    assert '<div class="icon" aria-hidden="true"><svg ' in ok_html


@pytest.mark.parametrize(("kwargs", "status"), [({}, 400), ({"status": 404}, 404), ({"status": 500}, 500),
                                                 ({"status": 503}, 503)])
def test_error_page_status_defaults_to_400(kwargs, status):
    response = error_page("Oops", "First.", "Second.", **kwargs)

    assert response.status_code == status
    html = html_of(response)
    assert "<h1>Oops</h1>" in html
    assert "<p>First.</p>\n<p>Second.</p>" in html


@pytest.mark.parametrize("status", [200, 202, 400, 404])
def test_page_uses_the_status_it_is_given(status):
    assert page("T", ["p"], status=status, ok=status < 400).status_code == status
