"""Which language a recipient reads: hers when the campaign has it, else the tenant's, else
whichever the campaign has — one rule for the preview and the send."""

from __future__ import annotations

from domain.marketing.campaign_queries import message_in
from domain.marketing.campaign_schemas import Content, Message

ZH = Message(subject="你好")
EN = Message(subject="Hello")


def test_her_language_then_the_tenants_then_any() -> None:
    both = Content(zh_cn=ZH, en=EN)
    assert message_in(both, "en", "zh-CN") == ("en", EN)
    assert message_in(both, None, "en") == ("en", EN)
    assert message_in(Content(zh_cn=ZH), "en", "en") == ("zh-CN", ZH)  # only Chinese written: Chinese
    assert message_in(Content(en=EN), "zh-CN", "zh-CN") == ("en", EN)
    assert message_in(Content(), "en") == ("en", Message())
