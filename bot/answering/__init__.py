"""A question to an `Answer`, no I/O: the question read, the query, candidates, features, the
learned models, evidence, short answers, questions about the document, the answer composed.

Imports only the stages below it (language, documents, index)."""
