"""Record pages generated from the descriptions: add, search, edit, validate, delete, restore."""

from __future__ import annotations

from lawdesk.services import records
from lawdesk.ui.pages.record_page import RecordPage
from lawdesk.ui.pages.recycle_bin import RecycleBinPage
from tests.ui.conftest import pump


def _fill(form, **values):  # noqa: ANN001, ANN003, ANN202
    for name, value in values.items():
        form.set_value(name, value)


def test_add_search_edit_delete_restore(main_window, root, dialogs):  # noqa: ANN001
    page = main_window.open_records("patrol")
    assert isinstance(page, RecordPage)
    form = page.on_add()
    _fill(form, date="2022-05-06", area="桂花社区夜市", persons="12")
    form.save_button.invoke()
    assert not form.winfo_exists()
    assert records.count("patrol") == 1
    assert page.total_label.cget("text") == "共 1 条"

    # search as you type: nothing matches until the debounce fires with a matching word
    page.search_entry.insert(0, "没有这个词")
    pump(root, 350)
    assert page.tree.get_children() == ()
    page.search_var.set("夜市")
    pump(root, 350)
    (iid,) = page.tree.get_children()
    assert "桂花社区夜市" in page.tree.item(iid, "values")

    # delete after a 是 answer → 回收站; restore from the 回收站 page
    dialogs.answers.append(True)
    page.tree.selection_set(iid)
    page.on_delete()
    assert records.count("patrol") == 0
    assert "回收站" in dialogs.messages("confirm")[0]
    bin_page = main_window.show_page("bin")
    assert isinstance(bin_page, RecycleBinPage)
    assert bin_page.tree.get_children() == (f"patrol:{iid}",)
    bin_page.tree.selection_set(f"patrol:{iid}")
    bin_page.restore_button.invoke()
    assert records.count("patrol") == 1
    assert bin_page.tree.get_children() == ()


# Regression: records._differs() once called Decimal(str(False)) for bool fields, so editing
# any record with a 是/否 field failed.
def test_edit_record(main_window):  # noqa: ANN001
    rec = records.create("patrol", {"date": "2022-05-06", "area": "桂花社区夜市"})
    page = main_window.open_records("patrol")
    page.refresh()
    page.tree.selection_set(str(rec.id))
    form = page.on_edit()
    assert form.values()["area"] == "桂花社区夜市"
    form.set_value("area", "桂花社区夜市及周边")
    assert form.on_save() is True
    assert records.get("patrol", rec.id).area == "桂花社区夜市及周边"
    assert "桂花社区夜市及周边" in page.tree.item(str(rec.id), "values")


def test_delete_cancelled_keeps_record(main_window, dialogs):  # noqa: ANN001
    rec = records.create("patrol", {"date": "2022-01-02", "area": "龙潭社区"})
    page = main_window.open_records("patrol")
    page.refresh()
    page.tree.selection_set(str(rec.id))
    dialogs.answers.append(False)
    page.on_delete()
    assert records.count("patrol") == 1


def test_invalid_input_shows_messages_and_saves_nothing(main_window):  # noqa: ANN001
    page = main_window.open_records("dispute")
    form = page.on_add()
    _fill(form, received_date="2022-13-45", summary="")
    assert form.on_save() is False
    assert form.winfo_exists()
    assert "不是有效的日期" in form.rows["received_date"].error.cget("text")
    assert form.rows["summary"].error.cget("text") == "不能为空"
    assert form.rows["received_date"].error.winfo_manager() == "grid"
    assert records.count("dispute") == 0
    # fixing the input saves and clears the messages
    _fill(form, received_date="2022-03-15", summary="邻里漏水纠纷", dispute_type="邻里纠纷")
    assert form.on_save() is True
    assert records.count("dispute") == 1


def test_number_entry_keeps_what_is_typed_and_says_what_is_not_a_number(main_window):  # noqa: ANN001
    form = main_window.open_records("patrol").on_add()
    entry = form.rows["persons"].input.input_widget
    entry.insert("end", "12")
    entry.insert("end", "人")
    assert entry.get() == "12人"  # nothing dropped without a word
    assert "不是整数" in form.rows["persons"].error.cget("text")


def test_ctrl_n_opens_form_and_escape_closes_clean_form(main_window, root):  # noqa: ANN001
    page = main_window.open_records("meeting")
    root.focus_force()
    page.tree.focus_set()
    pump(root)
    page.tree.event_generate("<Control-n>")
    pump(root)
    assert page.form is not None and page.form.winfo_exists()
    page.form.event_generate("<Escape>")
    pump(root)
    assert not page.form.winfo_exists()


def test_closing_dirty_form_asks_first(main_window, dialogs):  # noqa: ANN001
    form = main_window.open_records("meeting").on_add()
    form.set_value("title", "法治建设推进会")
    dialogs.save_discard.append("cancel")
    form.on_cancel()
    assert form.winfo_exists()
    dialogs.save_discard.append("discard")
    form.on_cancel()
    assert not form.winfo_exists()
    assert len(dialogs.messages("save_discard")) == 2


def test_enter_in_entry_saves(main_window, root):  # noqa: ANN001
    page = main_window.open_records("meeting")
    form = page.on_add()
    _fill(form, date="2022-04-01", kind="党工委班子会", title="研究法治工作")
    entry = form.rows["title"].input.input_widget
    entry.focus_force()
    pump(root)
    entry.event_generate("<Return>")
    pump(root)
    assert records.count("meeting") == 1


def test_paging_and_sort(main_window):  # noqa: ANN001
    for day in range(1, 61):
        records.create("patrol", {"date": f"2022-03-{day % 28 + 1:02d}", "area": f"路线{day:02d}"})
    page = main_window.open_records("patrol")
    page.refresh()
    assert page.page_label.cget("text") == "第 1/2 页"
    assert len(page.tree.get_children()) == 50
    page.next_button.invoke()
    assert page.page_label.cget("text") == "第 2/2 页"
    assert len(page.tree.get_children()) == 10
    page.on_sort("area")
    first = page.tree.item(page.tree.get_children()[0], "values")
    assert "路线01" in first or "路线60" in first
    page.period_var.set("2021年")
    page.on_period_selected()
    assert page.total_label.cget("text") == "共 0 条"


def test_attach_and_open_evidence_file(main_window, tmp_path, monkeypatch, dialogs):  # noqa: ANN001
    from lawdesk.services import attachments
    from lawdesk.ui.dialogs import record_form

    rec = records.create("meeting", {"date": "2022-04-01", "kind": "党工委班子会", "title": "会议"})
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"jpeg")
    monkeypatch.setattr(record_form.ttk.filedialog, "askopenfilenames", lambda **_kw: (str(photo),))
    page = main_window.open_records("meeting")
    page.refresh()
    page.tree.selection_set(str(rec.id))
    form = page.on_edit()
    form.category_var.set("签到表")
    form.on_add_attachment()
    (iid,) = form.attachment_tree.get_children()
    assert form.attachment_tree.item(iid, "values")[:2] == ("签到表", "签到表.jpg")
    form.attachment_tree.selection_set(iid)
    form.on_open_attachment()
    (opened,) = [m for k, m in dialogs.shown if k == "open"]
    assert opened.endswith("签到表.jpg")
    assert len(attachments.list_for("meeting", rec.id)) == 1
