"""Training-data builders that are not the package's: SQuAD's articles asked as conversations."""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from bot.evaluation.squad import Article, Question  # noqa: E402
from training.datasets import CONVERSATION_PARAGRAPHS, squad_stories  # noqa: E402


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
