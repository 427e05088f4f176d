"""Text rendering of incidents, period reports and single incidents (rich tables, CSV, JSON)."""

from civmon.render.incidents import civilian_deaths, fmt_range, incident_to_json, incidents_csv, incidents_table
from civmon.render.period import PeriodReport, monthly_by_belligerent, monthly_table, period_report, render_report
from civmon.render.show import render_show

__all__ = [
    "PeriodReport", "civilian_deaths", "fmt_range", "incident_to_json", "incidents_csv", "incidents_table",
    "monthly_by_belligerent", "monthly_table", "period_report", "render_report", "render_show",
]
