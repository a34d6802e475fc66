"""The public entry point: :class:`Engine` (one per KB, shared) and :class:`Conversation`
(one per user, holds the context of follow-ups).

The flow of a question: tag entities (:mod:`chatbot.nlu.tagger`), score and pick an
intent (:mod:`chatbot.nlu.scorer`), fill its slots from the question or the
conversation (:mod:`chatbot.nlu.context`), answer from the KB
(:mod:`chatbot.answers.handlers`), and wrap it as an :class:`Answer`.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chatbot.answers.handlers import Env, Reply, facts_read
from chatbot.answers.outcomes import word_outcome
from chatbot.answers.outputs import Response, TraceLog
from chatbot.answers.rankings import answer
from chatbot.answers.prefetch import QuestionReader
from chatbot.answers.queries import KBReader
from chatbot.errors import KBError
from chatbot.examples import EXAMPLE_ROLES, fill_examples
from chatbot.kb.name_index import DERIVED_TABLES, derive_index
from chatbot.kb.store import open_read_only
from chatbot.nlu.context import DialogueState, Understanding, understand
from chatbot.nlu.intents import IntentSpec, load_intents
from chatbot.nlu.role_store import RoleDirectory, RoleEntry
from chatbot.nlu.roles import RoleIndex
from chatbot.nlu.scorer import IntentScorer
from chatbot.nlu.tagger import Tagger
from chatbot.nlu.text import MAX_QUESTION_CHARS
from chatbot.nlu.vocabulary import Vocabulary, load_title_words, load_vocabulary
from chatbot.paths import intents_dir

if TYPE_CHECKING:
    from chatbot.models import Answer, ContextView, KBInfo

NOT_UNDERSTOOD = (
    "Sorry, I did not understand that. I answer questions about the careers I know ({roles}): "
    "salaries, hourly rates, growth, jobs, satisfaction, education, demographics, skills and duties, "
    "and comparisons between roles. Try: {examples}."
)
EMPTY_QUESTION = "Please type a question, for example: {examples}."
TOO_LONG = ("That question is too long ({length:,} characters); "
            "please keep it to at most {limit:,} characters.")
MAX_EXAMPLES_SHOWN = 2
EXAMPLE_ORDER = ("compare", "fact", "superlative", "threshold", "summary", "profile", "skill_share",
                 "list_roles")
MAX_ROLES_NAMED = 3
EXAMPLE_SPARES = 2 * len(EXAMPLE_ROLES)  # roles fill_examples may take in place of missing ones
KB_CHANGE_RETRIES = 1  # a question met by a KB change is answered again once, from the new state


class Engine:
    """Answers questions from one knowledge base.

    ``Engine()`` uses the built-in KB (built from the shipped pages on first use);
    ``Engine(db="kb.db")`` another one (the CLI passes ``--db`` or ``CHATBOT_DB`` here).  Raises
    :class:`~chatbot.errors.KBError` for a KB that cannot be opened and
    :class:`~chatbot.errors.IntentsError` for broken intent files.  Safe to share between
    threads; when another program commits to the KB (an ingest), the next question reloads
    the indexes first (:meth:`refresh`).
    """

    def __init__(self, db: str | Path | None = None, *, intents: str | Path | None = None) -> None:
        # the interfaces resolve --db and CHATBOT_DB; the library reads no environment
        self.builtin: bool = db is None
        folder = Path(intents) if intents else intents_dir()
        self.vocabulary: Vocabulary = load_vocabulary(folder)
        self.intents: tuple[IntentSpec, ...] = load_intents(folder)
        self.intents_by_name: dict[str, IntentSpec] = {i.name: i for i in self.intents}
        self._title_words = load_title_words(folder)
        self._reload_lock = threading.Lock()
        path, conn = _open_kb(db)
        self.db_path: Path = path
        self.kb: KBReader = KBReader(conn, str(path))
        self.scorer: IntentScorer = IntentScorer(self.intents)
        order = {name: n for n, name in enumerate(EXAMPLE_ORDER)}
        shown = sorted((i for i in self.intents if i.handler != "static"),
                       key=lambda i: order.get(i.handler, len(order)))
        self._example_questions = tuple(e for i in shown for e in i.examples[:1])
        self._data_version = 0
        self._data_version = self._kb_version()
        self._load_indexes()

    def _load_indexes(self) -> None:
        """Open the role index and build the tagger (at open, and again after the KB changed).
        The roles and the role-name index stay in the KB (:mod:`chatbot.nlu.role_store`): only
        the index's distinct words, the page words and the skill names are read here."""
        try:
            names = self.kb if self.kb.tables().issuperset(DERIVED_TABLES) else self._derived_index()
            roles = RoleDirectory(self.kb)
            role_index = RoleIndex(roles, names, names.role_vocab(), self._title_words, self.kb.words(),
                                   self.vocabulary.function_words)
            tagger = Tagger(self.vocabulary, role_index, self.kb.skill_names(),
                            [w for i in self.intents for c in (*i.cues, *i.strong_cues) for w in c.split()])
            examples = fill_examples(self._example_questions, _example_roles(roles))
        except sqlite3.DatabaseError as exc:  # a KB that passed the checks but cannot be read
            raise KBError(str(self.db_path), f"cannot read the knowledge base ({exc}); rebuild it") from None
        # swapped together, after everything is built: a question sees the old set or the new one
        self.roles_by_id: RoleDirectory = roles
        self.role_index: RoleIndex = role_index
        self.tagger: Tagger = tagger
        self._examples = examples

    def _derived_index(self) -> KBReader:
        """The role-name index of a KB written before the KB held it (schema 2), made in memory
        from its roles and aliases: the same answers, a slower load."""
        memory = sqlite3.connect(":memory:", check_same_thread=False)
        derive_index(memory, ((r[0], r[1]) for r in self.kb.roles()), self.kb.aliases())
        return KBReader(memory, str(self.db_path))

    def _kb_version(self) -> int:
        """SQLite's ``data_version``: changes when another connection commits to the KB."""
        try:
            return int(self.kb.conn.execute("pragma data_version").fetchone()[0])
        except sqlite3.DatabaseError:
            return self._data_version  # unreadable now: the query itself reports it

    def refresh(self) -> bool:
        """Reload the indexes if the KB changed since they were built (one pragma when it did
        not, so cheap enough for every question).  True when it reloaded."""
        version = self._kb_version()
        if version == self._data_version:
            return False
        with self._reload_lock:
            if version != self._data_version:
                self._load_indexes()
                self._data_version = version
        return True

    # -- conversations ---------------------------------------------------------------
    def conversation(self, state: dict[str, Any] | None = None) -> Conversation:
        """A new conversation (one per user), or one restored from ``state`` (what
        :meth:`Conversation.state_dict` returned, here or in another process); raises
        :class:`~chatbot.state.StateError` for a state that cannot be restored."""
        conv = Conversation(self)
        if state is not None:
            from chatbot.state import restore_state

            conv.state = restore_state(self, state, DialogueState)
        return conv

    def ask(self, question: str) -> Answer:
        """Answer one question with no context (a conversation's first question)."""
        from chatbot.models import answer_from

        return answer_from(self._answer(DialogueState(), question))

    def answer_text(self, question: str) -> str:
        """The text of :meth:`ask`'s answer, without building the :class:`~chatbot.models.Answer`
        (``chatbot ask`` prints only the text, and so starts without pydantic)."""
        return self._answer(DialogueState(), question).text

    # -- what the KB holds -----------------------------------------------------------
    def role_names(self) -> list[str]:
        """Every role the KB holds (canonical names), sorted."""
        return list(self.roles_by_id.sorted_names())

    def vocabulary_words(self) -> list[str]:
        """Attribute words and phrases people can use (for completion)."""
        return sorted({s for a in self.vocabulary.attribute for s in a.synonyms if len(s) > 2})

    def examples(self) -> list[str]:
        """Example questions, one per kind (from the intent definitions)."""
        return list(self._examples)

    def info(self) -> KBInfo:
        """What the KB holds."""
        from chatbot.models import KBInfo

        pages, roles, facts, notes = self.kb.summary()
        return KBInfo(path=str(self.db_path), builtin=self.builtin, pages=pages, roles=roles, facts=facts,
                      notes=notes)

    # -- answering ---------------------------------------------------------------------
    def _answer(self, state: DialogueState, question: str) -> Response:
        if len(question) > MAX_QUESTION_CHARS:
            text = TOO_LONG.format(length=len(question), limit=MAX_QUESTION_CHARS)
            return Response(text, "not_understood")
        if not question.strip() or not any(ch.isalnum() for ch in question):
            text = EMPTY_QUESTION.replace("{examples}", self._example_text())
            return Response(text, "not_understood")
        self.refresh()
        for attempt in range(KB_CHANGE_RETRIES + 1):
            trace = TraceLog()
            understood = understand(self, state, question, trace)
            try:
                return self._respond(state, understood, trace)
            except KeyError:  # a role written by an ingest that committed during this question
                if attempt == KB_CHANGE_RETRIES or not self.refresh():
                    raise
        raise AssertionError("unreachable")

    def _example_text(self) -> str:
        return "; ".join(f'"{e}"' for e in self._examples[:MAX_EXAMPLES_SHOWN])

    def _respond(self, state: DialogueState, u: Understanding, trace: TraceLog) -> Response:
        if u.outcome is not None:
            reply = word_outcome(u.outcome)
        elif u.request is None:
            roles = ", ".join(self.roles_by_id.sorted_names()[:MAX_ROLES_NAMED])
            text = NOT_UNDERSTOOD.replace("{roles}", roles).replace("{examples}", self._example_text())
            reply = Reply("not_understood", text, {}, [], [])
        else:
            # a question that reads several attributes of a role reads them with one query per role
            kb = QuestionReader(self.kb, attributes=facts_read(u.request, self.vocabulary))
            env = Env(kb, self.vocabulary, self.roles_by_id, self._examples, self.intents_by_name, trace.sql)
            reply = answer(env, u.request)
        state.apply(u, reply.about)
        request = u.request
        sources = list(dict.fromkeys(reply.sources))
        trace.slots.update(u.slots)
        return Response(
            text=reply.text,
            status=reply.status,
            intent=request.intent.name if request else u.intent_name,
            roles=[r.name for r in request.roles] if request else [r.name for r in u.roles],
            attribute=request.attribute.name if request and request.attribute else None,
            data=reply.data,
            suggestions=reply.suggestions,
            sources=sources,
            trace=trace,
        )

    def intent(self, name: str) -> IntentSpec:
        """The intent named ``name`` (a :class:`KeyError` for an unknown one)."""
        return self.intents_by_name[name]

    def close(self) -> None:
        """Close the KB connection."""
        self.kb.conn.close()


