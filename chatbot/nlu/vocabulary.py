"""The attribute vocabulary and the title words, loaded from ``intents/`` and validated."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from chatbot.errors import IntentsError
from chatbot.tomlcache import load_toml_bytes

Format = Literal["money", "hourly", "percent", "share", "count", "rating", "years", "age", "text", "range",
                 "groups", "list"]
NUMERIC_FORMATS: frozenset[str] = frozenset({"money", "hourly", "percent", "share", "count", "rating",
                                             "years", "age"})
M = TypeVar("M", bound=BaseModel)
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


class AttributeSpec(BaseModel):
    """One attribute people can ask about."""

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", frozen=True)

    name: str
    label: str
    format: Format
    synonyms: list[str] = Field(min_length=1)
    patterns: list[str] = Field(default_factory=list)
    priority: int = 1
    higher: str | None = None
    lower: str | None = None
    higher_words: list[str] = Field(default_factory=list)
    lower_words: list[str] = Field(default_factory=list)
    suffix: str = ""
    fact: str
    qualifiers: dict[str, list[str]] = Field(default_factory=dict)
    qualifier_labels: dict[str, str] = Field(default_factory=dict)  # how answers name a group
    companion: str | None = None  # a share shown beside the value ("Bachelor's Degree (69%)")
    # a range: the attribute of each end and the words naming it, and what ranks it when no end is named
    end_words: dict[str, list[str]] = Field(default_factory=dict)
    plain: str | None = None
    values: dict[str, list[str]] = Field(default_factory=dict)  # words naming one value ("bachelors")
    # a national figure: asked for one state or city, the pages hold none (false: places, texts, lists)
    national: bool = True

    _patterns_compile = field_validator("patterns")(classmethod(lambda cls, v: check_patterns(v)))
    _fact_placeholders = field_validator("fact")(classmethod(lambda cls, v: check_template(v)))

    @property
    def numeric(self) -> bool:
        return self.format in NUMERIC_FORMATS or self.format == "groups"


class Directions(BaseModel):
    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", frozen=True)
    higher: list[str]
    lower: list[str]


class Thresholds(BaseModel):
    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", frozen=True)
    above: list[str]
    below: list[str]
    at_least: list[str] = Field(default_factory=list)
    at_most: list[str] = Field(default_factory=list)
    # words that stand for a figure, with an optional threshold: positive = "above 0"
    figure_words: dict[str, str] = Field(default_factory=dict)


class Modifiers(BaseModel):
    """Words of the modifiers the engine handles: differences, rankings, counts, groups,
    ordinals and the words joining several attributes (see ``vocabulary.toml``)."""

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", frozen=True)

    difference: list[str] = Field(default_factory=list)
    ranking: list[str] = Field(default_factory=list)
    count_words: list[str] = Field(default_factory=list)
    count_nouns: list[str] = Field(default_factory=list)
    group_words: list[str] = Field(default_factory=list)
    group_nouns: list[str] = Field(default_factory=list)
    other: list[str] = Field(default_factory=list)
    numbers: dict[str, int] = Field(default_factory=dict)
    ordinals: dict[str, int] = Field(default_factory=dict)
    superlatives: list[str] = Field(default_factory=list)
    coordinators: list[str] = Field(default_factory=list)
    again: list[str] = Field(default_factory=list)
    excluding: list[str] = Field(default_factory=list)
    relative: list[str] = Field(default_factory=list)  # "roles where ...": a clause, not a place


class Vocabulary(BaseModel):
    """All of ``vocabulary.toml``."""

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", frozen=True)

    attribute: list[AttributeSpec]
    directions: Directions
    thresholds: Thresholds
    not_covered: list[str] = Field(default_factory=list)     # topics the pages never hold ("benefits")
    not_covered_patterns: list[str] = Field(default_factory=list)
    function_words: list[str] = Field(default_factory=list)  # harmless words ("please", "roughly")
    modifiers: Modifiers = Field(default_factory=Modifiers)

    _not_covered_compile = field_validator("not_covered_patterns")(
        classmethod(lambda cls, v: check_patterns(v)))

    def get(self, name: str) -> AttributeSpec | None:
        return next((a for a in self.attribute if a.name == name), None)


class TitleWords(BaseModel):
    """All of ``title_words.toml``."""

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", frozen=True)

    heads: list[str]
    modifiers: list[str]
    abbreviations: dict[str, str] = Field(default_factory=dict)
    generic: list[str] = Field(default_factory=list)  # people in general ("workers"): no role alone


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"field '{where}': {first['msg']}"


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
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        detail = " ".join(str(exc).split())
        raise IntentsError(str(path), f"not valid TOML: {detail}; "
                                      "fix the file at that position or reinstall career-chat") from None


def load_model(model: type[M], path: Path) -> M:
    """A TOML file validated as ``model``, or :class:`IntentsError` naming file and field."""
    try:
        return model.model_validate(load_toml(path))
    except ValidationError as exc:
        raise IntentsError(str(path), _describe(exc)) from None


def load_vocabulary(folder: Path) -> Vocabulary:
    return load_model(Vocabulary, folder / VOCABULARY_FILE)


def load_title_words(folder: Path) -> TitleWords:
    return load_model(TitleWords, folder / TITLE_WORDS_FILE)
