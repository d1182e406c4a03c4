"""Training-data builders that are not the package's: SQuAD's articles asked as conversations,
questions about a name the article lacks, questions asked of the sentence answering them, and
the presence table counted from articles; and the check of retrained models against the
bundled article's tests."""

import importlib
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from bot.answering import association, scorer  # noqa: E402
from bot.evaluation.squad import Article, Question  # noqa: E402
from training import association as counting  # noqa: E402
from training import presence  # noqa: E402
from training.collect import NEARTOPIC, OFFTOPIC, OWN, index_of  # noqa: E402
from training.datasets import (  # noqa: E402
    CONVERSATION_PARAGRAPHS,
    _sentences,
    names_of,
    snippet,
    squad_stories,
    swapped,
)
from training.predicate import predicates  # noqa: E402
from training.probe import importance_table  # noqa: E402
from training.quotes import asked, reported  # noqa: E402
from training.snippets import snippets  # noqa: E402


def _article(title: str, paragraphs: int) -> Article:
    texts = [f"Paragraph {k} says the river rises in spring number {k}." for k in range(paragraphs)]
    questions = [
        Question(f"{title}-{k}", f"What rises in paragraph {k}?", [f"spring number {k}"], False, k)
        for k in range(paragraphs)
    ]
    questions.append(Question(f"{title}-x", "What is not there?", ["no such words"], False, 0))
    return Article(title, texts, questions)


def test_an_article_becomes_one_conversation_of_consecutive_paragraphs():
    (story,) = squad_stories([_article("Rivers", 6)])
    kept = story.turns
    assert len(kept) == CONVERSATION_PARAGRAPHS  # one question a paragraph; the unfound answer left out
    numbers = [int(t.question.split()[-1].rstrip("?")) for t in kept]
    assert numbers == list(range(numbers[0], numbers[0] + CONVERSATION_PARAGRAPHS))  # in order, consecutive
    for t in kept:  # each answered where its paragraph holds its answer
        assert story.text[t.rationale[0] : t.rationale[1]] == t.answer
    assert [t.number for t in kept] == list(range(1, len(kept) + 1))


def test_an_article_too_short_for_a_conversation_gives_none_and_the_choice_is_stable():
    assert squad_stories([_article("Short", CONVERSATION_PARAGRAPHS - 1)]) == []
    arts = [_article(f"A{k}", 8) for k in range(5)]
    assert squad_stories(arts) == squad_stories(arts)


def test_a_swapped_question_names_someone_the_article_lacks_in_place_of_one_it_holds():
    text = "The Danube flows through Vienna. In Vienna the Danube is wide. Budapest lies downstream."
    asked = ["Which city does the Danube flow through?", "Where does the river reach Budapest?", "How wide is it?"]
    art = Article("Danube", [text], [Question(f"d-{k}", q, ["Vienna"], False, 0) for k, q in enumerate(asked)])
    assert names_of(asked[0]) == ["Danube"] and names_of("Which is it?") == []  # "Which" starts it, no name
    out = swapped(art.questions, text, ["London", "Vienna", "Paris"], "Danube", 5)
    assert len(out) == 2 and out == swapped(art.questions, text, ["London", "Vienna", "Paris"], "Danube", 5)  # stable
    assert out[1] == out[1].lower() and out[0] != out[0].lower()  # every other one typed in lower case
    for q in out:
        words = q.lower().rstrip("?").split()
        source = next(a.lower().rstrip("?").split() for a in asked if len(a.split()) == len(words))
        changed = [(a, b) for a, b in zip(source, words) if a != b]
        assert len(changed) == 1 and changed[0][0] in ("danube", "budapest") and changed[0][1] in ("london", "paris")
    assert swapped(art.questions, text, ["Vienna"], "Danube", 5) == []  # no name it lacks to swap in
    assert len(swapped(art.questions, text, ["London"], "Danube", 1)) == 1  # at most as many as asked