def _example_roles(roles: RoleDirectory) -> list[RoleEntry]:
    """The roles :func:`~chatbot.examples.fill_examples` can use of a KB: those the examples
    are written with, and the first by name (the only ones it takes in place of missing ones)."""
    named = [r for n in EXAMPLE_ROLES if (r := roles.keyed(n)) is not None and r.name.lower() == n]
    return [*named, *roles.first(EXAMPLE_SPARES)]


def _open_kb(db: str | Path | None) -> tuple[Path, sqlite3.Connection]:
    """The KB's path and a checked read-only connection: ``db``, or the built-in KB (opened
    and checked once, where it is looked up)."""
    if db is None:
        from chatbot.kb.builtin import open_builtin

        return open_builtin()
    path = Path(db).expanduser()
    return path, open_read_only(path)


class Conversation:
    """One user's conversation: answers questions, remembering roles and attribute."""

    def __init__(self, engine: Engine) -> None:
        self.engine: Engine = engine
        self.state: DialogueState = DialogueState()

    def ask(self, question: str) -> Answer:
        """Answer ``question`` in the context of the conversation so far."""
        from chatbot.models import answer_from

        return answer_from(self.engine._answer(self.state, question))

    @property
    def context(self) -> ContextView:
        """The roles and attribute the conversation is about."""
        from chatbot.models import ContextView

        s = self.state
        return ContextView(
            roles=[r.name for r in s.roles], attribute=s.attribute.name if s.attribute else None,
            intent=s.intent, pending_question=s.pending.question if s.pending else None,
            candidates=[r.name for r in s.pending.candidates] if s.pending else [],
        )

    def state_dict(self) -> dict[str, Any]:
        """The conversation's state as JSON-able data (see :mod:`chatbot.state`)."""
        from chatbot.state import state_dict

        return state_dict(self.engine, self.state)

    def reset(self) -> None:
        """Forget the context."""
        self.state = DialogueState()


__all__ = ["Conversation", "Engine"]
