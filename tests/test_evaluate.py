from pathlib import Path

import pytest

from bot import evaluate as ev

MINI = Path(__file__).parent / "data" / "squad-mini.json"


def test_normalize_answer():
    assert ev.normalize_answer("The  Pharos, of Alexandria!") == "pharos of alexandria"


@pytest.mark.parametrize("pred,golds,em,f1", [
    ("Ptolemy II", ["Ptolemy II"], 1.0, 1.0),
    ("the Ptolemy II", ["Ptolemy II"], 1.0, 1.0),  # articles do not count
    ("Ptolemy", ["Ptolemy II"], 0.0, 2 * 1.0 * 0.5 / 1.5),  # precision 1, recall 1/2
    ("king Ptolemy II of Egypt", ["Ptolemy II"], 0.0, 2 * 0.4 * 1.0 / 1.4),  # precision 2/5
    ("nothing alike", ["Ptolemy II"], 0.0, 0.0),
    (None, ["x"], 0.0, 0.0),
    ("about 100 metres", ["100 metres", "about 100 metres"], 1.0, 1.0),  # best gold counts
])
def test_em_f1_hand_worked(pred, golds, em, f1):
    assert ev.exact_match(pred, golds) == em
    assert ev.token_f1(pred, golds) == pytest.approx(f1)


def test_contains_answer_is_token_aligned():
    assert ev.contains_answer("It erupted in 2021.", ["2021"])
    assert not ev.contains_answer("It erupted in 20215.", ["2021"])


def test_load_and_evaluate_fixture():
    arts = ev.load_squad(MINI)
    assert [a.title for a in arts] == ["Lighthouses", "Volcanoes"]
    recs, secs = ev.evaluate(arts, offtopic=3)
    s = ev.summarize(recs, secs)
    assert s["answerable"] == 5 and s["top1"] >= 0.8
    assert s["refused_offtopic"] >= 0.5


@pytest.mark.parametrize("content,msg", [
    ("not json", "not JSON"),
    ('{"x": 1}', "not SQuAD format"),
    ('{"data": [{"title": "t", "paragraphs": [{"qas": []}]}]}', "missing context"),
])
def test_bad_files(tmp_path, content, msg):
    f = tmp_path / "bad.json"
    f.write_text(content)
    with pytest.raises(ev.SquadError, match=msg):
        ev.load_squad(f)
