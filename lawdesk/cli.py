"""The command line: ``python -m lawdesk [--db PATH] [command]``.

Commands: ``demo`` (fill an empty database with the demo data), ``stats`` (the figures of a
year or period, as a Chinese table or JSON), ``report`` (the annual report .docx/PDF),
``check`` (GB/T 9704 format check of a .docx), ``backup`` and ``restore``. With no command the
desktop window opens. Every error reaches the clerk as a Chinese message and a non-zero exit
code, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from lawdesk import APP_NAME, __version__, paths
from lawdesk.errors import LawdeskError

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

logger = logging.getLogger(__name__)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its messages in Chinese, exiting with code 2 on bad arguments."""

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        text = super().format_help().replace("usage:", "用法：", 1)
        return text.replace("positional arguments:", "参数：").replace("options:", "选项：")

    def error(self, message: str) -> None:  # type: ignore[override]
        message = (
            message.replace("the following arguments are required", "缺少参数")
            .replace("unrecognized arguments", "无法识别的参数")
            .replace("invalid choice", "无效的选项")
            .replace("invalid int value", "应为整数")
            .replace("expected one argument", "需要一个参数值")
            .replace("argument ", "参数 ")
            .replace("choose from", "可选")
        )
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"错误：{message}\n使用 -h 查看帮助。\n")


def _date(text: str) -> dt.date:
    from lawdesk.services.validation import FieldError, parse_date

    try:
        return parse_date(text)
    except FieldError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"年份应为四位数字，例如 2022（收到“{text}”）") from None
    if not 2000 <= year <= 2099:
        raise argparse.ArgumentTypeError("年份应在 2000 至 2099 之间")
    return year


def build_parser() -> argparse.ArgumentParser:
    p = ChineseArgumentParser(
        prog="lawdesk",
        description=f"{APP_NAME}：街道法治政府建设工作台账与年度报告。不带命令时打开程序窗口。",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("--version", action="version", version=f"lawdesk {__version__}", help="显示版本号")
    p.add_argument("--db", type=Path, help=f"数据库文件（默认：程序目录下的 lawdesk.db，或环境变量 {paths.DB_ENV}）")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)

    d = sub.add_parser("demo", help="向空数据库装入演示数据（2021—2023年）", add_help=False)
    d.add_argument("-h", "--help", action="help", help="显示帮助")

    s = sub.add_parser("stats", help="统计某一年度或期间的各项数据", add_help=False)
    s.add_argument("-h", "--help", action="help", help="显示帮助")
    _period_args(s)
    s.add_argument("--json", action="store_true", help="以 JSON 输出（比率为百分数，两位小数）")
    s.add_argument("--all", action="store_true", help="列出全部指标（默认只列报告中的主要指标）")

    r = sub.add_parser("report", help="生成年度法治政府建设工作情况报告（.docx）", add_help=False)
    r.add_argument("-h", "--help", action="help", help="显示帮助")
    _period_args(r)
    r.add_argument("--out", type=Path, required=True, help="输出文件，如 报告.docx")
    r.add_argument("--public", action="store_true", help="生成公开版（无版头、签发人，用于政府网站公开）")
    r.add_argument("--pdf", action="store_true", help="同时导出 PDF（需要 LibreOffice）")
    r.add_argument("--no-attachment", action="store_true", help="不附数据附件")
    r.add_argument("--date", type=_date, help="成文日期（默认：今天），格式 YYYY-MM-DD")
    r.add_argument("--number", type=int, help="文号中的序号（默认：单位设置中的下一个文号）")

    c = sub.add_parser("check", help="按 GB/T 9704-2012 检查一个 .docx 公文的格式", add_help=False)
    c.add_argument("-h", "--help", action="help", help="显示帮助")
    c.add_argument("file", type=Path, help="要检查的 .docx 文件")
    c.add_argument("--render", action="store_true",
                   help="再用 LibreOffice 排版，检查总页数（版记应在偶数页）和末页页码")  # fmt: skip

    b = sub.add_parser("backup", help="立即备份数据库", add_help=False)
    b.add_argument("-h", "--help", action="help", help="显示帮助")
    b.add_argument("--list", action="store_true", help="列出已有备份")

    rs = sub.add_parser("restore", help="从备份文件恢复数据库（会先备份当前数据）", add_help=False)
    rs.add_argument("-h", "--help", action="help", help="显示帮助")
    rs.add_argument("file", type=Path, help="备份文件（.db）")
    return p


def _period_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=_year, help="年度，如 2022（默认：上一年度）")
    p.add_argument("--start", type=_date, help="期间开始日期 YYYY-MM-DD（与 --end 一起使用）")
    p.add_argument("--end", type=_date, help="期间结束日期 YYYY-MM-DD")


