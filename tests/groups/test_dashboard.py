"""The municipality's dashboard: filters, groups of one street and measure shown
together, labels in words, one set of download buttons, and any address query
read without a server error."""

import io
import re
from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.accounts import services as accounts
from app.extensions import db
from app.groups.charts import EM_PER_CHAR, paired_bars
from app.groups.figure_store import MeetingFigure
from app.groups.models import PurchaseGroup
from app.groups.poll_figures import MEETING_FIGURES
from app.meetings import services as meetings
from app.meetings.models import Participant
from app.polls import services as polls
from tests.support.forms import EDGE_CASES
from tests.support.fuzz import examples
from tests.support.polls import answered_poll_meeting
from tests.support.signups import sign_up_street
from tests.support.web import login


@pytest.fixture
def desk(client, new_client, signup_meeting, make_user):
    """Staff of a town where one street signed up from row and detached houses."""
    sign_up_street(new_client, signup_meeting, 3, dwelling="row_house")
    sign_up_street(new_client, signup_meeting, 2, dwelling="detached")
    sign_up_street(new_client, signup_meeting, 1, dwelling="")
    login(client, make_user(role="staff"))
    return client


def _html(client, query: str = "") -> str:
    response = client.get(f"/municipality{query}", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_one_street_and_measure_is_one_group_split_by_type_of_home(desk):
    html = _html(desk)
    bodies = re.findall(r'<tbody class="street-group">(.*?)</tbody>', html, re.S)
    glazing = [b for b in bodies if "New windows and glazing" in b]
    assert len(glazing) == 1  # one street, one measure, one horizon: together
    body = glazing[0]
    assert "All types of home" in body and ">6<" in body  # 3 + 2 + 1 households
    for words in ("Row house", "Detached house", "Not said"):
        assert words in body
    assert "row_house" not in html.replace('value="row_house"', "")
    assert "detached<" not in html
    sizes = [int(n) for n in re.findall(r'data-size="(\d+)"', body)]
    assert sizes == [3, 2, 1]  # the split, largest first


def test_one_button_per_download(desk):
    html = _html(desk)
    # each button says its words once (its pictogram carries them as its name)
    assert html.count(">All sign-ups (XLSX)<") == 1
    assert html.count(">All sign-ups (CSV)<") == 1
    for address in (
        "/municipality/export/lekp.xlsx",
        "/municipality/export/open-data.json",
        "/municipality/export/open-data/neighbourhoods.csv",
        "/municipality/export/open-data/streets.csv",
    ):
        assert html.count(f'href="{address}"') == 1


def test_the_combined_group_exports_all_its_households(desk):
    html = _html(desk)
    link = re.search(
        r'href="(/municipality/export/contacts\.xlsx\?[^"]*street=[^"]*)"', html
    )
    response = desk.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).active.values)
    assert len(rows) == 1 + 6


def _chart(html: str) -> str:
    return html.split('id="chart-heading"')[1].split("</section>")[0]


def test_filters_narrow_every_figure(client, make_meeting, make_user):
    staff = make_user(role="staff")
    facilitator = make_user()
    answered_poll_meeting(make_meeting, facilitator, "Rabot", date(2024, 5, 1), "1y", 4)
    answered_poll_meeting(make_meeting, facilitator, "Muide", date(2025, 5, 1), "5y", 3)
    login(client, staff)
    everything = _chart(_html(client))
    assert ">Rabot<" in everything and ">Muide<" in everything
    muide = accounts.neighbourhood_named(staff.municipality, "Muide")
    only = _chart(_html(client, f"?area={muide.id}"))
    assert ">Rabot<" not in only and ">Muide<" in only
    in_2024 = _chart(_html(client, "?start=2024-01-01&end=2024-12-31"))
    assert ">Muide<" not in in_2024 and ">Rabot<" in in_2024
    reversed_period = _chart(_html(client, "?start=2024-12-31&end=2024-01-01"))
    assert ">Muide<" not in reversed_period and ">Rabot<" in reversed_period
    five_years = _html(client, "?horizon=5y&measure=pv")
    assert ">Rabot<" not in _chart(five_years) and ">Muide<" in _chart(five_years)
    assert (
        "New windows and glazing"
        not in five_years.split("Interest from the polls")[1].split("</table>")[0]
    )


