"""首页 as a clerk meets it: what a figure counts and why a record is not in it, the charts tab
never blank, 生成年度报告 leading to the export."""

from __future__ import annotations

from lawdesk.services import records
from lawdesk.ui.dialogs.records_window import RecordsBehindWindow
from lawdesk.ui.pages.base import PageId
from tests.ui.conftest import pump


def test_a_meeting_not_counted_says_which_box_to_tick(main_window, root) -> None:  # noqa: ANN001
    meeting = records.create("meeting", {"date": "2023-03-02", "kind": "党工委班子会",
                                         "title": "研究部署2023年法治政府建设工作"})
    home = main_window.show_page(PageId.HOME)
    home.year_var.set("2023")
    home.on_year_changed()
    assert home.cards.text_of("leadership_meetings") == "0次"
    window = home.on_figure_clicked("leadership_meetings")
    assert isinstance(window, RecordsBehindWindow)
    assert "“主要负责人主持/带队”" in window.rule_label.cget("text")
    assert "“党工委班子会”" in window.rule_label.cget("text")
    assert window.tree.get_children() == ()
    (iid,) = window.left_out_tree.get_children()
    assert iid == str(meeting.id)
    assert window.left_out_tree.set(iid, "reason") == "没有勾选“主要负责人主持/带队”"

    window.left_out_tree.selection_set(iid)  # the clerk opens it, ticks the box and saves
    form = window._open_from(window.left_out_tree, "meeting")
    form.set_value("is_principal_led", True)
    assert form.on_save() is True
    pump(root, 100)
    assert window.tree.get_children() == (str(meeting.id),)
    assert window.left_out_tree is None
    assert "1次" in window.title_label.cget("text")
    window.destroy()

