"""The form's fields: what is accepted, how addresses are compared, and that nothing breaks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petition.fields import FIELDS, check, check_email, check_name, check_phone, check_postcode

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Anna@Example.NL", "anna@example.nl"),
        ("  anna@example.nl  ", "anna@example.nl"),
        ("anna+petitie@example.nl", "anna@example.nl"),
        ("a.n.n.a@googlemail.com", "anna@gmail.com"),
        ("A.nna+x@Gmail.com", "anna@gmail.com"),
        ("an.na@example.nl", "an.na@example.nl"),  # dots matter outside Gmail
        ("anna@bücher.de", "anna@xn--bcher-kva.de"),
        ("ａｎｎａ@example.nl", "anna@example.nl"),  # full-width letters (NFKC)
    ],
)
def test_addresses_are_compared_after_normalising(typed, key):
    result, error = check_email(typed)
    assert error is None and result is not None
    assert result[1] == key


@pytest.mark.parametrize(
    "typed",
    [
        "sаm@example.nl",
        "sam@exаmple.nl",
        "sam@example",
        "sam@@example.nl",
        "sam@example.nl\n",
        "sam@ex_ample.nl",
        "@example.nl",
        "sam\u200b@example.nl",
    ],
)
def test_homoglyphs_and_broken_addresses_are_refused(typed):
    result, error = check_email(typed)
    assert result is None and error and error.endswith(".")


def test_names_phones_postcodes():
    assert check_name("  Marilène   van  Dijk ") == ("Marilène van Dijk", None)
    assert check_name("O'Brien-Smith")[0] == "O'Brien-Smith"
    for bad in ("<b>", "Sam1", "Sam\r\nBcc: x", "Sam\u202e", "-Sam", "x", ""):
        assert check_name(bad)[0] is None
    assert check_phone("06 12345678") == ("+31612345678", None)
    assert check_phone("0031 6 12345678") == ("+31612345678", None)
    assert check_phone("+32 470 12 34 56") == ("+32470123456", None)
    assert check_phone("") == (None, None)
    for bad in ("12345", "06 1234 5678 9", "+31+6", "0612345678x"):
        assert check_phone(bad)[0] is None and check_phone(bad)[1]
    assert check_postcode("3533 AE") == ("3533", None)
    assert check_postcode("3533") == ("3533", None)
    for bad in ("0533", "353", "3533 AEX", "35334"):
        assert check_postcode(bad)[0] is None


def test_honeypot_is_answered_as_success_and_kept_nowhere():
    result = check(
        {"naam": "Bot", "email": "bot@example.nl", "toestemming": "ja", "website": "http://spam"}, min_seconds=3
    )
    assert result.bot and result.signature is None


text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@settings(max_examples=400, deadline=None)
@given(st.fixed_dictionaries({}, optional={name: text for name in FIELDS}))
def test_any_form_gives_a_signature_or_dutch_errors(form):
    result = check(form, min_seconds=3)
    if result.signature is None and not result.bot:
        assert result.errors
        for field, message in result.errors.items():
            assert field in FIELDS and message.endswith(".") and "\n" not in message
    elif result.signature is not None:
        sig = result.signature
        assert "\n" not in sig.name and "\r" not in sig.name and "\n" not in sig.email
        assert sig.email.isascii() and sig.dedup_key.isascii()


def test_a_line_break_in_a_name_can_never_become_a_mail_header():
    import datetime as dt

    from petition.config import Config
    from petition.mail import compose

    links = {"bevestig": "http://x/bevestig/1/" + "a" * 40, "intrekken": "http://x/intrekken/1/" + "a" * 40}
    message = compose(Config(), "bevestig", "Anna <b>", "anna@example.nl", links, dt.datetime.now(dt.UTC), "a1")
    assert "Anna &lt;b&gt;" in message.get_body(("html",)).get_content()
    with pytest.raises(ValueError):
        compose(
            Config(), "bevestig", "Anna\r\nBcc: x@example.org", "anna@example.nl", links, dt.datetime.now(dt.UTC), "a1"
        )


@given(st.integers(0, 2**48 - 1), st.integers(0, 0xFFFF))
def test_a_link_reference_is_a_keyed_permutation(signature_id, day):
    from petition.crypto import Keys

    keys = Keys(b"s" * 32, bytes(32))
    path = keys.link("bevestig", signature_id, "hash", day)
    reference = path.split("/")[2]
    assert len(reference) == 16 and keys.reference(reference) == (signature_id, day)
    assert Keys(b"t" * 32, bytes(32)).reference(reference) != (signature_id, day), "another key reads another"
