"""The `example` flag and the optional `procedure:` block: the model, the stage it derives, and
the 示例（虚构数据） mark on what is built from an example (issue 12 points 1 and 11)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from skillwage_docs.base.errors import InputError
from skillwage_docs.inputs.agreement import Agreement
from skillwage_docs.inputs.bargaining import Procedure, Review
from skillwage_docs.inputs.loader import load_agreements
from skillwage_docs.inputs.procedure import Stage, State, timeline

from .conftest import CONTEXTS, compose_for


def _zone() -> Agreement:
    loaded = load_agreements(CONTEXTS, "yangquan", ["high-tech-zone"])
    return loaded[0].agreement


def _errors(contexts: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_agreements(contexts, "yangquan")
    return caught.value.details


# --- example ---------------------------------------------------------------------------------


def test_every_context_now_in_contexts_is_an_example(yangquan: list) -> None:  # type: ignore[type-arg]
    assert yangquan and all(item.agreement.example for item in yangquan)
    assert all(
        item.where("example").startswith("contexts/yangquan/region.yaml:") for item in yangquan
    )


def test_example_must_be_stated(contexts: Path) -> None:
    region = contexts / "yangquan" / "region.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("example: true\n", ""), "utf-8")
    lines = _errors(contexts)
    assert any(
        line.endswith("example: 须写明是否为示例：example: true（虚构的示例数据，各输出标注“示例（虚构数据）”）"
                      "或 example: false（真实合同）")
        for line in lines
    ), lines  # fmt: skip


@pytest.mark.parametrize("value", ["1", '"true"', "是"])
def test_example_is_true_or_false(contexts: Path, value: str) -> None:
    region = contexts / "yangquan" / "region.yaml"
    region.write_text(
        region.read_text(encoding="utf-8").replace("example: true", f"example: {value}"), "utf-8"
    )
    assert any("example: 应为 true 或 false" in line for line in _errors(contexts))


def test_compose_marks_an_example_but_not_its_blank_text(manufacturing: Agreement) -> None:
    assert compose_for(manufacturing).meta["example"] == "true"
    assert "example" not in compose_for(manufacturing, blank=True).meta
    real = manufacturing.model_copy(update={"example": False})
    assert "example" not in compose_for(real).meta


# --- procedure -------------------------------------------------------------------------------


def test_an_absent_procedure_is_unknown_not_an_error(manufacturing: Agreement) -> None:
    assert manufacturing.procedure == Procedure()
    t = timeline(manufacturing)
    assert (t.offer, t.reply, t.meetings, t.assemblies) == (None, None, (), ())
    assert t.review is None and t.effective is None and t.published is None
    assert t.stage(date(2025, 6, 1)) is None  # nothing on record before signing
    assert t.stage(date(2025, 6, 20)) is Stage.签订
    assert t.stage(date(2025, 6, 27)) is Stage.审查  # filing.filed_on


def test_shorthand_dates_and_full_steps() -> None:
    procedure = Procedure.model_validate(
        {
            "offer": {"on": "2025-04-10", "by": "职工方", "received_on": "2025-04-11"},
            "reply": "2025-04-25",
            "meetings": ["2025-05-13", {"on": "2025-05-27", "note": "第二次协商会议"}],
            "assemblies": [{"on": "2025-06-12", "delegates": 120, "present": 106, "in_favour": 98}],
            "effective": "2025-07-12",
        }
    )
    assert procedure.reply is not None and procedure.reply.on == date(2025, 4, 25)
    assert [m.on for m in procedure.meetings] == [date(2025, 5, 13), date(2025, 5, 27)]
    assert procedure.assemblies[0].in_favour == 98


def test_the_stage_follows_the_record() -> None:
    t = timeline(_zone())  # 要约 04-10, 应约 04-25, meetings 05-13/05-27, 审议 06-12,
    # signed 06-19, filed 06-27
    assert t.stage(date(2025, 4, 9)) is None
    assert t.stage(date(2025, 4, 10)) is Stage.要约
    assert t.stage(date(2025, 4, 25)) is Stage.协商
    assert t.stage(date(2025, 6, 19)) is Stage.签订
    assert t.stage(date(2025, 6, 27)) is Stage.审查
    assert t.stage(date(2030, 1, 1)) is Stage.审查  # nothing more recorded
    assert t.state(date(2030, 1, 1)) is State.审查中
    assert t.offer_received == date(2025, 4, 11)


def test_only_a_recorded_review_or_effect_reaches_in_force() -> None:
    zone = _zone()
    review = Review(outcome="无异议", on=date(2025, 7, 10), record="审查意见书（示例）")
    with_review = zone.model_copy(
        update={"procedure": zone.procedure.model_copy(update={"review": review})}
    )
    t = timeline(with_review)
    assert t.effective == date(2025, 7, 12)  # filed 06-27 + 15 days (劳动合同法第五十四条)
    assert t.stage(date(2025, 7, 12)) is Stage.生效 and t.state(date(2027, 7, 1)) is State.已到期
    objection = review.model_copy(update={"outcome": "有异议"})
    objected = zone.model_copy(
        update={"procedure": zone.procedure.model_copy(update={"review": objection})}
    )
    assert timeline(objected).effective is None
    assert timeline(objected).state(date(2025, 8, 1)) is State.有异议


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("  review: {outcome: 无异议, on: 2025-07-10}\n", "procedure.review.record: 缺少必填字段"),
        ("  review: {outcome: 已生效, on: 2025-07-10, record: x}\n", "procedure.review.outcome: 取值无效"),
        ("  assemblies: [{on: 2025-06-12, delegates: 100, present: 120}]\n",
         "出席人数（present）多于全体职工代表（职工）人数（delegates）"),
        ("  assemblies: [{on: 2025-06-12, present: 80, in_favour: 90}]\n",
         "同意人数（in_favour）多于出席人数（present）"),
        ("  meetings: [五月十三日]\n", "procedure.meetings[0].on: 应为日期"),
        ("  offer: {on: 2025-04-10, by: 工会}\n", "procedure.offer.by: 取值无效"),
    ],
)  # fmt: skip
def test_bad_procedure_input_is_located(contexts: Path, block: str, expected: str) -> None:
    path = contexts / "yangquan" / "manufacturing.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "procedure:\n" + block, "utf-8")
    lines = _errors(contexts)
    assert any("manufacturing.yaml:" in line and expected in line for line in lines), lines


def test_filing_outcome_without_a_record_is_refused(contexts: Path) -> None:
    path = contexts / "yangquan" / "manufacturing.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "filing: {filed_on: 2025-06-27}", "filing: {filed_on: 2025-06-27, outcome: 无异议}"
        ),
        "utf-8",
    )
    lines = _errors(contexts)
    assert any(
        "manufacturing.yaml:" in line
        and "filing: 审查结果不写在 filing 中：请写在 procedure.review" in line
        for line in lines
    ), lines
    with pytest.raises(ValidationError):
        Review.model_validate({"outcome": "无异议", "on": "2025-07-10"})
