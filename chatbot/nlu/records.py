"""Frozen, slotted records for the intent files' schemas, validated without pydantic.

The intent files (``intents/*.toml``) are read at every start.  Building pydantic models
for their schemas and importing pydantic was most of ``chatbot ask``'s start-up, so the
schemas are plain records here: each record class lists its fields in ``FIELDS`` (a type
for a required field, :class:`Opt` for one with a default), and :func:`build` checks a
file's data against them and builds the records.

The checks accept exactly the data that needs no conversion (the TOML of a correct file).
Anything else (a missing or unknown field, a value of another type, a failed check) is
handed to pydantic models built from the same ``FIELDS``: they raise the error a user sees
(the same message, naming the same field), or convert the value as they always did.  So
pydantic is imported only for a file that is wrong or unusual, and the result and every
message are what the pydantic schemas gave.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Hashable
from functools import cache
from typing import Any, ClassVar, Literal, TypeVar, Union

__all__ = ["Invalid", "Opt", "Record", "Req", "build"]

R = TypeVar("R", bound="Record")


class Invalid(Exception):
    """The data does not fit a record's fields; ``location`` and ``message`` say where and why
    (pydantic's wording)."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(f"field '{location}': {message}")
        self.location = location
        self.message = message


class Opt:
    """An optional field: its type, and a default value or a factory of one."""

    __slots__ = ("check", "default", "factory", "kind", "min_length", "pattern")

    def __init__(self, kind: Any, default: Any = None, *, factory: Callable[[], Any] | None = None,
                 min_length: int | None = None, pattern: str | None = None,
                 check: Callable[[Any], Any] | None = None) -> None:
        self.kind = kind
        self.default = default
        self.factory = factory
        self.min_length = min_length
        self.pattern = pattern
        self.check = check


class Req(Opt):
    """A required field with a constraint or a check (a bare type is a plain required one)."""

    __slots__ = ()


class Record:
    """A frozen record with slots; fields in ``FIELDS`` (name: type, :class:`Opt` or :class:`Req`)."""

    __slots__ = ()
    FIELDS: ClassVar[dict[str, Any]] = {}

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name!r}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.FIELDS)

    def __hash__(self) -> int:
        """By value, as pydantic's frozen models (a TypeError for a record holding lists)."""
        return hash(tuple(getattr(self, name) for name in self.FIELDS))

    def __repr__(self) -> str:
        body = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({body})"

    def replace(self: R, **changes: Any) -> R:
        """A copy with ``changes`` (not validated: what ``model_copy(update=...)`` did)."""
        values = {name: getattr(self, name) for name in self.FIELDS}
        values.update(changes)
        return type(self)(**values)


# ------------------------------------------------------------------ the fast path


class _Misfit(Exception):
    """The data needs pydantic: an error to word, or a value to convert."""


def _value(kind: Any, value: Any) -> Any:
    """``value`` checked as ``kind`` (copied like pydantic copies), or :class:`_Misfit`."""
    if kind is str or kind is bool:
        if type(value) is not kind:
            raise _Misfit
        return value
    if kind is int:
        if type(value) is not int:
            raise _Misfit
        return value
    if kind is float:
        if type(value) is float:
            return value
        if type(value) is int:
            return float(value)
        raise _Misfit
    if isinstance(kind, type) and issubclass(kind, Record):
        if type(value) is not dict:
            raise _Misfit
        return _record(kind, value)
    return _generic(kind, value)


def _list(item: Any, value: Any) -> list[Any]:
    if type(value) is not list:
        raise _Misfit
    if item is str:  # most fields: words and phrases
        if not all(type(v) is str for v in value):
            raise _Misfit
        return list(value)
    return [_value(item, v) for v in value]


def _dict(key: Any, item: Any, value: Any) -> dict[Any, Any]:
    if type(value) is not dict:
        raise _Misfit
    if key is not str:
        return {_value(key, k): _value(item, v) for k, v in value.items()}
    if not all(type(k) is str for k in value):
        raise _Misfit
    return {k: _value(item, v) for k, v in value.items()}


