"""The attribute vocabulary and the title words, loaded from ``intents/`` and validated."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from chatbot.errors import IntentsError
from chatbot.tomlcache import load_toml_bytes

Format = Literal["money", "hourly", "percent", "share", "count", "rating", "years", "age", "text", "range",
                 "groups", "list"]
NUMERIC_FORMATS: frozenset[str] = frozenset({"money", "hourly", "percent", "share", "count", "rating",
                                             "years", "age"})
M = TypeVar("M", bound=BaseModel)
VOCABULARY_FILE = "vocabulary.toml"
TITLE_WORDS_FILE = "title_words.toml"


def check_patterns(patterns: list[str]) -> list[str]:
    """Validator: every pattern is a valid regular expression."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from None
    return patterns


class AttributeSpec(BaseModel):
    """One attribute people can ask about."""

    model_config = ConfigDict(extra="forbid", frozen=True)

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

    _patterns_compile = field_validator("patterns")(classmethod(lambda cls, v: check_patterns(v)))

    @property
    def numeric(self) -> bool:
        return self.format in NUMERIC_FORMATS or self.format == "groups"


class Directions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    higher: list[str]
    lower: list[str]


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    above: list[str]
    below: list[str]
    at_least: list[str] = Field(default_factory=list)
    at_most: list[str] = Field(default_factory=list)


class Vocabulary(BaseModel):
    """All of ``vocabulary.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    attribute: list[AttributeSpec]
    directions: Directions
    thresholds: Thresholds
    not_covered: list[str] = Field(default_factory=list)     # topics the pages never hold ("benefits")
    not_covered_patterns: list[str] = Field(default_factory=list)
    function_words: list[str] = Field(default_factory=list)  # harmless words ("please", "roughly")

    _not_covered_compile = field_validator("not_covered_patterns")(
        classmethod(lambda cls, v: check_patterns(v)))

    def get(self, name: str) -> AttributeSpec | None:
        return next((a for a in self.attribute if a.name == name), None)


class TitleWords(BaseModel):
    """All of ``title_words.toml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    heads: list[str]
    modifiers: list[str]
    abbreviations: dict[str, str] = Field(default_factory=dict)


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
