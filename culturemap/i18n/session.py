"""The comment lines of ``session-template.yaml`` (keys ``session.template.*``)."""
from __future__ import annotations

from typing import Any

PHRASES: dict[str, dict[str, Any]] = {
    'session.template.head': {'nl': ['Sessieverslag van de groepssessie: vul dit in tijdens of na de sessie en sla het op als',
            "{session_path}. Daarna neemt 'culturemap run' herkenning en acties op in report.html en deck.pptx.",
            '',
            'recognised:  yes | partly | no   (ja | deels | nee; leeg = niet besproken)',
            'perspective: leaders | customer-contact | hr | back-office',
            '             (leidinggevenden | klantcontact | hr | backoffice)',
            'direction:   cherish | reduce    (koesteren | reduceren)',
            "Noem geen namen van personen: 'who' is een rol of team (bv. 'teamleiders klantcontact')."],
     'en': ['Record of the group session: fill this in during or after the session and save it as',
            "{session_path}. Then 'culturemap run' adds recognition and actions to report.html and deck.pptx.",
            '',
            'recognised:  yes | partly | no   (empty = not discussed)',
            'perspective: leaders | customer-contact | hr | back-office',
            'direction:   cherish | reduce',
            "Do not name people: 'who' is a role or team (e.g. 'customer contact team leads')."]},
    'session.template.date': {'nl': 'datum van de sessie, bv. 2025-03-14', 'en': 'date of the session, e.g. 2025-03-14'},
    'session.template.mark': {'nl': {'cherish': 'koesteren', 'reduce': 'afzwakken', 'redirect': 'ombuigen',
                                     'develop': 'ontwikkelen', 'unconfirmed': 'niet bevestigd'},
     'en': {'cherish': 'cherish', 'reduce': 'reduce', 'redirect': 'redirect', 'develop': 'develop',
            'unconfirmed': 'unconfirmed'}},
    'session.template.score': {'nl': 'prioriteit', 'en': 'priority'},
    'session.template.example': {'nl': "voorbeeld van een actie (haal het '#' weg en vul in):",
     'en': "an example action (remove the '#' and fill it in):"},
}
