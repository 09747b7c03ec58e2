"""A small, hand-built engagement for the session-pack tests (report, deck, session, pipeline).

Seven fictional dialogues (3 leaders, 3 customer contact, 1 HR: below the anonymity threshold), whose
quotes name the interviewees and colleagues, so the tests can check that no name reaches an export.
The map has the four loops of the method's textbook example: R1 (only numbers count -> workload ->
passing the customer on -> complaints -> ...), R2 (fear of mistakes / ownership), R3 (helping each other,
virtuous) and B1 (complaints -> leaders listen in -> feedback followed up -| complaints).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from culturemap.models import Code, Codebook, Codings, Link, Tag
from culturemap.project import Project, Settings

#: every name the fixture's transcripts use (front matter names, speaker labels, redact: list)
NAMES = ("Anna de Vries", "Bram Bakker", "Carla Smit", "Daan Visser", "Eva Mulder", "Femke Bos",
         "Gijs de Jong", "Henk", "Sandra", "Joost")

CODES = [
    ("only-numbers", "belief", "hindering", "Alleen de cijfers tellen", "Only the numbers count"),
    ("workload", "outcome", "hindering", "Hoge werkdruk", "High workload"),
    ("pass-on", "behaviour", "hindering", "Klant van het kastje naar de muur", "Customer passed from pillar to post"),
    ("complaints", "outcome", "hindering", "Klachten en herhaalcontact", "Complaints and repeat contacts"),
    ("leaders-listen-in", "behaviour", "enabling", "Leidinggevenden luisteren mee", "Leaders listen in on calls"),
    ("feedback-followed-up", "behaviour", "enabling", "Klantfeedback wordt opgevolgd", "Customer feedback is followed up"),
    ("help-each-other", "value", "ambivalent", "We helpen elkaar", "We help each other"),
    ("customer-helped", "outcome", "enabling", "Klant goed geholpen", "Customer well helped"),
    ("celebrate-success", "behaviour", "enabling", "Successen vieren", "Celebrating success"),
    ("fear-of-mistakes", "belief", "hindering", "Angst om fouten te maken", "Fear of making mistakes"),
    ("ownership", "value", "enabling", "Eigenaarschap", "Ownership"),
    ("customer-first", "belief", "enabling", "Klantbelang staat voorop", "The customer's interest comes first"),
]

INTERVIEWS = [  # id, name, group
    ("kc-01", "Anna de Vries", "klantcontact"),
    ("kc-02", "Bram Bakker", "klantcontact"),
    ("kc-03", "Carla Smit", "klantcontact"),
    ("ldg-01", "Daan Visser", "leidinggevenden"),
    ("ldg-02", "Eva Mulder", "leidinggevenden"),
    ("ldg-03", "Femke Bos", "leidinggevenden"),
    ("hr-01", "Gijs de Jong", "hr"),
]

# (interview, cause, effect, sign, quote): every loop link told at least once, most twice
LINKS = [
    ("kc-01", "only-numbers", "workload", "+", "Bij ons tellen alleen de cijfers, zegt Henk altijd, dus de werkdruk loopt op."),
    ("kc-02", "only-numbers", "workload", "+", "Die afhandeltijd moet omlaag, dat geeft enorm veel druk."),
    ("kc-01", "workload", "pass-on", "+", "Als het druk is zet ik de klant maar door naar de backoffice, dan ben ik ervan af."),
    ("kc-03", "workload", "pass-on", "+", "Geen tijd, dus je schuift het door. Anna doet dat ook."),
    ("kc-02", "pass-on", "complaints", "+", "Die klant belt dan drie keer terug en wordt steeds bozer."),
    ("ldg-01", "pass-on", "complaints", "+", "Het doorschuiven zie je terug in de klachten."),
    ("ldg-01", "complaints", "only-numbers", "+", "Meer klachten betekent dat de directie nog strakker op de cijfers stuurt."),
    ("ldg-02", "complaints", "only-numbers", "+", "Sandra wil dan weer een extra dashboard met KPI's."),
    ("kc-01", "fear-of-mistakes", "ownership", "-", "Je durft zelf niks te beslissen, want dan word je afgerekend."),
    ("hr-01", "fear-of-mistakes", "ownership", "-", "Mensen zijn bang voor fouten, dus niemand pakt iets op. Zei Joost ook."),
    ("kc-03", "ownership", "pass-on", "-", "Als ik het zelf mag oplossen, hoef ik niet door te verbinden."),
    ("ldg-03", "complaints", "fear-of-mistakes", "+", "Na een klacht wordt er een schuldige gezocht."),
    ("kc-02", "complaints", "fear-of-mistakes", "+", "Bij een klacht moet je bij Bram komen uitleggen wat er misging."),
    ("kc-01", "help-each-other", "customer-helped", "+", "We helpen elkaar altijd, en daardoor is de klant sneller geholpen."),
    ("ldg-02", "help-each-other", "customer-helped", "+", "Collega's springen bij, dat merkt de klant."),
    ("ldg-02", "customer-helped", "celebrate-success", "+", "Als een klant ons bedankt, vieren we dat op de vrijdagmiddag."),
    ("ldg-03", "celebrate-success", "help-each-other", "+", "Dat vieren maakt dat we elkaar nog meer helpen."),
    ("ldg-01", "complaints", "leaders-listen-in", "+", "Bij veel klachten ga ik zelf meeluisteren op de lijn."),
    ("ldg-03", "complaints", "leaders-listen-in", "+", "Klachten zijn voor mij een reden om mee te luisteren."),
    ("ldg-01", "leaders-listen-in", "feedback-followed-up", "+", "Wat ik hoor bij het meeluisteren, koppelen we terug aan het team."),
    ("ldg-02", "feedback-followed-up", "complaints", "-", "Sinds we feedback opvolgen, daalt het aantal klachten."),
    ("kc-03", "feedback-followed-up", "complaints", "-", "Als we iets oppakken uit de feedback komen er minder klachten."),
    ("ldg-03", "customer-first", "ownership", "+", "Het belang van de klant voorop betekent dat je zelf mag beslissen."),
]

# extra mentions (interview, code, quote, negated)
MENTIONS = [
    ("kc-02", "customer-first", "De klant staat bij ons niet echt centraal.", True),
    ("ldg-01", "customer-first", "De klant centraal, dat is wat Daan ons altijd voorhoudt.", False),
    ("hr-01", "help-each-other", "We helpen elkaar wel, dat is echt zo.", False),
    ("kc-03", "only-numbers", "Het gaat alleen om de cijfers.", False),
]


@dataclass(frozen=True)
class Context:
    """Same fields as culturemap.export.formats.ExportContext (used until/unless that exists)."""

    project: object
    evidence: object
    graph: object
    loops: object
    marks: object
    language: str
    title: str
    out_dir: Path


def make_context(root: Path, *, language: str = "nl", title: str = "Cultuurkaart Testbedrijf"):
    """Write a minimal engagement folder to ``root`` and return an export context for it."""
    from culturemap.analysis.graph import build_graph
    from culturemap.analysis.loops import find_loops
    from culturemap.analysis.marks import mark_codes
    from culturemap.privacy.evidence import build_evidence

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "culturemap.yaml").write_text(f"language: {language}\ntitle: {title!r}\n", encoding="utf-8")
    codebook = Codebook(1, language, tuple(
        Code(cid, nl if language == "nl" else en, kind, effect, labels={"nl": nl, "en": en})
        for cid, kind, effect, nl, en in CODES))
    settings = Settings(language=language, title=title, organisation="Testbedrijf", anonymity_threshold=3,
                        redact=("Henk", "Sandra", "Joost"),
                        groups={"klantcontact": "Klantcontact", "leidinggevenden": "Leidinggevenden", "hr": "HR"})
    transcripts = [SimpleNamespace(id=iid, name=name, speakers=(name.split()[0], "Interviewer"),
                                   interviewer="Interviewer", group=group, role=None, language="nl")
                   for iid, name, group in INTERVIEWS]
    tags: dict[str, list] = {iid: [] for iid, _n, _g in INTERVIEWS}
    links: dict[str, list] = {iid: [] for iid, _n, _g in INTERVIEWS}
    offset = 0
    for iid, cause, effect, sign, text in LINKS:
        speaker = dict((i, n.split()[0]) for i, n, _g in INTERVIEWS)[iid]
        start, end = offset, offset + len(text)
        offset = end + 1
        links[iid].append(Link(iid, cause, effect, sign, "accepted", text=text, start=start, end=end, speaker=speaker))
        for code in (cause, effect):
            tags[iid].append(Tag(iid, speaker, start, end, code, status="accepted", text=text))
    for iid, code, text, negated in MENTIONS:
        start = offset
        offset += len(text) + 1
        tags[iid].append(Tag(iid, "x", start, start + len(text), code, negated=negated, status="accepted", text=text))
    codings = {iid: Codings(iid, "fp", tags=tuple(tags[iid]), links=tuple(links[iid])) for iid in tags}
    evidence = build_evidence(codebook, settings, transcripts, codings)
    graph = build_graph(evidence)
    loops = find_loops(graph)
    marks = mark_codes(graph, loops, evidence)
    project = Project(root=root, settings=settings)
    try:
        from culturemap.export.formats import ExportContext
    except ImportError:
        ExportContext = Context
    return ExportContext(project=project, evidence=evidence, graph=graph, loops=loops, marks=marks,
                         language=language, title=title, out_dir=root / "out")


SESSION_YAML = """\
version: 1
date: "2025-03-14"
beliefs:
  only-numbers:
    recognised: ja
    note: "Herkend, vooral door klantcontact"
    actions:
      - what: "Afhandeltijd uit het teamoverleg halen"
        who: "teamleiders klantcontact"
        perspective: leidinggevenden
        direction: reduceren
      - what: "Klanttevredenheid als eerste punt op het dashboard"
        who: "directie"
        perspective: leaders
        direction: reduce
  help-each-other:
    recognised: partly
    note: "Wel onderling, nog niet richting de klant"
    actions:
      - what: "Elke vrijdag een klantcompliment delen"
        who: "alle teams"
        perspective: klantcontact
        direction: cherish
