"""The record form under the clerk's mouse and keyboard: drop-downs, the calendar, number fields,
Tab, Ctrl+A — driven by real events (presses at coordinates, key presses) on real widgets."""

from __future__ import annotations

import tkinter

import pytest

from lawdesk.schema import spec_for
from lawdesk.services import records
from lawdesk.ui.dialogs.record_form import RecordForm
from tests.ui.conftest import pump


def click(widget: tkinter.Misc | str, x: int, y: int, root: tkinter.Misc) -> None:
    """A left click at (x, y) inside ``widget`` (a widget or a Tcl window path), pointer moved
    there first, as the mouse does it."""
    path = str(widget)
    root.tk.call("event", "generate", path, "<Motion>", "-x", x, "-y", y, "-warp", 1)
    pump(root, 20)
    root.tk.call("event", "generate", path, "<ButtonPress-1>", "-x", x, "-y", y)
    pump(root, 20)
    root.tk.call("event", "generate", path, "<ButtonRelease-1>", "-x", x, "-y", y)
    pump(root, 120)


def canvas_of(form: RecordForm) -> tkinter.Canvas:
    return next(c for c in form.scroller.container.winfo_children() if isinstance(c, tkinter.Canvas))


def small_form(root: tkinter.Tk, kind: str = "dispute", record_id: int | None = None) -> RecordForm:
    """A form made short enough that its fields scroll (as on a 768-px screen)."""
    form = RecordForm(root, spec_for(kind), record_id)
    form.geometry("720x430+20+20")
    pump(root, 150)
    return form


