"""SQL safety: every statement is a fixed string with ``?`` parameters (a static check of
the sources), the engine's connection cannot write, and questions built to inject SQL
leave the KB file byte-identical."""

from __future__ import annotations

import ast
import re
import hashlib
import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest

from chatbot import Engine

PACKAGE = Path(__file__).resolve().parent.parent / "chatbot"
EXECUTORS = {"execute", "executemany", "executescript", "_all", "query"}
# str.format is allowed on a constant only to fill in SQL keywords chosen from literals.
FORMAT_FIELDS = {"order", "op"}
KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
MONEY = re.compile(r"\$\d[\d,]*(?:\.\d+)?")


def _money(text: str) -> float:
    return round(float(text.strip("$,").replace(",", "")), 2)


INJECTIONS = [
    "'; DROP TABLE roles; --",
    "production leader' OR '1'='1",
    "production leader'; DELETE FROM facts; --",
    "how much does a production leader'); UPDATE facts SET value_num = 0; -- make?",
    "which roles pay more than $45,000; DROP TABLE facts?",
    "which roles pay more than 0 OR 1=1?",
    "' UNION SELECT name, sql FROM sqlite_master --",
    "Robert'); DROP TABLE pages;--",
    "1; ATTACH DATABASE 'pwn.db' AS pwn; CREATE TABLE pwn.x(y); --",
    "VACUUM INTO 'stolen.db'",
    "PRAGMA writable_schema = 1; production leader salary",
    "production leader\x00'; DROP TABLE roles; --",
    "what does a production coordinator\" OR \"\"=\" do?",
    "which pays more, production coordinator'-- or production leader/*?",
    "is the hourly rate of a production leader under $20); DELETE FROM roles; --?",
]


# -- the static check -----------------------------------------------------------------------

class _Module:
    """Constants and functions of one module, to judge the SQL argument of each call."""

    def __init__(self, tree: ast.Module) -> None:
        self.constants: set[str] = set()
        self.tables: set[str] = set()  # dicts, tuples, lists holding only string literals
        for node in tree.body:
            if isinstance(node, ast.Assign) and _is_literal(node.value, set()):
                self.constants.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.Assign) and _is_literal_table(node.value):
                self.tables.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("chatbot."):
                imported = _Module(_package_module(node.module or ""))  # its tables are tables here
                self.tables.update(a.asname or a.name for a in node.names if a.name in imported.tables)

    def literal(self, node: ast.expr) -> bool:
        return _is_literal(node, self.constants, self.tables)

    def safe(self, arg: ast.expr, func: ast.AST | None) -> bool:
        """A string literal, a module constant, a parameter of an executor wrapper (its
        callers are checked), a local only ever bound to safe values, or a constant's
        ``.format()`` filling SQL keywords with literals."""
        if self.literal(arg):
            return True
        if isinstance(arg, ast.Name) and func is not None:
            if func.name in EXECUTORS and arg.id in {a.arg for a in func.args.args}:
                return True
            values = _bindings(func, arg.id)
            return bool(values) and all(self.safe(v, None) for v in values)
        if (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "format"
                and self.literal(arg.func.value) and not arg.args):
            for kw in arg.keywords:
                if kw.arg not in FORMAT_FIELDS:
                    return False
                if self.literal(kw.value):
                    continue
                bound = _bindings(func, kw.value.id) if isinstance(kw.value, ast.Name) and func is not None else []
                if not bound or not all(self.literal(v) for v in bound):
                    return False
            return True
        return False


def _package_module(name: str) -> ast.Module:
    """The parsed source of a module of the package (an empty module if it is a package's)."""
    path = PACKAGE.parent / (name.replace(".", "/") + ".py")
    return ast.parse(path.read_text(encoding="utf-8")) if path.exists() else ast.Module(body=[], type_ignores=[])