def _generic(kind: Any, value: Any) -> Any:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is list:
        return _list(args[0], value)
    if origin is dict:
        return _dict(args[0], args[1], value)
    if origin is Literal:
        if type(value) is not str or value not in args:
            raise _Misfit
        return value
    if origin is Union or origin is types.UnionType:
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise _Misfit
        return _value(inner[0], value)
    raise TypeError(f"unsupported field type {kind!r}")


def _field(spec: Any, value: Any) -> Any:
    if not isinstance(spec, Opt):
        return _value(spec, value)
    out = _value(spec.kind, value)
    if spec.min_length is not None and len(out) < spec.min_length:
        raise _Misfit
    # a newline is left to pydantic, whose ``$`` (unlike re's) never matches before one
    if spec.pattern is not None and ("\n" in out or re.search(spec.pattern, out) is None):
        raise _Misfit
    if spec.check is not None:
        try:
            out = spec.check(out)
        except ValueError:
            raise _Misfit from None
    return out


def _default(spec: Opt) -> Any:
    factory = spec.factory
    if factory is None:
        return spec.default
    if isinstance(factory, type) and issubclass(factory, Record):
        return _record(factory, {})  # a record of its defaults
    return factory()


def _record(cls: type[R], data: dict[str, Any]) -> R:
    fields = cls.FIELDS
    if any(key not in fields for key in data):
        raise _Misfit
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        if name in data:
            values[name] = _field(spec, data[name])
        elif isinstance(spec, Opt) and not isinstance(spec, Req):
            values[name] = _default(spec)
        else:
            raise _Misfit
    return cls(**values)


def build(cls: type[R], data: Any) -> R:
    """``data`` (a parsed file) as a ``cls`` record, or :class:`Invalid` naming the first
    field that is wrong, in pydantic's words."""
    try:
        if type(data) is not dict:
            raise _Misfit
        return _record(cls, data)
    except _Misfit:
        pass
    # wrong or unusual data: pydantic words the error, or converts values as it always did
    from pydantic import ValidationError

    try:
        converted = _model(cls).model_validate(data).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        raise Invalid(".".join(str(part) for part in first["loc"]), first["msg"]) from None
    return _record(cls, converted)


# ------------------------------------------------------------------ the pydantic models


def _model(cls: type[Record]) -> Any:
    """The pydantic model of a record class (built from its ``FIELDS``, once)."""
    return _cached_model(typing.cast(Hashable, cls))


@cache
def _cached_model(key: Hashable) -> Any:
    cls = typing.cast(type[Record], key)
    from pydantic import ConfigDict, Field, create_model, field_validator

    definitions: dict[str, Any] = {}
    validators: dict[str, Any] = {}
    for name, spec in cls.FIELDS.items():
        if not isinstance(spec, Opt):
            definitions[name] = (_pydantic_type(spec), ...)
            continue
        constraints: dict[str, Any] = {}
        if spec.min_length is not None:
            constraints["min_length"] = spec.min_length
        if spec.pattern is not None:
            constraints["pattern"] = spec.pattern
        if isinstance(spec, Req):
            info = Field(**constraints)
        elif spec.factory is not None:
            factory = _pydantic_factory(spec.factory)
            info = Field(default_factory=factory, **constraints)
        else:
            info = Field(default=spec.default, **constraints)
        definitions[name] = (_pydantic_type(spec.kind), info)
        if spec.check is not None:
            validators[f"_check_{name}"] = field_validator(name)(_validator(spec.check))
    return create_model(cls.__name__, __config__=ConfigDict(extra="forbid", frozen=True),
                        __validators__=validators, **definitions)


def _validator(check: Callable[[Any], Any]) -> Any:
    return classmethod(lambda _cls, value: check(value))


def _pydantic_factory(factory: Callable[[], Any]) -> Callable[[], Any]:
    if isinstance(factory, type) and issubclass(factory, Record):
        return _model(factory)  # type: ignore[no-any-return]
    return factory


def _pydantic_type(kind: Any) -> Any:
    if isinstance(kind, type) and issubclass(kind, Record):
        return _model(kind)
    origin = typing.get_origin(kind)
    if origin is list:
        return types.GenericAlias(list, (_pydantic_type(typing.get_args(kind)[0]),))
    if origin is dict:
        key, value = typing.get_args(kind)
        return types.GenericAlias(dict, (key, _pydantic_type(value)))
    return kind
