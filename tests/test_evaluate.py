from pathlib import Path

import pytest

from bot.evaluation import scores
from bot.evaluation import squad as ev

MINI = Path(__file__).parent / "data" / "squad-mini.json"


def test_normalize_answer():
    assert scores.normalize_answer("The  Pharos, of Alexandria!") == "pharos of alexandria"


@pytest.mark.parametrize(
    "pred,golds,em,f1",
    [
        ("Ptolemy II", ["Ptolemy II"], 1.0, 1.0),
        ("the Ptolemy II", ["Ptolemy II"], 1.0, 1.0),  # articles do not count
        ("Ptolemy", ["Ptolemy II"], 0.0, 2 * 1.0 * 0.5 / 1.5),  # precision 1, recall 1/2
        ("king Ptolemy II of Egypt", ["Ptolemy II"], 0.0, 2 * 0.4 * 1.0 / 1.4),  # precision 2/5
        ("nothing alike", ["Ptolemy II"], 0.0, 0.0),
        (None, ["x"], 0.0, 0.0),
        ("about 100 metres", ["100 metres", "about 100 metres"], 1.0, 1.0),  # best gold counts
    ],
)
def test_em_f1_hand_worked(pred, golds, em, f1):
    assert scores.exact_match(pred, golds) == em
    assert scores.token_f1(pred, golds) == pytest.approx(f1)


def test_contains_answer_is_token_aligned():
    assert scores.contains_answer("It erupted in 2021.", ["2021"])
    assert not scores.contains_answer("It erupted in 20215.", ["2021"])


def test_load_and_evaluate_fixture():
    arts = ev.load_squad(MINI)
    assert [a.title for a in arts] == ["Lighthouses", "Volcanoes"]
    recs, secs = ev.evaluate(arts, offtopic=3)
    s = ev.summarize(recs, secs)
    assert s["answerable"] == 5 and s["top1"] >= 0.8
    assert s["refused_offtopic"] >= 0.5


@pytest.mark.parametrize(
    "content,msg",
    [
        ("not json", "not JSON"),
        ('{"x": 1}', "not SQuAD format"),
        ('{"data": [{"title": "t", "paragraphs": [{"qas": []}]}]}', "missing context"),
    ],
)
def test_bad_files(tmp_path, content, msg):
    f = tmp_path / "bad.json"
    f.write_text(content)
    with pytest.raises(ev.SquadError, match=msg):
        ev.load_squad(f)


# CoQA: conversations, asked turn by turn as `bot chat` asks them

COQA = Path(__file__).parent / "data" / "coqa-mini.json"


def test_coqa_is_read_with_rationales_trimmed():
    from bot.evaluation import coqa as co

    stories = co.load(COQA)
    assert [s.id for s in stories] == ["bridge", "kelp"] and stories[0].source == "news"
    turns = stories[0].turns
    assert [t.number for t in turns] == list(range(1, 8))
    lo, hi = turns[1].rationale
    assert stories[0].text[lo:hi] == "on Tuesday"
    assert turns[-1].rationale is None  # "unknown": asked, never scored


def test_coqa_turns_are_asked_in_the_chat_and_alone():
    from bot.evaluation import coqa as co

    story = co.load(COQA)[0]
    recs = co.evaluate_story(story)
    assert len(recs) == 2 * len(story.turns)
    assert {r.mode for r in recs} == {"chat", "alone"}
    first = next(r for r in recs if r.mode == "chat" and r.turn == 1)
    assert first.rank == 1 and first.answered  # "What opened?" cites the opening sentence
    s = co.summarize(recs)
    assert s["turns"] == 6 and s["stories"] == 1
    for k in ("top1", "top3", "answered", "alone_top1", "alone_top3", "alone_answered"):
        assert 0.0 <= s[k] <= 1.0
    assert s["top1"] <= s["top3"]


