"""GB/T 9704-2012《党政机关公文格式》: every layout number the report writer and checker use.

One place for the figures, each commented with its clause and how strong the source is:

- 规定: a rule in the standard;
- 一般: the standard says "一般" / "推荐";
- 实务: common practice the standard does not fix;
- 推算: derived arithmetically from the standard.

Units: 1 mm = 56.693 twips; 1 pt = 20 twips; ``w:sz`` is half-points; border ``w:sz`` is eighths
of a point; ``w:pBdr/@w:space`` is points.
"""

from __future__ import annotations

TWIPS_PER_MM = 1440 / 25.4  # 推算 56.693
TWIPS_PER_PT = 20  # 推算


def mm_to_twips(mm: float) -> int:
    """Millimetres to whole twips (rounded)."""
    return round(mm * TWIPS_PER_MM)


# ---------------------------------------------------------------- 5.1 / 5.2.1 page and 版心
PAGE_WIDTH_MM = 210  # 5.1 A4 幅面 210 mm (规定)
PAGE_HEIGHT_MM = 297  # 5.1 A4 幅面 297 mm (规定)
PAGE_WIDTH_TWIPS = 11906  # 推算 210 mm
PAGE_HEIGHT_TWIPS = 16838  # 推算 297 mm
PAGE_SIZE_TOLERANCE_TWIPS = 6  # 实务 rounding tolerance for the checker

MARGIN_TOP_MM = 37  # 5.2.1 天头（上白边）37 mm ± 1 mm (规定)
MARGIN_LEFT_MM = 28  # 5.2.1 订口（左白边）28 mm ± 1 mm (规定)
MARGIN_BOTTOM_MM = 35  # 推算 297 − 37 − 225
MARGIN_RIGHT_MM = 26  # 推算 210 − 28 − 156
MARGIN_TOP_TWIPS = 2098  # 推算 37 mm
MARGIN_LEFT_TWIPS = 1587  # 推算 28 mm
MARGIN_BOTTOM_TWIPS = 1984  # 推算 35 mm
MARGIN_RIGHT_TWIPS = 1474  # 推算 26 mm
MARGIN_TOLERANCE_TWIPS = 57  # 5.2.1 ± 1 mm (规定)

BODY_WIDTH_MM = 156  # 5.2.1 版心 156 mm × 225 mm (规定)
BODY_HEIGHT_MM = 225  # 5.2.1 版心高 (规定)
BODY_WIDTH_TWIPS = PAGE_WIDTH_TWIPS - MARGIN_LEFT_TWIPS - MARGIN_RIGHT_TWIPS  # 推算 8845
BODY_HEIGHT_TWIPS = PAGE_HEIGHT_TWIPS - MARGIN_TOP_TWIPS - MARGIN_BOTTOM_TWIPS  # 推算 12756
BODY_SIZE_TOLERANCE_TWIPS = 28  # 实务 ± 0.5 mm for the checker
BODY_WIDTH_PT = BODY_WIDTH_TWIPS / TWIPS_PER_PT  # 推算 442.25

# Footer distance: 一字线上距版心下边缘 7 mm (7.5 规定) → ≈ 24.7 mm from the paper edge (推算,
# 28 − ½ × 4.94 − 0.8, calibrated on renders).
FOOTER_DISTANCE_TWIPS = 1400  # 推算
FOOTER_DISTANCE_MIN_TWIPS = mm_to_twips(24)  # 实务 checker window 24–26 mm
FOOTER_DISTANCE_MAX_TWIPS = mm_to_twips(26)  # 实务
HEADER_DISTANCE_TWIPS = 851  # 实务 Word default 1.5 cm; no header is printed

# ---------------------------------------------------------------- 5.2.3 行数和字数
LINES_PER_PAGE = 22  # 5.2.3 一般每面排22行 (一般)
CHARS_PER_LINE = 28  # 5.2.3 每行排28个字，并撑满版心 (一般)
LINE_PITCH_TWIPS = 579  # 推算 225 mm ÷ 22 = 28.99 pt, rounded down (22 × 580 = 12760 > 12756)
LINE_PITCH_28PT_TWIPS = 560  # 实务 local variant "固定值28磅" (not 撑满版心)
CHAR_SPACING_TWIPS = -5  # 推算 16 pt − 0.25 pt so 28 三号 chars fit 442.25 pt (28 × 15.75 = 441)

