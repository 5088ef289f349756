"""Applying a django-filter FilterSet the way every list page of the app does."""


def apply_filters(filterset_class, request, queryset):
    """The filterset for `request.GET` over `queryset`, and the rows it selects.

    Without a query string the list shows everything in scope; a query string with an
    invalid value (a malformed date, say) shows nothing rather than ignoring the filter,
    and the form says what is wrong.
    """
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, queryset.none()
    return filterset, filterset.qs
