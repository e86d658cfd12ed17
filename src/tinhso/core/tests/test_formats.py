from datetime import date

from django.template import Context, Template


def test_dates_show_as_dd_mm_yyyy():
    out = Template('{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d }}').render(
        Context({"d": date(2026, 2, 3)})
    )
    assert out == "03/02/2026|03/02/2026"


def test_amounts_in_dong():
    out = Template("{% load vn %}{{ a|dong }}|{{ b|dong }}|{{ c|number }}").render(
        Context({"a": 1250000, "b": 0, "c": 2000})
    )
    assert out == "1.250.000 đ|Miễn phí|2.000"