# ---------------------------------------------------------------- 字号 (half-points, w:sz)
SIZE_CHUHAO = 84  # 初号 42 pt (实务 字号 table)
SIZE_XIAOCHU = 72  # 小初 36 pt
SIZE_YIHAO = 52  # 一号 26 pt
SIZE_XIAOYI = 48  # 小一 24 pt
SIZE_ERHAO = 44  # 二号 22 pt — 7.3.1 标题 (一般)
SIZE_XIAOER = 36  # 小二 18 pt
SIZE_SANHAO = 32  # 三号 16 pt — 5.2.2 如无特殊说明一般用3号仿宋体字 (一般)
SIZE_XIAOSAN = 30  # 小三 15 pt
SIZE_SIHAO = 28  # 四号 14 pt — 7.4 版记, 7.5 页码 (一般)
SIZE_XIAOSI = 24  # 小四 12 pt
SIZE_WUHAO = 21  # 五号 10.5 pt

ZIHAO_HALF_POINTS: dict[str, int] = {
    "初号": SIZE_CHUHAO,
    "小初": SIZE_XIAOCHU,
    "一号": SIZE_YIHAO,
    "小一": SIZE_XIAOYI,
    "二号": SIZE_ERHAO,
    "小二": SIZE_XIAOER,
    "三号": SIZE_SANHAO,
    "小三": SIZE_XIAOSAN,
    "四号": SIZE_SIHAO,
    "小四": SIZE_XIAOSI,
    "五号": SIZE_WUHAO,
}

# ---------------------------------------------------------------- 3.1 字 as a horizontal unit
CHAR_SANHAO_TWIPS = 320  # 推算 1字 at 三号 16 pt
CHAR_SIHAO_TWIPS = 280  # 推算 1字 at 四号 14 pt
BODY_FIRST_LINE_TWIPS = 2 * CHAR_SANHAO_TWIPS  # 7.3.3 每个自然段左空二字 (规定) = 640
INDENT_TOLERANCE_TWIPS = 20  # 实务 checker tolerance

# ---------------------------------------------------------------- colour
RED = "FF0000"  # 6.2 红色油墨 Y80% M80% for print (规定); pure RGB red in files (实务)
BLACK = "000000"  # 5.2.4 如无特殊说明，公文中文字的颜色均为黑色 (一般)

# ---------------------------------------------------------------- 7.2.4 发文机关标志
MARK_TOP_FROM_BODY_TOP_MM = 35  # 7.2.4 上边缘至版心上边缘为35mm (规定)
MARK_TOP_FROM_BODY_TOP_PT = MARK_TOP_FROM_BODY_TOP_MM * 72 / 25.4  # 推算 99.21 pt
MARK_MAX_SIZE_PT = 36.0  # 实务 ≤ 小初; size not fixed by the standard
MARK_WIDTH_FACTOR = 0.96  # 实务 fit 96 % of the 版心 width
MARK_TOP_BEARING = 0.25  # 实务 glyph-box top bearing subtracted from the spacer (× size)
MARK_TOP_TOLERANCE_PT = 6  # 实务 checker tolerance of the 35 mm spacer
MARK_LINE_FACTOR = 1.02  # 实务 exact line height of the mark paragraph (× size)

# ---------------------------------------------------------------- 7.2.5 / 7.2.6 发文字号 + 签发人
DOC_NUMBER_BLANK_LINES = 2  # 7.2.5 发文机关标志下空二行 (规定)
DOC_NUMBER_INDENT_TWIPS = CHAR_SANHAO_TWIPS  # 7.2.5 上行文 居左空一字 (规定)
SIGNER_RIGHT_TAB_TWIPS = BODY_WIDTH_TWIPS - CHAR_SANHAO_TWIPS  # 7.2.6 居右空一字 (规定) ≈ 8525
SIGNERS_PER_LINE = 2  # 7.2.6 一般每行排两个姓名 (一般)
DOC_NUMBER_PATTERN = r"^\S+〔\d{4}〕[1-9]\d*号$"  # 7.2.5 六角括号, 不加"第", 不编虚位 (规定)

# ---------------------------------------------------------------- 7.2.7 版头分隔线
RED_RULE_GAP_MM = 4  # 7.2.7 发文字号之下4mm处 (规定)
RED_RULE_SPACE_PT = 11  # 推算 4 mm = 11.34 pt → w:space (points, whole)
RED_RULE_SIZE_EIGHTHS = 8  # 实务 1 pt; thickness not fixed by the standard
RED_RULE_MIN_EIGHTHS = 4  # 实务 checker: a red rule thinner than 0.5 pt is an error
RED_RULE_SPACE_TOLERANCE_PT = 3  # 实务 checker tolerance of the 4 mm gap
STAR_CELL_TWIPS = 480  # 实务 width of the ★ cell in the party red rule
STAR_SIZE_HALF_POINTS = SIZE_SANHAO  # 实务 ★ size
STAR_ROW_TWIPS = 220  # 实务 each of the two rows around the ★ rule (≈ 11 pt = 4 mm)