def test_coqa_rank_is_by_overlap_with_the_rationale():
    from bot.answering.answers import Answer, Citation
    from bot.evaluation import coqa as co

    def cite(r, start, end):
        return Citation(r, "s", "t", 1, r, start, end, "x", 0.0, r)

    ans = Answer("q", True, "a", None, 1.0, None, [cite(1, 0, 10), cite(2, 11, 20)])
    assert co._rank(ans, (12, 15)) == 2
    assert co._rank(ans, (10, 11)) is None  # touching is not overlapping
    assert co._rank(ans, None) is None


def test_coqa_that_is_not_coqa(tmp_path):
    from bot.evaluation import coqa as co

    f = tmp_path / "x.json"
    f.write_text('{"data": [{"story": "Text.", "questions": [{"turn_id": 1}]}]}')
    with pytest.raises(ev.SquadError, match="not CoQA format"):
        co.load(f)
    f.write_text('{"data": [{"title": "t", "paragraphs": []}]}')
    with pytest.raises(ev.SquadError, match="not CoQA format"):
        co.load(f)


# Hedges are misses; the peer is measured in the same run; near-topic and together


def test_a_hedge_is_a_miss_however_good_its_citation(monkeypatch):
    from bot.answering import qa
    from bot.answering.answers import Answer, Citation

    art = ev.Article("t", ["The tower was built in 1990."], [ev.Question("q", "When was it built?", ["1990"], False)])
    cite = Citation(1, "s", "t", 1, 1, 0, 28, "The tower was built in 1990.", 1.0, 0)
    hedge = Answer("When was it built?", False, None, None, 0.2, "Not sure", [cite])
    monkeypatch.setattr(qa, "answer", lambda *a, **k: hedge)
    (record,) = ev.evaluate_article(art, [])
    assert record.rank is None and record.cited_rank == 1 and record.hedged
    s = ev.summarize([record])
    assert s["top1"] == 0.0 and s["cited_top1"] == 1.0 and s["answered"] == 0.0


def test_the_peer_ranks_the_same_sentences_by_plain_bm25():
    from bot.evaluation.peer import Peer, tokens
    from bot.index.bm25 import Index

    assert tokens("The Towers were BUILT") == ["tower", "built"]  # Snowball: "built" stays
    idx = Index.from_texts("Cats sleep all day. The tower was built in 1990. Dogs bark at night.")
    peer = Peer(idx)
    assert peer.rank("when was the tower built?", 2)[0] == 1
    assert peer.rank("zebra", 3) == [0, 1, 2]  # nothing matches: reading order


def test_eval_measures_the_peer_beside_the_bot():
    arts = ev.load_squad(MINI)
    recs, _ = ev.evaluate(arts, offtopic=0, neartopic=0, peer=True)
    s = ev.summarize(recs)
    assert 0.0 <= s["peer_top1"] <= s["peer_top3"] <= 1.0
    assert all(r.peer_rank is None for r in recs if r.kind != "answerable")


def test_together_asks_every_question_of_every_article():
    arts = ev.load_squad(MINI)
    index = ev.together_index(arts)
    assert len(index.corpus.documents) == len(arts)
    recs = ev.evaluate_together(arts, peer=True, index=index)
    assert len(recs) == sum(len(a.questions) for a in arts)
    assert {r.article for r in recs} == {a.title for a in arts}


def test_near_topic_questions_come_from_the_most_similar_articles_and_never_hold_the_answer():
    q = ev.Question
    arts = [
        ev.Article(
            "volcano a",
            ["Etna erupted in 2021. Lava reached the sea."],
            [q("a1", "When did Etna erupt?", ["2021"], False)],
        ),
        ev.Article("bread", ["Bakers knead dough at dawn."], [q("b1", "When do bakers knead?", ["at dawn"], False)]),
        ev.Article(
            "volcano b",
            ["Etna lava flows in 2021 and ash clouds in 2023."],
            [q("c1", "When did the ash fall?", ["2023"], False), q("c2", "When did lava flow?", ["2021"], False)],
        ),
    ]
    similar = ev.similar_articles(arts, count=1)
    assert similar[0] == [2] and similar[2] == [0]
    near = ev.neartopic_sample(arts, 0, similar[0], 10, seed=0)
    assert [x.id for x in near] == ["c1"]  # "2021" is in article a's text: c2 may be answered there
