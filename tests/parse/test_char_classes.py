"""The lexer's classes, written as complements within ASCII, match exactly the sets psql's lexer names."""

import re

import pytest

from consolidator.parse.char_classes import IDENT_START, VARIABLE_CHAR, ascii_except, with_non_ascii

EVERY_CODE_POINT = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def matched(cls: str) -> str:
    return "".join(re.findall(cls, EVERY_CODE_POINT))


@pytest.mark.parametrize("cls, ascii_members", [
    (IDENT_START, "A-Za-z_"), (VARIABLE_CHAR, "A-Za-z0-9_"), (with_non_ascii("A-Za-z0-9_$"), "A-Za-z0-9_$"),
])
def test_class_is_its_ascii_members_and_every_non_ascii_character(cls, ascii_members):
    assert matched(cls) == matched(f"[{ascii_members}\\x80-\\U0010ffff]")


def test_ascii_except_is_the_rest_of_ascii():
    members = " \\t'\"$:\\\\();/\\-.A-Za-z_0-9"
    assert matched(ascii_except(members)) == matched(f"[^{members}\\x80-\\U0010ffff]")
    assert matched(ascii_except(members)) == "".join(
        chr(c) for c in range(128) if chr(c) not in " \t'\"$:\\();/-._" and not chr(c).isalnum())