def test_picking_from_a_drop_down_with_the_mouse_keeps_the_form_still(root, db) -> None:  # noqa: ANN001
    form = small_form(root)
    canvas = canvas_of(form)
    assert canvas.yview()[1] < 1.0, "the fields should need scrolling for this test"
    box = form.rows["source"].input.widget
    before_view, before_y = canvas.yview(), box.winfo_rooty()

    click(box, box.winfo_width() - 8, box.winfo_height() // 2, root)  # the arrow
    popdown = root.tk.eval(f"ttk::combobox::PopdownWindow {box}")
    assert root.tk.call("winfo", "ismapped", popdown)
    listbox = f"{popdown}.f.l"
    x, y, _w, _h = (int(v) for v in root.tk.call(listbox, "bbox", 2))
    click(listbox, x + 5, y + 3, root)

    assert box.get() == box.cget("values")[2]
    assert canvas.yview() == before_view
    assert box.winfo_rooty() == before_y  # the next click lands where the clerk aims


def test_tab_still_scrolls_a_hidden_field_into_view(root, db) -> None:  # noqa: ANN001
    form = small_form(root)
    canvas = canvas_of(form)
    last = list(form.rows.values())[-1].input.input_widget
    last.focus_force()
    pump(root, 60)
    assert canvas.yview()[1] == pytest.approx(1.0, abs=0.02)
    assert records.count("dispute") == 0


def _pickers(root: tkinter.Tk) -> list[tkinter.Toplevel]:
    """The calendar pop-ups on screen (frameless windows of their own)."""
    return [w for w in root.winfo_children()
            if isinstance(w, tkinter.Toplevel) and w.winfo_exists()
            and w.wm_overrideredirect() and w.winfo_ismapped()]


def test_closing_the_form_with_its_calendar_open_closes_the_calendar(root, db) -> None:  # noqa: ANN001
    form = RecordForm(root, spec_for("dispute"))
    pump(root, 100)
    date_input = form.rows["received_date"].input
    seen: list[str] = []

    def while_open() -> None:
        pickers = _pickers(root)
        seen.append(f"{len(pickers)} open")
        form.tk.call(form.protocol("WM_DELETE_WINDOW"))  # the title bar's ×
        pump(root, 50)
        left = _pickers(root)
        seen.append(f"{len(left)} left")
        for picker in left:  # a click on a day of a calendar left floating
            day = next(w for w in picker.winfo_children()[0].winfo_children()[-1].winfo_children()
                       if w.winfo_class() == "TRadiobutton")
            day.invoke()

    root.after(300, while_open)
    date_input.date_entry.button.invoke()  # opens the calendar; returns when it closes
    pump(root, 50)
    assert seen == ["1 open", "0 left"]
    assert not form.winfo_exists()
    assert _pickers(root) == []


def type_keys(widget: tkinter.Misc, keysyms: list[str], root: tkinter.Misc) -> None:
    widget.focus_force()
    pump(root)
    for keysym in keysyms:
        widget.event_generate("<KeyPress>", keysym=keysym)
    pump(root)


def paste(widget: tkinter.Misc, text: str, root: tkinter.Misc) -> None:
    widget.focus_force()
    pump(root)
    root.clipboard_clear()
    root.clipboard_append(text)
    widget.event_generate("<<Paste>>")
    pump(root)


def patrol_form(root: tkinter.Tk) -> tuple[RecordForm, tkinter.Misc]:
    form = RecordForm(root, spec_for("patrol"))
    pump(root, 50)
    form.set_value("area", "桂花社区夜市")
    return form, form.rows["persons"].input.input_widget


def test_a_letter_typed_into_a_number_is_kept_and_named_not_dropped(root, db) -> None:  # noqa: ANN001
    form, persons = patrol_form(root)
    type_keys(persons, ["3", "O"], root)
    paste(persons, "人", root)
    assert persons.get() == "3O人"
    row = form.rows["persons"]
    assert row.has_error and "3O人" in row.error.cget("text") and row.error.winfo_ismapped()
    assert form.on_save() is False
    assert records.count("patrol") == 0


def test_1e2_is_not_saved_as_12(root, db) -> None:  # noqa: ANN001
    form, persons = patrol_form(root)
    type_keys(persons, ["1", "e", "2"], root)
    assert persons.get() == "1e2"
    assert form.on_save() is False
    assert records.count("patrol") == 0


def test_a_number_pasted_in_words_or_full_width_is_read_and_shown_in_digits(root, db) -> None:  # noqa: ANN001
    form, persons = patrol_form(root)
    paste(persons, "十五", root)
    assert persons.get() == "十五"
    assert not form.rows["persons"].has_error
    form.rows["area"].input.input_widget.focus_force()  # the clerk moves on to another field
    pump(root)
    assert persons.get() == "15"
    assert form.on_save() is True
    assert _persons_saved() == [15]


def test_typing_over_a_selection_replaces_it(root, db) -> None:  # noqa: ANN001
    form, persons = patrol_form(root)
    form.set_value("persons", "8")
    persons.focus_force()
    persons.select_range(0, "end")
    paste(persons, "二十", root)
    assert persons.get() == "二十"
    form.rows["area"].input.input_widget.focus_force()
    pump(root)
    assert persons.get() == "20"
    assert form.on_save() is True
    assert _persons_saved() == [20]


def test_full_width_digits_are_saved_as_the_same_number(root, db) -> None:  # noqa: ANN001
    form, persons = patrol_form(root)
    type_keys(persons, [], root)
    persons.insert(0, "１２")  # as a Chinese input method in full-width mode types them
    assert form.on_save() is True
    assert _persons_saved() == [12]


def _persons_saved() -> list[object]:
    from lawdesk.models import RECORD_MODELS

    return [r.persons for r in RECORD_MODELS["patrol"].select()]


def press(widget: tkinter.Misc, sequence: str, root: tkinter.Misc) -> str:
    """Press a key in ``widget`` (focused first); return the path of the focused widget after."""
    widget.focus_force()
    pump(root)
    widget.event_generate(sequence)
    pump(root)
    return str(root.focus_get())


def test_tab_reaches_the_text_box_of_a_tag_field_before_its_menu(root, db) -> None:  # noqa: ANN001
    form = RecordForm(root, spec_for("study"))
    pump(root, 50)
    hours = form.rows["hours"].input.input_widget
    laws = form.rows["laws_studied"].input.input_widget
    assert press(hours, "<Tab>", root) == str(laws)
    after = press(laws, "<Tab>", root)
    assert root.nametowidget(after).winfo_class() == "TMenubutton"  # 常用 comes after the text
    assert press(laws, "<Shift-Tab>", root) == str(hours)


def test_tab_in_a_multi_line_field_moves_on_and_ctrl_tab_types_a_tab(root, db) -> None:  # noqa: ANN001
    form = RecordForm(root, spec_for("patrol"))
    pump(root, 50)
    names = list(form.rows)
    remarks = form.rows["remarks"].input.input_widget
    before = form.rows[names[names.index("remarks") - 1]].input
    assert press(remarks, "<Tab>", root) != str(remarks)
    assert form.values()["remarks"] == ""
    assert root.focus_get().winfo_toplevel() is form  # still in the form (its buttons)
    assert press(remarks, "<Shift-Tab>", root) == str(before.input_widget)
    press(remarks, "<Control-Tab>", root)
    assert form.values()["remarks"] == "\t"


@pytest.mark.parametrize("keys", ["<Control-KeyPress-a>", "<Control-Lock-KeyPress-A>"],
                         ids=["ctrl-a", "ctrl-a-with-caps-lock"])
def test_ctrl_a_selects_all_the_text(root, db, keys: str) -> None:  # noqa: ANN001
    form = RecordForm(root, spec_for("patrol"))
    pump(root, 50)
    area = form.rows["area"].input.input_widget
    form.set_value("area", "桂花社区夜市")
    area.icursor(3)
    press(area, keys, root)
    assert area.selection_present()
    assert (area.index("sel.first"), area.index("sel.last")) == (0, len("桂花社区夜市"))
    remarks = form.rows["remarks"].input.input_widget
    form.set_value("remarks", "第一行\n第二行")
    remarks.mark_set("insert", "2.1")
    press(remarks, keys, root)
    assert remarks.get("sel.first", "sel.last").rstrip("\n") == "第一行\n第二行"


def test_the_phone_field_refuses_letters_with_a_message(root, db) -> None:  # noqa: ANN001
    form = RecordForm(root, spec_for("lecturer"))
    pump(root, 50)
    form.set_value("name", "王小明")
    form.set_value("unit", spec_for("lecturer").field("unit").choices[0])
    phone = form.rows["phone"].input.input_widget
    type_keys(phone, ["1", "3", "8", "0", "0", "0", "0", "a", "b", "c", "d"], root)
    assert phone.get() == "1380000abcd"
    assert form.on_save() is False
    assert "不是电话号码" in form.rows["phone"].error.cget("text")
    assert [name for name, row in form.rows.items() if row.has_error] == ["phone"]
    assert records.count("lecturer") == 0
