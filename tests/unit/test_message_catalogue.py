"""Every message the server can put in a problem has its zh-CN translation, and the catalogue
renders templates, nested reasons and product words as a Chinese reader expects."""

from __future__ import annotations

import pytest

from tenants.messages import catalogue, negotiate, shape, source_shapes, translate
from tests.messages_support import messages


def test_every_message_in_the_source_has_a_zh_cn_translation() -> None:
    found = messages()
    translated = source_shapes("zh-CN")
    missing = {text: sorted(files) for text, files in found.items() if text not in translated}
    assert missing == {}
    # The walk does find what it is meant to find (a walk that finds nothing passes vacuously).
    assert "No such order." in found
    assert "Cannot {} {} {} that is {}: {}." in found  # the kernel's transition error, built with +
    assert "is too common; choose a less predictable password" in found  # a returned field message
    assert "part of the order has already shipped" in found  # a lifecycle guard's reason
    assert "Not found" in found  # a problem title
    assert "Another product already has this SKU." in found  # a unique-constraint conflict text
    assert len(found) > 150


def test_every_translation_keeps_the_placeholders_of_its_template() -> None:
    book = catalogue("zh-CN")
    for template in book.templates:
        # Chinese has no article, and a request path adds nothing to a field message.
        names = set(template.pattern.groupindex) - {"article", "path"}
        used = {name for name in names if "{" + name + "}" in template.target}
        assert used == names, template.pattern.pattern
    assert all("{" not in text for text in book.exact.values())


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("No such order.", "订单不存在。"),
        ("must be at least 10 characters", "至少需要 10 个字符"),
        ("The order was changed by someone else; reload and try again.", "该订单已被他人修改，请刷新后重试。"),
        ("Cannot approve an order that is draft.", "订单为“草稿”状态时不能审批通过。"),
        (
            "Cannot cancel an order that is processing: part of the order has already shipped.",
            "订单为“处理中”状态时不能取消：订单的一部分已经发货。",
        ),
        ("Cannot comment on a ticket that is closed.", "工单为“已关闭”状态时不能评论。"),
        (
            "An invoice is issued once the order is approved; this one is pending_approval.",
            "订单审批通过后才能开具发票；此订单当前为“待审批”。",
        ),
        ("You need the permission 'orders:approve'.", "您需要“orders:approve”权限。"),
        ("exceeds the balance due of 103.95", "超过了待付余额 103.95"),
        ("Expected `int`, got `str`", "应为 `int`，实际为 `str`"),
    ],
)
def test_messages_render_in_chinese(english: str, chinese: str) -> None:
    assert translate(english, "zh-CN") == chinese
    assert translate(english, "en") == english


def test_a_message_the_catalogue_lacks_stays_english() -> None:
    assert translate("Something nobody wrote down.", "zh-CN") == "Something nobody wrote down."


def test_shape_blanks_named_placeholders_only() -> None:
    assert shape("Cannot {action} {article} {entity} that is {status}.") == "Cannot {} {} {} that is {}."
    assert shape('must be the ETag of the resource, e.g. "3"') == 'must be the ETag of the resource, e.g. "3"'


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("zh-CN", "zh-CN"),
        ("zh", "zh-CN"),
        ("zh-Hans-CN", "zh-CN"),
        ("ZH-cn,zh;q=0.9", "zh-CN"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR, en;q=0.5, zh;q=0.8", "zh-CN"),
        ("zh;q=0, en", "en"),
        ("zh;q=0.2, en;q=0.7", "en"),
        ("de, fr", "en"),
        ("*", "en"),
        ("", "en"),
        (None, "en"),
        ("zh;q=abc, en;q=0.1", "en"),
    ],
)
def test_accept_language_chooses_the_language(header: str | None, lang: str) -> None:
    assert negotiate(header) == lang
