"""Intents and the attribute vocabulary are data: validated at load, extended by editing TOML."""

from __future__ import annotations

import shutil

import pytest

from chatbot import Engine, IntentsError
from chatbot.answers.templates import MissingTemplateValue, render
from chatbot.paths import intents_dir


@pytest.fixture
def intents_copy(tmp_path):
    folder = tmp_path / "intents"
    shutil.copytree(intents_dir(), folder)
    return folder


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("compare.toml", 'roles = "two"', 'roles = "three"', "field 'intent.0.roles'"),
        ("facts.toml", 'handler = "fact"', 'handler = "nonsense"', "field 'intent.0.handler'"),
        ("compare.toml", "[[intent]]", "[[intent]\n", "not valid TOML"),
        ("vocabulary.toml", 'label = "yearly salary"', 'label = 5', "field 'attribute.0.label'"),
        ("facts.toml", 'name = "profile"', 'name = "fact"', "defined twice"),
        ("vocabulary.toml", 'patterns = ["', 'patterns = ["(', "not a valid regular expression"),
        # a misspelt placeholder is an error at load, not an empty gap in every answer
        ("vocabulary.toml", "{Plural} earn {value} a year", "{Plural} earn {vaule} a year",
         "unknown placeholder {vaule}"),
        ("compare.toml", "{value_a}", "{valu_a}", "unknown placeholder {valu_a}"),
    ],
)
def test_a_broken_file_is_a_clear_error_naming_file_and_field(intents_copy, seed_kb, file, old, new, message):
    path = intents_copy / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(IntentsError) as info:
        Engine(db=seed_kb, intents=intents_copy)
    assert file in str(info.value) and message in str(info.value)


def test_a_missing_vocabulary_file_is_named(intents_copy, seed_kb):
    (intents_copy / "vocabulary.toml").unlink()
    with pytest.raises(IntentsError, match="vocabulary.toml"):
        Engine(db=seed_kb, intents=intents_copy)


def test_a_new_word_is_a_data_change(intents_copy, seed_kb):
    path = intents_copy / "vocabulary.toml"
    path.write_text(path.read_text().replace('synonyms = ["salary", ', 'synonyms = ["bucks", "salary", ', 1))
    answer = Engine(db=seed_kb, intents=intents_copy).ask("how many bucks do production leaders get?")
    assert answer.status == "answered" and "$44,563" in answer.text


def test_a_new_question_type_is_a_data_change(intents_copy, seed_kb):
    (intents_copy / "extra.toml").write_text(
        '[[intent]]\nname = "pay_check"\nhandler = "fact"\ndescription = "A payslip question"\n'
        'strong_cues = ["payslip"]\nroles = "one"\nattribute = "optional"\nrequires_cue = true\npriority = 5\n'
        'examples = ["payslip of a production leader"]\n'
    )
    path = intents_copy / "vocabulary.toml"
    path.write_text(path.read_text().replace('synonyms = ["salary", ', 'synonyms = ["payslip", "salary", ', 1))
    answer = Engine(db=seed_kb, intents=intents_copy).ask("payslip of a production leader")
    assert answer.intent == "pay_check" and "$44,563" in answer.text


@pytest.mark.parametrize("hostile", ["{0}", "{__class__}", "%s%s%n", "{plural.__class__}", "{{value}}"])
def test_templates_never_format_user_text(seed_kb, hostile):
    answer = Engine(db=seed_kb).ask(f"{hostile} production leader {hostile} salary")
    assert "class" not in answer.text.replace(hostile, "")
    assert render("{a} and {b}", {"a": hostile, "b": "x"}) == f"{hostile} and x"


def test_a_template_value_the_handler_did_not_give_is_an_error_not_a_gap():
    assert render("{Plural} earn {value}.", {"plural": "teachers", "value": "$1"}) == "Teachers earn $1."
    with pytest.raises(MissingTemplateValue, match="needs {value}"):
        render("{Plural} earn {value}.", {"plural": "teachers"})


def test_values_the_schemas_converted_load_as_before(intents_copy):
    """The intent schemas are plain records now; a value pydantic used to convert (an int
    priority, 1 for true) is converted the same way, and a wrong one is worded the same."""
    from chatbot.nlu.intents import load_intents

    path = intents_copy / "facts.toml"
    text = path.read_text()
    path.write_text(text.replace('handler = "fact"', 'handler = "fact"\npriority = 5\nnumber = 1', 1))
    fact = next(i for i in load_intents(intents_copy) if i.name == "fact")
    assert fact.priority == 5.0 and type(fact.priority) is float
    assert fact.number is True
    path.write_text(text.replace('handler = "fact"', 'handler = "fact"\nmax_words = 3.5', 1))
    with pytest.raises(IntentsError, match="field 'intent.0.max_words': Input should be a valid integer, "
                                           "got a number with a fractional part"):
        load_intents(intents_copy)


def test_the_shipped_intent_files_load_without_pydantic():
    import subprocess
    import sys

    code = ("import sys\nfrom chatbot.paths import intents_dir\nfrom chatbot.nlu.intents import load_intents\n"
            "from chatbot.nlu.vocabulary import load_title_words, load_vocabulary\n"
            "load_intents(intents_dir()); load_vocabulary(intents_dir()); load_title_words(intents_dir())\n"
            "print('pydantic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
