"""A deterministic generator of realistic Dutch engagements for the benchmarks.

An engagement is N transcripts of about W words each: Markdown with YAML front matter (``id``, ``name``,
``group``, ``role``, ``language``) and speaker turns ``Label: text`` between an ``Interviewer`` and the
interviewee. Sentences come from a seeded template grammar over a small customer-contact vocabulary; now and
then a sentence carries a phrase of the starter codebook (``culturemap/data/codebook.yaml``), sometimes
negated (niet, nooit, geen), sometimes two of them joined by a causal connective (omdat, waardoor, daardoor),
so the tagger finds tags and links and does the work it does on real transcripts.

Transcript ``i`` depends only on ``(seed, i, words)``: the first 15 transcripts of a 1,500-transcript
engagement are the 15 transcripts of a 15-transcript one.

>>> a = transcript_text(3, 200)
>>> a == transcript_text(3, 200) and a.startswith("---\\nid: g-0004\\n")
True
>>> 180 <= body_words(a) <= 260
True
"""
from __future__ import annotations

import random
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["codebook_phrases", "transcript_text", "body_words", "write_engagement", "edit_transcript"]

FIRST = ("Samira", "Jeroen", "Anouk", "Mehmet", "Lotte", "Daan", "Fleur", "Ricardo", "Ingrid", "Thijs",
         "Noor", "Youssef", "Marieke", "Stijn", "Esra", "Bram", "Linda", "Kofi", "Sanne", "Pieter")
LAST = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Yilmaz",
        "Peters", "Hendriks", "van Dijk", "El Idrissi", "Kok", "Vermeulen")
GROUPS = {
    "klantcontact": ("klantadviseur", "medewerker balie", "chatmedewerker", "teamcoach klantcontact"),
    "leidinggevenden": ("teamleider", "afdelingsmanager", "directeur wonen", "manager klantcontact"),
    "backoffice": ("medewerker verhuur", "planner reparaties", "financieel administrateur", "functioneel beheerder"),
    "hr": ("HR-adviseur", "recruiter", "opleidingsadviseur"),
}

SUBJ_SG = ("mijn teamleider", "de klant", "onze afdeling", "de backoffice", "het management", "iedereen",
           "mijn collega", "de planner", "de directeur", "zo'n huurder", "de monteur", "de teamcoach")
VERB_SG = ("belt", "vraagt naar", "zoekt", "regelt", "stuurt", "krijgt", "ziet", "merkt", "bespreekt",
           "controleert", "plant", "mailt", "wacht op", "leest", "verwerkt", "noteert")
SUBJ_PL = ("we", "wij", "collega's", "klanten", "de teamleiders", "de monteurs", "jullie", "de planners",
           "mensen", "de nieuwe collega's")
VERB_PL = ("bellen", "vragen naar", "zoeken", "regelen", "sturen", "krijgen", "zien", "merken", "bespreken",
           "controleren", "plannen", "mailen", "wachten op", "lezen", "verwerken", "noteren")
OBJ = ("de melding", "een klacht", "het dossier", "de wachtrij", "de rapportage", "een offerte", "het systeem",
       "de planning", "een huurder", "een collega", "de cijfers", "het overleg", "de huurachterstand",
       "een reparatie", "de sleutels", "het contract", "de storing", "de mail", "een nieuwe woning",
       "de factuur", "het formulier", "de afspraak", "de lekkage", "het rooster")
ADV = ("meestal", "eigenlijk", "vaak", "soms", "altijd", "gewoon", "echt", "nog steeds", "elke week",
       "vandaag", "tegenwoordig", "meteen", "pas later", "zelden", "best wel", "toch")
PP = ("op maandag", "aan de telefoon", "in het overleg", "bij de balie", "via de chat", "na vijf uur",
      "in de wachtrij", "op de vloer", "in het systeem", "bij de buren", "in de regio", "voor de vakantie",
      "met de aannemer", "op kantoor", "thuis", "in de app")
ADJ = ("lastig", "belangrijk", "normaal", "vervelend", "prima", "ingewikkeld", "fijn", "frustrerend",
       "logisch", "raar", "zwaar", "duidelijk", "onhandig", "spannend")
FILLER = ("Ja.", "Nou, dat weet ik niet precies.", "Eerlijk gezegd wel, ja.", "Hm, goede vraag.",
          "Dat is wel zo.", "Ja, zeker.", "Dat zou ik niet weten.", "Precies.", "Ja, dat klopt.")
