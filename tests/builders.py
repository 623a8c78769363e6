"""Valid input for record types, with overrides: the starting point of validation and record tests."""

from __future__ import annotations


def dispute_data(**over: object) -> dict[str, object]:
    """A resolved neighbour dispute of March 2022."""
    data: dict[str, object] = {
        "received_date": "2022-03-01",
        "summary": "邻里漏水纠纷",
        "dispute_type": "邻里纠纷",
        "status": "调解成功",
        "closed_date": "2022-03-05",
    }
    data.update(over)
    return data