"""


def write_engagement(root: Path, *, language: str = "nl", title: str = "Cultuurkaart Testbedrijf") -> Path:
    """Write the same engagement as real files: settings, codebook, transcripts and accepted codings."""
    import json

    import yaml

    from culturemap.ingest import fingerprint

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    settings = {"language": language, "title": title, "organisation": "Testbedrijf", "anonymity_threshold": 3,
                "redact": ["Henk", "Sandra", "Joost"],
                "groups": {"klantcontact": "Klantcontact", "leidinggevenden": "Leidinggevenden", "hr": "HR"}}
    (root / "culturemap.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    codes = [{"id": cid, "label": {"nl": nl, "en": en}, "kind": kind, "effect": effect,
              "patterns": {"nl": [nl.lower()], "en": [en.lower()]}} for cid, kind, effect, nl, en in CODES]
    (root / "codebook.yaml").write_text(yaml.safe_dump({"version": 1, "language": language, "codes": codes},
                                                       allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "codings").mkdir(exist_ok=True)
    for iid, name, group in INTERVIEWS:
        first = name.split()[0]
        head = f"---\nid: {iid}\nname: {name}\ngroup: {group}\nlanguage: nl\n---\n\nInterviewer: Vertel eens.\n\n"
        body = f"{first}: "
        items = [(cause, effect, sign, text) for i, cause, effect, sign, text in LINKS if i == iid]
        items += [(code, None, negated, text) for i, code, text, negated in MENTIONS if i == iid]
        spans = []
        for item in items:
            start = len(head) + len(body)
            body += item[3] + " "
            spans.append((item, start, start + len(item[3])))
        text = head + body.rstrip() + "\n"
        path = root / f"{iid}.md"
        path.write_text(text, encoding="utf-8")
        tags, links = [], []
        for (a, b, c, quote), start, end in spans:
            if b is None:
                tags.append({"speaker": first, "start": start, "end": end, "code": a, "negated": bool(c),
                             "status": "accepted", "origin": "manual", "text": quote, "spans": [], "orphaned": False})
                continue
            links.append({"cause": a, "effect": b, "sign": c, "status": "accepted", "origin": "manual",
                          "start": start, "end": end, "speaker": first, "text": quote, "orphaned": False})
            for code in (a, b):
                tags.append({"speaker": first, "start": start, "end": end, "code": code, "negated": False,
                             "status": "accepted", "origin": "manual", "text": quote, "spans": [], "orphaned": False})
        data = {"version": 1, "interview": iid, "fingerprint": fingerprint(path), "language": "nl",
                "tags": tags, "links": links}
        (root / "codings" / f"{iid}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return root
