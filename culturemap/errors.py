"""The exception tree and the catalogue of coded, actionable messages.

Library code raises these; only ``cli.py`` turns them into ``Error: ...`` lines and exit code 1.
Every message says what went wrong, where (file and line when there is one) and what to do, e.g.::

    Error: interviews/anna.md:1: front matter is not closed. Add a line '---' after the metadata. [E103]

Add new messages to :class:`Errors` (or :class:`Warnings`) with the next free number of their block:
E0xx project/settings, E1xx transcripts, E2xx codebook, E3xx codings/review/store, E4xx analysis,
E5xx export, E6xx evaluate/privacy, E7xx REFI-QDA exchange (import/export of .qdpx and .qdc), E8xx the
browser workbench.

>>> err = InputError(Errors.E103, path="a.md", line=1)
>>> str(err)
"a.md:1: front matter is not closed. Add a line '---' after the metadata. [E103]"
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "Errors", "Warnings", "CulturemapError", "ProjectError", "InputError", "CodebookError",
    "StoreError", "LockedError", "AnalysisError", "ExportError", "EvaluateError", "ExchangeError", "Issue",
    "format_location",
]


class Errors:
    # project / settings
    E001 = "no engagement folder here. Create one with 'culturemap init {dir}' or check the path."
    E002 = "is not a folder. Pass the engagement folder (the one with culturemap.yaml)."
    E003 = "invalid culturemap.yaml: {detail}. Fix the file or delete it and run 'culturemap init' again."
    E004 = "already holds an engagement (culturemap.yaml exists). Pick another folder or edit the files there."
    E005 = "unsupported language '{language}'. Use 'nl' or 'en'."
    E006 = "YAML syntax error: {detail}. Fix the indentation or quoting on that line."
    E007 = ("cannot be read safely: {detail}. Check that this is the file you meant: settings, codebooks and "
            "metadata are small, plainly nested YAML.")
    # transcripts
    E101 = "is empty. Paste the transcript into it or remove the file."
    E102 = "is not UTF-8 and could not be decoded. Save it as UTF-8 (in Word: Save As > Plain Text > UTF-8)."
    E103 = "front matter is not closed. Add a line '---' after the metadata."
    E104 = "front matter is not a mapping of keys to values: {detail}. Write it as 'key: value' lines."
    E105 = "is not a valid Word document ({detail}). Open it in Word and save it again as .docx."
    E106 = "could not be read as WebVTT: {detail}. Check it starts with 'WEBVTT' and every cue has a 'start --> end' line."
    E107 = "could not be read as SubRip (.srt): {detail}. Check every cue has a number, a 'start --> end' line and text."
    E108 = "interview id '{id}' is used by {other} as well. Give one of them another 'id:' in its front matter or sidecar."
    E109 = "has no words to code (only interviewer turns?). Check the 'interviewer:' label in its front matter."
    E110 = "unknown language '{language}'. Use 'nl' or 'en' in 'language:'."
    E111 = "sidecar is invalid: {detail}. Write it as 'key: value' lines (id, name, group, role, language, date, interviewer)."
    E112 = "unsupported file type '{suffix}'. Save the transcript as {suffixes}."   # {suffixes}: the readers
    E113 = "interview id {id!r} cannot be used: {detail}. Use letters, digits, '-', '_' or '.' (e.g. 'kc-07')."
    E114 = "cannot be read: {detail}. Check that the file exists and that you may read it."
    E115 = "'{key}' must be {expected}, not {value!r}. Write it as '{key}: <text>' on one line."
    # codebook
    E201 = "codebook has no 'codes:' list. Start from 'culturemap init' or add 'codes:' with at least one code."
    E202 = "code id '{id}' appears twice (also on line {other_line}). Give each code its own id."
    E203 = "code '{id}': unknown {field} '{value}'. Use one of: {allowed}."
    E204 = "code '{id}': missing '{field}'. Every code needs id, label, kind, effect and patterns."
    E205 = "code '{id}': pattern {pattern!r} can never match (no words left after normalisation). Rewrite or remove it."
    E206 = "code id '{id}' is not a slug. Use lowercase letters, digits, '-' or '_' (e.g. 'customer-first')."
    E207 = "codebook version {version} is not supported. Use 'version: 1'."
    E208 = "code '{id}': 'patterns' must be a list of phrases or a mapping {{nl: [...], en: [...]}}."
    E209 = "code '{id}': token pattern {pattern!r} is invalid: {detail}."
    E210 = "code '{id}': 'not:' under 'patterns' is invalid: {detail}."
    # codings / review / store
    E301 = "unknown code '{code}'. Use a code id from codebook.yaml ({hint})."
    E302 = "sign '{sign}' is not '+' or '-'."
    E303 = "missing column(s) {columns}. The header must be 'cause,effect,sign[,note]'."
    E304 = "another culturemap process is working on this engagement (lock {lock}). Wait for it to finish, or delete the lock file if no culturemap is running."
    E305 = "codings file is damaged: {detail}. Restore it from your backup, or delete it and run 'culturemap tag' again (its decisions are in codings/log.jsonl)."
    E306 = "nothing to undo: the decision log is empty."
    E307 = "unknown interview '{id}'. Known interviews: {known}."
    E308 = "unknown code '{code}'. Known codes: {known}."
    E309 = "no text '{quote}' in this interview. Copy the words exactly as they appear in the transcript."
    E310 = "no transcripts found. Put {suffixes} files directly in the engagement folder."
    E311 = "'{value}' is not valid here: {detail}."
    E312 = "no {kind} {item} in interview '{id}' (it changed or was removed). Run 'culturemap review {dir}' to see the current items."
    E313 = "the row has no {column}. Fill in cause, effect and sign, or delete the row."
    E314 = "the interactive review needs a terminal. Pass --accept-all or --reject-all (optionally with --interview/--code), or run 'culturemap review {dir}' in a terminal."
    E315 = "cannot undo {what}: the item is no longer in codings/{id}.json (re-tagged or edited since). Change it with 'culturemap review {dir}' instead."
    E316 = "links.csv could not be read as CSV: {detail}. Save it from Excel as 'CSV' (comma or semicolon separated) and check that line."
    E317 = ("this is an export of culturemap (columns interview, status, origin), not hand-drawn links: read as "
            "links.csv every exported link, rejected ones too, would count as accepted. Restore your links.csv "
            "(header cause,effect,sign[,note]); the export's rows with an empty interview are the hand-drawn ones.")
    E318 = ("'{quote}' is only in the interviewer's words in this interview, and only the interviewee's words are "
            "coded. Copy the words from an answer.")
    # analysis
    E401 = "nothing accepted yet: the map needs accepted tags. Run 'culturemap tag {dir}' and 'culturemap review {dir}' first."
    E402 = "unknown code '{code}' for --{option}. Known codes: {known}."
    E403 = "unknown group '{group}'. Groups in this engagement: {known}."
    E404 = "group '{group}' has {n} interview(s), fewer than the anonymity threshold of {threshold}; its breakdown is not shown."
    E405 = "{option} must be a whole number of at least 1, not {value!r}."
    E406 = "code '{code}' is given with both --reduce and --cherish. Choose one of the two for it."
    E407 = "nothing to simulate: name at least one code with --reduce CODE or --cherish CODE."
    E408 = "cannot compare by '{by}'. Choose 'group' or 'role'."
    E409 = "{option} must be a number of seconds greater than 0, not {value!r}."
    # export
    E501 = "unknown format '{fmt}'. Choose from: {known}."
    E502 = "Graphviz 'dot' is not installed, so {fmt} cannot be rendered. Install it (Debian/Ubuntu: 'apt-get install graphviz') or export --format dot."
    E503 = "cannot write to {target}: {detail}. Check that you may write there, or pass another --out."
    E504 = "Graphviz could not render {fmt}: {detail}. Export --format dot and report the file with this message."
    E505 = ("{target} is {what} of the engagement {dir}: no command writes over an engagement's own files. "
            "Pass --out a folder of its own, e.g. {suggest}.")
    # export: session.yaml (E52x, session pack)
    E520 = "unknown code '{code}'. Use a code id from codebook.yaml (e.g. {hint}); session-template.yaml in the output folder lists the priority beliefs."
    E521 = "'{value}' is not a valid '{field}'. Use one of: {allowed}."
    E522 = "{detail}. See session-template.yaml in the output folder for the expected layout."
    E523 = "action is missing '{field}'. Every action needs 'what' (and may have who, perspective, direction)."
    # evaluate / privacy
    E601 = "gold file is missing columns {columns}. It must have the tags.csv (or links.csv) columns."
    E602 = "no gold coding found at {path}. Pass a folder with tags.csv/links.csv or a tags CSV file."
    E610 = "gold stance '{stance}' is not present, absent or wished. Fix the gold tag's stance (or leave it out to score negation only)."
    E603 = "possible name(s) would reach an export. Add them to 'redact:' in culturemap.yaml, or to 'allow:' if they are not names."
    # REFI-QDA exchange (culturemap import, .qdpx / .qdc export)
    E701 = "is not a REFI-QDA {what}: {detail}. Export the project from your QDA tool as a REFI-QDA project (.qdpx) or codebook (.qdc)."
    E702 = "{member} is not valid XML: {detail}. Export the project again from your QDA tool; if that does not help, send this file to the tool's support."
    E703 = "{member} uses the unknown schema version {namespace!r}; culturemap reads REFI-QDA 1.0 ({expected}). Export again choosing REFI-QDA 1.0, or update culturemap."
    E704 = "{n} text source(s) are missing from the archive: {missing}. Export again with the documents included, or pass --skip-missing to import the sources that are there."
    E705 = "{member!r} points outside the archive ({detail}). The file is not safe to unpack; ask the sender for a new export."
    E706 = "{member} unpacks to more than {limit} ({detail}): it looks like a zip bomb. Ask the sender for a new export."
    E707 = "has no {member} inside. A .qdpx is a zip with project.qde (or Project.qde) and sources/; export the project again."
    E708 = "is not empty and holds no engagement. Import into a new (or empty) folder, e.g. 'culturemap import {dir}-import {source}'."
    E709 = "{detail} is not a valid {what}. Use e.g. {example}."
    # the browser workbench (review --browser)
    E801 = "offsets {start}-{end} are not inside one interviewee turn of '{id}' (interviewer turns are never coded). Select words the interviewee said."
    E802 = "the request needs {field}: {detail}. Send it as JSON, as in the API table of the README."
    E803 = "this workbench needs its token. Open the address 'culturemap review DIR --browser' printed (it ends in ?token=...)."
    E804 = "host '{host}' is refused: the workbench answers only on 127.0.0.1:{port} or localhost:{port}. Open the address it printed."
    E805 = "a change needs the X-Culturemap-Token header or a request from the workbench page itself (Origin {origin!r}). Use the page at the printed address."
    E806 = "no such page or API '{what}'. The API is listed in the README (GET /api/interviews, POST /api/decisions, ...)."
    E807 = "port {port} cannot be used ({detail}). Pass another --port, or --port 0 to pick a free one."
    E808 = "code id '{id}' is already in codebook.yaml. Pick it in the list, or give the new code another id."
    E809 = "the workbench failed on {what} ({detail}). Reload the page; if it happens again, report this message."


class Warnings:
    W101 = "was not UTF-8; read it as {encoding}. Save it as UTF-8 to silence this warning."
    W102 = "skipped: {reason}."
    W103 = "language not given and not detected; using the project default '{language}'."
    W104 = ("the interviewer's turns hold {share}% of the words ({words} of {total}). Check the interviewer's "
            "label ('interviewer:' in the front matter or sidecar) and that the answers have their own speaker label.")
    W201 = "code '{id}': pattern {pattern!r} has words the lexicon does not know ({words}); check the spelling."
    W301 = "{n} decision(s) lost their quote after the transcript changed; kept as orphaned. Review them with 'culturemap review {dir} --orphans'."
    W302 = "ignoring empty line."
    W303 = ("holds {n} decision(s) of interview '{id}', which no transcript has now (given another id, renamed or "
            "removed): they do not count. Give the transcript back 'id: {id}', or delete this file if the interview "
            "is gone for good; 'culturemap review {dir} --orphans' lists them.")
    W601 = ("{n} possible name(s) nobody listed were redacted in every export: {names}. If a word is not a name, "
            "add it to 'allow:' in culturemap.yaml; if it is one, add it to 'redact:' (see 'culturemap privacy-check').")
    W701 = "skipped {what}: {reason}."


def format_location(path: str | Path | None, line: int | None = None) -> str:
    """``path:line`` as it appears at the start of a message (empty when there is no path)."""
    if path is None:
        return ""
    loc = str(path)
    if line is not None:
        loc += f":{line}"
    return loc


def _transcript_suffixes() -> str:
    """The file types the transcript readers accept, for E112/E310: '.md, .txt, .docx, .vtt or .srt'."""
    from .ingest.base import suffix_text

    return suffix_text()


def _code_of(template: str) -> str:
    for cls in (Errors, Warnings):
        for name, value in vars(cls).items():
            if value == template and name[0] in "EW" and name[1:].isdigit():
                return name
    return ""


class CulturemapError(Exception):
    """Base of every error culturemap raises on purpose. ``str()`` is the user-facing message."""

    def __init__(self, template: str, *, path: str | Path | None = None, line: int | None = None,
                 **fields: object) -> None:
        self.template = template
        self.code = _code_of(template)
        self.path = path
        self.line = line
        if "{suffixes}" in template and "suffixes" not in fields:
            fields["suffixes"] = _transcript_suffixes()
        self.fields = fields
        try:
            self.message = template.format(**fields)
        except (KeyError, IndexError):
            self.message = template
        super().__init__(str(self))

    def __str__(self) -> str:
        loc = format_location(self.path, self.line)
        text = f"{loc}: {self.message}" if loc else self.message
        return f"{text} [{self.code}]" if self.code else text


class ProjectError(CulturemapError):
    """The engagement folder or culturemap.yaml."""


class InputError(CulturemapError):
    """A transcript (or its sidecar) cannot be read."""


class CodebookError(CulturemapError):
    """codebook.yaml is invalid."""


class StoreError(CulturemapError):
    """Codings store, links.csv, review state."""


class LockedError(StoreError):
    """Another process holds the engagement lock."""


class AnalysisError(CulturemapError):
    """Graph, loops, marks, what-if."""


class ExportError(CulturemapError):
    """Writing an export."""


class EvaluateError(CulturemapError):
    """Gold data for evaluate."""


class ExchangeError(CulturemapError):
    """A REFI-QDA project or codebook cannot be imported or exported."""


class Issue(CulturemapError):
    """A warning (or a non-fatal error) collected while processing, e.g. one bad transcript among many.

    ``level`` is "warning" or "error"; the CLI prints ``Warning: ...`` / ``Error: ...`` for each.
    """

    def __init__(self, template: str, *, level: str = "warning", **kw: Any) -> None:
        self.level = level
        super().__init__(template, **kw)
