"""spaCy's own floor for ``culturemap tag``: the least a spaCy-based tagger has to do, in one process.

``python -m bench.floor DIR`` imports spaCy, builds ``spacy.blank("nl")`` + sentencizer + lookup lemmatizer,
compiles the starter codebook's Dutch phrases into a ``PhraseMatcher(attr="LEMMA")`` (the patterns go
through ``nlp.pipe``), then runs the pipeline over the interviewee turns of every ``*.md`` transcript in DIR
(the texts ``tag`` gives spaCy), walks the sentences and matches each doc. It prints one JSON line: the
number of texts, words, sentences and matches. Process start and imports count, as they do for the CLI.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def turns(text: str) -> list[str]:
    """The interviewee turns of a generated transcript (front matter and interviewer turns left out).

    >>> turns("---\\nid: x\\n---\\n\\nInterviewer: Hoe?\\n\\nAnna: Zo. En zo.\\n")
    ['Zo. En zo.']
    """
    parts = text.split("---\n", 2)
    body = parts[2] if len(parts) == 3 else text
    out = []
    for para in body.split("\n\n"):
        label, sep, rest = para.strip().partition(": ")
        if sep and label != "Interviewer" and rest:
            out.append(rest)
    return out


def main(argv: list[str]) -> int:
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    from bench.generate import codebook_phrases

    phrases = list(codebook_phrases())
    matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    matcher.add("codebook", list(nlp.pipe(phrases)))
    texts = []
    for path in sorted(Path(argv[0]).glob("*.md")):
        texts.extend(turns(path.read_text(encoding="utf-8")))
    words = sentences = matches = 0
    for doc in nlp.pipe(texts, batch_size=64):
        words += sum(1 for t in doc if not t.is_punct)
        sentences += sum(1 for _ in doc.sents)
        matches += len(matcher(doc))
    print(json.dumps({"texts": len(texts), "words": words, "sentences": sentences, "matches": matches}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
