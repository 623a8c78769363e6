"""The command line: ``python -m lawdesk [--db PATH|URL] [command]``.

``--db`` (and ``LAWDESK_DB``) take a database file or a server URL (``postgresql://…``, see
``lawdesk.db``); a URL's password is never printed. ``backup`` and ``restore`` refuse a server
database in Chinese: its administrator backs it up.

Commands: ``init`` (a new, empty database), ``demo`` (fill an empty database with the demo
data, creating it if needed), ``stats`` (the figures of a
year or period, as a Chinese table or JSON), ``report`` (the annual report .docx/PDF),
``check`` (GB/T 9704 format check of a .docx), ``backup`` and ``restore``, ``export`` /
``template`` / ``import`` (Excel 台账), ``binder`` (the inspection binder, 迎检台账), ``package``
(an offline package for the county, ``lawdesk.services.packages``) and the ``county`` group
(``county init --name 新县``: a county from nothing, see ``lawdesk.services.county_setup``;
``county import FILE...``: a refused package exits with code 2, the others are still
imported; ``county report`` / ``office-reports``; ``county add-office`` / ``add-county-user``:
units and login roles of a shared server database, see ``lawdesk.server``, refused on a
database file), ``mark-reported`` (an office on a shared server marks a year 已报送). Only
``init``, ``county init`` and ``demo`` create a database: the others refuse a missing or empty file (non-zero exit, Chinese
message naming the newest good backup) instead of inventing an empty one. With no command the
desktop window opens. Every error reaches the clerk as a Chinese message and a non-zero exit
code, never as a traceback.

(Longer than most modules: the parser and one thin function per command, each calling a
service, so that the commands, their Chinese help and their exit codes read as one list.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
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


MAX_DOC_NUMBER = 9999


def _doc_number(text: str) -> int:
    try:
        number = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"文号序号应为正整数（收到“{text}”）") from None
    if not 1 <= number <= MAX_DOC_NUMBER:
        raise argparse.ArgumentTypeError(f"文号序号应在 1 至 {MAX_DOC_NUMBER} 之间（收到“{text}”）")
    return number


def _office_count(text: str) -> int:
    from lawdesk.demo import MAX_COUNTY_OFFICES

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"乡镇（街道）个数应为整数（收到“{text}”）") from None
    if not 2 <= n <= MAX_COUNTY_OFFICES:
        raise argparse.ArgumentTypeError(f"乡镇（街道）个数应在 2 至 {MAX_COUNTY_OFFICES} 之间")
    return n


def _db_target(text: str) -> Path | str:
    """``--db``: a file path, or a server URL kept as it is (``Path`` would fold its ``//``)."""
    from lawdesk.paths import as_target

    return as_target(text)


def _out_file(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("输出文件名不能为空，例如 --out 报告.docx")
    path = Path(text.strip())
    if _is_dir(path):
        raise argparse.ArgumentTypeError(f"“{text}”是一个文件夹，请给出文件名，例如 {path / '报告.docx'}")
    return path


def _is_dir(path: Path) -> bool:
    """``Path.is_dir`` that says no for a name too long or a folder out of reach (the output's
    own checks then say which)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def build_parser() -> argparse.ArgumentParser:
    p = ChineseArgumentParser(
        prog="lawdesk",
        description=f"{APP_NAME}：街道法治政府建设工作台账与年度报告。不带命令时打开程序窗口。",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("--version", action="version", version=f"lawdesk {__version__}", help="显示版本号")
    p.add_argument("--db", type=_db_target, metavar="DB",
                   help=f"数据库文件，或服务器数据库地址 postgresql://用户名@服务器:端口/数据库名"
                        f"（默认：程序目录下的 lawdesk.db，或环境变量 {paths.DB_ENV}）")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)

    i = sub.add_parser("init", help="新建一个空数据库（文件已存在时不做任何改动）", add_help=False)
    i.add_argument("-h", "--help", action="help", help="显示帮助")
    i.add_argument("--name", help="本单位的单位简称（如：石门街道），同在“单位设置”中第一次填写")
    i.add_argument("--kind", choices=("街道", "镇", "乡"), help="单位类别（不填时按名称判断）")
    i.add_argument("--party-organ", help="党（工）委全称，如 中共新县石门街道工作委员会（同“单位设置”，需与 --name 同用）")
    i.add_argument("--government-organ", help="办事处（人民政府）全称，如 新县石门街道办事处")
    i.add_argument("--issuer-mark", help="发文机关标志（默认：党（工）委全称加“文件”）")
    i.add_argument("--doc-prefix", help="发文字号代字，如 石文")
    i.add_argument("--addressee", help="主送机关，如 县委、县政府")
    i.add_argument("--signers", help="签发人（报送版的版头要标注），多人用顿号分隔，如 张三、李四")
    i.add_argument("--print-organ", help="版记中的印发机关（默认：党（工）委全称）")

    d = sub.add_parser("demo", help="在数据库旁的“演示数据.db”中装入演示数据（2021—2023年），不改动正式数据库",
                       add_help=False)
    d.add_argument("-h", "--help", action="help", help="显示帮助")
    d.add_argument("--open", action="store_true", help="装入后用程序窗口打开演示数据")
    d.add_argument("--county", action="store_true",
                   help="改为装入全县演示数据（新县及所属乡镇、街道），默认写入数据库旁的“演示数据-县.db”")
    d.add_argument("--offices", type=_office_count, default=None, metavar="N",
                   help="全县演示数据中的乡镇（街道）个数（2—8，默认 5）")
    d.add_argument("--out", type=_db_target, default=None, metavar="文件",
                   help="全县演示数据写入的数据库文件（须为新文件或空数据库）")

    s = sub.add_parser("stats", help="统计某一年度或期间的各项数据", add_help=False)
    s.add_argument("-h", "--help", action="help", help="显示帮助")
    _period_args(s)
    s.add_argument("--json", action="store_true", help="以 JSON 输出（比率为百分数，两位小数）")
    s.add_argument("--all", action="store_true", help="列出全部指标（默认只列报告中的主要指标）")

    r = sub.add_parser("report", help="生成年度报告、上半年工作总结或述法报告（.docx）", add_help=False)
    r.add_argument("-h", "--help", action="help", help="显示帮助")
    _report_args(r, "报告.docx", "生成公开版（无版头、签发人，用于政府网站公开）", "单位设置")
    r.add_argument("--kind", choices=REPORT_KINDS, default="annual",
                   help="annual：年度法治政府建设工作情况报告（默认）；half-year：上半年法治政府建设工作总结"
                        "（--year 给出年份时为该年1月1日至6月30日）；shufa：党政主要负责人述法报告（须给出 --person）")
    r.add_argument("--person", metavar="姓名", help="述法报告的报告人（单位设置中的党政主要负责人，或台账中的主持人、带队领导）")

    c = sub.add_parser("check", help="按 GB/T 9704-2012 检查一个 .docx 公文的格式", add_help=False)
    c.add_argument("-h", "--help", action="help", help="显示帮助")
    c.add_argument("file", type=Path, help="要检查的 .docx 文件")
    c.add_argument("--render", action="store_true",
                   help="用 LibreOffice 排版检查总页数（版记应在偶数页）和末页页码；不加时按版心网格估算页数")  # fmt: skip

    b = sub.add_parser("backup", help="立即备份数据库", add_help=False)
    b.add_argument("-h", "--help", action="help", help="显示帮助")
    b.add_argument("--list", action="store_true", help="列出已有备份")
    b.add_argument("--verify", action="store_true", help="逐一校验已有备份（SHA-256、完整性、数据表、版本），不做新备份")
    b.add_argument("--accept-drop", action="store_true",
                   help="确认记录确实是有意删减的：以前记录较多的备份此后照常轮换（不做新备份）")

    ml = sub.add_parser("move-local", help="把同步文件夹或网络盘上的数据库和材料文件复制到本机数据文件夹",
                        add_help=False)
    ml.add_argument("-h", "--help", action="help", help="显示帮助")

    rs = sub.add_parser("restore", help="从备份恢复数据库和材料文件（会先备份当前数据）", add_help=False)
    rs.add_argument("-h", "--help", action="help", help="显示帮助")
    rs.add_argument("file", type=Path, nargs="?", help="备份（备份文件夹、其中的 manifest.json，或旧版的 .db 文件）")
    rs.add_argument("--newest", action="store_true", help="从最新的完好备份恢复")

    e = sub.add_parser("export", help="导出某一年度或期间的 Excel 台账（.xlsx）", add_help=False)
    e.add_argument("-h", "--help", action="help", help="显示帮助")
    _period_args(e)
    e.add_argument("--out", type=Path, required=True, help="输出文件，如 台账.xlsx")
    e.add_argument("--mask", action="store_true", help="隐去个人信息（当事人、联系电话等）")

    t = sub.add_parser("template", help="生成空白 Excel 台账模板（带下拉选项和填写说明）", add_help=False)
    t.add_argument("-h", "--help", action="help", help="显示帮助")
    t.add_argument("--out", type=Path, required=True, help="输出文件，如 模板.xlsx")

    i = sub.add_parser("import", help="从 Excel 台账导入记录（先检查每一格，有问题则不导入）", add_help=False)
    i.add_argument("-h", "--help", action="help", help="显示帮助")
    i.add_argument("file", type=Path, help="要导入的台账（.xlsx、.xls、.et 或 .csv）")
    i.add_argument("--check", action="store_true", help="只检查并列出问题，不导入")
    i.add_argument("--mapping", type=Path, help="程序窗口中“保存对应关系”得到的 .json 文件：各列对应的字段、统一填写的值")

    bd = sub.add_parser("binder", help="生成迎检台账（按报告部分整理的 Excel 台账、佐证材料和目录）", add_help=False)
    bd.add_argument("-h", "--help", action="help", help="显示帮助")
    _period_args(bd)
    bd.add_argument("--out", type=Path, required=True, help="输出文件，如 迎检台账.zip")
    bd.add_argument("--public", action="store_true", help="公开版：隐去个人信息，不含可能载有个人信息的材料")

    _add_package(sub)
    _add_mark_reported(sub)
    _add_county(sub)
    return p


# --------------------------------------------------------------------------------------------
# Offline packages and the county (``lawdesk package``, ``lawdesk county <命令>``)
#
# ``county`` is a group: each of its commands is added by one small function registered in
# ``COUNTY_PARSERS`` (name → adds the parser) and handled by ``COUNTY_COMMANDS`` (name → handler).


def _add_package(sub) -> None:  # noqa: ANN001 - argparse's private subparsers action
    pk = sub.add_parser("package", help="导出某一年度或期间的数据包（.ldpkg），报送县里导入", add_help=False)
    pk.add_argument("-h", "--help", action="help", help="显示帮助")
    _period_args(pk)
    pk.add_argument("--unit", help="要导出的单位（名称、代码或标识；默认：本单位）")
    pk.add_argument("--out", type=_out_file, required=True, help="输出文件，如 石门街道-2024.ldpkg")
    pk.add_argument("--evidence", action="store_true", help="同时放入佐证材料文件（照片、签到表等）")
    pk.add_argument("--personal", action="store_true",
                    help="同时放入个人信息（当事人、身份证号、联系电话）；默认不放入，县里不需要")  # fmt: skip


def _add_mark_reported(sub) -> None:  # noqa: ANN001
    mr = sub.add_parser("mark-reported", help="标记某一年度或期间的数据已报送县里（各单位共用服务器数据库时用；离线的单位报送数据包即可）",
                        add_help=False)  # fmt: skip
    mr.add_argument("-h", "--help", action="help", help="显示帮助")
    _period_args(mr)
    mr.add_argument("--unit", help="报送的单位（名称、代码或标识；默认：本单位）")


def _add_county_init(csub) -> None:  # noqa: ANN001
    ci = csub.add_parser("init", help="新建县级数据库（县级单位及其单位设置）；服务器数据库同样适用", add_help=False)
    ci.add_argument("-h", "--help", action="help", help="显示帮助")
    ci.add_argument("--name", required=True, help="县（区）的名称，如 新县")
    ci.add_argument("--organ", help="发文机关全称，如 中共新县委员会全面依法治县委员会办公室")
    ci.add_argument("--addressee", help="全县报告的主送机关，如 中共新县委员会全面依法治县委员会")
    ci.add_argument("--doc-prefix", help="发文字号代字，如 新法治办")
    ci.add_argument("--signers", help="签发人（报送版的版头要标注），多人用顿号分隔")
    ci.add_argument("--role-prefix", help="服务器账号前缀（同一台服务器上有多个县时区分各县的账号），如 xian_；只能在新建时给出")


def _add_county(sub) -> None:  # noqa: ANN001
    co = sub.add_parser("county", help="县级数据库：导入各乡镇（街道）的数据包等", add_help=False)
    co.add_argument("-h", "--help", action="help", help="显示帮助")
    csub = co.add_subparsers(dest="county_command", metavar="县级命令", parser_class=ChineseArgumentParser)
    csub.required = True
    for add in COUNTY_PARSERS.values():
        add(csub)


def _add_county_import(csub) -> None:  # noqa: ANN001
    ci = csub.add_parser("import", help="导入数据包（.ldpkg，可一次给出多个）", add_help=False)
    ci.add_argument("-h", "--help", action="help", help="显示帮助")
    ci.add_argument("files", type=Path, nargs="+", metavar="FILE", help="数据包文件，如 石门街道-2024.ldpkg")


def _add_county_report(county_sub) -> None:  # noqa: ANN001 - argparse's subparsers action
    """``county report``: the county's own report."""
    cr = county_sub.add_parser("report", help="生成全县乡镇（街道）法治政府建设工作情况报告（.docx）", add_help=False)
    cr.add_argument("-h", "--help", action="help", help="显示帮助")
    _report_args(cr, "新县-2024.docx", "生成公开版（无版头、签发人）", "县级单位设置")


def _add_county_office_reports(county_sub) -> None:  # noqa: ANN001
    """``county office-reports``: every office's report regenerated at the county."""
    co = county_sub.add_parser("office-reports", help="按各乡镇（街道）自己的数据和设置，生成各单位的年度报告",
                               add_help=False)  # fmt: skip
    co.add_argument("-h", "--help", action="help", help="显示帮助")
    _period_args(co)
    co.add_argument("--out-dir", type=Path, required=True, help="输出文件夹，如 报告/（每个单位一个文件）")
    co.add_argument("--pdf", action="store_true", help="同时导出 PDF（需要 LibreOffice）")
    co.add_argument("--date", type=_date, help="成文日期（默认：今天），格式 YYYY-MM-DD")
    co.add_argument("--draft", action="store_true",
                    help="生成征求意见稿：单位尚未填写的内容以黄色标出，不因此不生成")


def _password_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password", help="新账号的密码（至少8个字符；不给出时提示输入，直接回车则自动生成）")
    p.add_argument("--keep-password", action="store_true", help="账号已在服务器上时沿用它原来的密码")
    p.add_argument("--host", help="各单位连接服务器用的地址，如 192.168.1.10:5432（默认：与当前连接相同）")


def _county_add_office_parser(county) -> None:  # type: ignore[no-untyped-def]
    a = county.add_parser("add-office", help="在服务器数据库中添加一个单位及其登录账号（只能看到本单位的数据）",
                          add_help=False)
    a.add_argument("-h", "--help", action="help", help="显示帮助")
    a.add_argument("--name", required=True, help="单位名称，如 石门街道")
    a.add_argument("--code", required=True, help="单位代码（小写英文字母、数字、下划线），如 shimen；账号名为 lawdesk_代码")
    a.add_argument("--kind", default="街道", choices=("街道", "乡镇"), help="单位类型（默认：街道）")
    a.add_argument("--role", help="账号名（默认：lawdesk_单位代码）")
    _password_args(a)
    a.set_defaults(county_handler=cmd_county_add_office)


def _county_add_county_user_parser(county) -> None:  # type: ignore[no-untyped-def]
    a = county.add_parser("add-county-user", help="在服务器数据库中添加一个县级登录账号（能查看全县数据）",
                          add_help=False)
    a.add_argument("-h", "--help", action="help", help="显示帮助")
    a.add_argument("--name", required=True, help="账号名（小写英文字母、数字、下划线），如 xian_sfj")
    _password_args(a)
    a.set_defaults(county_handler=cmd_county_add_county_user)


COUNTY_PARSERS = {
    "init": _add_county_init,
    "import": _add_county_import,
    "report": _add_county_report,
    "office-reports": _add_county_office_reports,
    "add-office": _county_add_office_parser,
    "add-county-user": _county_add_county_user_parser,
}


def _report_args(p: argparse.ArgumentParser, example: str, public_help: str, numbers_from: str) -> None:
    """The options of ``report`` and ``county report`` (read back by ``_report_options``)."""
    _period_args(p)
    p.add_argument("--out", type=_out_file, required=True, help=f"输出文件，如 {example}")
    p.add_argument("--public", action="store_true", help=public_help)
    p.add_argument("--draft", action="store_true",
                   help="生成征求意见稿：尚待填写的内容以黄色标出（报送版、公开版须先填写完整）")
    p.add_argument("--pdf", action="store_true", help="同时导出 PDF（需要 LibreOffice）")
    p.add_argument("--no-attachment", action="store_true", help="不附数据附件")
    p.add_argument("--date", type=_date, help="成文日期（默认：今天），格式 YYYY-MM-DD")
    p.add_argument("--number", type=_doc_number,
                   help=f"文号中的序号，1 至 {MAX_DOC_NUMBER}（默认：{numbers_from}中的下一个文号）")


def _period_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=_year, help="年度，如 2022（默认：上一年度）")
    p.add_argument("--start", type=_date, help="期间开始日期 YYYY-MM-DD（与 --end 一起使用）")
    p.add_argument("--end", type=_date, help="期间结束日期 YYYY-MM-DD")


def _period(args: argparse.Namespace):
    from lawdesk.services.period import parse_period

    return parse_period(year=args.year, start=args.start, end=args.end, default_year=dt.date.today().year - 1,
                        names=("--year", "--start", "--end"))  # fmt: skip


def _db_path(args: argparse.Namespace) -> Path | str:
    return args.db or paths.default_db_path()


def _shown(target: Path | str) -> str:
    """The database as the clerk sees it named (a URL with its password masked)."""
    from lawdesk.paths import display_target

    return display_target(target)


def _open(args: argparse.Namespace, *, create: bool = False):
    from lawdesk.db import open_database
    from lawdesk.services import settings

    path = _db_path(args)
    database = open_database(path, create=create)
    _storage_notices(path)
    settings.apply_operator()
    return path, database


def _storage_notices(path: Path | str) -> None:
    """What the clerk must know about where the data is kept (a failed automatic backup),
    on stderr in Chinese: never a traceback (the log file keeps that)."""
    from lawdesk.db import auto_backup_notice
    from lawdesk.paths import is_server_url

    if is_server_url(path):
        return
    if notice := auto_backup_notice(Path(path)):
        print(f"注意：{notice}", file=sys.stderr)
    if risk := paths.sync_risk(path):
        print(f"{risk.warning()}（lawdesk move-local 可以把它复制到本机数据文件夹。）", file=sys.stderr)


# --------------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    """A new, empty database; with ``--name`` its office is named as a first 单位设置 names it.
    A lawdesk database already there is left as it is (exit 0, said so)."""
    from lawdesk import console
    from lawdesk.db import create_database
    from lawdesk.errors import DatabaseFileError

    path = _db_path(args)
    profile = _init_profile(args) if args.name else None
    if profile is None and any((args.kind, args.party_organ, args.government_organ, args.issuer_mark,
                                args.doc_prefix, args.addressee, args.signers, args.print_organ)):
        print("单位设置的各项（--kind、--party-organ、--signers 等）要与单位简称（--name）一起给出。", file=sys.stderr)
        return EXIT_USAGE
    if profile is not None:
        from lawdesk.schema import UNIT_PROFILE
        from lawdesk.services.validation import clean_record

        clean_record(UNIT_PROFILE, profile, partial=True)  # a bad value refused before any file is made
    try:
        create_database(path)
    except DatabaseFileError as exc:
        if "已存在" not in exc.message and "已有 lawdesk 数据库" not in exc.message:
            raise
        print(exc.message)
        return EXIT_OK
    print(f"已新建数据库：{_shown(path)}")
    if profile is not None:
        from lawdesk.services import settings

        settings.save_profile(profile)
        print(f"本单位以“{args.name}”登记和报送。")
        if not settings.profile_is_complete():
            print("下一步：在程序的“单位设置”中填写党（工）委全称、发文机关标志、发文字号代字、主送机关等，报告才能生成。")
        elif not profile.get("signers"):
            print("下一步：在程序的“单位设置”中填写签发人，报送版才能导出（报送版的版头要标注签发人）。")
    else:
        print("下一步：打开程序，在“单位设置”中填写单位简称（如：金兰山街道）等并保存，本单位就以这个名称登记和报送"
              f"（或 {console.command_name()} --db … init --name 单位简称）。")
    return EXIT_OK


def _init_profile(args: argparse.Namespace) -> dict[str, object]:
    """The first 单位设置 ``init --name …`` saves: the name, and whatever else the command gave."""
    values: dict[str, object] = {"unit_name": args.name}
    given = {"unit_kind": args.kind, "party_organ": args.party_organ, "government_organ": args.government_organ,
             "doc_prefix": args.doc_prefix, "addressee": args.addressee, "signers": args.signers,
             "issuer_mark": args.issuer_mark or (f"{args.party_organ.strip()}文件" if args.party_organ else None),
             "print_organ": args.print_organ or args.party_organ}
    values.update({k: v.strip() for k, v in given.items() if v and v.strip()})
    return values


def cmd_county_init(args: argparse.Namespace) -> int:
    from lawdesk.services import county_setup

    done = county_setup.init_county(_db_path(args), args.name, role_prefix=args.role_prefix, organ=args.organ,
                                    addressee=args.addressee, doc_prefix=args.doc_prefix,
                                    signers=args.signers)  # fmt: skip
    shown = _shown(_db_path(args))
    print(done.message(f'"{shown}"' if any(ch in shown for ch in " &?;|<>()*$") else shown))
    return EXIT_OK


def cmd_mark_reported(args: argparse.Namespace) -> int:
    from lawdesk.services import packages, submissions

    _open(args)
    unit = packages.find_unit(args.unit) if args.unit else None
    period = _period(args)
    done = submissions.mark_reported(period, unit=unit)
    from lawdesk.services import units

    who = (unit or units.current_unit()).name
    print(f"已标记{who}{period.label}已报送。" if done else f"{who}{period.label}已经报送过，没有改动。")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill 演示数据.db beside the clerk's database (never the clerk's database itself)."""
    from lawdesk.demo import open_demo_database
    from lawdesk.schema import spec_for

    if args.county:
        return _county_demo(args)
    if args.offices is not None or args.out is not None:
        print("--offices 和 --out 只用于全县演示数据，请同时加上 --county。", file=sys.stderr)
        return EXIT_USAGE
    path, counts = open_demo_database(args.db or paths.default_db_path())
    if counts:
        print(f"已在 {path} 装入演示数据（金兰山街道，2021—2023年），共 {sum(counts.values())} 条：")
        for kind, n in counts.items():
            print(f"  {spec_for(kind).label}：{n} 条")
    else:
        print(f"演示数据已在 {path} 中，未重复装入。")
    print("正式数据库没有改动。")
    if args.open:
        from lawdesk.db import close_database

        close_database()
        args.db = path
        return cmd_gui(args)
    return EXIT_OK


def _county_demo(args: argparse.Namespace) -> int:
    """``demo --county``: the county demo (新县 and its offices) in 演示数据-县.db or ``--out``."""
    from lawdesk import demo

    target = args.out or demo.county_demo_path_for(args.db or paths.default_db_path())
    offices = args.offices or demo.DEFAULT_COUNTY_OFFICES
    path, loaded = demo.open_county_demo_database(target, offices)
    if loaded:
        print(f"已在 {_shown(path)} 装入全县演示数据（{demo.COUNTY_NAME}，{len(loaded)} 个乡镇（街道），"
              f"2021—2023年），共 {sum(loaded.values())} 条：")
        for name, n in loaded.items():
            print(f"  {name}：{n} 条")
    else:
        print(f"{_shown(path)} 中已有数据，未重复装入。")
    if args.open:
        from lawdesk.db import close_database

        close_database()
        args.db = path
        return cmd_gui(args)
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


REPORT_KINDS = ("annual", "half-year", "shufa")


def cmd_report(args: argparse.Namespace) -> int:
    from lawdesk.services import annual_report, half_year, shufa

    if args.kind == "shufa" and not (args.person or "").strip():
        raise LawdeskError("述法报告须用 --person 给出报告人的姓名。")
    if args.person and args.kind != "shufa":
        raise LawdeskError("--person 只用于述法报告（--kind shufa）。")
    _check_out(args.out, args)
    _open(args)
    options = _report_options(args)
    if args.kind == "half-year":
        result = half_year.export_half_year(_half_year_period(args), args.out, **options)
    elif args.kind == "shufa":
        result = shufa.export_shufa(_period(args), args.person, args.out, **options)
    else:
        result = annual_report.export_report(_period(args), args.out, **options)
    print(result.message)
    return EXIT_OK


def _half_year_period(args: argparse.Namespace):
    """The half-year summary's period: --start/--end as given; --year: its 1 January – 30 June;
    neither: the latest first half that has ended."""
    from lawdesk.services.period import Period

    if args.start is not None or args.end is not None:
        return _period(args)
    today = dt.date.today()
    default = today.year if today > dt.date(today.year, 6, 30) else today.year - 1
    return Period.first_half(_period(args).end.year if args.year is not None else default)


def _report_options(args: argparse.Namespace) -> dict[str, object]:
    """The export options ``report`` and ``county report`` share."""
    return {"public": args.public, "pdf": args.pdf, "attachment": not args.no_attachment,
            "doc_number": args.number, "issue_date": args.date, "draft": args.draft}  # fmt: skip


def cmd_check(args: argparse.Namespace) -> int:
    from lawdesk.report.check import check_document, format_findings
    from lawdesk.report.check.render import estimate_check, render_check

    extra = [render_check(args.file) if args.render else estimate_check]
    findings = check_document(args.file, extra=extra)
    print(format_findings(findings))
    return EXIT_ERROR if any(f.severity == "错误" for f in findings) else EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from lawdesk.db import refuse_server_target
    from lawdesk.services import backup

    refuse_server_target(_db_path(args), "备份")
    if args.verify:
        return _verify_backups(_db_path(args))
    if args.accept_drop:
        backup.accept_drop(Path(_db_path(args)))
        print("已确认：记录确实减少了。以前记录较多的备份此后按保留规则照常轮换。")
        return EXIT_OK
    path, database = _open(args)
    if args.list:
        items = backup.list_backups(path)
        if not items:
            print("还没有备份。")
        for b in items:
            print(f"{b.created:%Y-%m-%d %H:%M:%S}  {b.reason_label:<6}  {b.size / 1024:>8.0f} KB  {b.path}")
        if notice := backup.drop_notice(path):
            print(f"注意：{notice}（命令行：lawdesk backup --accept-drop）")
        return EXIT_OK
    target = backup.make_backup(database, path, backup.MANUAL)
    print(f"已备份到：{target}")
    if problems := backup.backup_problems(target):
        print(f"注意：{problems}")
    return EXIT_OK


def _verify_backups(path: Path) -> int:
    """Check every backup of ``path`` (works even when the database itself is lost)."""
    from lawdesk.errors import DatabaseFileError
    from lawdesk.services import backup

    items = backup.list_backups(path)
    if not items:
        print("还没有备份。")
        return EXIT_OK
    bad = 0
    for b in items:
        try:
            backup.verify_backup(b.path)
            verdict = "完好"
        except (DatabaseFileError, OSError) as exc:
            bad += 1
            verdict = f"损坏：{getattr(exc, 'message', exc)}"
        print(f"{b.created:%Y-%m-%d %H:%M:%S}  {b.reason_label:<6}  {verdict}  {b.path.name}")
    print(f"共 {len(items)} 份备份，{len(items) - bad} 份完好，{bad} 份损坏。")
    return EXIT_ERROR if bad else EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from lawdesk import db as dbmod
    from lawdesk.services import backup

    path = _db_path(args)
    dbmod.refuse_server_target(path, "从备份恢复")
    if args.file is None:
        if not args.newest:
            raise LawdeskError("请给出要恢复的备份，或用 --newest 从最新的完好备份恢复。")
        newest = backup.newest_good_backup(path)
        if newest is None:
            raise LawdeskError(f"没有找到“{path.name}”的完好备份（备份文件夹：{paths.backups_dir(path)}）。")
        source = newest.path
    else:
        source = args.file
    try:
        _path, database = _open(args)
    except (dbmod.DatabaseMissingError, dbmod.DatabaseDamagedError):
        aside = backup.recover_to_path(path, source)
        _open(args)
        backup.record_recovery(source, aside)
        print(f"已从 {source} 恢复数据库 {path} 及其材料文件。")
        if aside is not None:
            print(f"原来损坏的文件已移到：{aside}")
        return EXIT_OK
    safety = backup.restore_backup(database, path, source)
    print(f"已从 {source} 恢复数据库 {path} 及其材料文件。")
    if safety is not None:
        print(f"恢复前的数据已另存为：{safety}")
    return EXIT_OK


def cmd_move_local(args: argparse.Namespace) -> int:
    """Copy the database out of OneDrive / WPS 云盘 / a network drive into the local data folder."""
    import os

    from lawdesk.db import refuse_server_target
    from lawdesk.services import relocate

    refuse_server_target(_db_path(args), "移动")
    path, _database = _open(args)
    target = relocate.move_to_local(Path(path))
    print(f"已把数据库和材料文件复制到本机：{target}\n原来的文件保留在 {path}，确认无误后可以自行删除。")
    if args.db or os.environ.get(paths.DB_ENV):
        print(f"以后请用 --db “{target}” 打开（或修改快捷方式、环境变量 {paths.DB_ENV}）。")
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
        from lawdesk import console

        print(
            "无法打开程序窗口：这台电脑当前没有可用的图形界面。\n"
            f"可以使用命令行功能，例如：{console.command_name()} stats --year 2022（输入 -h 查看全部命令）。",
            file=sys.stderr,
        )
        return EXIT_ERROR


def cmd_export(args: argparse.Namespace) -> int:
    from lawdesk.excel import export

    _check_out(args.out, args)
    _open(args)
    print(export.export_ledger(_period(args), args.out, mask=args.mask).message)
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from lawdesk.excel import export

    _check_out(args.out, args)
    path = export.export_template(args.out)
    print(f"已生成空白台账模板：{path}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from lawdesk.excel import importer, mappings, reader

    mapping = mappings.load_file(args.mapping) if args.mapping else None
    _open(args)
    plan = reader.read_workbook(args.file, mapping=mapping)
    for line in import_plan_lines(plan):
        print(line)
    if not plan.importable:
        print("没有可以导入的工作表：请在程序窗口的“Excel 台账”中预览，选择“这张表是”并核对各列，"
              "可“保存对应关系”后用 --mapping 在命令行导入。", file=sys.stderr)
        return EXIT_ERROR
    result = importer.check(plan)
    if not result.ok:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(result.summary(), file=sys.stderr)
        if any(s.missing_required() for s in plan.importable):
            print("缺少的列可以在程序窗口“Excel 台账”的导入预览中指定，或统一填写一个值；"
                  "在那里“保存对应关系”后，命令行用 --mapping 文件 导入。", file=sys.stderr)
        return EXIT_ERROR
    for line in result.update_lines() + result.skipped_lines() + result.note_lines():
        print(line)
    if args.check:
        print(result.summary())
        print("（只做了检查，没有导入。去掉 --check 即可导入。）")
        return EXIT_OK
    print(importer.commit(result).message)
    return EXIT_OK


def import_plan_lines(plan) -> list[str]:  # noqa: ANN001 - lawdesk.excel.plan.WorkbookPlan
    """How each sheet of a workbook is read, in Chinese (the command line's preview)."""
    lines = []
    for sheet in plan.sheets:
        if not sheet.kind:
            lines.append(f"工作表“{sheet.name}”：{sheet.note or '不导入'}")
            continue
        if not sheet.include:
            lines.append(f"工作表“{sheet.name}”（{sheet.spec.label}）：{sheet.note or '不导入'}")
            continue
        ignored = "、".join(f"{c}列“{h}”" for c, h in sheet.ignored())
        constants = "、".join(f"{sheet.spec.field(k).label}＝{v}" for k, v in sheet.constants.items())
        hidden = len(sheet.hidden_data_rows)
        lines.append(
            f"工作表“{sheet.name}” → {sheet.spec.label}（{sheet.reason}）：{sheet.row_count} 行，表头在第 "
            f"{'、'.join(str(r) for r in sheet.header_rows)} 行"
            + (f"；未识别而忽略的列：{ignored}" if ignored else "")
            + (f"；统一填写：{constants}" if constants else "")
            + (f"；隐藏的 {hidden} 行不导入" if hidden and not sheet.include_hidden_rows else "")
        )
    return lines


def cmd_binder(args: argparse.Namespace) -> int:
    from lawdesk.excel import binder

    _check_out(args.out, args)
    _open(args)
    print(binder.build_binder(_period(args), args.out, public=args.public).message)
    return EXIT_OK


def cmd_county_report(args: argparse.Namespace) -> int:
    from lawdesk.services import county_report

    _check_out(args.out, args)
    _open(args)
    print(county_report.export_county_report(_period(args), args.out, **_report_options(args)).message)
    return EXIT_OK


def cmd_county_office_reports(args: argparse.Namespace) -> int:
    from lawdesk.services import county_report

    if not str(args.out_dir).strip():
        raise LawdeskError("请用 --out-dir 给出输出文件夹。")
    _refuse_input(args.out_dir, args)
    _open(args)
    done = county_report.export_all_office_reports(_period(args), args.out_dir, pdf=args.pdf, issue_date=args.date,
                                                   draft=args.draft)  # fmt: skip
    print(done.message())
    return EXIT_OK if done.written else EXIT_ERROR


def cmd_package(args: argparse.Namespace) -> int:
    from lawdesk.services import packages

    _check_out(args.out, args)
    _open(args)
    unit = packages.find_unit(args.unit) if args.unit else None
    result = packages.export_package_result(
        _period(args), args.out, unit=unit, evidence=args.evidence, personal=args.personal
    )
    print(result.message())
    return EXIT_OK


def cmd_county(args: argparse.Namespace) -> int:
    return COUNTY_COMMANDS[args.county_command](args)


def cmd_county_import(args: argparse.Namespace) -> int:
    """Import each package; a refused one is reported (exit code 2) and the others go on."""
    from lawdesk.services import packages

    _open(args)
    refused = 0
    for file in args.files:
        try:
            result = packages.import_package(file)
        except packages.PackageError as exc:
            refused += 1
            print(f"未导入：{exc.message}", file=sys.stderr)
            continue
        print(result.message())
    if len(args.files) > 1:
        print(f"共 {len(args.files)} 个数据包：导入 {len(args.files) - refused} 个，拒绝 {refused} 个。")
    return EXIT_USAGE if refused else EXIT_OK


def _new_password(args: argparse.Namespace) -> str | None:
    """--password, else (unless --keep-password) typed twice at a prompt, else generated."""
    if args.password is not None:
        return args.password
    if args.keep_password:
        return None
    from lawdesk import console, server

    if not console.can_prompt():  # the windowed program: no stdin, nowhere to show a password
        raise LawdeskError(console.no_console_message("新账号的密码", "--password 密码"))
    if not sys.stdin.isatty():
        return server.new_password()
    import getpass

    first = getpass.getpass("新账号的密码（直接回车则自动生成）：")
    if not first:
        return server.new_password()
    if getpass.getpass("再输入一次：") != first:
        raise LawdeskError("两次输入的密码不一致，没有添加账号。")
    return first


def _open_server_as_admin(args: argparse.Namespace) -> None:
    from lawdesk import server
    from lawdesk.paths import is_server_url

    if not is_server_url(_db_path(args)):
        raise LawdeskError(server.SQLITE_REFUSAL)
    _open(args)


def cmd_county_add_office(args: argparse.Namespace) -> int:
    from lawdesk import server

    _open_server_as_admin(args)
    added = server.add_office(args.name, args.code, kind=args.kind, password=_new_password(args), role=args.role,
                              host=args.host)  # fmt: skip
    print(added.message)
    return EXIT_OK


def cmd_county_add_county_user(args: argparse.Namespace) -> int:
    from lawdesk import server

    _open_server_as_admin(args)
    print(server.add_county_user(args.name, password=_new_password(args), host=args.host).message)
    return EXIT_OK


COUNTY_COMMANDS = {
    "init": cmd_county_init,
    "import": cmd_county_import,
    "report": cmd_county_report,
    "office-reports": cmd_county_office_reports,
    "add-office": cmd_county_add_office,
    "add-county-user": cmd_county_add_county_user,
}


def _check_out(out: Path, args: argparse.Namespace) -> None:
    """Refuse an output name before any work: empty, a folder, or an input (the database named by
    ``--db``, its -wal/-shm, anything in its data folder, any database file)."""
    if not str(out).strip() or out.name in ("", ".", ".."):
        raise LawdeskError("请用 --out 给出输出文件名。")
    if _is_dir(out):
        raise LawdeskError(f"“{out}”是一个文件夹，请给出文件名，例如 {out / '台账.xlsx'}")
    _refuse_input(out, args)


def _refuse_input(out: Path, args: argparse.Namespace) -> None:
    from lawdesk import safe_write

    safe_write.protect_database(_db_path(args))
    safe_write.refuse_input(out)


COMMANDS = {
    "init": cmd_init,
    "demo": cmd_demo,
    "stats": cmd_stats,
    "report": cmd_report,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "move-local": cmd_move_local,
    "export": cmd_export,
    "template": cmd_template,
    "import": cmd_import,
    "binder": cmd_binder,
    "package": cmd_package,
    "mark-reported": cmd_mark_reported,
    "county": cmd_county,
}


def _as_a_command() -> None:
    """A command run by the clerk (not a call from Python): its output reaches a console even
    from the windowed program (``lawdesk.console``); whatever is logged goes to the log file,
    never to stderr (Python's last resort prints warnings and tracebacks there); Python's own
    warnings (openpyxl reading a workbook) are logged, not printed."""
    from lawdesk import console, logs

    console.ensure_streams()
    logs.log_on_demand(lambda: paths.default_db_path() if _db_arg() is None else _db_arg())
    logging.captureWarnings(True)
    sys.unraisablehook = _log_unraisable  # e.g. openpyxl's half-written sheets after a full disk


def _log_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An exception Python could not raise (in a finaliser): to the log, not to stderr."""
    logger.warning("ignored in %r: %s", unraisable.object, unraisable.exc_value,
                   exc_info=(unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback))  # fmt: skip


def _db_arg() -> Path | str | None:
    """``--db`` of this process's command line, read without parsing it (for the log's place)."""
    argv = sys.argv[1:]
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            return _db_target(argv[i + 1])
        if arg.startswith("--db="):
            return _db_target(arg[5:])
    return None


def _log_exception(args: argparse.Namespace) -> Path:
    from lawdesk import logs

    log_path = logs.setup_logging(args.db or paths.default_db_path())
    logger.exception("unexpected error in command %s", args.command)
    return log_path


def _sweep_unfinished_outputs() -> None:
    """Temporary files that saves killed in an earlier run left beside the clerk's files."""
    from lawdesk import safe_write

    try:
        safe_write.sweep_unfinished()
    except Exception:  # noqa: BLE001 - housekeeping never stops a command
        logger.exception("sweeping unfinished outputs failed")


def _command_hint(exc: LawdeskError) -> str:
    """For a missing, empty or damaged database: the commands that help."""
    from lawdesk import db as dbmod

    if not isinstance(exc, dbmod.DatabaseMissingError | dbmod.DatabaseDamagedError):
        return ""
    from lawdesk.console import command_name

    if exc.newest_backup is not None:
        return f"\n从最新的完好备份恢复：{command_name()} restore --newest"
    if isinstance(exc, dbmod.DatabaseMissingError):
        return f"\n新建数据库：{command_name()} init"
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments:
        if argv is None:
            _as_a_command()
        args = build_parser().parse_args(arguments)
    else:  # the desktop shortcut: the window at once, without building the parser (~10 ms)
        args = argparse.Namespace(command=None, db=None)
    handler = COMMANDS.get(args.command or "", cmd_gui)
    try:
        if args.command:
            _sweep_unfinished_outputs()
        return handler(args)
    except LawdeskError as exc:
        print(f"错误：{exc.message}{_command_hint(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:  # a file the command read or wrote: said in Chinese, details in the log
        from lawdesk.safe_write import reason

        where = f"：{os.fsdecode(exc.filename)}" if exc.filename else ""
        log_path = _log_exception(args)
        print(f"错误：{reason(exc)}{where}。\n详细信息已记录在 {log_path}。", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the clerk gets a message, the log gets the details
        log_path = _log_exception(args)
        print(
            f"程序遇到意外错误：{exc}\n详细信息已记录在 {log_path}，如问题反复出现，请把这个文件发给技术支持人员。",
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        from lawdesk.db import close_database

        close_database()
