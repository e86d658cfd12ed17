"""Fixtures of the archive tests: the e-office `office`, a plan of Sở Tư pháp with one file."""

from datetime import date

import pytest

from tinhso.archive import services
from tinhso.documents.tests.conftest import office  # noqa: F401  (fixture used by name)
from tinhso.documents.tests.search_factories import make_document


@pytest.fixture
def plan(office):  # noqa: F811
    return services.plan_create(
        actor=office.clerk, agency=office.stp, year=2026, title="Danh mục hồ sơ năm 2026"
    )


@pytest.fixture
def record(office, plan):  # noqa: F811
    return services.file_create(
        actor=office.clerk,
        plan=plan,
        notation="01.VP",
        title="Hồ sơ kiểm tra văn bản quy phạm pháp luật năm 2026",
        person=office.specialist,
        retention_years=10,
    )


@pytest.fixture
def three_documents(office):  # noqa: F811
    """Created out of time order: March, January, February."""
    march = make_document(
        office.stp,
        subject="Báo cáo kết quả kiểm tra",
        issued_date=date(2026, 3, 20),
        code_number="30",
        code_notation="BC-STP",
        page_amount=3,
    )
    january = make_document(
        office.stp,
        subject="Kế hoạch kiểm tra văn bản",
        issued_date=date(2026, 1, 5),
        code_number="02",
        code_notation="KH-STP",
        page_amount=1,
    )
    february = make_document(
        office.stp,
        subject="Quyết định thành lập đoàn kiểm tra",
        issued_date=date(2026, 2, 9),
        code_number="12",
        code_notation="QĐ-STP",
        page_amount=2,
    )
    return march, january, february
