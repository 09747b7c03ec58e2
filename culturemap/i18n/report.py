"""Headings, notes and labels of ``report.html`` (and the deck's shared ones), in Dutch and English."""
from __future__ import annotations

from typing import Any

PHRASES: dict[str, dict[str, Any]] = {
    'doc.subtitle': {'nl': 'Cultuurkaart klantgerichtheid', 'en': 'Culture map: customer-centricity'},
    'doc.figures': {'nl': '{interviews} dialogen · {groups} groepen · {codes} onderdelen · {links} verbanden · {loops} '
           'feedbackcirkels',
     'en': '{interviews} dialogues · {groups} groups · {codes} elements · {links} links · {loops} feedback loops'},
    'nav.label': {'nl': 'Inhoud', 'en': 'Contents'},
    'read.title': {'nl': 'Hoe lees je de kaart?', 'en': 'How to read the map'},
    'read.boxes': {'nl': 'Elk vak is een waarde, overtuiging, gedrag of uitkomst die in de dialogen steeds terugkwam (een rode '
           'draad).',
     'en': 'Each box is a value, belief, behaviour or outcome that kept coming back in the dialogues (a '
           'recurring theme).'},
    'read.colours': {'nl': 'Groen helpt klantgericht denken en handelen (bevorderend), rood staat het in de weg (belemmerend), '
           'grijs kan beide kanten op (tweeslachtig).',
     'en': 'Green helps customer-centric thinking and acting (enabling), red gets in its way (hindering), grey '
           'can go either way (ambivalent).'},
    'read.arrows': {'nl': 'Een pijl van A naar B betekent: A beïnvloedt B. Bij + gaan ze dezelfde kant op (meer A, meer B), bij '
           '− de andere kant op (meer A, minder B). Hoe dikker de pijl, hoe meer dialogen dit verband noemden.',
     'en': 'An arrow from A to B means: A influences B. With + they move the same way (more A, more B), with − '
           'the opposite way (more A, less B). The thicker the arrow, the more dialogues told this link.'},
    'read.loops': {'nl': 'R en B markeren feedbackcirkels: R (versterkend) houdt een patroon in stand en maakt het sterker, B '
           '(balancerend) remt zichzelf af.',
     'en': 'R and B mark feedback loops: R (reinforcing) keeps a pattern alive and makes it stronger, B '
           '(balancing) holds itself back.'},
    'read.click': {'nl': 'Klik op een onderdeel (of ga er met Tab naartoe en druk op Enter) voor de details en de citaten; de '
           'lijst onder de kaart bevat ze allemaal.',
     'en': 'Click an element (or Tab to it and press Enter) for its details and quotes; the list below the map '
           'holds them all.'},
    'map.title': {'nl': 'De kaart', 'en': 'The map'},
    'map.alt': {'nl': 'Causaal diagram met {codes} onderdelen en {links} verbanden; de onderdelen staan ook in de lijst '
           'onder de kaart.',
     'en': 'Causal diagram with {codes} elements and {links} links; the elements are also listed below the map.'},
    'panel.title': {'nl': 'Onderdeel van de kaart', 'en': 'Element of the map'},
    'panel.close': {'nl': 'Sluiten', 'en': 'Close'},
    'detail.kind': {'nl': 'Soort', 'en': 'Kind'},
    'detail.effect': {'nl': 'Werking', 'en': 'Effect'},
    'detail.mark': {'nl': 'Advies', 'en': 'Advice'},
    'detail.mentions': {'nl': 'Genoemd', 'en': 'Mentioned'},
    'detail.mentions_value': {'nl': '{mentions}× in {sources} van {total} dialogen', 'en': '{mentions}× in {sources} of {total} dialogues'},
    'detail.groups': {'nl': 'Per groep', 'en': 'Per group'},
    'detail.groups_note': {'nl': 'Groepen met minder dan {threshold} dialogen staan samen onder ‘overig’, zodat niemand herkenbaar is.',
     'en': 'Groups with fewer than {threshold} dialogues are combined under ‘other’, so nobody can be '
           'recognised.'},
    'detail.causes': {'nl': 'Wordt beïnvloed door', 'en': 'Influenced by'},
    'detail.effects': {'nl': 'Beïnvloedt', 'en': 'Influences'},
    'detail.quotes': {'nl': 'Wat er gezegd werd', 'en': 'What was said'},
    'detail.no_quotes': {'nl': 'Geen citaten (alleen als verband getekend).', 'en': 'No quotes (drawn as a link only).'},
    'detail.more_quotes': {'nl': 'en nog {n} andere vermelding(en)', 'en': 'and {n} more mention(s)'},
    'all.title': {'nl': 'Alle onderdelen van de kaart', 'en': 'All elements of the map'},
    'loops.title': {'nl': 'Feedbackcirkels: wat houdt het patroon in stand?',
     'en': 'Feedback loops: what keeps the pattern alive?'},
    'loops.intro': {'nl': 'Een feedbackcirkel is een reeks verbanden die weer uitkomt waar hij begon. Zulke cirkels verklaren '
           'waarom ‘zo doen we het nu eenmaal’ zo hardnekkig is.',
     'en': 'A feedback loop is a chain of links that comes back to where it started. Such loops explain why '
           '‘this is how we have always done it’ is so persistent.'},
    'loops.none': {'nl': 'De kaart bevat (nog) geen feedbackcirkels.', 'en': 'The map has no feedback loops (yet).'},
    'loops.truncated': {'nl': 'De kaart is zo verweven dat niet alle cirkels zijn uitgeschreven; de belangrijkste staan hieronder.',
     'en': 'The map is so interwoven that not every loop was written out; the most important ones are below.'},
    'loops.alt': {'nl': 'Diagram van cirkel {id}: {labels}', 'en': 'Diagram of loop {id}: {labels}'},
    'loops.told': {'nl': 'Zo vertelden de dialogen het', 'en': 'How the dialogues told it'},
    'marks.cherish.title': {'nl': 'Koesteren en uitbouwen', 'en': 'Cherish and build out'},
    'marks.cherish.intro': {'nl': 'Deze waarden en overtuigingen helpen klantgericht werken. Bouw erop voort.',
     'en': 'These values and beliefs help customer-centric work. Build on them.'},
    'marks.reduce.title': {'nl': 'Afzwakken of loslaten', 'en': 'Reduce or let go'},
    'marks.reduce.intro': {'nl': 'Deze overtuigingen staan klantgericht werken in de weg. Zoek samen naar manieren om ze af te '
           'zwakken.',
     'en': 'These beliefs get in the way of customer-centric work. Look together for ways to weaken them.'},
    'marks.redirect.title': {'nl': 'Ombuigen naar de klant', 'en': 'Redirect to the customer'},
    'marks.redirect.intro': {'nl': 'Deze waarden werken twee kanten op: goed onderling, maar nog niet gericht op de klant.',
     'en': 'These values cut both ways: good among colleagues, but not yet aimed at the customer.'},
    'marks.develop.title': {'nl': 'Ontwikkelen', 'en': 'Develop'},
    'marks.develop.intro': {'nl': 'Deze waarden en overtuigingen helpen klantgericht werken, maar de meeste vermeldingen zeggen '
           'dat ze ontbreken of gewenst zijn. Ontwikkel ze samen.',
     'en': 'These values and beliefs would help customer-centric work, but most mentions say they are missing or '
           'wished for. Develop them together.'},
    'marks.unconfirmed.title': {'nl': 'Niet bevestigd', 'en': 'Unconfirmed'},
    'marks.unconfirmed.intro': {'nl': 'Deze belemmeringen worden vooral ontkend. Vraag de groep of ze spelen voordat je ze '
           'aanpakt.',
     'en': 'These hindrances are mostly denied. Ask the group whether they play before tackling them.'},
    'marks.score': {'nl': 'prioriteit', 'en': 'priority'},
    'marks.priority': {'nl': 'in de sessie', 'en': 'in the session'},
    'marks.priority_hint': {'nl': 'Een van de prioriteiten die in de groepssessie besproken worden',
     'en': 'One of the priorities discussed in the group session'},
    'marks.none': {'nl': 'Geen.', 'en': 'None.'},
    'balance.title': {'nl': 'Cultuurbalans', 'en': 'Culture balance'},
    'balance.intro': {'nl': 'Het aandeel van alle vermeldingen dat belemmerend is (vergelijkbaar met ‘culturele entropie’ bij '
           'Barrett). Hoe lager, hoe meer de cultuur klantgericht werken helpt.',
     'en': "The share of all mentions that is hindering (akin to Barrett's ‘cultural entropy’). The lower, the "
           'more the culture helps customer-centric work.'},
    'balance.overall': {'nl': 'Totaal', 'en': 'Overall'},
    'balance.value': {'nl': '{pct}% belemmerend', 'en': '{pct}% hindering'},
    'balance.counts': {'nl': '{hindering} van de {mentions} vermeldingen zijn belemmerend.',
     'en': '{hindering} of the {mentions} mentions are hindering.'},
    'balance.bar': {'nl': '{label}: {pct}% van de vermeldingen is belemmerend',
     'en': '{label}: {pct}% of the mentions are hindering'},
    'session.title': {'nl': 'Uit de groepssessie', 'en': 'From the group session'},
    'session.intro': {'nl': 'Wat de groep herkende en welke acties zijn afgesproken.',
     'en': 'What the group recognised and which actions were agreed.'},
    'session.date': {'nl': 'Sessie van {date}.', 'en': 'Session of {date}.'},
    'session.none': {'nl': 'De groepssessie is nog niet vastgelegd. Vul na de sessie session.yaml in (zie session-template.yaml '
           'naast dit rapport) en draai ‘culturemap run’ opnieuw.',
     'en': 'The group session has not been recorded yet. After the session fill in session.yaml (see '
           'session-template.yaml next to this report) and run ‘culturemap run’ again.'},
    'session.recognised': {'nl': 'Herkend', 'en': 'Recognised'},
    'session.rec.yes': {'nl': 'ja', 'en': 'yes'},
    'session.rec.partly': {'nl': 'deels', 'en': 'partly'},
    'session.rec.no': {'nl': 'nee', 'en': 'no'},
    'session.rec.none': {'nl': 'niet besproken', 'en': 'not discussed'},
    'session.actions': {'nl': 'Afgesproken acties', 'en': 'Agreed actions'},
    'session.what': {'nl': 'Actie', 'en': 'Action'},
    'session.who': {'nl': 'Wie', 'en': 'Who'},
    'session.perspective': {'nl': 'Perspectief', 'en': 'Perspective'},
    'session.direction': {'nl': 'Richting', 'en': 'Direction'},
    'session.no_actions': {'nl': 'Geen acties afgesproken.', 'en': 'No actions agreed.'},
    'method.title': {'nl': 'Hoe is deze kaart gemaakt?', 'en': 'How this map was made'},
    'method.privacy': {'nl': 'Vertrouwelijkheid: namen staan nergens in dit rapport. Citaten staan onder een pseudoniem en zijn '
           'ontdaan van namen ([naam]); groepen kleiner dan {threshold} dialogen worden niet apart getoond.',
     'en': 'Confidentiality: no names appear in this report. Quotes are shown under a pseudonym with names '
           'removed ([name]); groups with fewer than {threshold} dialogues are not shown separately.'},
    'step.1': {'nl': 'Dialogen: {n} gesprekken met collega’s uit verschillende groepen.',
     'en': 'Dialogues: {n} conversations with colleagues from different groups.'},
    'step.2': {'nl': 'Rode draden: de terugkerende waarden en overtuigingen zijn in de gesprekken gecodeerd en door de '
           'consultant gecontroleerd.',
     'en': 'Recurring themes: the values and beliefs that kept coming back were coded in the conversations and '
           'checked by the consultant.'},
    'step.3': {'nl': 'Verbanden: welke overtuiging leidt tot welk gedrag of welke uitkomst, en welke cirkels houden dat in '
           'stand.',
     'en': 'Connections: which belief leads to which behaviour or outcome, and which loops keep that going.'},
    'step.4': {'nl': 'Beoordelen: helpt het klantgericht werken (koesteren) of staat het in de weg (afzwakken)?',
     'en': 'Judgement: does it help customer-centric work (cherish) or get in its way (reduce)?'},
    'step.5': {'nl': 'Terug naar de groep: herkennen jullie dit, en welke acties spreken we af?',
     'en': 'Back to the group: do you recognise this, and which actions do we agree on?'},
    'kind.value': {'nl': 'waarde', 'en': 'value'},
    'kind.belief': {'nl': 'overtuiging', 'en': 'belief'},
    'kind.behaviour': {'nl': 'gedrag', 'en': 'behaviour'},
    'kind.outcome': {'nl': 'uitkomst', 'en': 'outcome'},
    'perspective.leaders': {'nl': 'Leidinggevenden', 'en': 'Leaders'},
    'perspective.customer-contact': {'nl': 'Klantcontact', 'en': 'Customer contact'},
    'perspective.hr': {'nl': 'HR', 'en': 'HR'},
    'perspective.back-office': {'nl': 'Backoffice', 'en': 'Back office'},
    'footer': {'nl': 'Gemaakt met culturemap.', 'en': 'Made with culturemap.'},
}