def test_a_predicate_swapped_question_keeps_its_names_and_asks_a_word_the_article_lacks():
    text = "The Danube flows through Vienna. In Vienna the Danube is wide. Budapest lies downstream."
    asked = ["Which city does the Danube flow through?", "How wide is the Danube in Vienna?", "Who named it?"]
    art = Article("Danube", [text], [Question(f"d-{k}", q, ["Vienna"], False, 0) for k, q in enumerate(asked)])
    pool = ["population", "flows", "founded"]
    out = predicates(art.questions, text, pool, "Danube", 5)
    assert len(out) == 2 and out == predicates(art.questions, text, pool, "Danube", 5)  # stable
    for q in out:
        words = q.rstrip("?").split()
        source = next(a.rstrip("?").split() for a in asked if a.split()[0] == words[0])
        changed = [(a, b) for a, b in zip(source, words) if a != b]
        # one common word the text holds ("city" it lacks; never a name) for one of the pool's it lacks
        assert len(changed) == 1 and changed[0][0] in ("flow", "wide") and changed[0][1] in pool[::2]
    assert predicates(art.questions, text, ["flows"], "Danube", 5) == []  # nothing it lacks to ask
    assert len(predicates(art.questions, text, pool, "Danube", 1)) == 1  # at most as many as asked


def test_the_importance_probe_counts_how_often_the_answering_sentence_keeps_a_word_its_paragraph_holds():
    from bot.language.analysis import terms

    text = "The valley floods each May. Farmers plant rice there. The river is long."
    asked = [
        ("When does the valley flood?", "May"),
        ("What do farmers plant?", "rice"),
        ("When do farmers flood the valley?", "May"),  # its sentence lacks "farmers"
        ("Who owns the mill?", "nobody"),  # no answer in the text: not counted
    ]
    art = Article("Valley", [text], [Question(f"v-{k}", q, [a], False, 0) for k, (q, a) in enumerate(asked)])
    art.questions.append(Question("v-x", "What is not there?", [], True, 0))  # unanswerable: not counted
    n, held = importance_table([art])
    (farmer,), (flood,), (valley,), (plant,) = (terms(w) for w in ("farmers", "flood", "valley", "plant"))
    assert (n[farmer], held[farmer]) == (2, 1)
    assert (n[flood], held[flood]) == (2, 2) and (n[valley], held[valley]) == (2, 2)
    assert (n[plant], held[plant]) == (1, 1)
    assert not n[terms("mill")[0]]  # the paragraph lacks it: nothing to learn of it


def test_a_snippet_is_the_sentence_holding_the_answer_alone_or_with_one_either_side():
    text = "The river rises in spring. It floods the valley in May. Farmers plant rice after it. Then it dries."
    assert snippet(text, "in May", 0) == "It floods the valley in May."
    assert (
        snippet(text, "in May", 1)
        == "The river rises in spring. It floods the valley in May. Farmers plant rice after it."
    )
    assert snippet(text, "Then it dries", 1) == "Farmers plant rice after it. Then it dries."  # the last: one before
    assert snippet(text, "May. Farmers", 0) is None  # no one sentence holds it
    assert snippet(text, "in June", 1) is None


def test_questions_asked_of_their_sentence_come_with_a_near_one_of_the_paragraph_and_an_off_topic_one():
    text = "The river rises in spring. It floods the valley in May. Farmers plant rice after it."
    asked = [
        ("When does the valley flood?", "May"),
        ("What do farmers plant?", "rice"),
        ("Where does it rise?", "spring"),
    ]
    art = Article("River", [text], [Question(f"r-{k}", q, [a], False, 0) for k, (q, a) in enumerate(asked)])
    off = [Question("o", "Who wrote Hamlet?", ["Shakespeare"], False, 0)]
    rows = _sentences((art, off, "test", 2))
    tags = list(rows.tag)
    assert tags.count(OWN) == 2 and tags.count(OFFTOPIC) == 2 and tags.count(NEARTOPIC) == 2  # at most 2 asked
    assert rows.dataset == ["test"] * 6 and set(rows.unit) == {"River"}
    assert list(_sentences((art, off, "test", None)).tag).count(OWN) == 3  # None: every question
    assert list(_sentences((art, off, "test", 2)).tag) == tags  # stable
    assert OFFTOPIC not in _sentences((art, [], "test", 2)).tag  # no other article: no off-topic question


