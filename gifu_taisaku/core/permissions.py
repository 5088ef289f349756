"""View mixins that check a role permission from accounts.roles (403 when missing)."""

from django.core.exceptions import PermissionDenied

from gifu_taisaku.accounts.roles import Perm


class RolePermissionRequiredMixin:
    """Refuse the view (403) unless one of the user's roles grants `required_perm`."""

    required_perm: Perm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_role_perm(self.required_perm):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
