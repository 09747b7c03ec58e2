"""Privacy: no name of an interviewee or colleague reaches an analysis stage or an export.

``redact``      the Redactor, pseudonyms, and :func:`~culturemap.privacy.redact.redactor_for`, the one factory of an
                engagement's Redactor (the evidence boundary, session.yaml, themes, privacy-check, CSV export)
``evidence``    the privacy boundary: accepted codings, redacted, interviews under pseudonyms
``names``       the one list of name particles ("de", "van", "'t"...)
``check``       privacy-check: the scan over an engagement's files for names that would still reach an export
``candidates``  privacy-check's name heuristics (capitalised words, spaCy PERSON entities)
``report``      privacy-check's findings, report and CSV rows
"""