def test_a_snippet_file_asks_each_answerable_question_of_its_own_sentence_as_bot_eval_reads_it():
    from bot.evaluation.squad import parse_squad

    text = "The river rises in spring. It floods the valley in May. Farmers plant rice after it."
    asked = [
        Question("a", "When does the valley flood?", ["May", "in May"], False, 0),
        Question("b", "What is not there?", [], True, 0),  # unanswerable: left out
        Question("c", "What spans two?", ["May. Farmers"], False, 0),  # no one sentence holds it: left out
    ]
    doc = snippets([Article("River", [text], asked)], 0)
    (art,) = parse_squad(doc)
    assert art.paragraphs == ["It floods the valley in May."] and [q.text for q in art.questions] == [asked[0].text]
    for p in doc["data"][0]["paragraphs"]:
        for a in p["qas"][0]["answers"]:
            assert p["context"][a["answer_start"] :].startswith(a["text"])


@pytest.mark.parametrize("name", ["snippets", "typed", "keywords"])
def test_a_squad_file_script_says_what_it_cannot_read_or_write_in_one_line(tmp_path, capsys, name):
    script = importlib.import_module(f"training.{name}")

    assert script.main([str(tmp_path / "none.json"), str(tmp_path / "out.json")]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
    source = tmp_path / "in.json"
    source.write_text('{"data": [{"title": "T", "paragraphs": [{"context": "It rains in May.", "qas": []}]}]}')
    assert script.main([str(source), str(tmp_path / "no" / "such" / "out.json")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert script.main([str(source), str(tmp_path / "out.json")]) == 0 and (tmp_path / "out.json").is_file()


def test_the_presence_table_counts_the_words_asked_and_held_and_leaves_an_article_out_exactly():
    from bot.language import analysis

    def article(title: str, river: str) -> Article:
        text = f"The {river} rises in spring and floods the valley."
        asked = [f"When does the {river} rise?", f"What does the {river} flood?", "What is the town's population?"]
        return Article(title, [text], [Question(f"{title}-{k}", q, ["spring"], False, 0) for k, q in enumerate(asked)])

    arts = [article("Rivers", "Danube"), article("Lakes", "Rhine")]
    full = presence.counts(pair for art in arts for pair in presence.of_article(art))
    table = presence.table(*full)
    # "rise" is asked twice and held both times; "population" asked twice, never held
    (rise,), (population,) = analysis.terms("rise"), analysis.terms("population")
    assert table.expected(population) < table.prior < table.expected(rise) < 1.0
    # an article left out is exactly as if it had never been counted
    without = presence.without(full, arts[0])
    alone = presence.table(*presence.counts(presence.of_article(arts[1])))
    assert without.asked.tolist() == alone.asked.tolist() and without.held.tolist() == alone.held.tolist()
    # the words a question is read by are the query's: fillers like "name" are dropped
    asked = presence.question_terms("What is the name of the river?")
    assert analysis.terms("river")[0] in asked and not asked & set(analysis.terms("name"))


def test_the_check_of_retrained_models_runs_the_bundled_tests_with_them(tmp_path):
    from training import check
    from training.datasets import code_digest

    # the shipped models, as if this checkout's code had trained them (the models may lag the
    # code: README, The shipped models): they pass the bundled tests
    shipped = scorer.Trees.read(REPO / "bot" / "models" / "ranker.bin")
    replace(shipped, info=json.dumps({"code": code_digest()})).save(tmp_path / "ranker.bin")
    assert check.check(tmp_path, quiet=True) == 2  # no abstain.bin
    (tmp_path / "abstain.bin").write_bytes((REPO / "bot" / "models" / "abstain.bin").read_bytes())
    assert check.check(tmp_path, quiet=True) == 0
    # a ranker that scores every sentence alike is a different model: the tests catch it
    flat = shipped
    scorer.Trees(
        flat.features,
        flat.feature[:1] * 0,
        np.full_like(flat.threshold[:1], np.inf),
        np.zeros_like(flat.left[:1]),
        np.zeros_like(flat.right[:1]),
        np.zeros_like(flat.value[:1]),
        0,
    ).save(tmp_path / "ranker.bin")
    assert check.check(tmp_path, quiet=True) not in (0, 2)


def test_the_check_refuses_models_trained_on_other_code(tmp_path, capsys):
    # a branch's ranker read by main's code: the same column names, other numbers
    from training import check
    from training.datasets import code_digest

    shipped = scorer.Trees.read(REPO / "bot" / "models" / "ranker.bin")
    (tmp_path / "abstain.bin").write_bytes((REPO / "bot" / "models" / "abstain.bin").read_bytes())
    replace(shipped, info=json.dumps({"code": "0" * 12})).save(tmp_path / "ranker.bin")
    assert check.check(tmp_path, quiet=True) == 2
    assert "trained on code 000000000000" in capsys.readouterr().err
    replace(shipped, info=json.dumps({"code": code_digest()})).save(tmp_path / "ranker.bin")
    assert check.check(tmp_path, quiet=True) == 0  # its own code's: the bundled tests run


def test_the_training_script_runs_with_one_string_hash_whatever_it_was_started_with(tmp_path):
    import subprocess

    script = tmp_path / "t.py"
    script.write_text(
        f"import os, sys\nsys.path.insert(0, {str(REPO)!r})\nfrom training import train\n"
        "train.fixed_hashes()\nprint(os.environ['PYTHONHASHSEED'], hash('carney'))\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, str(script)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        for seed in ("1", "2", "random")
    }
    assert len(seen) == 1 and next(iter(seen)).startswith("0 ")


def test_an_ensemble_ranker_scores_the_mean_of_its_seeds_fits(monkeypatch):
    """`train.py --ensemble K` ships K rankers of seeds --seed, --seed + 1, ... as one model."""
    pytest.importorskip("lightgbm")
    from training import train
    from training.collect import Groups

    rng = np.random.default_rng(3)
    groups = Groups()
    for q in range(60):
        X = rng.normal(size=(12, 3))
        groups.add(X, (X[:, 0] + 0.5 * rng.normal(size=12) > 1).astype(float), "squad-train", f"a{q % 6}")
    keep = np.ones(len(groups.y), bool)
    names = ("x", "y", "z")
    monkeypatch.setitem(train.RANKER, "seed", 5)
    monkeypatch.setattr(train, "ENSEMBLE", 3)
    mean = train.fit_ranker(groups, keep, rounds=8, names=names)
    monkeypatch.setattr(train, "ENSEMBLE", 1)
    alone = [train.fit_ranker(groups, keep, {**train.RANKER, "seed": s}, 8, names) for s in (5, 6, 7)]
    test = rng.normal(size=(40, 3))
    assert json.loads(mean.info)["seeds"] == [5, 6, 7] and len(mean.feature) == sum(len(m.feature) for m in alone)
    assert np.allclose(mean.predict(test), np.mean([m.predict(test) for m in alone], axis=0), atol=1e-9)
    assert not np.allclose(alone[0].predict(test), alone[1].predict(test))  # the seeds draw other fits


def test_reused_short_answer_rows_are_the_set_asked_not_another_whose_name_begins_alike(tmp_path):
    """`short.py --reuse` takes the latest rows of the set; "newsqa" is not "newsqa-together"."""
    pytest.importorskip("lightgbm")
    import time

    from training import short

    for name, unit in (("newsqa", "one article"), ("newsqa-together", "all of them")):
        rows = short.Rows()
        rows.X.append(np.zeros((1, 2), np.float32))
        rows.f1.append(np.zeros(1, np.float32))
        rows.dataset.append(name)
        rows.unit.append(unit)
        rows.kind.append("person")
        rows.rule_f1.append(0.0)
        rows.save(tmp_path / f"short-{name}-0000000{len(name) % 10}.npz")
        time.sleep(0.05)  # the together rows are the later ones
    assert short.collect("newsqa", tmp_path, tmp_path, 1, reuse=True).unit == ["one article"]


def test_keeping_the_ranker_needs_one_to_keep_and_says_so_before_any_work(tmp_path, capsys):
    from training import train

    assert train.main([str(tmp_path), "--keep-ranker", "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == f"train: --keep-ranker: no ranker.bin in {tmp_path / 'out'} to keep\n"


@pytest.mark.parametrize("count", ["0", "-1"])
def test_an_ensemble_of_no_rankers_is_refused_before_any_work(tmp_path, capsys, count):
    # it was read as one ranker, silently
    from training import train

    with pytest.raises(SystemExit) as exit_:
        train.main([str(tmp_path), "--ensemble", count])
    assert exit_.value.code == 2
    assert f"--ensemble must be 1 or more, got {count}" in capsys.readouterr().err.splitlines()[-1]


def _pair(question_word: str, sentence_word: str) -> int:
    from bot.language import analysis

    left, right = (association.codes(analysis.terms(w)) for w in (question_word, sentence_word))
    return int(association.keys(left, right)[0, 0])


def test_training_counts_each_pair_seen_and_held_in_the_answering_sentence():
    text = "The firm was established in 1902. The firm sells bread."
    art = Article("Firm", [text], [Question("1", "When was the firm founded?", ["1902"], False)])
    k, seen, held = counting.of_article(art)
    at = {int(x): i for i, x in enumerate(k.tolist())}
    assert (seen[at[_pair("founded", "established")]], held[at[_pair("founded", "established")]]) == (1, 1)
    assert (seen[at[_pair("founded", "bread")]], held[at[_pair("founded", "bread")]]) == (1, 0)
    # the question's own words are not paired with the sentence's same words
    assert _pair("founded", "firm") not in at
    assert 0 <= counting.fold_of("Firm") < counting.FOLDS


def test_a_table_keeps_the_pairs_seen_often_enough_that_lift():
    k = np.array([1, 2, 3], np.uint64)
    seen = np.array([100, 100, 2])
    held = np.array([90, 10, 2])  # lifts; leans away; lifts but seen too few times
    t = counting.table((k, seen, held))
    assert t.keys.tolist() == [1]
    base = 102 / 202
    assert t.lifts[0] == pytest.approx(np.log((90 + 5 * base) / 105 / base), rel=1e-5)


def test_questions_of_reported_speech_ask_each_speaker_by_name_and_by_pronoun_after_a_turn_about_them(article_index):
    got = {(q.lower(), bool(c)): (sorted(s), c) for q, c, s in asked(article_index, 0, "article")}
    carney, sheinbaum = ([9, 10, 11, 13]), [15]  # "He said ..." after "Carney stated"; '..." she said.'
    assert got[("what did carney say?", False)][0] == carney
    assert got[("what did sheinbaum say?", False)][0] == sheinbaum
    sids, turn = got[("what did she say?", True)]
    assert sids == sheinbaum
    # as the chat reads it after "Who is Claudia Sheinbaum?": her, and the sentence first naming her shown
    assert turn.person is not None and "sheinbaum" in turn.person[0] and turn.last_answer == (0,)
    assert "sheinbaum" in turn.turns[0] and set(turn.answer_terms) == set(article_index.sentence_terms[0])
    assert len(got) == 4
    assert asked(article_index, 0, "article") == asked(article_index, 0, "article")  # the same draw each time


def test_a_pronoun_says_the_last_person_of_its_gender_named_and_a_common_word_is_no_speaker():
    text = (
        "Jane Okonkwo founded the firm. She said the firm would grow. Okonkwo said profits rose.\n\n"
        "John Abernathy joined in 1990. He said little. Then she said more, as Even said nothing."
    )
    index = index_of([("firm.txt", text, None)])
    said = reported(index, 0)
    assert said.get("okonkwo") == {1, 2, 5}  # "She said", "Okonkwo said", and "she said" after him
    assert said.get("abernathi") == {4}
    questions = [q.lower() for q, _, _ in asked(index, 0, "firm")]
    assert "what did okonkwo say?" in questions and "what did abernathy say?" in questions
    assert not any("even" in q for q in questions)


def test_a_typed_file_asks_every_question_typed_fast_and_keeps_the_rest():
    from bot.evaluation.squad import parse_squad
    from training.squadfile import with_questions
    from training.typed import typed

    assert typed("In what year did the Normans conquer England?") == "in what year did the nromans conquer england"
    assert typed("Who's Ada?") == "whos ada"  # no word of five letters: only the case and the apostrophe
    for question in ("What is Mexico's interest?", "How long does the action plan run?"):
        out = typed(question)
        assert out == typed(question) and len(out) == len(question.replace("'", "").rstrip("?"))
        assert sorted(out) == sorted(question.lower().replace("'", "").rstrip("?"))  # letters swapped, none lost
    doc = {
        "version": "v2.0",
        "data": [
            {
                "title": "T",
                "paragraphs": [
                    {
                        "context": "The Normans conquered England in 1066.",
                        "qas": [
                            {
                                "id": "a",
                                "question": "When did the Normans conquer England?",
                                "answers": [{"text": "1066", "answer_start": 33}],
                            },
                            {"id": "b", "question": "Who ruled Mars?", "answers": [], "is_impossible": True},
                        ],
                    }
                ],
            }
        ],
    }
    (art,) = parse_squad(with_questions(doc, Path("t.json"), typed))
    assert [q.text for q in art.questions] == ["when did the nromans conquer england", "who rueld mars"]
    assert [(q.id, q.answers, q.impossible) for q in art.questions] == [("a", ["1066"], False), ("b", [], True)]
    assert doc["data"][0]["paragraphs"][0]["qas"][0]["question"].startswith("When")  # the source is left alone


def test_a_keywords_file_asks_every_question_by_its_words_alone_and_keeps_the_rest():
    from bot.evaluation.squad import parse_squad
    from training.keywords import keywords
    from training.squadfile import with_questions

    assert keywords("In what year did the Normans conquer England?") == "year normans conquer england"
    assert keywords("What is Mexico's interest in Canada’s border?") == "mexico interest canada border"
    assert keywords("Who is he?") == "Who is he?"  # nothing but stopwords: asked as it came
    context = "The Normans conquered England in 1066."
    qas = [
        {
            "id": "a",
            "question": "When did the Normans conquer England?",
            "answers": [{"text": "1066", "answer_start": 33}],
        }
    ]
    doc = {"version": "v2.0", "data": [{"title": "T", "paragraphs": [{"context": context, "qas": qas}]}]}
    (art,) = parse_squad(with_questions(doc, Path("t.json"), keywords))
    assert [(q.id, q.text, q.answers) for q in art.questions] == [("a", "normans conquer england", ["1066"])]
    assert qas[0]["question"].startswith("When")  # the source is left alone


def test_a_question_typed_in_a_hurry_has_one_typo_in_a_long_word_and_the_same_draw_gives_the_same_typing():
    import random
    import re

    from training.typed import MIN_LETTERS, hurried

    question = "In what year did the Normans conquer England?"
    long_words = [w.lower() for w in re.findall(rf"[A-Za-z]{{{MIN_LETTERS},}}", question)]
    seen = set()
    for seed in range(200):
        out = hurried(question, random.Random(seed))
        assert out == hurried(question, random.Random(seed))
        seen.add(out)
        words, typed_words = question.lower().rstrip("?").split(), out.lower().rstrip("?").split()
        changed = [(a, b) for a, b in zip(words, typed_words) if a != b]
        assert len(words) == len(typed_words) and len(changed) == 1, out
        a, b = changed[0]
        assert a in long_words and a[0] == b[0] and a[-1] == b[-1] and abs(len(a) - len(b)) <= 1
    assert any(o.islower() for o in seen) and any(not o.islower() for o in seen)
    assert any(o.endswith("?") for o in seen) and any(not o.endswith("?") for o in seen)
    assert hurried("Who is Ada?", random.Random(0)).lower().rstrip("?") == "who is ada"  # no long word: no typo


def test_typed_questions_of_an_article_are_ranked_and_judged_as_typed():
    from training.datasets import _typed

    art = _article("River", 4)
    off = [Question("o", "Who painted the Mona Lisa in Florence?", ["Leonardo"], False, 0)]
    near = [Question("n", "What falls in paragraph 9?", ["autumn"], False, 0)]
    held = _typed((art, off, near, "squad-dev-typed", None))
    assert held[0].asked == 5 and held[0].reachable == 4  # "What is not there?" unreachable
    assert sorted(held[1].tag) == sorted([OWN] * 5 + [OFFTOPIC, NEARTOPIC])
    learned = _typed((art, off, near, "squad-typed", 2))
    assert learned[0].asked == 2 and sorted(learned[1].tag) == sorted([OWN, OWN, OFFTOPIC, NEARTOPIC])


def test_the_together_diagnosis_says_whether_the_article_or_the_sentence_was_missed(tmp_path, capsys):
    from training import together

    doc = {
        "data": [
            {
                "title": "Ferry",
                "paragraphs": [
                    {
                        "context": "The harbour ferry was retired in 1998. Its last captain was Ines Duarte.",
                        "qas": [
                            {
                                "id": "1",
                                "question": "Who was the ferry's last captain?",
                                "answers": [{"text": "Ines Duarte", "answer_start": 60}],
                            }
                        ],
                    }
                ],
            },
            {
                "title": "Orchard",
                "paragraphs": [
                    {
                        "context": "The orchard grows pears and plums. Its owner sold the harvest in Lyon.",
                        "qas": [
                            {
                                "id": "2",
                                "question": "Where was the orchard's harvest sold?",
                                "answers": [{"text": "Lyon", "answer_start": 65}],
                            }
                        ],
                    }
                ],
            },
        ]
    }
    source = tmp_path / "two.json"
    source.write_text(json.dumps(doc))
    d = together.diagnose(together.load_squad(source))
    assert d["questions"] == 2 and d["top-1"] == 1.0 and d["first citation of the question's article"] == 1.0
    assert d["BM25 of whole articles (the index's) @1"] == 1.0
    assert all(0.0 <= v <= 1.0 for k, v in d.items() if k != "questions")
    assert together.main([str(source)]) == 0 and "top-1 when it is" in capsys.readouterr().out
    assert together.main([str(tmp_path / "none.json")]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_the_files_the_code_digest_leaves_out_are_imported_by_no_code_that_computes_rows():
    """`datasets.INTERFACE` (the command line and the terminal) is left out of the digest that
    keys the rows and the models: the training scripts must never import it."""
    import subprocess

    from training.datasets import INTERFACE, ROOT

    modules = sorted("bot." + m.removesuffix(".py").replace("/", ".") for m in INTERFACE)
    program = (
        "import sys\n"
        "import training.train, training.conversations, training.short, training.check, training.screen\n"
        f"print(sorted(set({modules!r}) & set(sys.modules)))\n"
    )
    r = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
    assert all((ROOT / "bot" / m).is_file() for m in INTERFACE)
