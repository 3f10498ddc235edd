"""Loading `contexts/<region>/*.yaml`: the region file merged under each agreement file,
validated by the model, every problem collected with its file and line before any is raised."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..base.errors import InputError
from ..base.findings import Finding
from ..base.model import valid_slug
from ..base.problems import CUSTOM, validation_problems
from ..base.yamlsource import Located, Path_, load_yaml, merge
from .agreement import Agreement

__all__ = [
    "CUSTOM_MESSAGES",
    "REGION_FILE",
    "LoadedAgreement",
    "agreement_files",
    "discover_regions",
    "load_agreement",
    "load_agreements",
    "load_region",
]

REGION_FILE = "region.yaml"


@dataclass(frozen=True)
class LoadedAgreement:
    """An agreement and where each of its fields was written (for error messages)."""

    agreement: Agreement
    source: Located
    path: Path
    region_path: Path

    def where(self, *path: str | int) -> str:
        return self.source.cite(path, self.path)

    @property
    def inputs(self) -> tuple[Path, Path]:
        return (self.region_path, self.path)


# The codes this module's validators raise, with the shared ones (`problems.CUSTOM`).
CUSTOM_MESSAGES: Mapping[str, str] = {
    **CUSTOM,
    "kind_needs_industry": "行业性合同须填写 industry（行业）",
    "kind_needs_zone": "区域性合同须填写 zone（区域，如 阳泉高新区）",
    "duplicate_level": "技能等级重复",
    "allowance_needs_base": "最低技能津贴形式须填写 base_wage（不含津贴的基本工资）",
    "bad_phone": "电话号码只能包含数字、空格和 + - ( )（如 0353-2021234），并写成带引号的文本",
    "filed_before_signing": "filing.filed_on（报送日期）不能早于 signing_date（签订日期）",
    "outcome_needs_record": "审查结果不写在 filing 中：请写在 procedure.review，"
    "并注明 on（日期）和 record（所依据的审查意见书、回执等记录）",
    "present_over_delegates": "出席人数（present）多于全体职工代表（职工）人数（delegates）",
    "favour_over_present": "同意人数（in_favour）多于出席人数（present）",
    "votes_over_present": "同意、反对、弃权人数（in_favour、against、abstained）之和多于出席人数",
    "staff_meeting_workers": "职工大会的全体职工人数（delegates）就是该企业的职工人数，"
    "workers 不同于 delegates",
    "enterprises_of_one": "enterprises（选出代表的企业数）只用于行业（区域）职工代表大会，"
    "记录某一企业的审议（enterprise）时不填",
    "low_above_median": "低位数（low）高于中位数（median）",
    "part_over_delegates": "其中技能人才（skilled）或女职工（women）的人数多于选出的代表人数（delegates）",
    "until_before_on": "截止日期（until）早于开始日期（on）",
    "resubmission_without_objection": "resubmission.objection 应为有异议的审查意见书（outcome: 有异议）："
    "重新报送只在审查部门提出异议之后",
    "number_as_text": "应写为数字（如 2.5），不要写成文本或带 %",
    "approval_unsourced": "“认可企业”（只由认可草案的企业审议）没有依据，也不能约束其他企业："
    "改为 职工代表大会（行业、区域职工代表大会审议），或者写 {route: 企业分别审议, threshold: 过半数}"
    "（通过审议的企业的职工合计须超过覆盖职工的半数）",
    "delegates_without_assembly": "workers_per_delegate（每多少名职工选举一名代表）只用于"
    "职工代表大会审议，企业分别审议时不填",
    "uncertified_months_retired": "uncertified_months 已取消：技能岗位上的职工自上岗之日起不得低于"
    "最低等级的标准；如约定入职标准，写 entry: {monthly: 高于当地最低工资的数额, months: 不超过6}",
}
# A missing `example` gets its own line: the generic "缺少必填字段" would not say what to write.
_MISSING: Mapping[Path_, str] = {
    ("example",): "须写明是否为示例：example: true（虚构的示例数据，各输出标注“示例（虚构数据）”）"
    "或 example: false（真实合同）",
}


_NOT_A_MAPPING = "文件内容应为键值映射"


def load_region(directory: Path) -> Located:
    region_file = directory / REGION_FILE
    if not region_file.is_file():
        raise InputError(Finding(file=directory, message=f"不是地区目录（缺少 {REGION_FILE}）"))
    return load_yaml(region_file)


def discover_regions(contexts: Path) -> dict[str, Path]:
    """Region code → folder, for every folder under `contexts/` holding a region file."""
    if not contexts.is_dir():
        raise InputError(Finding(file=contexts, message="找不到 contexts 目录"))
    found = {
        folder.name: folder
        for folder in sorted(contexts.iterdir())
        if (folder / REGION_FILE).is_file()
    }
    for name, folder in found.items():
        if not valid_slug(name):
            raise InputError(_folder_problem(folder))
    return found


def _folder_problem(folder: Path) -> Finding:
    """A region folder named in Chinese (contexts/杭州/): the name it should have — the code
    its region.yaml gives, when that is a valid one — so commands can name it."""
    code = None
    try:
        data = load_yaml(folder / REGION_FILE).data
        region = data.get("region") if isinstance(data, dict) else None
        code = region.get("code") if isinstance(region, dict) else None
    except InputError:
        pass
    if isinstance(code, str) and valid_slug(code):
        target = f"请把目录改名为 {folder.parent / code}（region.yaml 中的 code: {code}）"
    else:
        target = f"请把目录改名为小写拼音，如 {folder.parent / 'hangzhou'}，并在 region.yaml 中写同样的 code"
    return Finding(
        file=folder,
        message=f"地区目录名 {folder.name!r} 不是有效的地区代码（地区代码用作命令的参数和生成文件的"
        f"目录名，只能用小写英文字母、数字、- 和 _）：{target}",
    )


def agreement_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.name != REGION_FILE)


def load_agreements(
    contexts: Path, region: str, only: Iterable[str] | None = None
) -> list[LoadedAgreement]:
    """Load every agreement of a region (or those named), collecting all problems first."""
    if not valid_slug(region):
        if (contexts / region / REGION_FILE).is_file():
            raise InputError(_folder_problem(contexts / region))
        raise InputError(
            f"地区代码 {region!r} 无效：只能用小写英文字母、数字、- 和 _，且不能是 Windows 保留名"
        )
    regions = discover_regions(contexts)
    if region not in regions:
        known = "、".join(regions) or "（无）"
        raise InputError(f"找不到地区 {region!r}（已有：{known}）")
    directory = regions[region]
    region_source = load_region(directory)
    files = agreement_files(directory)
    wanted = list(only) if only else None
    loaded: list[LoadedAgreement] = []
    problems: list[Finding] = []
    for path in files:
        try:
            item = load_agreement(path, region_source, directory / REGION_FILE)
        except InputError as err:
            problems.extend(err.findings)
            continue
        if wanted is None or item.agreement.slug in wanted or item.agreement.subject in wanted:
            loaded.append(item)
    if problems:
        raise InputError(f"{len(problems)} 处输入错误，未生成任何文件", details=problems)
    if wanted is not None:
        found = {x.agreement.slug for x in loaded} | {x.agreement.subject for x in loaded}
        missing = [name for name in wanted if name not in found]
        if missing:
            raise InputError(f"地区 {region} 中找不到合同：{'、'.join(missing)}")
    if not loaded:
        raise InputError(f"地区 {region} 下没有合同文件（{directory}/*.yaml）")
    return loaded


def load_agreement(path: Path, region_source: Located, region_path: Path) -> LoadedAgreement:
    own = load_yaml(path)
    if not isinstance(own.data, dict):
        raise InputError(Finding(file=own.where((), path)[0], line=1, message=_NOT_A_MAPPING))
    if not isinstance(region_source.data, dict):
        raise InputError(Finding(file=region_path, line=1, message=_NOT_A_MAPPING))
    if "slug" in own.data:
        file, line = own.where(("slug",), path)
        raise InputError(
            Finding(file=file, line=line, field="slug", message="由文件名决定，不能在文件中填写")
        )
    if not valid_slug(path.stem):
        raise InputError(
            Finding(
                file=path, message="文件名只能用小写英文字母、数字、- 和 _（如 manufacturing.yaml）"
            )
        )
    merged = merge(region_source, own)
    data = {**merged.data, "slug": path.stem}
    try:
        agreement = Agreement.model_validate(data)
    except ValidationError as err:
        problems = validation_problems(err, merged, path, custom=CUSTOM_MESSAGES, missing=_MISSING)
        summary = Finding(file=path, message=f"{len(problems)} 处错误")
        raise InputError(summary, details=problems) from err
    return LoadedAgreement(agreement, merged, path, region_path)