# ---------------------------------------------------------------- 7.3 主体
TITLE_BLANK_LINES = 2  # 7.3.1 红色分隔线下空二行 (一般)
TITLE_MAX_CHARS = 20  # 实务 22 pt × 20 = 440 pt ≤ 442 pt per line
ADDRESSEE_BLANK_LINES = 1  # 7.3.2 标题下空一行 (规定)
BYLINE_SIZE = SIZE_SANHAO  # 实务 a personal report (述职、述法): post and name under the title in 3号楷体, centred
SIGNATURE_BLANK_LINES = 2  # 实务 sealed: 印章顶端上距正文一行之内 (7.3.5.1)
DATE_RIGHT_INDENT_TWIPS = 4 * CHAR_SANHAO_TWIPS  # 7.3.5.1 成文日期一般右空四字 (一般) = 1280
SIGNATURE_MAX_BLANK_LINES = 3  # 实务 checker: 印章顶端上距正文一行之内 (7.3.5.1) with 2 blank rows
UNSEALED_BLANK_LINES = 1  # 7.3.5.2 在正文（或附件说明）下空一行 (规定)
UNSEALED_RIGHT_INDENT_TWIPS = 2 * CHAR_SANHAO_TWIPS  # 7.3.5.2 发文机关署名右空二字 (规定) = 640
UNSEALED_DATE_SHIFT_TWIPS = 2 * CHAR_SANHAO_TWIPS  # 7.3.5.2 成文日期首字比署名首字右移二字 (规定)
SEAL_DIAMETER_MM = 42  # 实务 a 街道/乡镇 seal is 4.2 cm across (印章管理规定)
SEAL_GAP_MM = 2  # 7.3.5.1 印章之间互不相交或相切 (规定): keep a gap of 2 mm (实务)
NOTE_LEFT_INDENT_TWIPS = 2 * CHAR_SANHAO_TWIPS  # 7.3.6 附注 居左空二字 (规定) = 640
DATE_PATTERN = r"^\d{4}年[1-9]\d?月[1-9]\d?日$"  # 7.3.5.4 阿拉伯数字, 不编虚位 (规定)
ATTACHMENT_TITLE_LINE = 3  # 7.3.7 附件标题居中编排在版心第三行 (规定)
TABLE_SIZE = SIZE_SIHAO  # 实务 tables and their notes in 4号 (the standard fixes no table size)
TABLE_LINE_TWIPS = 360  # 实务 exact 18 pt lines for 4号 text in table cells
TABLE_BORDER_EIGHTHS = 4  # 实务 0.5 pt cell borders ("Table Grid")
TABLE_BORDER_TWIPS = 10  # 实务 a 0.5 pt cell border adds to each row
TABLE_CELL_MARGIN_TWIPS = 108  # 实务 Word's default left/right cell margin (0.19 cm)
TABLE_CELL_SLACK_TWIPS = 100  # 实务 room for a renderer's wider substitute font
TABLE_LATIN_EM = 0.75  # 实务 widest Latin digit/sign advance (em) among common substitute fonts

# ---------------------------------------------------------------- 7.4 版记
IMPRINT_THICK_EIGHTHS = 8  # 7.4.1 首末条分隔线 推荐高度0.35mm (推荐) ≈ 1 pt
IMPRINT_THIN_EIGHTHS = 6  # 7.4.1 中间分隔线 推荐高度0.25mm (推荐) ≈ 0.75 pt
IMPRINT_SIZE = SIZE_SIHAO  # 7.4.2 一般用4号仿宋体字 (一般)
IMPRINT_INDENT_TWIPS = CHAR_SIHAO_TWIPS  # 7.4.2 左右各空一字 (规定)
IMPRINT_RIGHT_TAB_TWIPS = BODY_WIDTH_TWIPS - CHAR_SIHAO_TWIPS  # 7.4.3 印发日期右空一字 (规定)

# ---------------------------------------------------------------- 7.5 页码
PAGE_NUMBER_SIZE = SIZE_SIHAO  # 7.5 一般用4号半角宋体阿拉伯数字 (一般)
PAGE_NUMBER_INDENT_TWIPS = CHAR_SIHAO_TWIPS  # 7.5 单页码居右空一字，双页码居左空一字 (一般)
PAGE_NUMBER_DASH = "\u2014"  # 7.5 数字左右各放一条一字线 (一般) — EM DASH