def _is_literal(node: ast.expr, constants: set[str], tables: set[str] = frozenset()) -> bool:
    """A string built only from literals and known constants (no user text can be in it),
    or an item of a table of literals."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_literal(node.left, constants, tables) and _is_literal(node.right, constants, tables)
    if isinstance(node, ast.IfExp):
        return _is_literal(node.body, constants, tables) and _is_literal(node.orelse, constants, tables)
    if isinstance(node, ast.Subscript):
        return isinstance(node.value, ast.Name) and node.value.id in tables
    return False


def _is_literal_table(node: ast.expr) -> bool:
    """A dict, tuple, list or set whose values (at any depth) are all string literals."""
    if isinstance(node, ast.Dict):
        return bool(node.values) and all(_is_literal_table(v) or _is_literal(v, set()) for v in node.values)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and all(_is_literal_table(e) or _is_literal(e, set()) for e in node.elts)
    return False


def _bindings(func: ast.AST, name: str) -> list[ast.expr]:
    """Every value ``name`` is bound to in ``func`` (tuple unpacking of literal tuples, of
    conditional literal tuples and of items of tables included); [] if it is bound some
    other way."""
    values: list[ast.expr] = []
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    values.append(node.value)
                elif isinstance(target, ast.Tuple) and any(isinstance(e, ast.Name) and e.id == name for e in target.elts):
                    index = [i for i, e in enumerate(target.elts) if isinstance(e, ast.Name) and e.id == name][0]
                    options = [node.value.body, node.value.orelse] if isinstance(node.value, ast.IfExp) else [node.value]
                    for option in options:
                        if isinstance(option, ast.Subscript):
                            values.append(option)  # literal only if it indexes a table of literals
                        elif isinstance(option, ast.Tuple):
                            values.append(option.elts[index])
                        else:
                            return []
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.NamedExpr)):
            target = getattr(node, "target", None)
            if isinstance(target, ast.Name) and target.id == name:
                return []
    return values


def unsafe_sql_calls(source: str, filename: str = "<source>") -> list[str]:
    """``file:line: code`` of each execute-like call whose SQL is not provably fixed text."""
    tree = ast.parse(source, filename)
    module = _Module(tree)
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in EXECUTORS):
            continue
        if not node.args:
            continue
        func = node
        while func in parents and not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            func = parents[func]
        func = func if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
        if not module.safe(node.args[0], func):
            found.append(f"{filename}:{node.lineno}: {ast.unparse(node)[:120]}")
    return found


def test_the_checker_catches_string_built_sql():
    bad = textwrap.dedent('''
        def f(conn, name, x):
            conn.execute(f"select * from roles where name = '{name}'")
            conn.execute("select * from roles where name = '%s'" % name)
            conn.execute("select * from roles where name = '" + name + "'")
            conn.execute("select * from roles where name = '{}'".format(name))
            conn.execute(SQL.format(order=name))
            op, order = CHOICES[name]
            conn.execute(SQL.format(order=order))
            sql = "select " + x
            conn.execute(sql)
            conn.executemany("insert into t values ('%s')" % x, [])
            db.query(" ".join(["select", x]))
        SQL = "select * from facts order by value_num {order}"
        CHOICES = {"above": (">", x), "below": ("<", "asc")}
    ''')
    assert len(unsafe_sql_calls(bad)) == 9, unsafe_sql_calls(bad)
    good = textwrap.dedent('''
        SQL = "select * from facts where id = ? order by value_num {order}"
        def f(conn, name, above):
            conn.execute("select * from roles where name = ?", (name,))
            conn.execute(SQL, (name,))
            op, order = (">", "desc") if above else ("<", "asc")
            conn.execute(SQL.format(order=order), (name,))
            conn.execute(SQL.format(order="desc" if above else "asc"), (name,))
            op, order = CHOICES[above]
            conn.execute(SQL.format(order=order), (name,))
        CHOICES = {"above": (">", "desc"), "below": ("<", "asc")}
    ''')
    assert unsafe_sql_calls(good) == []


def test_every_query_in_the_package_is_parameterised():
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 20
    calls = 0
    problems: list[str] = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        calls += sum(text.count(f".{name}(") for name in EXECUTORS)
        problems += unsafe_sql_calls(text, str(path.relative_to(PACKAGE.parent)))
    assert calls > 30  # the check sees the package's queries
    assert problems == []


# -- the engine cannot write --------------------------------------------------------------

@pytest.mark.parametrize(
    "statement",
    [
        "insert into meta (key, value) values ('pwned', '1')",
        "update facts set value_num = 0",
        "delete from roles",
        "drop table roles",
        "create table pwned (x)",
        "pragma user_version = 7",
    ],
)
def test_the_engine_connection_is_read_only(seed_kb, tmp_path, statement):
    db = tmp_path / "kb.db"
    shutil.copyfile(seed_kb, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    engine = Engine(db=db)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        engine.kb.conn.execute(statement)
    engine.close()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_injection_questions_leave_the_kb_identical(seed_kb, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copyfile(seed_kb, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    engine = Engine(db=db)
    conv = engine.conversation()
    stated = {_money(f) for page in KNOWLEDGE.glob("*.txt") for f in MONEY.findall(page.read_text(encoding="utf-8"))}
    derived = stated | {round(abs(a - b), 2) for a in stated for b in stated if a != b}
    for question in INJECTIONS:
        typed = {_money(n) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", question)}
        for answer in (conv.ask(question), engine.ask(question)):
            # every amount is a page's figure, a difference of two, or the typed threshold: nothing injected ran
            for amount in MONEY.findall(answer.text):
                assert _money(amount) in derived | typed, (question, answer.text)
    normal = conv.ask("which pays more, production coordinator or production leader?")
    assert normal.status == "answered" and "$49,366" in normal.text
    engine.close()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    # no journal, no attached or vacuumed file; a WAL KB's readers leave only its empty -wal and its -shm index
    wal_files = {"kb.db-wal", "kb.db-shm"}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in wal_files) == ["kb.db"]
    assert not (tmp_path / "kb.db-wal").exists() or (tmp_path / "kb.db-wal").stat().st_size == 0
    again = Engine(db=db)
    assert again.info().roles == 3 and again.info().facts > 50
    assert "$44,563" in again.ask("how much does a production leader make?").text
    assert not Path("pwn.db").exists() and not Path("stolen.db").exists()


def test_a_table_imported_from_the_package_counts_only_if_it_holds_literals():
    safe = textwrap.dedent('''
        from chatbot.kb.schema_sql import NEW_KB_SQL
        def f(conn, i):
            conn.execute(NEW_KB_SQL[i])
    ''')
    unsafe = textwrap.dedent('''
        from chatbot.kb.cells import US_STATES
        from chatbot.kb.schema_sql import NEW_KB_SQL as SQL
        def f(conn, i, name):
            conn.execute(US_STATES[i])
            conn.execute(SQL[i] + name)
    ''')
    assert unsafe_sql_calls(safe) == []
    assert len(unsafe_sql_calls(unsafe)) == 2
