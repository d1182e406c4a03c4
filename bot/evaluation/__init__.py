"""`bot eval`: SQuAD / NewsQA and CoQA evaluation, the plain BM25 peer, the report tables."""
