"""Language processing without a parser: pipeline and lexicon (word keys), pattern compilation
(:mod:`.patterns`), slot placement (:mod:`.placement`), clauses and negation scope (:mod:`.scope`), the
matcher (:mod:`.matching`), spaCy token patterns (:mod:`.token_patterns`) and causal links (:mod:`.links`)."""
