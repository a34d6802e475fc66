"""The attribute vocabulary and the title words, loaded from ``intents/`` and validated
(records of :mod:`chatbot.nlu.records`: no pydantic at start-up)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

from chatbot.errors import IntentsError
from chatbot.nlu.records import Invalid, Opt, Record, Req, build
from chatbot.tomlcache import load_toml_bytes

Format = Literal["money", "hourly", "percent", "share", "count", "rating", "years", "age", "text", "range",
                 "groups", "list"]
NUMERIC_FORMATS: frozenset[str] = frozenset({"money", "hourly", "percent", "share", "count", "rating",
                                             "years", "age"})
M = TypeVar("M", bound=Record)
VOCABULARY_FILE = "vocabulary.toml"
PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)\}")
# The values the answer handlers give templates; ``{Name}`` is ``{name}`` capitalised.
TEMPLATE_VALUES: frozenset[str] = frozenset({
    "a_label", "actual", "asked", "count", "difference", "display", "examples", "extreme", "group",
    "have", "label", "lead", "loser", "loser_value", "missing", "names", "number", "of", "only_a",
    "only_b", "op", "pairs", "percent_part", "place", "plural", "plural_a", "plural_b", "present",
    "rest", "role", "roles", "runner_up", "shared", "singular", "skill", "suffix", "summary", "total",
    "value", "value_a", "value_b", "verb", "winner", "winner_value",
})
TITLE_WORDS_FILE = "title_words.toml"


def check_patterns(patterns: list[str]) -> list[str]:
    """Validator: every pattern is a valid regular expression."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from None
    return patterns


def check_template(template: str) -> str:
    """Validator: every placeholder of ``template`` is a value the answers give."""
    for name in PLACEHOLDER.findall(template):
        if name not in TEMPLATE_VALUES and name[:1].lower() + name[1:] not in TEMPLATE_VALUES:
            raise ValueError(f"unknown placeholder {{{name}}} in {template!r} "
                             f"(known: {', '.join(sorted(TEMPLATE_VALUES))})")
    return template


def check_templates(templates: dict[str, str]) -> dict[str, str]:
    """Validator: :func:`check_template` for each template of a table."""
    for template in templates.values():
        check_template(template)
    return templates


class AttributeSpec(Record):
    """One attribute people can ask about."""

    __slots__ = ("name", "label", "format", "synonyms", "patterns", "priority", "higher", "lower",
                 "higher_words", "lower_words", "suffix", "fact", "qualifiers", "qualifier_labels",
                 "companion", "end_words", "plain", "values", "national")
    name: str
    label: str
    format: Format
    synonyms: list[str]
    patterns: list[str]
    priority: int
    higher: str | None
    lower: str | None
    higher_words: list[str]
    lower_words: list[str]
    suffix: str
    fact: str
    qualifiers: dict[str, list[str]]
    qualifier_labels: dict[str, str]  # how answers name a group
    companion: str | None  # a share shown beside the value ("Bachelor's Degree (69%)")
    # a range: the attribute of each end and the words naming it, and what ranks it when no end is named
    end_words: dict[str, list[str]]
    plain: str | None
    values: dict[str, list[str]]  # words naming one value ("bachelors")
    # a national figure: asked for one state or city, the pages hold none (false: places, texts, lists)
    national: bool

    FIELDS: ClassVar[dict[str, Any]] = {
        "name": str,
        "label": str,
        "format": Format,
        "synonyms": Req(list[str], min_length=1),
        "patterns": Opt(list[str], factory=list, check=check_patterns),
        "priority": Opt(int, 1),
        "higher": Opt(str | None),
        "lower": Opt(str | None),
        "higher_words": Opt(list[str], factory=list),
        "lower_words": Opt(list[str], factory=list),
        "suffix": Opt(str, ""),
        "fact": Req(str, check=check_template),
        "qualifiers": Opt(dict[str, list[str]], factory=dict),
        "qualifier_labels": Opt(dict[str, str], factory=dict),
        "companion": Opt(str | None),
        "end_words": Opt(dict[str, list[str]], factory=dict),
        "plain": Opt(str | None),
        "values": Opt(dict[str, list[str]], factory=dict),
        "national": Opt(bool, True),
    }

    @property
    def numeric(self) -> bool:
        return self.format in NUMERIC_FORMATS or self.format == "groups"


class Directions(Record):
    __slots__ = ("higher", "lower")
    higher: list[str]
    lower: list[str]
    FIELDS: ClassVar[dict[str, Any]] = {"higher": list[str], "lower": list[str]}


