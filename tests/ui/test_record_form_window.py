"""The record form's window: sized to the screen's work area with the room given to the fields,
the evidence beside them or on a tab of its own, a second form cascaded off the first."""

from __future__ import annotations

import tkinter

import pytest

from lawdesk.schema import spec_for
from lawdesk.services import records
from lawdesk.ui import common
from lawdesk.ui.dialogs import record_form
from lawdesk.ui.dialogs.record_form import RecordForm
from tests.ui.conftest import pump


def screen(monkeypatch: pytest.MonkeyPatch, width: int, height: int) -> None:
    """The work area of a screen of this size with a 40-px taskbar."""
    monkeypatch.setattr(common, "work_area", lambda _widget: (0, 0, width, height - 40))


def visible_fields(form: RecordForm) -> int:
    view = form.scroller.container
    top, bottom = view.winfo_rooty(), view.winfo_rooty() + view.winfo_height()
    count = 0
    for row in form.rows.values():
        widget = row.input.widget
        if widget.winfo_ismapped() and top <= widget.winfo_rooty() \
                and widget.winfo_rooty() + widget.winfo_height() <= bottom:
            count += 1
    return count


def meeting(**extra: object) -> int:
    return records.create("meeting", {"date": "2023-10-28", "kind": "法治建设专题会议",
                                      "title": "研究部署法治政府建设工作", **extra}).id


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1366, 768)])
def test_editing_a_record_shows_every_field_of_a_meeting_at_768_px(root, db, monkeypatch, width, height) -> None:  # noqa: ANN001
    screen(monkeypatch, width, height)
    form = RecordForm(root, spec_for("meeting"), meeting())
    pump(root, 100)
    assert form.attachment_tree is not None  # the evidence list is there …
    assert len(form.rows) == 11 and visible_fields(form) >= 10  # … and the fields are in view (7 before)
    assert form.winfo_height() <= height - 40 - common.FRAME_MARGIN[1]
    assert form.winfo_width() <= width - common.FRAME_MARGIN[0]


def test_on_a_narrow_screen_the_evidence_has_a_tab_with_its_count(root, db, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    screen(monkeypatch, 1024, 768)
    from lawdesk.services import attachments

    record_id = meeting()
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    attachments.add("meeting", record_id, photo, "签到表")
    form = RecordForm(root, spec_for("meeting"), record_id)
    pump(root, 50)
    assert form.tabs is not None
    assert form.tabs.tab(1, "text").strip() == "佐证材料（1）"
    assert len(form.attachment_tree.get_children()) == 1


def test_on_a_wide_screen_the_evidence_sits_beside_the_fields(root, db, monkeypatch) -> None:  # noqa: ANN001
    screen(monkeypatch, 1366, 768)
    form = RecordForm(root, spec_for("meeting"), meeting())
    pump(root, 50)
    assert form.tabs is None
    tree, fields = form.attachment_tree, form.scroller.container
    assert tree.winfo_rootx() > fields.winfo_rootx() + fields.winfo_width() - 5


def test_a_tall_screen_gives_a_long_form_its_whole_height(root, db, monkeypatch) -> None:  # noqa: ANN001
    screen(monkeypatch, 1920, 1080)
    form = RecordForm(root, spec_for("dispute"))
    pump(root, 100)
    assert form.winfo_height() > 760  # the old fixed size
    assert visible_fields(form) == len(form.rows)


def test_a_second_form_opens_offset_from_the_first(root, db, monkeypatch) -> None:  # noqa: ANN001
    screen(monkeypatch, 1366, 768)
    first = RecordForm(root, spec_for("meeting"))
    pump(root, 50)
    second = RecordForm(root, spec_for("patrol"))
    pump(root, 50)
    first_at, second_at = record_form._position(first), record_form._position(second)
    assert (second_at[0] - first_at[0], second_at[1] - first_at[1]) == (record_form.CASCADE,) * 2
    assert second.winfo_rooty() + second.winfo_height() <= 768 - 40
    third = RecordForm(root, spec_for("study"))
    pump(root, 50)
    assert record_form._position(third)[1] - second_at[1] == record_form.CASCADE
    assert isinstance(third, tkinter.Toplevel)
