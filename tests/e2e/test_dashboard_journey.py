"""The municipality's dashboard at 1366 px with 40 neighbourhoods and years of
sign-ups: no word broken in a table, every chart label inside its picture,
filters that work, and axe-core clean."""

from datetime import date

import pytest
from playwright.sync_api import expect

from app import create_app
from app.extensions import db
from tests.support.browser import assert_accessible
from tests.support.history import Municipality
from tests.support.journeys import login
from tests.support.servers import Server
from tests.support.web import make_config

pytestmark = pytest.mark.browser
STAFF = "griet@gent.be"

#: every word of a visible table cell whose letters do not share one line
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("table.data th, table.data td")) {
    if (!cell.offsetParent) continue;  // in a closed <details>
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      const range = document.createRange();
      let word = "", top = null, split = false;
      for (let i = 0; i <= text.length; i++) {
        const ch = text[i];
        if (i === text.length || /\\s/.test(ch)) {
          if (split) broken.push(word);
          word = ""; top = null; split = false;
          continue;
        }
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        word += ch;
        if (!rect) continue;
        if (top === null) top = rect.top;
        else if (Math.abs(rect.top - top) > 2) split = true;
      }
    }
  }
  return broken;
}"""

#: every text of a chart whose box leaves the picture's viewBox
LABELS_OUTSIDE = """() => {
  const outside = [];
  for (const svg of document.querySelectorAll("svg.chart")) {
    const view = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll("text")) {
      const box = text.getBBox();
      if (box.x < view.x || box.y < view.y || box.x + box.width > view.x + view.width
          || box.y + box.height > view.y + view.height) outside.push(text.textContent);
    }
  }
  return outside;
}"""


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    """A server whose Gent has 40 neighbourhoods, 80 meetings and 900 sign-ups."""
    folder = tmp_path_factory.mktemp("town")
    url = f"sqlite:///{folder / 'town.sqlite'}"
    server = Server(folder, {"DATABASE_URL": url, "SECRET_KEY": "e2e-secret"})
    server.flask("db", "upgrade")
    server.create_user("fien@gent.be", "Fien")
    server.create_user(STAFF, "Griet", role="staff")
    app = create_app(make_config(url))
    with app.app_context():
        with db.engine.begin() as connection:
            facilitator = connection.exec_driver_sql(
                "SELECT id FROM users WHERE email = 'fien@gent.be'"
            ).scalar()
            gent = Municipality(connection, "Gent", facilitator, meetings=80, phones=6)
            gent.base(date.today(), signups=900)
            gent.grow(1)
        db.engine.dispose()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def laptop(new_context):
    return new_context(locale="nl-BE", viewport={"width": 1366, "height": 768})


def test_the_dashboard_reads_well_at_1366_px(town, laptop):
    page = laptop.new_page()
    login(page, town.url, STAFF)
    page.goto(f"{town.url}/municipality")
    names = page.locator("svg.chart text[text-anchor=end]")
    expect(names).to_have_count(40)
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate(LABELS_OUTSIDE) == []
    rows = page.locator(".groups-table tbody.street-group")
    expect(rows).to_have_count(50)  # one page of streets and measures
    assert page.locator(".street-group-total").count() > 0  # types of home split
    assert "row_house" not in page.locator(".groups-table").inner_text()
    assert_accessible(page)

    page.get_by_label("Wijk", exact=True).select_option(index=3)
    page.get_by_role("button", name="Tonen").first.click()
    expect(names).to_have_count(1)
    assert page.evaluate(LABELS_OUTSIDE) == []
    page.locator("details summary").click()
    assert page.evaluate(BROKEN_WORDS) == []
    assert_accessible(page)
