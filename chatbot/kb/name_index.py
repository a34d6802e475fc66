"""The role-name index, kept in the KB so that the engine need not read every role at load.

Three derived tables, written by the ingest with each batch of pages (one ``executemany``
each) and kept in step when roles are removed:

- ``role_names`` (key, role_id): the singular tokens, joined by spaces, of each role's
  name and of each alias that spells the role otherwise ("cooks, line" is not "line
  cook"); the engine matches question words against these keys, prefixes included.
- ``role_words`` (word, role_id, head): every word of those keys; ``head`` is 1 where the
  word ends the role's own name.
- ``role_vocab`` (word, head, roles): the distinct words of ``role_words`` (a few hundred
  even at 100,000 roles: the only part the engine loads), ``head`` 1 where some name ends
  with it, and the number of roles holding it (the engine intersects from the rarest word).

Everything here is a function of ``roles`` and ``role_aliases``: :func:`derive_index` makes
the tables from those alone (for a KB written before the index existed, in memory), and a
KB built in any number of ingests holds exactly what one derivation would give.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from chatbot.kb.names import plural_of, role_key, singularize

DERIVED_TABLES = ("role_names", "role_words", "role_vocab")
SQL_CREATE_NAMES = ("create table if not exists role_names (key text not null, role_id integer not null, "
                    "primary key (key, role_id)) without rowid")
SQL_CREATE_WORDS = ("create table if not exists role_words (word text not null, role_id integer not null, "
                    "head integer not null default 0, primary key (word, role_id)) without rowid")
SQL_CREATE_VOCAB = ("create table if not exists role_vocab (word text not null primary key, "
                    "head integer not null default 0, roles integer not null default 0) without rowid")
SQL_ADD_NAME = "insert or ignore into role_names (key, role_id) values (?, ?)"
SQL_ADD_WORD = ("insert into role_words (word, role_id, head) values (?, ?, ?) "
                "on conflict (word, role_id) do update set head = max(head, excluded.head)")
SQL_ADD_VOCAB = ("insert into role_vocab (word, head, roles) values (?, ?, ?) on conflict (word) "
                 "do update set head = max(head, excluded.head), roles = roles + excluded.roles")
SQL_RECOUNT_VOCAB = ("update role_vocab set roles = (select count(*) from role_words where word = ?1) "
                     "where word = ?1")
SQL_DROP_NAME = "delete from role_names where key = ? and role_id = ?"
SQL_DROP_WORD = "delete from role_words where word = ? and role_id = ?"
SQL_DROP_VOCAB = "delete from role_vocab where word = ?"
SQL_REDO_VOCAB = ("insert into role_vocab (word, head, roles) select word, max(head), count(*) "
                  "from role_words where word = ? group by word")

Rows = tuple[dict[tuple[str, int], None], dict[tuple[str, int], int]]


def role_tokens(name: str) -> tuple[str, ...]:
    """The singular tokens of a role name or alias ("Line Cooks" -> ("line", "cook"))."""
    return tuple(singularize(w) for w in role_key(name).split())


def alias_tokens(alias: str, name: str, name_tokens: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The tokens an alias adds to its role's name (whose tokens ``name_tokens`` are, when
    known), or () when it adds nothing: the name itself, the plural made from it, or the
    same tokens."""
    if alias == name or alias == plural_of(name):
        return ()
    toks = role_tokens(alias)
    return toks if toks != (role_tokens(name) if name_tokens is None else name_tokens) else ()


def index_rows(names: Mapping[int, str], new_roles: Iterable[int],
               aliases: Iterable[tuple[str, int]]) -> Rows:
    """The index rows of some roles' names (``new_roles``, by id) and of some aliases
    (alias, role id); ``names`` holds the name of every role named by either."""
    keys: dict[tuple[str, int], None] = {}
    words: dict[tuple[str, int], int] = {}
    tokens: dict[int, tuple[str, ...]] = {}
    for role_id in new_roles:
        toks = tokens[role_id] = role_tokens(names[role_id])
        keys[(" ".join(toks), role_id)] = None
        for k, word in enumerate(toks):
            head = int(k == len(toks) - 1)
            words[(word, role_id)] = max(head, words.get((word, role_id), 0))
    for alias, role_id in dict.fromkeys(aliases):  # a batch names a role once per page
        name = names[role_id]
        if alias == name:
            continue
        toks = alias_tokens(alias, name, tokens.get(role_id))
        if toks:
            keys[(" ".join(toks), role_id)] = None
            for word in toks:
                words.setdefault((word, role_id), 0)
    return keys, words


def create_index_tables(conn: sqlite3.Connection) -> None:
    """Create the index tables (a no-op where they exist)."""
    conn.execute(SQL_CREATE_NAMES)
    conn.execute(SQL_CREATE_WORDS)
    conn.execute(SQL_CREATE_VOCAB)


def write_index(conn: sqlite3.Connection, names: Mapping[int, str], new_roles: Iterable[int],
                aliases: Iterable[tuple[str, int]]) -> None:
    """Add the index rows of new roles and of aliases (known ones change nothing).  The
    rows of a new role are new, so the vocabulary's counts grow by them; a word an alias of
    an older role adds to may already be counted for it, so that word is counted again."""
    fresh = set(new_roles)
    keys, words = index_rows(names, fresh, aliases)
    conn.executemany(SQL_ADD_NAME, keys)
    conn.executemany(SQL_ADD_WORD, [(w, rid, head) for (w, rid), head in words.items()])
    vocab: dict[str, tuple[int, int]] = {}
    recount: set[str] = set()
    for (word, role_id), head in words.items():
        heads, count = vocab.get(word, (0, 0))
        if role_id in fresh:
            count += 1
        else:
            recount.add(word)
        vocab[word] = (max(heads, head), count)
    conn.executemany(SQL_ADD_VOCAB, [(w, head, count) for w, (head, count) in vocab.items()])
    conn.executemany(SQL_RECOUNT_VOCAB, [(w,) for w in sorted(recount)])


def drop_role_index(conn: sqlite3.Connection, role_id: int) -> None:
    """Remove a role's index rows (before the role and its aliases are deleted)."""
    row = conn.execute("select name from roles where id = ?", (role_id,)).fetchone()
    if row is None:
        return
    aliases = [(a, role_id) for (a,) in conn.execute("select alias from role_aliases where role_id = ?",
                                                      (role_id,))]
    keys, words = index_rows({role_id: row[0]}, [role_id], aliases)
    conn.executemany(SQL_DROP_NAME, keys)
    conn.executemany(SQL_DROP_WORD, words)
    touched = sorted({(w,) for w, _ in words})
    conn.executemany(SQL_DROP_VOCAB, touched)
    conn.executemany(SQL_REDO_VOCAB, touched)


def derive_index(target: sqlite3.Connection, roles: Iterable[tuple[int, str]],
                 aliases: Iterable[tuple[str, int]]) -> None:
    """Make the index tables in ``target`` from every role (id, name) and alias (alias, role
    id) of a KB: in memory for a KB written before the index existed, or in the KB itself."""
    names = dict(roles)
    create_index_tables(target)
    write_index(target, names, names, [(a, rid) for a, rid in aliases if rid in names])
