"""Name particles (culturemap.privacy.names): part of a full name, never a name on their own."""
from __future__ import annotations

import pytest

from culturemap.privacy.candidates import capitalised_candidates
from culturemap.privacy.names import NAME_PARTICLES
from culturemap.privacy.redact import Redactor

PARTICLES = sorted(NAME_PARTICLES)
# "'t" is not read as a word of its own by privacy-check or as part of a speaker label by ingest (known gap)
LETTER_PARTICLES = [p for p in PARTICLES if p.isalpha()]


@pytest.mark.parametrize("particle", PARTICLES)
def test_the_redactor_takes_out_the_name_but_not_its_particle(particle):
    r = Redactor([f"Karin {particle} Boer"])
    assert r.redact(f"Toen belde Karin {particle} Boer. Later zei {particle} Boer het, {particle} ook.", "nl") == (
        f"Toen belde [naam]. Later zei {particle} [naam] het, {particle} ook.")


@pytest.mark.parametrize("particle", [
    *LETTER_PARTICLES,
    pytest.param("'t", marks=pytest.mark.xfail(strict=True, reason="'t is not a word to the candidate regex")),
])
def test_privacy_check_reads_a_name_across_its_particles(particle):
    assert [name for name, _, _ in capitalised_candidates(f"Toen belde Karin {particle} Boer terug.", "nl")] == [
        f"Karin {particle} Boer"]


@pytest.mark.parametrize("particle", LETTER_PARTICLES)
def test_ingest_accepts_a_particle_inside_a_speaker_label(particle, tmp_path):
    from culturemap.ingest import read_transcript

    path = tmp_path / "kc-01.md"
    path.write_text(f"Interviewer: Hoe gaat het?\n\nKarin {particle} Boer: Goed, zegt ze.\n", encoding="utf-8")
    assert read_transcript(path).speakers == ("Interviewer", f"Karin {particle} Boer")
