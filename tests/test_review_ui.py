"""The interactive review in the terminal (cli.review_ui): keys, what is shown, every key saved."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console

from culturemap.cli.review_ui import review_session
from culturemap.review import batch, undo
from culturemap.store import load_codings
from tests import test_review as shared
from tests.test_review import CODEBOOK, KC03, S_TIME, statuses

eng = shared.eng        # the engagement the review tests share (a fixture)


# ---------------------------------------------------------------- the interactive session

class Keys:
    """A fake getkey that records the saved state of kc-03 before each key press."""

    def __init__(self, root: Path, keys: str):
        self.root, self.keys, self.seen = root, list(keys), []

    def __call__(self) -> str:
        self.seen.append(statuses(self.root))
        if not self.keys:
            raise EOFError
        return self.keys.pop(0)


def session(root, keys, answers=(), **kw):
    console = Console(record=True, width=120, color_system=None)
    getkey = Keys(root, keys)
    answers = list(answers)
    summary = review_session(root, console=console, getkey=getkey, prompt=lambda text: answers.pop(0), **kw)
    return summary, console.export_text(), getkey


def test_session_accept_reject_skip_quit_saved_after_every_key(eng):
    summary, out, keys = session(eng, "arsq", interview="kc-03")
    # kc-03 items in text order: only-numbers tag, the link (same start), no-time, help-each-other
    assert keys.seen[1]["only-numbers"] == "accepted"                # saved before the next key
    assert keys.seen[2]["only-numbers>no-time"] == "rejected"
    assert statuses(eng) == {"only-numbers": "accepted", "no-time": "suggested", "help-each-other": "suggested",
                             "only-numbers>no-time": "rejected"}
    assert (summary.accepted, summary.rejected, summary.skipped, summary.remaining, summary.total) == (1, 1, 1, 2, 4)
    assert "1/4 · kc-03 · klantcontact · medewerker" in out and "3/4" in out
    assert "Anna de Vries" not in out                                   # the interviewee's name is never shown
    assert "Code: only-numbers · Alleen cijfers tellen  (not negated)" in out
    assert "Code: no-time · Geen tijd door werkdruk  NEGATED" in out
    assert "Link: only-numbers (Alleen cijfers tellen) → no-time (Geen tijd door werkdruk)  sign +" in out
    assert "Interviewer: Hoe is het werken hier?" in out                 # one sentence of context before
    assert S_TIME in out                                                  # ... and after


def test_session_highlights_the_matched_words(eng):
    console = Console(record=True, width=120, force_terminal=True, color_system="standard")
    review_session(eng, interview="kc-03", console=console, getkey=Keys(eng, "q"), prompt=lambda t: "")
    assert "\x1b[1;7mafgerekend\x1b[0m" in console.export_text(styles=True)


def test_session_change_code_lists_codes_and_applies_the_new_one(eng):
    summary, out, _ = session(eng, "sscq", ["celebrate-success"], interview="kc-03")
    assert "celebrate-success  Successen vieren" in out
    c = load_codings(eng, "kc-03")
    assert [(t.code, t.status, t.origin) for t in c.tags if t.start == KC03.index(S_TIME)] == [
        ("celebrate-success", "accepted", "manual"), ("no-time", "rejected", "rule")]
    assert summary.changed == 1
    assert undo(eng).startswith("Undid code change no-time -> celebrate-success in kc-03")
    assert statuses(eng)["no-time"] == "suggested" and "celebrate-success" not in statuses(eng)


def test_session_change_code_to_an_unknown_code_changes_nothing(eng):
    summary, out, _ = session(eng, "cq", ["bogus"], interview="kc-03")
    assert "unknown code 'bogus'" in out and summary.changed == 0
    assert set(statuses(eng).values()) == {"suggested"}


def test_session_undo_goes_back_to_the_previous_item(eng):
    summary, out, keys = session(eng, "aua", interview="kc-03")
    assert keys.seen[1]["only-numbers"] == "accepted"
    assert keys.seen[2]["only-numbers"] == "suggested"                 # undone and saved
    assert "Undid accept of tag only-numbers in kc-03" in out
    assert statuses(eng)["only-numbers"] == "accepted"                  # decided again on the same item
    assert (summary.accepted, summary.undone) == (1, 1)


def test_session_filtered_by_code_and_nothing_to_review(eng):
    summary, out, _ = session(eng, "a", code="help-each-other")
    assert summary.total == 2 and summary.accepted == 1
    batch(eng, "accepted")
    summary, out, _ = session(eng, "a")
    assert out.strip() == "Nothing to review: no open suggestions."


def test_session_change_code_accepts_a_unique_prefix(eng):
    session(eng, "cq", ["celeb"], interview="kc-03")
    assert statuses(eng)["celebrate-success"] == "accepted" and statuses(eng)["only-numbers"] == "rejected"


def test_session_change_link_cause_and_effect(eng):
    summary, out, _ = session(eng, "scq", ["", "celebrate-success"], interview="kc-03")
    links = {(l.cause, l.effect): (l.status, l.origin) for l in load_codings(eng, "kc-03").links}
    assert links == {("only-numbers", "no-time"): ("rejected", "rule"),
                     ("only-numbers", "celebrate-success"): ("accepted", "manual")}
    assert "Changed link to only-numbers -> celebrate-success." in out


def test_session_before_anything_is_tagged(tmp_path):
    (tmp_path / "culturemap.yaml").write_text("language: nl\n", encoding="utf-8")
    (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    summary, out, _ = session(tmp_path, "q")
    assert summary.total == 0
    assert " ".join(out.split()) == f"Nothing to review yet: no transcript is tagged. Run 'culturemap tag {tmp_path}' first."
