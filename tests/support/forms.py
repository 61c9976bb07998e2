"""Read a page's forms as a browser submits them: only what the HTML holds."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = {"action": attrs.get("action"), "fields": [], "buttons": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and "name" in attrs:
            kind = attrs.get("type", "text")
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self._form["fields"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "button":
            self._form["buttons"].append(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def forms_of(html: str) -> list[dict]:
    """Return each form's action, (name, value) fields and buttons, in order."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def submitted(form: dict, **changes) -> dict[str, list[str]]:
    """Return what the browser posts, with fields set (str or list) or unset (None)."""
    data: dict[str, list[str]] = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = [value] if isinstance(value, str) else list(value)
    return data


EDGE_CASES = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1e308",
    "NaN",
    "-inf",
    "99999999999999999999999999",
    "-2147483649",
    "3,5",
    "\x00",
    "\u202e\u202d",
    "\ufeff",
    "e\u0301",
    "\U0001d54f\U0001d550\U0001f3e0",
    "٣٤٥",
    "' OR 1=1 --",
    "{{7*7}}",
    "<script>alert(1)</script>",
    "a\r\nb",
    "x" * 20_000,
]
