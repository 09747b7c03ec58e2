"""The sentence parts of a loop story (:mod:`culturemap.analysis.stories`). ``sub`` forms follow their
subject ("Werkdruk toeneemt"), ``main`` forms lead a Dutch main clause ("neemt Werkdruk toe"; Dutch only:
English has no inverted main clause, so English falls back to ``sub``), ``again`` forms close the loop;
``.belief`` variants are for values and beliefs."""
from __future__ import annotations

from typing import Any

PHRASES: dict[str, dict[str, Any]] = {
    'story.first': {'nl': 'Omdat {a} {sub_a}, {main_b}', 'en': 'Because {a} {sub_a}, {b} {sub_b}'},
    'story.next': {'nl': ', waardoor {x} {sub_x}', 'en': ', so {x} {sub_x}'},
    'story.restart': {'nl': '. Daardoor {main_x}', 'en': '. As a result, {x} {sub_x}'},
    'story.close': {'nl': '. Zo {main_first}', 'en': '. And so {first} {again_first}'},
    'story.end.vicious': {'nl': ': een vicieuze cirkel die zichzelf in stand houdt.',
     'en': ': a vicious circle that keeps itself going.'},
    'story.end.virtuous': {'nl': ': een positieve spiraal die zichzelf versterkt.', 'en': ': a virtuous circle that feeds itself.'},
    'story.end.mixed': {'nl': ': een cirkel die zichzelf versterkt.', 'en': ': a loop that reinforces itself.'},
    'story.end.balancing': {'nl': ': een balancerende cirkel die zichzelf afremt.', 'en': ': a balancing loop that holds itself back.'},
    'story.sub.up': {'nl': 'toeneemt', 'en': 'increases'},
    'story.sub.down': {'nl': 'afneemt', 'en': 'decreases'},
    'story.sub.up.belief': {'nl': 'sterker wordt', 'en': 'grows stronger'},
    'story.sub.down.belief': {'nl': 'zwakker wordt', 'en': 'grows weaker'},
    'story.main.up': {'nl': 'neemt {x} toe', 'en': '{x} increases'},
    'story.main.down': {'nl': 'neemt {x} af', 'en': '{x} decreases'},
    'story.main.up.belief': {'nl': 'wordt {x} sterker', 'en': '{x} grows stronger'},
    'story.main.down.belief': {'nl': 'wordt {x} zwakker', 'en': '{x} grows weaker'},
    'story.again.up': {'nl': 'neemt {x} nog verder toe', 'en': 'increases even further'},
    'story.again.down': {'nl': 'neemt {x} weer af', 'en': 'decreases again'},
    'story.again.up.belief': {'nl': 'wordt {x} nog sterker', 'en': 'grows stronger still'},
    'story.again.down.belief': {'nl': 'wordt {x} weer zwakker', 'en': 'grows weaker again'},
}
