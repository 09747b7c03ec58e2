"""Hand-drawn links in DIR/links.csv: Excel quirks tolerated, every error names links.csv and the line."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from culturemap.errors import StoreError
from culturemap.models import Code, Codebook
from culturemap.review.handlinks import parse_hand_links, read_hand_links

CODEBOOK = Codebook(1, "nl", tuple(Code(i, i, "belief", "hindering") for i in (
    "only-numbers", "no-time", "complaints", "help-each-other")))


def write(tmp_path, text: str, encoding: str = "utf-8"):
    (tmp_path / "links.csv").write_bytes(text.encode(encoding))
    return tmp_path / "links.csv"


def test_no_links_csv_means_no_hand_links(tmp_path):
    assert read_hand_links(tmp_path, CODEBOOK) == ()


def test_links_are_accepted_hand_links_with_the_note(tmp_path):
    write(tmp_path, "cause,effect,sign,note\nonly-numbers,no-time,+,told in 4 interviews\nno-time,complaints,-,\n")
    links = read_hand_links(tmp_path, CODEBOOK)
    assert [(l.cause, l.effect, l.sign, l.note, l.origin, l.status, l.interview) for l in links] == [
        ("no-time", "complaints", "-", "", "hand", "accepted", ""),
        ("only-numbers", "no-time", "+", "told in 4 interviews", "hand", "accepted", "")]


def test_dutch_excel_file_with_bom_semicolons_cp1252_and_empty_lines(tmp_path):
    write(tmp_path, "\ufeffCause;Effect;Sign;Note\r\n\r\nonly-numbers;no-time;+;één\r\n;;;\r\n", "utf-8")
    links = read_hand_links(tmp_path, CODEBOOK)
    assert [(l.cause, l.effect, l.sign, l.note) for l in links] == [("only-numbers", "no-time", "+", "één")]
    write(tmp_path, "cause;effect;sign;note\nONLY-NUMBERS;no-time;-;café\n", "cp1252")
    links = read_hand_links(tmp_path, CODEBOOK)
    assert [(l.cause, l.sign, l.note) for l in links] == [("only-numbers", "-", "café")]


def test_header_without_note_column(tmp_path):
    write(tmp_path, "cause,effect,sign\nhelp-each-other,complaints,-\n")
    assert [l.note for l in read_hand_links(tmp_path, CODEBOOK)] == [""]


def test_unknown_code_names_file_line_and_suggests_the_closest(tmp_path):
    path = write(tmp_path, "cause,effect,sign\n\nonly-numbers,no-time,+\nonly-number,no-time,+\n")
    with pytest.raises(StoreError) as info:
        read_hand_links(tmp_path, CODEBOOK)
    assert str(info.value) == (f"{path}:4: unknown code 'only-number'. Use a code id from codebook.yaml "
                               "(did you mean 'only-numbers'?). [E301]")


def test_unknown_code_without_a_close_match_lists_the_codes(tmp_path):
    path = write(tmp_path, "cause,effect,sign\nno-time,zzz,+\n")
    with pytest.raises(StoreError) as info:
        read_hand_links(tmp_path, CODEBOOK)
    assert str(info.value) == (f"{path}:2: unknown code 'zzz'. Use a code id from codebook.yaml "
                               "(known: complaints, help-each-other, no-time, only-numbers). [E301]")


def test_bad_sign_names_file_and_line(tmp_path):
    path = write(tmp_path, "cause,effect,sign\nonly-numbers,no-time,++\n")
    with pytest.raises(StoreError) as info:
        read_hand_links(tmp_path, CODEBOOK)
    assert str(info.value) == f"{path}:2: sign '++' is not '+' or '-'. [E302]"


def test_missing_columns_name_file_and_header_line(tmp_path):
    path = write(tmp_path, "\noorzaak,gevolg,sign\n")
    with pytest.raises(StoreError) as info:
        read_hand_links(tmp_path, CODEBOOK)
    assert str(info.value) == (f"{path}:2: missing column(s) 'cause', 'effect'. "
                               "The header must be 'cause,effect,sign[,note]'. [E303]")


def test_row_without_a_sign(tmp_path):
    path = write(tmp_path, "cause,effect,sign\nonly-numbers,no-time\n")
    with pytest.raises(StoreError) as info:
        read_hand_links(tmp_path, CODEBOOK)
    assert str(info.value) == (f"{path}:2: the row has no sign. "
                               "Fill in cause, effect and sign, or delete the row. [E313]")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_csv_never_crashes(text):
    try:
        links = parse_hand_links("cause,effect,sign,note\n" + text, CODEBOOK.ids)
    except StoreError as exc:
        assert exc.code in ("E301", "E302", "E303", "E313", "E316")
    else:
        assert all(l.cause in CODEBOOK.ids and l.effect in CODEBOOK.ids and l.sign in "+-" for l in links)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_whole_file_never_crashes(text):
    try:
        parse_hand_links(text, CODEBOOK.ids)
    except StoreError as exc:
        assert exc.code in ("E301", "E302", "E303", "E313", "E316")


def test_a_file_the_csv_reader_rejects_is_E316(tmp_path):
    path = write(tmp_path, 'cause,effect,sign\n"' + "x" * 200_000 + '",no-time,+\n')
    with pytest.raises(StoreError) as info:
        read_hand_links(tmp_path, CODEBOOK)
    assert str(info.value) == (f"{path}:2: links.csv could not be read as CSV: field larger than field limit "
                               "(131072). Save it from Excel as 'CSV' (comma or semicolon separated) and check "
                               "that line. [E316]")
