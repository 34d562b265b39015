"""A problem is one line for the editor, and one workflow command for GitHub, escaped as GitHub reads it."""

from __future__ import annotations

import pytest


@pytest.mark.fast
def test_an_annotation_escapes_what_github_would_read_as_its_own():
    from hooks.errors import Problem

    line = Problem("docs/a:b,c.md", 3, "veld:x,y", "100% fout\r\nop twee regels").annotation("error")
    assert line == "::error file=docs/a%3Ab%2Cc.md,line=3,title=veld%3Ax%2Cy::100%25 fout%0D%0Aop twee regels"
    assert Problem("x.md", 0, "", "zonder regel").annotation("warning") == "::warning file=x.md::zonder regel"
