"""The group session: what the interviewees decided about the analysis (``DIR/session.yaml``).

Step 5 of the method: the consultant goes back to the interviewees as a group, asks whether they recognise
each priority belief and brainstorms actions to cherish or reduce it. ``culturemap run`` writes
``session-template.yaml`` into the output folder, pre-filled with the priority beliefs; the consultant fills
it in (during or after the session), saves it as ``DIR/session.yaml`` and runs again: the report and the
deck then show the recognition and the agreed actions.

The file::

    version: 1
    date: "2025-03-14"                # optional
    beliefs:
      only-numbers:                   # a code id from codebook.yaml
        recognised: yes               # yes | partly | no (ja | deels | nee); empty = not discussed yet
        note: "Herkend, vooral door klantcontact"
        actions:
          - what: "Afhandeltijd uit het teamoverleg halen"
            who: "teamleiders klantcontact"
            perspective: leaders      # leaders | customer-contact | hr | back-office
            direction: reduce         # cherish | reduce

Errors name the file and the line (:class:`culturemap.errors.ProjectError`, E520-E523).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import yamlfile
from .errors import Errors, ProjectError
from .i18n import t

__all__ = [
    "Action", "Decision", "Session", "RECOGNISED", "PERSPECTIVES", "DIRECTIONS", "load_session",
    "parse_session", "redact_session", "session_template", "priority_marks", "TEMPLATE_FILE",
]

TEMPLATE_FILE = "session-template.yaml"
RECOGNISED = ("yes", "partly", "no")
PERSPECTIVES = ("leaders", "customer-contact", "hr", "back-office")
DIRECTIONS = ("cherish", "reduce")

# Dutch (and a few spelling) variants a consultant may type, mapped to the canonical value.
_SYNONYMS = {
    "recognised": {"yes": "yes", "ja": "yes", "true": "yes", "partly": "partly", "partially": "partly",
                   "deels": "partly", "gedeeltelijk": "partly", "no": "no", "nee": "no", "false": "no"},
    "perspective": {"leaders": "leaders", "leader": "leaders", "managers": "leaders",
                    "leidinggevenden": "leaders", "leidinggevende": "leaders",
                    "customer-contact": "customer-contact", "klantcontact": "customer-contact",
                    "hr": "hr", "back-office": "back-office", "backoffice": "back-office"},
    "direction": {"cherish": "cherish", "koesteren": "cherish", "reduce": "reduce", "reduceren": "reduce",
                  "afzwakken": "reduce"},
}
_ALLOWED_TEXT = {
    "recognised": "yes, partly, no (or ja, deels, nee)",
    "perspective": "leaders, customer-contact, hr, back-office (or leidinggevenden, klantcontact, hr, backoffice)",
    "direction": "cherish, reduce (or koesteren, reduceren)",
}
_BELIEF_KEYS = ("recognised", "note", "actions")
_ACTION_KEYS = ("what", "who", "perspective", "direction")


@dataclass(frozen=True)
class Action:
    """One action the group agreed on for a belief."""

    code: str
    what: str
    who: str = ""
    perspective: str = ""                # one of PERSPECTIVES, or "" when not given
    direction: str = ""                  # "cherish" | "reduce", or "" when not given


@dataclass(frozen=True)
class Decision:
    """What the group said about one belief."""

    code: str
    recognised: str | None               # "yes" | "partly" | "no" | None (not discussed / not filled in)
    note: str = ""
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Session:
    """The outcome of the group session, in the order of the file."""

    path: Path | None
    date: str
    decisions: tuple[Decision, ...]

    def get(self, code: str) -> Decision | None:
        """The decision about ``code`` (None when the session did not discuss it)."""
        for d in self.decisions:
            if d.code == code:
                return d
        return None

    @property
    def actions(self) -> tuple[Action, ...]:
        """Every agreed action, belief by belief."""
        return tuple(a for d in self.decisions for a in d.actions)

    def as_dict(self) -> dict:
        return {"date": self.date, "beliefs": [
            {"code": d.code, "recognised": d.recognised, "note": d.note,
             "actions": [{"what": a.what, "who": a.who, "perspective": a.perspective, "direction": a.direction}
                         for a in d.actions]} for d in self.decisions]}


# ---------------------------------------------------------------------------------------------- loading

def load_session(project, codebook, *, redact: bool = True, settings=None) -> Session | None:
    """Read ``DIR/session.yaml`` when it exists, with names redacted from its free text.

    The consultant types the notes and actions during the session; a name typed there (``who: Henk``)
    must not reach the report or the deck, so ``note``, ``what`` and ``who`` go through the same redactor
    as the quotes (names from the transcripts' front matter and speaker labels, and ``redact:``).

    Parameters
    ----------
    project : culturemap.project.Project or path
        The engagement (its ``session_path``), or the engagement folder.
    codebook : culturemap.models.Codebook or None
        Codes the file may name; ``None`` skips that check.
    redact : bool
        Redact names in ``note``, ``what`` and ``who`` (needs a Project: its transcripts and settings).
    settings : culturemap.project.Settings, optional
        The settings to redact with instead of the project's: the exports pass ``Evidence.settings``, whose
        ``redact`` also holds the names the fail-safe withheld.

    Returns
    -------
    Session or None
        ``None`` when there is no session.yaml (the session has not taken place yet).

    Raises
    ------
    ProjectError
        E006 for YAML syntax errors, E520-E523 for unknown codes, bad values or a wrong layout, each with
        the file and line.
    """
    if project is None:
        return None
    path = getattr(project, "session_path", None)
    if path is None:
        from .project import SESSION_FILE

        path = Path(project) / SESSION_FILE
    path = Path(path)
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProjectError(Errors.E102, path=path) from None
    known = tuple(codebook.ids) if codebook is not None else None
    session = parse_session(text, known_codes=known, path=path)
    if settings is None:
        settings = getattr(project, "settings", None)
    if redact and settings is not None and session.decisions:
        from .ingest import load_transcripts
        from .privacy.redact import redactor_for

        transcripts, _issues = load_transcripts(project.root, default_language=settings.language)
        session = redact_session(session, redactor_for(transcripts, settings), settings.language)
    return session


def redact_session(session: Session, redactor, language: str) -> Session:
    """The session with names replaced in every note, action and 'who'.

    >>> from culturemap.privacy.redact import Redactor
    >>> s = parse_session("beliefs:\\n  a:\\n    note: Henk zei het\\n    actions:\\n      - {what: Bellen, who: Henk}\\n")
    >>> r = redact_session(s, Redactor(["Henk"]), "nl").get("a")
    >>> r.note, r.actions[0].who
    ('[naam] zei het', '[naam]')
    """
    from dataclasses import replace

    def red(text):
        return redactor.redact(text, language) if text else text

    decisions = tuple(
        replace(d, note=red(d.note), actions=tuple(replace(a, what=red(a.what), who=red(a.who)) for a in d.actions))
        for d in session.decisions)
    return replace(session, decisions=decisions)


def parse_session(text: str, *, known_codes=None, path: Path | str | None = None) -> Session:
    """Parse and validate the text of a session.yaml.

    Parameters
    ----------
    text : str
        The YAML text.
    known_codes : iterable of str, optional
        Code ids the file may name (None: no check).
    path : Path or str, optional
        Shown in error messages.

    Returns
    -------
    Session

    Examples
    --------
    >>> s = parse_session('''
    ... beliefs:
    ...   only-numbers:
    ...     recognised: ja
    ...     actions:
    ...       - what: Afhandeltijd uit het teamoverleg
    ...         perspective: leidinggevenden
    ...         direction: reduceren
    ... ''', known_codes=["only-numbers"])
    >>> d = s.get("only-numbers")
    >>> d.recognised, d.actions[0].perspective, d.actions[0].direction
    ('yes', 'leaders', 'reduce')
    >>> parse_session("beliefs:\\n  nonsense:\\n    recognised: yes\\n", known_codes=["only-numbers"], path="session.yaml")
    Traceback (most recent call last):
    ...
    culturemap.errors.ProjectError: session.yaml:2: unknown code 'nonsense'. Use a code id from codebook.yaml (e.g. only-numbers); session-template.yaml in the output folder lists the priority beliefs. [E520]
    """

    try:
        root = yamlfile.compose(text)
    except yamlfile.YAMLProblem as exc:
        raise ProjectError(Errors.E007 if exc.limit else Errors.E006, path=path, line=exc.line,
                           detail=exc.detail) from None
    known = None if known_codes is None else tuple(sorted(known_codes))
    if root is None:
        return Session(path=Path(path) if path else None, date="", decisions=())
    top = _mapping(root, path, "session.yaml must be a mapping with 'beliefs:' (code id -> decision)")
    date = ""
    beliefs_node = None
    for key_node, value_node in top:
        key = _key(key_node, path)
        if key == "beliefs":
            beliefs_node = value_node
        elif key == "date":
            date = _text(value_node)
        elif key == "version":
            if _scalar(value_node) not in (1, "1"):
                raise ProjectError(Errors.E521, path=path, line=_line(value_node), value=_text(value_node),
                                   field="version", allowed="1")
        else:
            raise ProjectError(Errors.E522, path=path, line=_line(key_node),
                               detail=f"unknown key '{key}' (known: version, date, beliefs)")
    decisions: list[Decision] = []
    if beliefs_node is not None and not _is_null(beliefs_node):
        for key_node, value_node in _mapping(beliefs_node, path, "'beliefs:' must map a code id to its decision"):
            code = _key(key_node, path)
            if known is not None and code not in known:
                hint = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
                raise ProjectError(Errors.E520, path=path, line=_line(key_node), code=code, hint=hint or "-")
            if any(d.code == code for d in decisions):
                raise ProjectError(Errors.E522, path=path, line=_line(key_node),
                                   detail=f"belief '{code}' appears twice; keep one entry per belief")
            decisions.append(_decision(code, value_node, path))
    return Session(path=Path(path) if path else None, date=date, decisions=tuple(decisions))


def _decision(code, node, path) -> Decision:
    if _is_null(node):
        return Decision(code=code, recognised=None)
    recognised, note = None, ""
    actions: list[Action] = []
    for key_node, value_node in _mapping(node, path, f"belief '{code}' must have 'recognised', 'note' and 'actions'"):
        key = _key(key_node, path)
        if key == "recognised":
            recognised = _choice(value_node, "recognised", path)
        elif key == "note":
            note = _text(value_node)
        elif key == "actions":
            if _is_null(value_node):
                continue
            if value_node.id != "sequence":
                raise ProjectError(Errors.E522, path=path, line=_line(value_node),
                                   detail=f"'actions' of '{code}' must be a list ('- what: ...')")
            actions.extend(_action(code, item, path) for item in value_node.value)
        else:
            raise ProjectError(Errors.E522, path=path, line=_line(key_node),
                               detail=f"unknown key '{key}' for belief '{code}' (known: {', '.join(_BELIEF_KEYS)})")
    return Decision(code=code, recognised=recognised, note=note, actions=tuple(actions))


def _action(code, node, path) -> Action:
    fields = {}
    for key_node, value_node in _mapping(node, path, "an action must be 'what', 'who', 'perspective', 'direction' lines"):
        key = _key(key_node, path)
        if key not in _ACTION_KEYS:
            raise ProjectError(Errors.E522, path=path, line=_line(key_node),
                               detail=f"unknown key '{key}' in an action (known: {', '.join(_ACTION_KEYS)})")
        if key in ("perspective", "direction"):
            fields[key] = _choice(value_node, key, path) or ""
        else:
            fields[key] = _text(value_node)
    if not fields.get("what"):
        raise ProjectError(Errors.E523, path=path, line=_line(node), field="what")
    return Action(code=code, **fields)


def _line(node) -> int:
    return node.start_mark.line + 1


def _is_null(node) -> bool:
    return node.id == "scalar" and node.tag.endswith(":null")


def _mapping(node, path, detail):
    if node.id != "mapping":
        raise ProjectError(Errors.E522, path=path, line=_line(node), detail=detail)
    return node.value


def _key(node, path) -> str:
    if node.id != "scalar":
        raise ProjectError(Errors.E522, path=path, line=_line(node), detail="a key must be a plain word")
    return str(node.value).strip()


def _scalar(node):
    import yaml

    if node.id != "scalar":
        return None
    return yaml.safe_load(yaml.serialize(node))


def _text(node) -> str:
    if _is_null(node):
        return ""
    if node.id != "scalar":
        return " ".join(_text(n) for n in node.value) if node.id == "sequence" else ""
    return str(node.value).strip()


def _choice(node, field, path) -> str | None:
    if _is_null(node) or (node.id == "scalar" and not str(node.value).strip()):
        return None
    raw = str(node.value).strip() if node.id == "scalar" else ""
    value = _SYNONYMS[field].get(raw.lower())
    if value is None:
        raise ProjectError(Errors.E521, path=path, line=_line(node), value=raw or "(a list)", field=field,
                           allowed=_ALLOWED_TEXT[field])
    return value


# ---------------------------------------------------------------------------------------------- template

def priority_marks(marks, per_mark: int = 3) -> tuple:
    """The beliefs to put in front of the group: the top ``per_mark`` of each mark, by score.

    Only values and beliefs count (behaviour and outcomes follow from them). Within the result the order is
    by score, highest first, ties by code.

    Parameters
    ----------
    marks : culturemap.models.MarkResult or iterable of Mark
    per_mark : int
        How many of each mark (cherish, reduce, ...) to take.

    Examples
    --------
    >>> from culturemap.models import Mark
    >>> ms = [Mark(c, c, "belief", "hindering", "reduce", s, ()) for c, s in [("a", .9), ("b", .5), ("c", .4), ("d", .3)]]
    >>> ms.append(Mark("e", "e", "value", "enabling", "cherish", .6, ()))
    >>> ms.append(Mark("f", "f", "outcome", "hindering", "reduce", .99, ()))
    >>> [m.code for m in priority_marks(ms)]
    ['a', 'e', 'b', 'c']
    """
    items = getattr(marks, "marks", marks)
    by_mark: dict[str, list] = {}
    for m in items:
        if m.kind in ("value", "belief") and m.mark != "unconfirmed":    # denied: ask first, act later
            by_mark.setdefault(m.mark, []).append(m)
    chosen = []
    for group in by_mark.values():
        chosen.extend(sorted(group, key=lambda m: (-m.score, m.code))[:per_mark])
    return tuple(sorted(chosen, key=lambda m: (-m.score, m.code)))




def session_template(marks, *, language: str = "nl", session_path: str = "session.yaml",
                     session=None, per_mark: int = 3) -> str:
    """The ``session-template.yaml`` text: the priority beliefs ready to be filled in.

    It is valid as it stands (every answer empty), so a half-filled copy loads too. Decisions already in
    ``session`` are carried over, so re-running never loses what was filled in.

    Parameters
    ----------
    marks : culturemap.models.MarkResult or iterable of Mark
    language : str
        "nl" or "en" (comments and hints).
    session_path : str
        Where the consultant should save the filled-in file (shown in the header).
    session : Session, optional
        An existing session whose decisions are copied in.
    per_mark : int
        Beliefs per mark (see :func:`priority_marks`).

    Examples
    --------
    >>> from culturemap.models import Mark
    >>> text = session_template([Mark("only-numbers", "Alleen cijfers tellen", "belief", "hindering", "reduce", .8, ())])
    >>> print(text.split("beliefs:")[1].splitlines()[1])
      only-numbers:  # Alleen cijfers tellen · afzwakken · prioriteit 0.80
    >>> parse_session(text, known_codes=["only-numbers"]).get("only-numbers").recognised is None
    True
    """
    import yaml

    lines = ["# " + line.format(session_path=session_path) if line else "#" for line in t("session.template.head", language)]

    def q(value: str) -> str:
        return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10_000).strip()

    lines += ["version: 1", f"date: {q(session.date if session else '')}  # {t('session.template.date', language)}", "beliefs:"]
    chosen = list(priority_marks(marks, per_mark=per_mark))
    codes = [m.code for m in chosen]
    if session is not None:
        codes += [d.code for d in session.decisions if d.code not in codes]
    by_code = {m.code: m for m in getattr(marks, "marks", marks)}
    for code in codes:
        m = by_code.get(code)
        comment = ""
        if m is not None:
            comment = f"  # {m.label} · {t('session.template.mark', language).get(m.mark, m.mark)} · {t('session.template.score', language)} {m.score:.2f}"
        decision = session.get(code) if session is not None else None
        lines.append(f"  {code}:{comment}")
        recognised = decision.recognised if decision and decision.recognised else ""
        lines.append(f"    recognised: {recognised}".rstrip() + "  # yes | partly | no")
        lines.append(f"    note: {q(decision.note if decision else '')}")
        if decision and decision.actions:
            lines.append("    actions:")
            for a in decision.actions:
                lines.append(f"      - what: {q(a.what)}")
                lines.append(f"        who: {q(a.who)}")
                if a.perspective:
                    lines.append(f"        perspective: {a.perspective}")
                if a.direction:
                    lines.append(f"        direction: {a.direction}")
        else:
            direction = m.mark if m is not None and m.mark in DIRECTIONS else "cherish"
            lines += [
                "    actions:",
                f"      # {t('session.template.example', language)}",
                '      # - what: ""',
                '      #   who: ""',
                "      #   perspective: leaders",
                f"      #   direction: {direction}",
            ]
    if not codes:
        lines[-1] = "beliefs: {}"
    return "\n".join(lines) + "\n"
