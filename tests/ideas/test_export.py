"""The municipality downloads its meetings' ideas: the kind's own sheet."""

import io
from zipfile import ZipFile

import sqlalchemy as sa

from app.exports.models import ExportAudit
from app.extensions import db
from app.ideas import services as ideas
from app.meetings import services as meetings
from tests.support.web import login


def _ideas_step(meeting, question, texts):
    step = meetings.add_step(meeting, kind="ideas", title="Ideeën")
    ideas.create_question(step, question, None)
    phones = [meetings.join(meeting, locale="nl")[0] for _ in range(3)]
    shared = [
        ideas.share(step, phones[n % 3], text, f"key-{n}")
        for n, text in enumerate(texts)
    ]
    db.session.flush()
    return step, phones, shared


def test_the_desk_downloads_every_shown_idea_with_its_upvotes(
    app, make_user, make_meeting
):
    staff = make_user(role="staff")
    meeting = make_meeting(steps=())
    _step, phones, (trees, planting, rude) = _ideas_step(
        meeting, "Wat mist de straat?", ["Meer bomen", "Bomen planten", "=1+1 lelijk"]
    )
    ideas.merge(planting, trees)
    ideas.moderate(rude, "hide")
    for phone in phones[:2]:
        ideas.vote(trees, phone)
    elsewhere = make_meeting(make_user(municipality="Brugge"), steps=())
    _ideas_step(elsewhere, "Elders?", ["Brugs idee"])
    db.session.commit()
    client = app.test_client()
    login(client, staff)

    response = client.get("/municipality/export/steps/ideas.csv")
    assert response.status_code == 200
    text = response.get_data().decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].split(";") == [
        "Bijeenkomst",
        "Datum",
        "Wijk",
        "Vraag",
        "Idee",
        "Stemmen",
        "Ook zo gezegd",
    ]
    assert lines[1:] == [
        "Klimaattafel Rabot;2026-12-01;Rabot;Wat mist de straat?;Meer bomen;2;"
        "Bomen planten"
    ]
    assert "lelijk" not in text and "Brugs" not in text
    audit = db.session.scalars(sa.select(ExportAudit)).one()
    assert (audit.what, audit.file_format, audit.rows) == ("ideas steps", "csv", 1)

    workbook = client.get("/municipality/export/steps/ideas.xlsx")
    assert workbook.status_code == 200
    with ZipFile(io.BytesIO(workbook.get_data())) as xlsx:
        strings = " ".join(xlsx.read(name).decode() for name in xlsx.namelist())
    assert "Meer bomen" in strings and "lelijk" not in strings


def test_a_kind_without_a_sheet_is_not_found(app, make_user):
    client = app.test_client()
    login(client, make_user(role="staff"))
    for kind in ("personas", "no-such-kind"):
        assert client.get(f"/municipality/export/steps/{kind}.csv").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(ExportAudit.id))) == 0


def test_the_dashboard_offers_the_ideas_download(app, make_user):
    client = app.test_client()
    login(client, make_user(role="staff"))
    html = client.get("/municipality").get_data(as_text=True)
    assert "/municipality/export/steps/ideas.xlsx" in html
    assert "Ideeën: wat bewoners deelden (CSV)" in html
