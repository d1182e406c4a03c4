"""The association table: what a question's words lead to in the sentence that answers it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answering import association
from bot.answering.association import Association, codes, cue, keys
from bot.answering.query import analyze
from bot.index.bm25 import Index
from bot.language import analysis


def table(pairs: dict[tuple[str, str], float]) -> Association:
    k = np.array([keys(codes([a]), codes([b]))[0, 0] for a, b in pairs], np.uint64)
    v = np.array(list(pairs.values()), np.float32)
    order = np.argsort(k)
    return Association(k[order], v[order])


def term(word: str) -> str:
    return analysis.terms(word)[0]


@pytest.mark.parametrize(
    "question, expected",
    [
        ("How many people live there?", "@how many"),
        ("In what year did it open?", "@what year"),
        ("WHO founded it", "@who founded"),
        ("Paris?", "@paris"),
    ],
)
def test_the_cue_is_the_question_word_and_the_next(question, expected):
    assert cue(question) == expected


def test_the_matrix_holds_the_kept_lifts_and_zero_elsewhere():
    t = table({("found", "establish"): 0.5, ("@when did", "1902"): 0.4})
    m = t.matrix(["found", "@when did", "popul"], ["establish", "1902", "inhabit"])
    assert m.shape == (3, 3)
    assert m[0, 0] == pytest.approx(0.5) and m[1, 1] == pytest.approx(0.4)
    assert np.count_nonzero(m) == 2
    assert Association(np.zeros(0, np.uint64), np.zeros(0, np.float32)).matrix(["a"], ["b"]).tolist() == [[0.0]]


def test_a_table_reads_back_as_written(tmp_path):
    t = table({("found", "establish"): 0.56, ("popul", "inhabit"): 0.34, ("a", "b"): 1.5})
    t.save(tmp_path / "association.bin")
    back = Association.read(tmp_path / "association.bin")
    assert back.keys.tolist() == t.keys.tolist()
    assert back.lifts == pytest.approx(t.lifts, abs=0.005)


def test_the_shipped_table_is_sorted_and_keeps_only_what_lifts():
    t = association.shipped()
    assert len(t) > 100_000
    assert (t.keys[1:] > t.keys[:-1]).all()
    assert t.lifts.min() >= association.MIN_LIFT - 0.005
    # learned from SQuAD's questions: "founded" is answered by "established", "when" by a year
    m = t.matrix([term("founded"), "@when did"], [term("established"), "1902"])
    assert m[0, 0] > 0.3 and m[1, 1] > 0.2


def test_the_columns_credit_a_sentence_for_what_the_question_word_leads_to():
    index = Index.from_texts("The firm was established by Jane Doe. The firm sells bread. The firm has a shop.")
    query = analyze("Who founded the firm?", index)
    t = table({(term("founded"), term("established")): 0.6, ("@who founded", term("Jane")): 0.3})
    ids = np.arange(3)
    idf = {t: 1.0 for t in query.content}
    cols = association.columns(query, index, ids, idf, t)
    # "founded" and "firm" weigh alike; the first sentence lacks "founded" but leads from it
    assert cols["association"].tolist() == pytest.approx([0.3, 0.0, 0.0])
    assert cols["association_missing"].tolist() == pytest.approx([0.3, 0.0, 0.0])
    assert cols["association_cue"].tolist() == pytest.approx([0.3, 0.0, 0.0])


def test_the_cue_is_the_strongest_lead_not_a_sum_that_grows_with_the_sentence():
    # "how long?": a long opening sentence holding many words that lean a little toward an
    # answer of that kind ("visit", "eight", "prime") does not outscore one holding "years"
    index = Index.from_texts("The prime minister made a visit, the first in eight years. The plan lasts three years.")
    query = analyze("how long does it last?", index)
    cue = association.cue(query.text)
    lifts = {(cue, term("years")): 1.0, (cue, term("visit")): 0.6, (cue, term("eight")): 0.7}
    lifts |= {(cue, term("prime")): 0.5, (cue, term("three")): 0.4}
    cols = association.columns(query, index, np.arange(2), {}, table(lifts))
    assert cols["association_cue"].tolist() == pytest.approx([1.0, 1.0])


@given(st.text(max_size=60))
def test_the_columns_of_any_question_are_finite_and_not_negative(question):
    index = Index.from_texts("The firm was established by Jane Doe in 1902. It sells bread.")
    query = analyze(question, index)
    cols = association.columns(query, index, np.arange(2), {t: 1.0 for t in query.content})
    for values in cols.values():
        assert np.isfinite(values).all() and (values >= 0).all()


def test_the_columns_are_the_same_whatever_order_python_walks_a_set_in(python):
    # A sentence's terms are a set, walked in the order Python's string hashes give, which each
    # process draws anew; the cue column sums float32 lifts over them, so it must sum them in one
    # order, or two training runs collect rows that differ in their last bits (and fit other trees).
    code = (
        "import hashlib, bot, numpy as np\n"
        "from bot.answering import association\n"
        "from bot.answering.query import analyze\n"
        "index = bot.load()\n"
        "h = hashlib.sha256()\n"
        "for q in ('What did the two leaders discuss?', 'How long will the action plan last?',\n"
        "          'Why do both countries share information?', 'what does mexico want to learn'):\n"
        "    query = analyze(q, index)\n"
        "    ids = np.arange(len(index.corpus.sentences))\n"
        "    idf = {t: index.sentences.term_idf(t) for t in query.content}\n"
        "    for name, column in sorted(association.columns(query, index, ids, idf).items()):\n"
        "        h.update(name.encode()); h.update(np.ascontiguousarray(column).tobytes())\n"
        "print(h.hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2", "3", "4"):
        done = python(code, {"PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        digests.add(done.stdout)
    assert len(digests) == 1