def test_filters_keep_to_the_own_municipality(client, make_meeting, make_user):
    elsewhere = make_user(municipality="Brugge")
    answered_poll_meeting(
        make_meeting, elsewhere, "Zeebrugge", date(2025, 1, 1), "1y", 2
    )
    brugge_area = accounts.neighbourhood_named(elsewhere.municipality, "Zeebrugge")
    login(client, make_user(role="staff"))
    html = _html(client, f"?area={brugge_area.id}")
    assert "Zeebrugge" not in html
    assert "No figures yet." in _chart(html)


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    query=st.dictionaries(
        st.sampled_from(["start", "end", "area", "measure", "horizon", "page", "x"]),
        st.one_of(st.sampled_from(EDGE_CASES), st.text(max_size=40)),
        max_size=6,
    )
)
def test_any_query_shows_the_dashboard(desk, query):
    response = desk.get("/municipality", query_string=query)
    assert response.status_code == 200


def test_many_groups_come_in_pages(desk, new_client, signup_meeting):
    for n in range(55):
        sign_up_street(
            new_client,
            signup_meeting,
            1,
            street=f"Laan {chr(65 + n % 26)}{n}",
            measures=["pv"],
        )
    first = _html(desk)
    assert "Page 1 of 2" in first
    second = _html(desk, "?page=2")
    assert "Page 2 of 2" in second
    assert db.session.scalar(sa.select(sa.func.count(PurchaseGroup.id))) > 50


def test_every_chart_label_fits_inside_the_picture():
    rows = [
        ("Sint-Amandsberg-Oostakker WWW", 1234, 5),
        ("A", 0, 99999),
        ("Rabot", 7, 7),
    ]
    chart = paired_bars(rows)
    for row in chart.rows:
        name_width = len(row.name) * chart.name_font * EM_PER_CHAR
        assert chart.name_x - name_width >= 0
        for bar in row.bars:
            right = bar.label_x + len(str(bar.value)) * chart.value_font * EM_PER_CHAR
            assert right <= chart.width
            assert bar.y + chart.bar <= chart.height
    assert paired_bars([]).rows == []


def _interest(client) -> str:
    return (
        client.get("/municipality", headers={"Accept-Language": "en"})
        .get_data(as_text=True)
        .split('id="interest-title"')[1]
        .split("</table>")[0]
    )


def test_kept_figures_follow_every_change_a_meeting_can_have(
    client, make_meeting, make_user
):
    facilitator = make_user()
    meeting = answered_poll_meeting(
        make_meeting, facilitator, "Rabot", date(2025, 5, 1), "1y", 3
    )
    login(client, make_user(role="staff"))
    assert re.findall(r'<td class="number">(\d+)</td>', _interest(client))[:5] == [
        "0",
        "3",
        "0",
        "0",
        "0",
    ]
    # a new process reads the stored counts, and they are the same
    MEETING_FIGURES.clear()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingFigure))
    assert re.findall(r'<td class="number">(\d+)</td>', _interest(client))[:5] == [
        "0",
        "3",
        "0",
        "0",
        "0",
    ]
    step = meeting.steps[0]
    measures = polls.measures_of(step)
    # a household without a phone, entered afterwards: a new participant
    MEETING_FIGURES.clear()  # and another process, whose stored counts are old
    polls.add_assisted_household(
        meeting,
        step,
        {m.id: ("5y", None) for m in measures},
        stance=None,
        tenure=None,
        dwelling=None,
        key="assisted-1",
    )
    db.session.commit()
    assert re.findall(r'<td class="number">(\d+)</td>', _interest(client))[:5] == [
        "0",
        "3",
        "1",
        "0",
        "0",
    ]
    # an open step: phones change their answers, the counts follow at once
    meetings.change_step(meeting, step, "open")
    db.session.commit()
    phone = db.session.scalars(
        sa.select(Participant).where(Participant.meeting_id == meeting.id)
    ).first()
    polls.record_answer(
        db.session.connection(),
        measure_id=measures[0].id,
        participant_id=phone.id,
        horizon="done",
        barrier=None,
        key="changed-1",
    )
    db.session.commit()
    assert re.findall(r'<td class="number">(\d+)</td>', _interest(client))[:5] == [
        "1",
        "2",
        "1",
        "0",
        "0",
    ]
