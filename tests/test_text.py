from hypothesis import given
from hypothesis import strategies as st

from bot import text


def test_fold_dashes_quotes_case():
    assert text.fold("Mexico’s 2025–2028 “Plan”") == "mexico's 2025-2028 \"plan\""


def test_possessives_and_missing_apostrophes_meet():
    assert text.terms("Mexico's") == text.terms("Mexico") == text.terms("Mexicos")
    assert text.terms("countries'") == text.terms("countries")


def test_compounds_match_all_spellings():
    joined = set(text.terms("cybersecurity"))
    assert joined <= set(text.terms("cyber-security"))
    assert set(text.terms("cyber security")) <= set(text.terms("cyber-security"))


def test_stopwords_removed_and_stemmed():
    assert text.terms("What are the cartels doing?") == ["cartel"]


def test_irregular_verbs():
    assert text.terms("met") == text.terms("meet") == text.terms("meets")
    assert text.terms("said") == text.terms("say")


def test_acronyms_expand_case_sensitively():
    assert {"prime", "minist"} <= set(text.terms("the PM said"))
    assert "unit" in text.terms("the US economy")  # the country
    assert "unit" not in text.terms("tell us more")  # the pronoun


def test_copyright_sign_reads_as_word():
    assert "copyright" in text.terms("© 2025 Latin Times")


def test_numbers_and_ranges():
    assert text.terms("2025–2028") == ["2025", "2028"]
    assert "3.5" in text.terms("$3.5 million")


def test_edit_distance():
    assert text.edit_distance("carney", "carny") == 1
    assert text.edit_distance("sheinbaum", "sheinbuam") == 1  # transposition
    assert text.edit_distance("abc", "xyz", 1) > 1


def test_sentences_handle_abbreviations_quotes_ranges():
    t = 'He met Dr. Smith in the U.S. on Jan. 5, 2025. The plan runs 2025–2028. "We agree. Fully," she said.'
    spans = text.split_sentences(t)
    got = [t[s:e] for s, e in spans]
    assert got == ["He met Dr. Smith in the U.S. on Jan. 5, 2025.", "The plan runs 2025–2028.",
                   '"We agree. Fully," she said.']


def test_sentences_empty():
    assert text.split_sentences("") == []
    assert text.split_sentences("   \n ") == []


@given(st.text(max_size=300))
def test_sentence_spans_are_exact_ordered_slices(t):
    spans = text.split_sentences(t)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(t)
        assert t[s:e] == t[s:e].strip()
        last = e
    # no text is lost: everything outside the spans is whitespace
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    assert all(t[i].isspace() for i in range(len(t)) if i not in covered)


@given(st.text(max_size=200))
def test_terms_never_fail_and_are_clean(t):
    for term in text.terms(t):
        assert term and " " not in term and term not in text.STOPWORDS
