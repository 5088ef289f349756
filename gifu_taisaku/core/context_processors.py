"""Template context for the base layout."""

from django.conf import settings

from gifu_taisaku.core.menu import menu_for


def navigation(request) -> dict:
    """The menu and the signed-in user's membership, for the header of every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "idle_timeout_minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES}
    current_path = request.path
    menu = [dict(item, current=current_path.startswith(item["url"])) for item in menu_for(user)]
    return {
        "menu": menu,
        "membership": user.primary_membership,
        "idle_timeout_minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES,
    }
