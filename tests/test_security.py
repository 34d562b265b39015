"""The page policy allows only our templates' inline scripts, and every origin is parsed and rebuilt."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from hooks import security
from petition import addresses
from tests.helpers import ROOT

pytestmark = pytest.mark.fast
TEMPLATES = [ROOT / "overrides", Path(material.__file__).parent / "templates", ROOT / "hooks" / "templates"]
SCOPE = (
    '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,'
    'a=__md_scope)=>{{try{{t.setItem(a.pathname+"."+e,JSON.stringify(_))}}catch(e){{}}}}'
)


def test_only_scripts_that_a_template_writes_get_a_hash():
    allowed = security.template_scripts(TEMPLATES)
    page = "".join(f"<script>{SCOPE.format(base=b)}</script>" for b in ("..", "../..", "/"))
    page += "<script>alert('editor')</script><script>" + SCOPE.format(base='..").x;alert(1);("') + "</script>"
    hashes, strangers = security.script_hashes(page, allowed)
    assert len(hashes) == 3, "the theme's scope script, for any relative base URL"
    assert strangers[0] == "alert('editor')"
    assert len(strangers) == 2, "a template's script with code in its variable part is a stranger too"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://cdn.example.org/a/b.mp3?x=1", "https://cdn.example.org"),
        ("https://CDN.Example.org:8443/x", "https://cdn.example.org:8443"),
        ("http://localhost:@other.host/", None),
        ("https://user:pw@host.example/", None),
        ('https://a.example/"><script>', "https://a.example"),
        ('https://a"b.example/', None),
        ("javascript:alert(1)", None),
        ("https://host.example:99999/", None),
        ("//host.example/x", None),
    ],
)
def test_origins_are_rebuilt_from_scheme_host_and_port(url, origin):
    assert addresses.origin(url) == origin


@pytest.mark.parametrize(
    ("url", "public"),
    [
        ("https://petitie.hetvergetenkind.nl", True),
        ("http://petitie.hetvergetenkind.nl", False),
        ("https://localhost:8001", False),
        ("https://petitie.localhost", False),
        ("https://127.0.0.2", False),
        ("https://[::1]:8001", False),
        ("https://[::ffff:10.0.0.1]", False),
        ("https://192.168.1.20", False),
        ("https://169.254.169.254", False),
        ("https://petitie.test", False),
        ("https://0.0.0.0", False),
        ("https://host.example:99999", False),
    ],
)
def test_one_rule_for_a_public_address_in_the_build_and_the_service(url, public):
    """`make publiceer` and the production service ask the same function (petition/addresses.py)."""
    assert addresses.is_public_https(url) is public


def test_the_policy_is_escaped_in_its_attribute():
    tag = security.inject('<meta charset="utf-8">', "default-src 'self'\"><script>")
    assert '"><script>' not in tag and "&#34;&gt;&lt;script&gt;" in tag
