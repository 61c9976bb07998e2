"""The unsubscribe link of every message: it withdraws the consent to news.

GET only asks (mail scanners open every link in a message); POST does it, from
the page's button or from a mail program's one click (RFC 8058), which sends
neither a cookie nor a CSRF token: the signed link itself is the key. The page
speaks the household's own language, the one its mail is written in.
"""

from flask import Blueprint, abort, make_response, render_template
from flask_babel import force_locale
from htmx_flask import request

from app.extensions import csrf, db
from app.groups.models import Signup
from app.i18n import text_direction
from app.mail import links

bp = Blueprint("unsubscribe", __name__)


def _signup_of(token: str) -> Signup:
    found = links.signup_id_of(token)
    signup = found and db.session.get(Signup, found[0])
    if not links.matches(signup, found[1] if found else ""):
        abort(404)
    return signup


@bp.route("/u/<token>", methods=["GET", "POST"])
@csrf.exempt
def confirm(token: str):
    """Ask whether to stop news by e-mail, and stop it on the button's POST."""
    signup = _signup_of(token)
    done = request.method == "POST"
    if done and signup.consent_news:
        signup.consent_news = False
        db.session.commit()
    with force_locale(signup.language):
        page = render_template(
            "groups/unsubscribe.html",
            done=done,
            current_locale=signup.language,
            text_dir=text_direction(signup.language),
        )
    response = make_response(page)
    response.cache_control.no_store = True
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