QUESTIONS = ("Hoe lang werk je hier al?", "Kun je daar een voorbeeld van geven?", "Wat gebeurt er dan?",
             "Hoe merk je dat?", "Wat doet dat met je?", "En hoe reageert je leidinggevende daarop?",
             "Wat zou je willen veranderen?", "Hoe gaat dat bij andere afdelingen?",
             "Wat zegt de klant daarover?", "Wat maakt dat het zo gaat?", "Herken je dat bij collega's?",
             "Wat hebben jullie daar al aan gedaan?", "Hoe ziet een gewone werkdag eruit?")

# Sentence frames around one codebook phrase P; the ``neg`` variant negates it.
ONE = (
    ("Bij ons is {P} {adv} {adj}.", "Bij ons is {P} {adv} niet {adj}."),
    ("Ik denk dat {P} hier {adv} speelt.", "Ik denk niet dat {P} hier speelt."),
    ("Het draait hier {adv} om {P}.", "Het draait hier nooit om {P}."),
    ("Je merkt {P} {adv} {pp}.", "Je merkt {P} nooit {pp}."),
    ("Wat ik {adv} zie is {P}.", "Wat ik mis is {P}, dat zie je hier niet."),
    ("{Subj_pl} hebben het {adv} over {P}.", "{Subj_pl} hebben het {adv} niet over {P}."),
    ("Volgens mij hoort {P} er {adv} bij.", "Volgens mij hoort {P} er niet bij."),
    ("Dat is {P}, zeg maar.", "Dat is geen {P}, zeg maar."),
)
# Frames around two phrases: cause C, effect E.
TWO = (
    "Omdat {C} hier {adv} speelt, zie je {E} {pp}.",
    "{C} is er {adv}, waardoor {E} {adv2} terugkomt.",
    "Bij ons is {E} {adv} het gevolg, want {C} speelt overal.",
    "Door {C} krijg je {adv} {E}.",
    "{C} leidt {adv} tot {E}.",
    "Doordat {C} {adv} speelt, ontstaat {E} {pp}.",
)
NEXT = ("Daardoor heb je {adv} {E}.", "Dus zie je {E} {pp}.", "Daarom is {E} hier {adv} {adj}.")


@lru_cache(maxsize=1)
def codebook_phrases() -> tuple[str, ...]:
    """The Dutch patterns of the starter codebook (string patterns only), in file order."""
    import yaml

    text = resources.files("culturemap").joinpath("data/codebook.yaml").read_text(encoding="utf-8")
    out = []
    for code in yaml.safe_load(text)["codes"]:
        pats = code.get("patterns") or {}
        for p in (pats.get("nl", ()) if isinstance(pats, dict) else pats):
            if isinstance(p, str):
                out.append(p)
    return tuple(out)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class _Grammar:
    def __init__(self, rng: random.Random, phrase_rate: float):
        self.rng = rng
        self.phrase_rate = phrase_rate
        self.phrases = codebook_phrases()

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def fill(self, frame: str, **extra) -> str:
        r = self.pick
        out = frame.format(adv=r(ADV), adv2=r(ADV), adj=r(ADJ), pp=r(PP), Subj_pl=_cap(r(SUBJ_PL)), **extra)
        return _cap(" ".join(out.split()))

    def plain(self) -> str:
        r, rng = self.pick, self.rng
        roll = rng.random()
        if roll < 0.30:
            s = f"{r(SUBJ_SG)} {r(VERB_SG)} {r(ADV)} {r(OBJ)} {r(PP)}"
        elif roll < 0.60:
            s = f"{r(SUBJ_PL)} {r(VERB_PL)} {r(OBJ)} {r(PP)}"
            if rng.random() < 0.3:
                s = f"{r(SUBJ_PL)} {r(VERB_PL)} {r(OBJ)} niet {r(PP)}"
        elif roll < 0.75:
            conn = r(("waardoor", "zodat", "omdat", "want", "maar", "en dan"))
            if conn in ("want", "maar"):            # main clause: verb second
                tail = f"{r(SUBJ_PL)} {r(VERB_PL)} {r(OBJ)}"
            elif conn == "en dan":                  # inversion
                tail = f"{r(VERB_PL)} {r(SUBJ_PL)} {r(OBJ)}"
            else:                                   # subordinate clause: verb last
                verb = r(VERB_PL).split()
                tail = f"{r(SUBJ_PL)} {' '.join(verb[1:] + [r(OBJ)] + verb[:1])}"
            s = f"{r(SUBJ_SG)} {r(VERB_SG)} {r(OBJ)}, {conn} {tail}"
        elif roll < 0.85:
            s = f"dat vind ik {r(ADV)} {r(ADJ)}"
        elif roll < 0.93:
            s = f"omdat {r(SUBJ_PL)} {r(OBJ)} {r(VERB_PL).split()[0]}, blijft {r(OBJ)} {r(ADV)} liggen"
            s = s.replace(" wachten,", " afwachten,").replace(" vragen,", " opvragen,")
        else:
            return r(FILLER)
        return _cap(s) + "."

    def coded(self) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.70:
            pos, neg = self.pick(ONE)
            return [self.fill(neg if rng.random() < 0.25 else pos, P=self.pick(self.phrases))]
        cause, effect = self.pick(self.phrases), self.pick(self.phrases)
        if roll < 0.90:
            return [self.fill(self.pick(TWO), C=cause, E=effect)]
        first = self.fill(self.pick(ONE)[0], P=cause)
        return [first, self.fill(self.pick(NEXT), E=effect)]

    def turn(self) -> list[str]:
        out: list[str] = []
        for _ in range(self.rng.randint(3, 8)):
            out.extend(self.coded() if self.rng.random() < self.phrase_rate else [self.plain()])
        return out