def _period(args: argparse.Namespace):
    from lawdesk.services.period import Period

    if args.start or args.end:
        if not (args.start and args.end):
            raise LawdeskError("--start 和 --end 需要同时给出。")
        if args.year:
            raise LawdeskError("--year 不能与 --start/--end 同时使用。")
        if args.end < args.start:
            raise LawdeskError("结束日期不能早于开始日期。")
        return Period(args.start, args.end)
    return Period.year(args.year or dt.date.today().year - 1)


def _open(args: argparse.Namespace):
    from lawdesk.db import open_database
    from lawdesk.services import settings

    path = args.db or paths.default_db_path()
    database = open_database(path)
    settings.apply_operator()
    return path, database


# --------------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from lawdesk.demo import load_demo

    path, _ = _open(args)
    counts = load_demo()
    from lawdesk.schema import spec_for

    print(f"已向 {path} 装入演示数据（金兰山街道，2021—2023年），共 {sum(counts.values())} 条：")
    for kind, n in counts.items():
        print(f"  {spec_for(kind).label}：{n} 条")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from lawdesk.services import stats

    _open(args)
    figures = stats.compute(_period(args))
    if args.json:
        print(json.dumps(figures.as_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(format_stats_table(figures, show_all=args.all))
    return EXIT_OK


def format_stats_table(figures, show_all: bool = False) -> str:
    """The figures as a readable Chinese table (CJK characters count as two columns)."""
    from lawdesk.services import stats

    keys = [f.key for f in stats.FIGURES] if show_all else list(stats.REFERENCE_KEYS)
    rows = [(stats.FIGURES_BY_KEY[k].label, stats.format_value(stats.FIGURES_BY_KEY[k], figures[k])) for k in keys]
    width = max(_display_width(label) for label, _ in rows) + 2
    lines = [f"{figures.period.label}法治政府建设主要数据（{figures.period.start} 至 {figures.period.end}）"]
    lines.append("-" * (width + 14))
    for label, value in rows:
        padding = " " * (width - _display_width(label) + 12 - _display_width(value))
        lines.append(f"{label}{padding}{value}")
    lines.append("-" * (width + 14))
    if figures.lists.get("problem_fields"):
        lines.append(f"解决问题领域：{'、'.join(figures.lists['problem_fields'])}")
    if figures.lists.get("honor_titles"):
        lines.append(f"荣誉：{'、'.join(figures.lists['honor_titles'])}")
    if not show_all:
        lines.append("（加 --all 列出全部指标，加 --json 以 JSON 输出）")
    return "\n".join(lines)


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def cmd_report(args: argparse.Namespace) -> int:
    from lawdesk.services import reports

    _open(args)
    result = reports.export_report(
        _period(args),
        args.out,
        public=args.public,
        pdf=args.pdf,
        attachment=not args.no_attachment,
        doc_number=args.number,
        issue_date=args.date,
    )
    print(result.message)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from lawdesk.report.check import check_document, format_findings

    extra = []
    if args.render:
        from lawdesk.report.check.render import render_check

        extra.append(render_check(args.file))
    findings = check_document(args.file, extra=extra)
    print(format_findings(findings))
    return EXIT_ERROR if any(f.severity == "错误" for f in findings) else EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from lawdesk.services import backup

    path, database = _open(args)
    if args.list:
        items = backup.list_backups(path)
        if not items:
            print("还没有备份。")
        for b in items:
            print(f"{b.created:%Y-%m-%d %H:%M:%S}  {b.reason_label:<6}  {b.size / 1024:>8.0f} KB  {b.path}")
        return EXIT_OK
    target = backup.make_backup(database, path, backup.MANUAL)
    print(f"已备份到：{target}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from lawdesk.services import backup

    path, database = _open(args)
    safety = backup.restore_backup(database, path, args.file)
    print(f"已从 {args.file} 恢复数据库 {path}。")
    print(f"恢复前的数据已另存为：{safety}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from lawdesk.app import run_gui
    except ImportError as exc:
        logger.debug("GUI not available: %s", exc)
        print("程序窗口尚不可用：", exc, file=sys.stderr)
        return EXIT_ERROR
    import tkinter

    try:
        return run_gui(args.db or paths.default_db_path())
    except tkinter.TclError as exc:
        if "display" not in str(exc).lower():
            raise
        print(
            "无法打开程序窗口：这台电脑当前没有可用的图形界面。\n"
            "可以使用命令行功能，例如：python -m lawdesk stats --year 2022（输入 -h 查看全部命令）。",
            file=sys.stderr,
        )
        return EXIT_ERROR


COMMANDS = {
    "demo": cmd_demo,
    "stats": cmd_stats,
    "report": cmd_report,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command or "", cmd_gui)
    try:
        return handler(args)
    except LawdeskError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the clerk gets a message, the log gets the details
        from lawdesk import logs

        log_path = logs.setup_logging(args.db or paths.default_db_path())
        logger.exception("unexpected error in command %s", args.command)
        print(
            f"程序遇到意外错误：{exc}\n详细信息已记录在 {log_path}，如问题反复出现，请把这个文件发给技术支持人员。",
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        from lawdesk.db import close_database

        close_database()
