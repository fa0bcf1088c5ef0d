"""The redactor masks secrets in every form they may take; Secret never prints itself."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model import Secret
from tui.redact import Redactor, scrub_tokens, visible_whitespace, whitespace_outline

CANARY = "canary-Pw$!\"quote'd 7f3e"


@pytest.mark.parametrize(
    ("value", "kind"),
    [("ghp_" + "a1" * 18, "classic-pat"), ("github_pat_11AAB_" + "x" * 60, "fine-grained-pat"),
     ("ghs_" + "b" * 36, "github-token"), ("dckr_pat_" + "c" * 27, "docker-pat"),
     ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws-secret-key"),
     ("eyJwYXlsb2FkIjoiQUFBQSJ9", "ecr-token"), ('{"type": "service_account", "private_key"'
     ': "x"}', "gcr-json-key"), ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "jwt"),
     ("hunter2", "password"), ("  ", "empty")],
)
def test_a_secret_says_only_what_it_looks_like(value: str, kind: str) -> None:
    secret = Secret(value)
    assert secret.kind == kind
    assert value.strip()[:6] not in str(secret) or not value.strip()


def test_secret_prints_only_its_mask():
    secret = Secret(CANARY)
    for shown in (str(secret), repr(secret), f"{secret}", f"{secret!r}", "{}".format(secret)):  # noqa: UP032
        assert CANARY not in shown
        assert shown == f"•••• ({len(CANARY)} chars, password)"
    assert secret.reveal() == CANARY


def test_redactor_masks_raw_base64_url_and_json_forms():
    redact = Redactor([Secret(CANARY)])
    raw = CANARY.encode()
    text = " | ".join([
        CANARY, base64.b64encode(raw).decode(), quote(CANARY, safe=""), json.dumps(CANARY),
        base64.b64encode(b"user:" + raw).decode()[:4],  # short fragments stay
    ])
    out = redact(text)
    for form in (CANARY, base64.b64encode(raw).decode(), quote(CANARY, safe="")):
        assert form not in out
    assert json.dumps(CANARY)[1:-1] not in out
    assert "••••" in out


def test_redactor_ignores_values_too_short_to_search():
    redact = Redactor(["ab"])
    assert redact("about abba") == "about abba"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=4, max_size=60).filter(lambda s: len(s.strip()) >= 4), st.text(max_size=40))
def test_any_secret_is_masked_wherever_it_stands(value, noise):
    out = Redactor([value])(noise + value + noise)
    assert value not in out or value in Secret(value).masked()


def test_whitespace_markers_show_where_without_the_value():
    assert visible_whitespace("a b\t\r\n") == "a␠b⇥␍⏎"
    outline = whitespace_outline(" s3cr3t\n")
    assert outline == "␠••••⏎" and "s3cr3t" not in outline


def test_scrub_tokens_masks_bearer_and_basic_credentials():
    line = 'Authorization: Bearer eyJhbGciOiJFUzI1NiJ9.abc.def password=hunter2hunter2'
    out = scrub_tokens(line)
    assert "eyJhbGciOiJFUzI1NiJ9" not in out and "hunter2hunter2" not in out


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=8, max_size=40).filter(lambda value: value.strip() == value))
def test_every_encoded_form_of_any_secret_is_masked(value: str):
    raw = value.encode("utf-8", "surrogatepass")
    forms = [value, json.dumps(value)[1:-1], base64.b64encode(raw).decode(),
             base64.urlsafe_b64encode(raw).decode(), base64.b64encode(raw).decode().rstrip("=")]
    redact = Redactor([Secret(value)])
    for form in forms:
        assert form not in redact(f"before {form} after"), form
