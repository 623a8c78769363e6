"""The figures of the reference report (金兰山街道 2022) that the demo database must give."""

#: Stated exactly in the reference report.
REFERENCE_2022: dict[str, int | float] = {
    "leadership_meetings": 4,
    "field_research": 3,
    "supervisions_led": 2,
    "problems_solved": 5,
    "patrols": 26,
    "study_sessions": 4,
    "cadre_trainings": 2,
    "lecturers": 3,
    "lectures": 12,
    "warning_meetings": 2,
    "hotline_closed": 45,
    "county_assigned_closed": 21,
    "on_time_rate": 100.0,
}
#: The report says "排查化解矛盾纠纷100余起" and "满意率97%"; the demo data gives these.
DEMO_DISPUTES_RESOLVED = 103
ROUNDED_SATISFACTION = 97
