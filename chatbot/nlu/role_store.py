"""The KB's roles as the matcher and the answers see them, read from the KB when needed.

Nothing here holds every role: at 100,000 roles reading them all took most of a second
and a hundred megabytes at every engine load.  :class:`RoleDirectory` is the mapping of
role ids to :class:`RoleEntry` (``Engine.roles_by_id``); :class:`NameKeys`,
:class:`NamePrefixes` and :class:`WordRoles` are the views of the role-name index
(:mod:`chatbot.kb.name_index`) the matcher looks words and names up in.  Each keeps a
small cache of what recent questions looked up; the engine makes new ones when the KB
changes, so a cache never outlives the KB state it was read from.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, ValuesView
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from chatbot.kb.names import plural_of, role_key, singularize

if TYPE_CHECKING:
    from chatbot.answers.queries import KBReader

ROLE_CACHE = 8_192        # role entries kept (a few per question)
LOOKUP_CACHE = 16_384     # name, prefix and word look-ups kept
CACHED_HOLDERS_MAX = 256  # a word held by more roles is read again when asked (not kept in memory)

Groups = tuple[tuple[int, tuple[str, ...]], ...]  # word groups, each with its roles' count, rarest first
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class RoleEntry:
    """A role as the matcher knows it."""

    id: int
    name: str
    plural: str
    display: str | None
    tokens: tuple[str, ...]


def recase(text: str, display: str | None) -> str:
    """Keep the capitals of acronyms the page's header writes ("cdl driver" -> "CDL driver")."""
    if not display or display.istitle():
        return text
    words = display.replace("/", " ").replace(",", " ").split()
    caps = {w.casefold(): w for w in words if len(w) > 1 and w.isupper()}
    if not caps:
        return text
    return " ".join(caps.get(w.casefold(), w) for w in text.split(" "))


def role_entry(rid: int, name: str, _plural: str | None, display: str | None, key: str) -> RoleEntry:
    """A role row of the KB as the matcher knows it (names with the acronyms of its header)."""
    plural = plural_of(name)  # made from the singular, never a page's odd plural (that stays an alias)
    if display and not display.istitle():
        name, plural = recase(name, display), recase(plural, display)
    return RoleEntry(rid, name, plural, display, tuple(map(singularize, key.split())))


class _Cache(Generic[K, V]):
    """A bounded memo: emptied when full (look-ups repeat within a conversation, not forever)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self.items.get(key)

    def put(self, key: K, value: V) -> V:
        if len(self.items) >= self.size:
            self.items = {}
        self.items[key] = value
        return value


class _Entries(ValuesView[RoleEntry]):
    """Every role, read with one query (not one per role)."""

    def __init__(self, directory: RoleDirectory) -> None:
        super().__init__(directory)
        self._directory = directory

    def __iter__(self) -> Iterator[RoleEntry]:
        return (role_entry(*row) for row in self._directory.kb.roles())


class RoleDirectory(Mapping[int, RoleEntry]):
    """Role ids to :class:`RoleEntry`, read from the KB on demand (``Engine.roles_by_id``).
    Iterates by name; a role removed from the KB is a :class:`KeyError`."""

    def __init__(self, kb: KBReader) -> None:
        self.kb = kb
        self._count = kb.role_count()
        self._cache: _Cache[int, RoleEntry] = _Cache(ROLE_CACHE)
        self._sorted_names: tuple[str, ...] | None = None

    def __getitem__(self, role_id: int) -> RoleEntry:
        found = self._cache.get(role_id)
        if found is not None:
            return found
        row = self.kb.role(role_id)
        if row is None:
            raise KeyError(role_id)
        return self._cache.put(role_id, role_entry(*row))

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        return iter(self.kb.role_ids())

    def values(self) -> ValuesView[RoleEntry]:
        return _Entries(self)

    def many(self, role_ids: Iterable[int]) -> list[RoleEntry]:
        """The entries of some roles, with one query for those not cached (removed ones left out)."""
        cached = self._cache.items.get
        found: dict[int, RoleEntry | None] = {}
        for rid in role_ids:
            if rid not in found:
                found[rid] = cached(rid)
        missing = [rid for rid, entry in found.items() if entry is None]
        if missing:
            for row in self.kb.roles_in(missing):
                found[row[0]] = self._cache.put(row[0], role_entry(*row))
        return [entry for entry in found.values() if entry is not None]

    def keyed(self, name: str) -> RoleEntry | None:
        """The role whose name is ``name`` but for case and punctuation (its key)."""
        row = self.kb.role_by_key(role_key(name))
        return role_entry(*row) if row is not None else None

    def named(self, name: str) -> RoleEntry | None:
        """The role whose name (as :attr:`RoleEntry.name` spells it) is ``name``."""
        entry = self.keyed(name)
        return entry if entry is not None and entry.name == name else None

    def first(self, count: int) -> list[RoleEntry]:
        """The first ``count`` roles by their stored (lowercase) name."""
        return [role_entry(*row) for row in self.kb.first_roles(count)]

    def sorted_names(self) -> tuple[str, ...]:
        """Every role's name, sorted (read once, when first asked)."""
        if self._sorted_names is None:
            self._sorted_names = tuple(sorted(e.name for e in self.values()))
        return self._sorted_names


