"""Reading what Slack sends back (untrusted, any shape) and building a modal's inputs."""

from __future__ import annotations

import pytest

from handlers.ui.forms import input_block, mapping_of, option, static_select, submitted, text_of

VIEW = {"state": {"values": {"b": {"a": {"type": "plain_text_input", "value": "Sync"}}}}}


@pytest.mark.parametrize("view", [None, "x", {}, {"state": []}, {"state": {"values": "x"}},
                                  {"state": {"values": {"b": ["a"]}}}, {"state": {"values": {"b": {"a": 3}}}}])
def test_an_input_of_any_other_shape_reads_as_empty(view):
    assert submitted(view, "b", "a") == {}


def test_an_input_reads_as_slack_wrote_it():
    assert submitted(VIEW, "b", "a") == {"type": "plain_text_input", "value": "Sync"}
    assert (mapping_of([1]), text_of(5), text_of("x")) == ({}, "", "x")


def test_a_select_shows_the_option_asked_for_or_none():
    options = [option("15", "15 min"), option("30", "30 min")]
    assert static_select("v", options, "30")["initial_option"] == options[1]
    assert "initial_option" not in static_select("v", options, "45")
    block = input_block("len", "Length", static_select("v", options, None), optional=True, hint="Minutes")
    assert (block["optional"], block["hint"]["text"], block["label"]["text"]) == (True, "Minutes", "Length")
    assert "hint" not in input_block("len", "Length", {"type": "datepicker"})