def transcript_text(index: int, words: int, *, seed: int = 2026, phrase_rate: float = 0.22) -> str:
    """The Markdown text of generated transcript ``index`` with about ``words`` words in its turns.

    Parameters
    ----------
    index : int
        Transcript number (0-based); the id is ``g-<index+1:04d>``.
    words : int
        Target number of words in the speaker turns (labels included); the last turn ends the text once
        it is reached.
    seed : int, optional
        Seed of the grammar; the text depends only on ``(seed, index, words, phrase_rate)``.
    phrase_rate : float, optional
        Share of interviewee sentences built around a codebook phrase.

    Returns
    -------
    str

    Examples
    --------
    >>> t = transcript_text(0, 60)
    >>> [line.split(":")[0] for line in t.splitlines()[1:6]]
    ['id', 'name', 'group', 'role', 'language']
    >>> t.splitlines()[8].startswith("Interviewer: ")
    True
    """
    rng = random.Random(f"{seed}:{index}:{words}:{phrase_rate}")
    g = _Grammar(rng, phrase_rate)
    first, last = g.pick(FIRST), g.pick(LAST)
    group = g.pick(tuple(GROUPS))
    role = g.pick(GROUPS[group])
    head = ["---", f"id: g-{index + 1:04d}", f"name: {first} {last}", f"group: {group}", f"role: {role}",
            "language: nl", "---", ""]
    body: list[str] = []
    n = 0
    while n < words:
        q = f"Interviewer: {g.pick(QUESTIONS)}"
        n += len(q.split()) + 1
        sentences = []
        for s in g.turn():                      # the last turn stops once the target is reached
            if n >= words and sentences:
                break
            sentences.append(s)
            n += len(s.split())
        body += [q, "", f"{first}: " + " ".join(sentences), ""]
    return "\n".join(head + body)


def body_words(text: str) -> int:
    """Words after the front matter (whitespace-separated, speaker labels included)."""
    parts = text.split("---\n", 2)
    return len((parts[2] if len(parts) == 3 else text).split())


def write_engagement(directory: Path, n: int, words: int, *, seed: int = 2026) -> int:
    """Write ``n`` generated transcripts ``g-0001.md`` ... into ``directory``; returns the total word count."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        text = transcript_text(i, words, seed=seed)
        (directory / f"g-{i + 1:04d}.md").write_text(text, encoding="utf-8")
        total += body_words(text)
    return total


def edit_transcript(path: Path) -> None:
    """Edit one transcript the way a consultant does: fix a word in the middle and add one sentence."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    mid = len(lines) // 2
    i = next(j for j in range(mid, len(lines)) if lines[j] and not lines[j].startswith("Interviewer:"))
    lines[i] = lines[i].replace(" de ", " die ", 1) + " Achteraf gezien was dat de werkdruk, denk ik."
    path.write_text("\n".join(lines), encoding="utf-8")
