"""One phrase table in nl and en (culturemap.i18n): every key in both languages, one t() for all of them."""
import pytest

from culturemap.i18n import PHRASES, t


def test_every_phrase_has_dutch_and_english():
    import string

    from culturemap.i18n import PHRASES, t

    def fields(value):
        return {f[1] for f in string.Formatter().parse(value) if f[1]} if isinstance(value, str) else set()

    for key, entry in PHRASES.items():
        assert set(entry) >= {"nl", "en"}, key
        if not key.startswith("story."):   # a loop story's word order differs by language (see i18n/stories.py)
            assert fields(entry["nl"]) == fields(entry["en"]), key
    assert t("mark.spread_groups", "nl", n=7, total=13, groups=4) == "Genoemd in 7 van 13 dialogen, in 4 groepen"


def test_other_languages_and_empty_entries_fall_back_to_english():
    assert t("mark.cherish", "de") == t("mark.cherish", "en") == "cherish"
    assert t("doc.subtitle", "nl") == "Cultuurkaart klantgerichtheid"


def test_without_fields_the_template_is_returned_for_later_filling():
    assert t("deck.loop", "nl") == "{id} · {kind}"
    assert t("deck.loop", "nl", id="R1", kind="Versterkend") == "R1 · Versterkend"


def test_structured_entries_come_back_whole():
    steps = t("deck.steps", "en")
    assert len(steps) == 5 and steps[0][0] == "Dialogues"


def test_each_area_of_the_table_is_there():
    prefixes = {key.split(".")[0] for key in PHRASES}
    assert {"mark", "diagram", "doc", "story", "deck", "session"} <= prefixes


def test_an_unknown_key_is_a_programming_error():
    with pytest.raises(KeyError):
        t("no.such.phrase", "nl")
