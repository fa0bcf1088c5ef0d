"""The text decoders of `tui.encoding` against the standard library's own."""

from __future__ import annotations

import base64

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.encoding import decode_base64, decode_base64_text, utf8_text

raw_files = st.one_of(st.binary(max_size=40),
                      st.binary(max_size=40).map(lambda raw: b"\xef\xbb\xbf" + raw),
                      st.text(max_size=20).map(lambda text: ("\ufeff" + text).encode()))
"""Bytes as files hold them: arbitrary, after a byte-order mark, UTF-8 text with one."""


def _outcome(decode, raw: bytes):
    try:
        return "text", decode(raw)
    except UnicodeDecodeError as error:
        return "error", (error.start, error.end, error.reason)


@settings(max_examples=300, deadline=None)
@given(raw=raw_files, errors=st.sampled_from(["strict", "replace"]))
def test_utf8_text_reads_a_file_as_the_utf_8_sig_codec_does(raw: bytes, errors: str):
    assert _outcome(lambda r: utf8_text(r, errors), raw) == _outcome(
        lambda r: r.decode("utf-8-sig", errors), raw)


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=48), urlsafe=st.booleans(), spaced=st.booleans())
def test_base64_round_trips_with_spaces_missing_padding_and_either_alphabet(
        raw: bytes, urlsafe: bool, spaced: bool):
    encoded = (base64.urlsafe_b64encode(raw) if urlsafe else base64.b64encode(raw)).decode()
    text = encoded.rstrip("=")
    if spaced:
        text = " \n".join(text[i:i + 8] for i in range(0, len(text), 8))
    uses_urlsafe_only = urlsafe and any(c in encoded for c in "-_")
    if uses_urlsafe_only:
        assert decode_base64_text(text) is None or decode_base64(text) != raw
    assert decode_base64(text, urlsafe=True) == raw


def test_base64_that_is_not_base64_or_not_utf_8_is_none():
    assert decode_base64_text("not base64!") is None
    assert decode_base64_text(base64.b64encode(b"\xff\xfe").decode()) is None
    assert decode_base64_text(base64.b64encode("ok ✓".encode()).decode()) == "ok ✓"
