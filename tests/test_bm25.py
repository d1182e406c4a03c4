import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from bot.index.bm25 import BM25

words = st.sampled_from(list("abcdefghij") + ["x", "y"])
docs = st.lists(st.lists(words, min_size=0, max_size=12), min_size=1, max_size=25)


@given(
    docs,
    st.lists(words, min_size=0, max_size=6),
    st.sampled_from([0.9, 1.2, 1.5]),
    st.sampled_from([0.0, 0.4, 0.75, 1.0]),
)
def test_postings_scores_equal_rank_bm25(corpus, query, k1, b):
    if not any(corpus):
        return
    ours = BM25.build(corpus, k1=k1, b=b).scores(query)
    with np.errstate(invalid="ignore", divide="ignore"):
        ref = BM25Okapi(corpus, k1=k1, b=b).get_scores(query)
    # rank-bm25 gives NaN (0/0) for an empty document when b=1; its true score is 0
    ref = np.nan_to_num(ref)
    assert np.allclose(ours, ref, rtol=1e-5, atol=1e-6)


def test_weighted_query_and_unknown_terms():
    bm = BM25.build([["a", "b"], ["b", "c"], ["c"]])
    full = bm.scores({"a": 1.0})
    half = bm.scores({"a": 0.5})
    assert np.allclose(half, full / 2)
    assert not bm.scores(["zzz"]).any()


def test_empty_corpus():
    bm = BM25.build([[], []])
    assert bm.scores(["a"]).tolist() == [0.0, 0.0]


@given(docs, st.lists(words, min_size=1, max_size=6), st.integers(1, 30))
def test_search_is_the_top_k_of_the_full_scores(corpus, query, k):
    if not any(corpus):
        return
    bm = BM25.build(corpus)
    full = bm.scores(query)
    holding = [d for d, doc in enumerate(corpus) if set(doc) & set(query)]
    got = bm.search(query, k)
    assert len(got) == min(k, len(holding))
    assert all(d in holding for d, _ in got)
    assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)
    best = sorted((full[d] for d in holding), reverse=True)[:k]
    assert np.allclose([s for _, s in got], best)


@given(docs, st.lists(st.lists(words, min_size=0, max_size=4), min_size=1, max_size=6))
def test_scores_kept_from_the_last_query_are_that_querys(corpus, queries):
    """`scores` keeps the last query's array: asked again it is the same; asked anything else
    in between, each answer is what a fresh index gives; no caller can change it."""
    bm = BM25.build(corpus)
    for q in queries + queries[::-1]:
        got = bm.scores(q)
        assert np.array_equal(got, BM25.build(corpus).scores(q))
        assert bm.scores(q) is got and not got.flags.writeable
