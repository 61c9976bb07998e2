"""What a partner reads of a group depends only on the households that share."""

import pytest

from app.groups.logic import GroupStatus
from app.partners.logic import audit_what, shown_status


@pytest.mark.parametrize(
    ("status", "shared", "threshold", "shown"),
    [
        # staff see "viable" from all households; the partner counts its own
        (GroupStatus.VIABLE, 1, 2, GroupStatus.FORMING),
        (GroupStatus.VIABLE, 2, 2, GroupStatus.VIABLE),
        (GroupStatus.FORMING, 0, 8, GroupStatus.FORMING),
        # what staff set by hand is shown as set
        (GroupStatus.TENDERING, 0, 8, GroupStatus.TENDERING),
        (GroupStatus.CLOSED, 9, 8, GroupStatus.CLOSED),
    ],
)
def test_a_partner_reads_the_status_its_shared_households_give(
    status, shared, threshold, shown
):
    assert shown_status(status, shared, threshold) == shown


def test_an_audit_row_names_the_page_and_the_group_only():
    assert audit_what("partners.group", "group 12") == "partners.group group 12"
    assert audit_what(None, "groups") == "groups"
    assert len(audit_what("x" * 300, "group 1")) == 200
