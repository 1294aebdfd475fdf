"""Keywords and identifier quoting, checked against the server."""

from __future__ import annotations

from consolidator.pg15 import keywords


def test_keywords_are_pg_get_keywords(catalog):
    rows = catalog.execute("SELECT word, catcode::text, barelabel FROM pg_get_keywords()").fetchall()
    assert len(rows) == len(keywords.keywords())
    for word, catcode, barelabel in rows:
        assert keywords.keyword_category(word) == catcode
        assert keywords.keyword_category(word.upper()) == catcode
        assert keywords.is_reserved(word) is (catcode in ("R", "T"))
        assert keywords.is_bare_label(word) is barelabel


def test_examples():
    assert keywords.keyword_category("select") == "R"
    assert keywords.keyword_category("authorization") == "T"
    assert keywords.keyword_category("int") == "C"
    assert keywords.keyword_category("name") == "U"
    assert keywords.keyword_category("users") is None
    assert not keywords.is_reserved("users")


def test_quote_ident_is_the_servers(catalog):
    words = sorted(keywords.keywords()) + ["users", "Users", "user_id", "1abc", "a$b", "with space", 'quo"te',
                                           "_x", "été", "", "x1", "a-b"]
    rows = catalog.execute("SELECT w, quote_ident(w) FROM unnest(%s::text[]) AS w", (words,)).fetchall()
    assert {w: keywords.quote_ident(w) for w in words} == dict(rows)
