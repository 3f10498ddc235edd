"""Command line: parses options, makes one library call, turns exceptions into exit codes.

The one click group `cli` and the entry point `main`; the commands live by subject in
`cli_contracts` (list, validate, render, build, what-if, minimum-wage, doctor), `cli_papers`
(site, serve, liaison-table, compliance-form, compliance, calendar) and `cli_authoring` (new,
import, schema, watch), and are registered here, so importing this module gives the whole CLI."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..base.errors import SkillwageError
from ..base.findings import Finding
from . import cli_authoring, cli_contracts, cli_papers, click_zh
from .cli_options import json_requested, reset_json_request

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
click_zh.install()  # click's own messages ("Usage:", "Missing argument") in Chinese


def _fail(lines: list[str], code: int, record: dict[str, Any] | None = None) -> None:
    """The lines on stderr; with `--format json`, the failure as JSON on stdout too."""
    if json_requested():
        if record is None:
            record = {"ok": False, "exit_code": code, "summary": lines[-1] if lines else ""}
            record |= {"error_count": 1, "warning_count": 0, "findings": []}
            record["findings"] = [Finding(message=line).to_json() for line in lines]
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    for line in lines:
        click.secho(line, fg="red", err=True)
    sys.exit(code)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="skillwage-docs")
@click.option(
    "--contexts",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("contexts"),
    show_default=True,
    help="合同数据目录（contexts/<地区>/*.yaml）。",
)
@click.pass_context
def cli(ctx: click.Context, contexts: Path) -> None:
    """技能人才最低工资集体合同示范文本：校验并生成 DOCX、PDF、HTML。"""
    ctx.obj = {"contexts": contexts}


for _command in (
    cli_contracts.list_command,
    cli_contracts.validate_command,
    cli_contracts.render_command,
    cli_contracts.build_command,
    cli_contracts.what_if_command,
    cli_contracts.minimum_wage_command,
    cli_contracts.doctor_command,
    cli_papers.site_command,
    cli_papers.serve_command,
    cli_papers.liaison_table_command,
    cli_papers.compliance_form_command,
    cli_papers.compliance_command,
    cli_papers.calendar_command,
    cli_papers.word_blank_command,
    cli_authoring.import_command,
    cli_authoring.schema_command,
    cli_authoring.new_group,
    cli_authoring.watch_command,
):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: the one place errors become messages and exit codes."""
    reset_json_request()
    try:
        cli.main(args=argv, prog_name="skillwage-docs", standalone_mode=False)
    except SkillwageError as err:
        # Findings are data: files inside the working directory are named relative to it.
        root = Path.cwd()
        _fail(err.lines(root), err.exit_code, err.to_json(root))
    except OSError as err:  # an unwritable --out, a full disk: the user's to fix, not a traceback
        problem = Finding(file=Path(err.filename) if err.filename else None)
        _fail([replace(problem, message=err.strerror or str(err)).render()], 2)
    except click.exceptions.Exit as err:
        sys.exit(err.exit_code)
    except click.ClickException as err:
        if json_requested():
            _fail([err.format_message()], err.exit_code)
        err.show()
        sys.exit(err.exit_code)  # click's own: 2 for usage errors, as documented
    except click.Abort:
        _fail(["已中止"], 130)
    except KeyboardInterrupt:
        _fail(["已中断；已生成的文件保持不变"], 130)


if __name__ == "__main__":  # python -m skillwage_docs.app.cli
    main()
