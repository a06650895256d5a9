"""Page-number pagination: `page`, and `page_size` from 1 to 100 (20 by default; more is a 400)."""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


def _whole_number(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise ValidationError({name: [_("Give a whole number from 1 upwards.")]})
    value = int(raw)
    if value < 1:
        raise ValidationError({name: [_("Give a whole number from 1 upwards.")]})
    return value


class PortalPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    page_size_query_description = "Results per page, from 1 to 100; more than 100 is a 400."

    def get_page_size(self, request) -> int:
        size = _whole_number(request, self.page_size_query_param)
        if size is not None and size > self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give at most %(max)d results per page.") % {"max": self.max_page_size}
                    ]
                }
            )
        return self.page_size if size is None else size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        raw_page = request.query_params.get(self.page_query_param)
        if raw_page and len(raw_page) <= 18 and raw_page.isascii() and raw_page.isdigit():
            number = int(raw_page)
        elif raw_page:
            # Digits too many to be a page of this catalogue are simply out of range.
            if raw_page.isascii() and raw_page.isdigit():
                raise NotFound(_("There is no page %(page)s.") % {"page": raw_page[:30]})
            raise ValidationError({self.page_query_param: [_("Give a whole number from 1.")]})
        else:
            number = 1
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise NotFound(_("There is no page %(page)s.") % {"page": number}) from None
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters
