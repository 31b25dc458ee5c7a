"""Fitting event text into descriptors: short_event truncation, extended_event chains."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epg.descriptors import (
    ExtendedEventItem,
    extended_event_chain,
    fit_short_event,
    join_extended_events,
)
from epg.errors import DescriptorEncodeError, TextEncodeError
from tests.strategies.descriptors import PHRASES, arbitrary_texts

URL = ExtendedEventItem(item_description="URL", item="https://edu.example.kz/test/42")
LECTURER = ExtendedEventItem(item_description="Дәріскер", item="А. Қасымова")


def test_short_event_that_fits_is_unchanged() -> None:
    event = fit_short_event("kaz", "Математика: 1-дәріс", "Өрнектер және теңдеулер.")
    assert event.event_name == "Математика: 1-дәріс"
    assert event.text == "Өрнектер және теңдеулер."


def test_long_text_is_shortened_first_with_an_ellipsis() -> None:
    name = "Физика: лекция 2"
    event = fit_short_event("rus", name, "Законы Ньютона. " * 40)
    assert event.event_name == name
    assert event.text.startswith("Законы Ньютона.")
    assert event.text.endswith(("…", "..."))
    assert len(event.encode()) <= 257
    assert len(event.encode()) >= 245  # the room is used, not wasted


def test_a_name_over_the_room_is_shortened_and_the_text_dropped() -> None:
    event = fit_short_event("kaz", "Қазақ тілі " * 40, "мәтін")
    assert event.text == ""
    assert event.event_name.endswith("…")
    assert len(event.encode_payload()) <= 255


@given(
    name=st.sampled_from(PHRASES) | arbitrary_texts,
    text=st.text(max_size=400).filter(lambda t: t.isprintable()),
)
def test_fit_short_event_always_fits(name: str, text: str) -> None:
    try:
        event = fit_short_event("eng", name * 30, text)
    except TextEncodeError:  # e.g. U+E080-U+E09F: no DVB table holds them
        return
    assert len(event.encode_payload()) <= 255


def test_empty_chain() -> None:
    assert extended_event_chain("kaz", "") == ()


def test_short_chain_is_one_descriptor() -> None:
    (only,) = extended_event_chain("kaz", "Дәрістен кейінгі тест.", [LECTURER, URL])
    assert (only.descriptor_number, only.last_descriptor_number) == (0, 0)
    assert only.items == (LECTURER, URL)
    assert only.text == "Дәрістен кейінгі тест."


def test_long_text_is_chained_and_items_stay_whole() -> None:
    text = "Дәрістен кейінгі тест сілтемесі төменде. " * 30
    items = [ExtendedEventItem(item_description=f"Сұрақ {i}", item="ә" * 40) for i in range(8)]
    chain = extended_event_chain("kaz", text, items)
    assert len(chain) > 3
    assert [d.descriptor_number for d in chain] == list(range(len(chain)))
    assert {d.last_descriptor_number for d in chain} == {len(chain) - 1}
    assert all(len(d.encode()) <= 257 for d in chain)
    assert sum(len(d.items) for d in chain) == len(items)
    assert join_extended_events(chain) == {"kaz": (text, tuple(items))}


def test_join_orders_by_number_and_separates_languages() -> None:
    kaz = extended_event_chain("kaz", "ә" * 400)
    eng = extended_event_chain("eng", "a" * 300)
    mixed = (*reversed(kaz), *eng, LECTURER)
    assert join_extended_events(mixed) == {"kaz": ("ә" * 400, ()), "eng": ("a" * 300, ())}


def test_more_than_16_descriptors_is_refused() -> None:
    with pytest.raises(DescriptorEncodeError, match="16"):
        extended_event_chain("eng", "x" * 249 * 17)


def test_an_item_too_big_for_one_descriptor_is_refused() -> None:
    with pytest.raises(DescriptorEncodeError, match="item"):
        extended_event_chain("eng", "", [ExtendedEventItem(item_description="a", item="b" * 250)])


@given(
    text=st.lists(st.sampled_from(PHRASES) | arbitrary_texts, max_size=40).map(" ".join),
    items=st.lists(
        st.builds(
            ExtendedEventItem,
            item_description=st.sampled_from(PHRASES),
            item=st.sampled_from(PHRASES),
        ),
        max_size=12,
    ),
)
def test_join_inverts_chain(text: str, items: list[ExtendedEventItem]) -> None:
    try:
        chain = extended_event_chain("kaz", text, items)
    except DescriptorEncodeError:
        return  # over 16 descriptors
    for descriptor in chain:
        assert len(descriptor.encode()) <= 257
    if text or items:
        assert join_extended_events(chain) == {"kaz": (text, tuple(items))}
    else:
        assert chain == ()
