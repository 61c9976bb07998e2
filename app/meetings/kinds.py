"""What each kind of step adds to the phone, screen and facilitator views.

Activity packages register their kind here, so meetings need not know them.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from app.i18n import _l


def _nothing(*_args) -> dict:
    return {}


def _alike(*_args) -> Hashable:
    return ()


def _nobody(*_args) -> bool:
    return False


def _none(*_args) -> None:
    return None


@dataclass(frozen=True)
class KindViews:
    #: what the facilitator calls the kind (a lazy translated string)
    label: object
    #: where the kind stands in the facilitator's list (the first is the default)
    position: int
    #: templates included for the step on each screen
    phone_template: str
    screen_template: str | None = None
    manage_template: str | None = None
    #: template of the step in the meeting report, with the screen context (or
    #: report_context's, when the report shows more than the screen)
    report_template: str | None = None
    #: extra template context: (meeting, step, participant) for phones
    phone_context: Callable[..., dict] = field(default=_nothing)
    #: extra template context: (meeting, step) for the screen
    screen_context: Callable[..., dict] = field(default=_nothing)
    #: extra template context: (meeting, step) for the facilitator
    manage_context: Callable[..., dict] = field(default=_nothing)
    #: template context of the report's section, (meeting, step); None: the screen's
    report_context: Callable[..., dict] | None = None
    #: the kind's own questions when a step is added (a Form class), and the
    #: template of its fieldset, given `form`
    config_form: type | None = None
    config_template: str | None = None
    #: called after a step of this kind is added: (step, config form or None)
    on_create: Callable[..., None] = field(default=_nothing)
    #: called when the facilitator opens the step: (step)
    on_open: Callable[..., object] = field(default=_nothing)
    #: called when the facilitator reveals the step: (step)
    on_reveal: Callable[..., object] = field(default=_nothing)
    #: what sets one phone's view of the step apart from another's in the same
    #: language and version: (step, participant) -> a hashable value, or None
    #: when the view is the phone's own. Phones with equal values share one
    #: render of the step (app/meetings/shared_renders.py). It and phone_parts
    #: get plain rows (services.StepRow, PhoneRow), not model objects.
    phone_variant: Callable[..., Hashable | None] = field(default=_alike)
    #: the step's content as its configuration form's data: (step) -> dict.
    #: It prefills the form to edit the step, and duplicates and agenda
    #: templates carry it (JSON: strings, numbers, lists)
    config_data: Callable[..., dict] = field(default=_nothing)
    #: replaces the step's content with the configuration form's: (step, form);
    #: called only while nobody answered the step
    on_edit: Callable[..., None] = field(default=_nothing)
    #: whether anyone answered the step: (step) -> bool. An answered step keeps
    #: its content (answers refer to it) and cannot be deleted
    has_answers: Callable[..., bool] = field(default=_nobody)
    #: what the facilitator is told can no longer change once people answered
    locked_text: object = None
    #: the households (participant ids: phones and those entered by hand) that
    #: answered the step: (step) -> set, for the everyone-counted meter; None
    #: for a kind that takes no answers from households
    respondents: Callable[..., set[int]] | None = None
    #: the kind's sheet in the municipality's downloads (app/exports):
    #: (municipality_id) -> (title, [(column header, "text" or "number")], rows),
    #: in the request's language; None for a kind with nothing to export
    export: Callable[..., tuple] | None = None
    #: what of the shared render is this phone's own: (meeting, step,
    #: participant) -> a function from a part slot's name to its HTML, or None
    #: when the render has no part slots (see app/meetings/shared_renders.py)
    phone_parts: Callable[..., Callable[[str], str] | None] = field(default=_none)


KINDS: dict[str, KindViews] = {}


def register(kind: str, views: KindViews) -> None:
    KINDS[kind] = views


def views_for(kind: str) -> KindViews:
    return KINDS[kind]


def labels() -> dict[str, object]:
    """Return every kind's label, in the facilitator's order."""
    ordered = sorted(KINDS.items(), key=lambda item: item[1].position)
    return {kind: views.label for kind, views in ordered}


def exports() -> dict[str, object]:
    """Return the label of every kind with a sheet of its own in the downloads."""
    return {kind: label for kind, label in labels().items() if KINDS[kind].export}


def config_forms() -> dict[str, object]:
    """Return a configuration form per kind that has one, filled from the request.

    Only the chosen kind's form is validated; the others are shown afresh.
    """
    return {
        name: views.config_form()
        for name, views in KINDS.items()
        if views.config_form is not None
    }


def config_form(step, *, from_request: bool):
    """Return the kind's configuration form for an existing step: filled from
    the request when it was sent, else with the step's content; None for a
    kind without one."""
    views = KINDS[step.kind]
    if views.config_form is None:
        return None
    if from_request:
        return views.config_form()
    return views.config_form(formdata=None, data=views.config_data(step))


def content_form(kind: str, data: dict):
    """Return the kind's configuration form holding ``data`` (a duplicate's or a
    template's content), for its own rules to check; None for a kind without one."""
    views = KINDS[kind]
    if views.config_form is None:
        return None
    return views.config_form(formdata=None, data=data)


def has_answers(step) -> bool:
    """Return whether anyone answered the step."""
    return bool(KINDS[step.kind].has_answers(step))


def locked_text(step) -> object:
    """Return what the facilitator is told cannot change once people answered."""
    return KINDS[step.kind].locked_text or _l(
        "People have answered this step, so what they answered about can no longer"
        " change. Its title, text and countdown still can."
    )


def phone_context(meeting, step, participant) -> dict:
    """Return what the phone template of the step's kind needs."""
    views = KINDS[step.kind]
    return {"kind_views": views, **views.phone_context(meeting, step, participant)}


def screen_context(meeting, step) -> dict:
    """Return what the screen template of the step's kind needs."""
    views = KINDS[step.kind]
    return {"kind_views": views, **views.screen_context(meeting, step)}


def report_sections(meeting) -> list[tuple]:
    """Return (step, template, context) for each started step in the report."""
    return [
        (
            step,
            views.report_template,
            (views.report_context or views.screen_context)(meeting, step),
        )
        for step in meeting.steps
        if (views := KINDS[step.kind]).report_template and step.state != "pending"
    ]


def manage_sections(meeting) -> list[tuple]:
    """Return (step, template, context) for each started step with a manage view."""
    sections = []
    for step in meeting.steps:
        views = KINDS[step.kind]
        if views.manage_template and step.state != "pending":
            sections.append(
                (step, views.manage_template, views.manage_context(meeting, step))
            )
    return sections


INFO = "info"
register(
    INFO,
    KindViews(
        label=_l("Information"), position=90, phone_template="meetings/steps/info.html"
    ),
)
