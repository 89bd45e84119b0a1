"""Moments language files: the shipped ones hold their examples; a bad file names its key."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from twoway.chats.moments import RulesError, load_rules, read_message, rules
from twoway.chats.moments.detect import DEFAULT_THRESHOLD, Found, context_of
from twoway.chats.moments.rules import KINDS, OWN_VETO, shipped_rules, trigger_units


def test_four_languages_ship() -> None:
    assert shipped_rules() == ("de", "en", "es", "fr")


@pytest.mark.parametrize("code", ["de", "en", "es", "fr"])
def test_each_files_examples_hold(code: str) -> None:
    lang = rules(code)
    assert set(lang.examples) == {*KINDS, "none"}, "every kind has examples, and so has none"

    def read(example: str) -> list[Found]:
        before, _, text = example.rpartition(" >> ")
        context = context_of([before] if before else [], lang)
        return [f for f in read_message(text, lang, context) if f.confidence >= DEFAULT_THRESHOLD]

    for kind in KINDS:
        for example in lang.examples[kind]:
            kinds = {f.kind for f in read(example)}
            assert kind in kinds, (
                f"{code}: {example!r} should be {kind}, found {kinds or 'nothing'}"
            )
    for example in lang.examples["none"]:
        assert read(example) == [], f"{code}: {example!r} should be nothing"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "xx.toml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = 'name = "Test"\nmarkers = ["the"]\n'


def test_a_minimal_file_is_enough(tmp_path: Path) -> None:
    lang = load_rules(write(tmp_path, MINIMAL + "[gratitude]\npatterns = ['thank you']\n"))
    assert lang.code == "xx"
    assert lang.name == "Test"
    assert [f.kind for f in read_message("Thank you!", lang, frozenset())] == ["gratitude"]


@pytest.mark.parametrize(
    ("text", "key", "says"),
    [
        ('markers = ["a"]\n', "name", "language's name"),
        (MINIMAL + "colour = 1\n", "colour", "unknown key"),
        (MINIMAL + "[gratitude]\npaterns = ['x']\n", "gratitude.paterns", "unknown key"),
        (MINIMAL + "[need]\npatterns = ['(unclosed']\n", "need.patterns[0]", "regular expression"),
        (MINIMAL + "[need]\npatterns = ['(?<=x)y']\n", "need.patterns[0]", "both engines"),
        (MINIMAL + "[repair]\npatterns = ['']\n", "repair.patterns[0]", "non-empty"),
        (MINIMAL + "[repair]\nweak_after = ['rain']\n", "repair.weak_after", "unknown context"),
        (MINIMAL + "[examples]\nhugs = ['x']\n", "examples.hugs", "unknown kind"),
        (MINIMAL + "[emoji]\nsad = ['x']\n", "emoji.sad", "unknown key"),
        (MINIMAL + "[context]\nbad_news = 'x'\n", "context.bad_news", "list"),
    ],
)
def test_a_bad_file_names_its_key(tmp_path: Path, text: str, key: str, says: str) -> None:
    with pytest.raises(RulesError, match=says) as caught:
        load_rules(write(tmp_path, text))
    assert caught.value.key == key
    assert str(caught.value).startswith("xx.toml, key ")


def test_a_file_that_is_not_toml_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"xx.toml: is not valid TOML"):
        load_rules(write(tmp_path, "name = \n"))


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(Exception, match="no moments rules for language 'it'"):
        rules("it")


@pytest.mark.parametrize("code", ["de", "en", "es", "fr"])
def test_each_shipped_pattern_runs_alone_in_both_engines(code: str) -> None:
    # `rules(code)` compiles the shipped files list by list; this is the check
    # pattern by pattern that it relies on
    lang = load_rules(resources.files("twoway.chats.moments") / f"{code}.toml", check=True)
    assert lang.code == code
    assert all(s.ascii for s in lang.sections.values() if s.polars), "exact on ASCII text"


@pytest.mark.parametrize("code", ["de", "en", "es", "fr"])
def test_each_list_but_the_vetoes_is_in_a_first_pass_piece(code: str) -> None:
    # `find_moments` runs a list only on the texts a piece holding it matched: a list
    # in no piece would never be run
    lang = rules(code)
    assert len(lang.piece_keys) == len(lang.trigger_pieces)
    held = {key for keys in lang.piece_keys for key in keys}
    lists = {(name, key) for name, s in lang.sections.items() for key in s.polars}
    assert held == {(name, key) for name, key in lists if key not in ("not", OWN_VETO)}


def test_patterns_with_a_gap_run_in_pieces_of_their_own() -> None:
    # a few bounded gaps in one expression thwart the regex engine's fast path
    forms = ["a", r"b[^.]{0,30}c", "d", r"e[^.]{0,9}f", r"g\{1,2}", r"h[^.]{3,80}i"]
    units = trigger_units(forms)
    assert units[0] == r"(?:a)|(?:d)|(?:g\{1,2})"
    assert units[1:] == [r"(?:b[^.]{0,30}c)|(?:e[^.]{0,9}f)", r"(?:h[^.]{3,80}i)"]
    de = rules("de")
    gapped = [p for p in de.trigger_pieces if "{0," in p]
    assert gapped, "German needs have gaps"
    # each as `trigger_units` made it, never joined with other lists
    assert set(gapped) <= set(de.triggers)


@pytest.mark.parametrize("code", ["de", "en", "es", "fr"])
def test_a_text_its_pieces_do_not_match_matches_none_of_their_lists(code: str) -> None:
    import polars as pl

    lang = rules(code)
    texts = pl.Series([t.split(" >> ")[-1].lower() for ts in lang.examples.values() for t in ts])
    holders: dict[tuple[str, str], list[str]] = {}
    for piece, keys in zip(lang.trigger_pieces, lang.piece_keys, strict=True):
        for key in keys:
            holders.setdefault(key, []).append(piece)
    for (name, key), pieces in holders.items():
        inside = pl.DataFrame({"t": texts}).select(
            pl.any_horizontal(pl.col("t").str.contains(p) for p in pieces)
        )
        outside = texts.filter(~inside.to_series())
        assert not outside.str.contains(lang.sections[name].polars[key]).any(), (name, key)