class Thresholds(Record):
    __slots__ = ("above", "below", "at_least", "at_most", "figure_words")
    above: list[str]
    below: list[str]
    at_least: list[str]
    at_most: list[str]
    # words that stand for a figure, with an optional threshold: positive = "above 0"
    figure_words: dict[str, str]
    FIELDS: ClassVar[dict[str, Any]] = {
        "above": list[str],
        "below": list[str],
        "at_least": Opt(list[str], factory=list),
        "at_most": Opt(list[str], factory=list),
        "figure_words": Opt(dict[str, str], factory=dict),
    }


WORD_LISTS = ("difference", "ranking", "count_words", "count_nouns", "group_words", "group_nouns", "other")
MORE_WORD_LISTS = ("superlatives", "coordinators", "again", "excluding", "relative")


class Modifiers(Record):
    """Words of the modifiers the engine handles: differences, rankings, counts, groups,
    ordinals and the words joining several attributes (see ``vocabulary.toml``)."""

    __slots__ = (*WORD_LISTS, "numbers", "ordinals", *MORE_WORD_LISTS)
    difference: list[str]
    ranking: list[str]
    count_words: list[str]
    count_nouns: list[str]
    group_words: list[str]
    group_nouns: list[str]
    other: list[str]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    superlatives: list[str]
    coordinators: list[str]
    again: list[str]
    excluding: list[str]
    relative: list[str]  # "roles where ...": a clause, not a place

    FIELDS: ClassVar[dict[str, Any]] = {
        **{name: Opt(list[str], factory=list) for name in WORD_LISTS},
        "numbers": Opt(dict[str, int], factory=dict),
        "ordinals": Opt(dict[str, int], factory=dict),
        **{name: Opt(list[str], factory=list) for name in MORE_WORD_LISTS},
    }


class Vocabulary(Record):
    """All of ``vocabulary.toml``."""

    __slots__ = ("attribute", "directions", "thresholds", "not_covered", "not_covered_patterns",
                 "function_words", "modifiers")
    attribute: list[AttributeSpec]
    directions: Directions
    thresholds: Thresholds
    not_covered: list[str]     # topics the pages never hold ("benefits")
    not_covered_patterns: list[str]
    function_words: list[str]  # harmless words ("please", "roughly")
    modifiers: Modifiers

    FIELDS: ClassVar[dict[str, Any]] = {
        "attribute": list[AttributeSpec],
        "directions": Directions,
        "thresholds": Thresholds,
        "not_covered": Opt(list[str], factory=list),
        "not_covered_patterns": Opt(list[str], factory=list, check=check_patterns),
        "function_words": Opt(list[str], factory=list),
        "modifiers": Opt(Modifiers, factory=Modifiers),
    }

    def get(self, name: str) -> AttributeSpec | None:
        return next((a for a in self.attribute if a.name == name), None)


class TitleWords(Record):
    """All of ``title_words.toml``."""

    __slots__ = ("heads", "modifiers", "abbreviations", "generic")
    heads: list[str]
    modifiers: list[str]
    abbreviations: dict[str, str]
    generic: list[str]  # people in general ("workers"): no role alone

    FIELDS: ClassVar[dict[str, Any]] = {
        "heads": list[str],
        "modifiers": list[str],
        "abbreviations": Opt(dict[str, str], factory=dict),
        "generic": Opt(list[str], factory=list),
    }


def load_toml(path: Path) -> dict[str, Any]:
    """A TOML file's content, or :class:`IntentsError` naming the file (parsed once per
    version of the file: :mod:`chatbot.tomlcache`)."""
    try:
        return load_toml_bytes(path.read_bytes())
    except FileNotFoundError:
        raise IntentsError(str(path), "missing; reinstall career-chat or restore the file") from None
    except OSError as exc:
        raise IntentsError(str(path), f"cannot read: {exc.strerror or exc}; "
                                      "restore the file or reinstall career-chat") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError or UnicodeDecodeError (tomllib loads on a cache miss)
        detail = " ".join(str(exc).split())
        raise IntentsError(str(path), f"not valid TOML: {detail}; "
                                      "fix the file at that position or reinstall career-chat") from None


def load_model(model: type[M], path: Path) -> M:
    """A TOML file validated as ``model``, or :class:`IntentsError` naming file and field."""
    try:
        return build(model, load_toml(path))
    except Invalid as exc:
        raise IntentsError(str(path), str(exc)) from None


def load_vocabulary(folder: Path) -> Vocabulary:
    return load_model(Vocabulary, folder / VOCABULARY_FILE)


def load_title_words(folder: Path) -> TitleWords:
    return load_model(TitleWords, folder / TITLE_WORDS_FILE)