class NameKeys(Mapping[tuple[str, ...], tuple[int, ...]]):
    """Names and aliases (their singular tokens) to the roles they stand for."""

    def __init__(self, kb: KBReader) -> None:
        self.kb = kb
        self._cache: _Cache[tuple[str, ...], tuple[int, ...]] = _Cache(LOOKUP_CACHE)

    def _ids(self, toks: tuple[str, ...]) -> tuple[int, ...]:
        found = self._cache.get(toks)
        if found is None:
            found = self._cache.put(toks, self.kb.named(" ".join(toks)))
        return found

    def __getitem__(self, toks: tuple[str, ...]) -> tuple[int, ...]:
        found = self._ids(toks)
        if not found:
            raise KeyError(toks)
        return found

    def __contains__(self, toks: object) -> bool:
        return isinstance(toks, tuple) and bool(toks) and bool(self._ids(toks))

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return (tuple(key.split(" ")) for key in self.kb.name_keys())

    def __len__(self) -> int:
        return len(self.kb.name_keys())


class NamePrefixes(Collection[tuple[str, ...]]):
    """The starts of names and aliases: ("production",) for "production leader"."""

    def __init__(self, kb: KBReader) -> None:
        self.kb = kb
        self._cache: _Cache[tuple[str, ...], bool] = _Cache(LOOKUP_CACHE)

    def __contains__(self, toks: object) -> bool:
        if not isinstance(toks, tuple) or not toks:
            return False
        found = self._cache.get(toks)
        if found is None:
            found = self._cache.put(toks, self.kb.name_prefix(" ".join(toks)))
        return found

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        seen = {k[:i] for k in NameKeys(self.kb) for i in range(1, len(k) + 1)}
        return iter(sorted(seen))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class WordRoles(Mapping[str, tuple[int, ...]]):
    """Role words to the roles whose names (or aliases) hold them.  The words and how many
    roles hold each are in memory (a few hundred words, even at 100,000 roles); the roles
    of a word are read when asked."""

    def __init__(self, kb: KBReader, vocab: Iterable[tuple[str, int, int]]) -> None:
        self.kb = kb
        self.counts: dict[str, int] = {word: count for word, _, count in vocab}
        self.words: frozenset[str] = frozenset(self.counts)
        self._cache: _Cache[str, tuple[int, ...]] = _Cache(LOOKUP_CACHE)
        self._all_cache: _Cache[Groups, frozenset[int]] = _Cache(LOOKUP_CACHE)

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __getitem__(self, word: str) -> tuple[int, ...]:
        if word not in self.words:
            raise KeyError(word)
        found = self._cache.get(word)
        if found is None:
            found = self.kb.holders(word)
            if len(found) <= CACHED_HOLDERS_MAX:
                self._cache.put(word, found)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.words))

    def __len__(self) -> int:
        return len(self.words)

    def holding_all(self, groups: Iterable[Collection[str]]) -> set[int]:
        """The roles whose names hold a word of every group: the rarest group's roles,
        narrowed by each other group in turn (never reading the many roles of a common word)."""
        ranked = tuple(sorted((sum(self.counts.get(w, 0) for w in group), tuple(sorted(group)))
                              for group in groups))
        if not ranked or not ranked[0][0]:
            return set()
        found = self._all_cache.get(ranked)
        if found is None:
            ids = self.kb.holders_of_any(ranked[0][1])
            for _, words in ranked[1:]:
                if not ids:
                    break
                ids = self.kb.holders_among(words, ids)
            found = frozenset(ids)
            if len(found) <= CACHED_HOLDERS_MAX:
                self._all_cache.put(ranked, found)
        return set(found)
