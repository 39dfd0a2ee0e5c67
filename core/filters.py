"""The base of the register's FilterSets (agreements, parties), shared by pages and API.

django-filter deep-copies every declared filter for each FilterSet (their querysets,
choices and widgets), then Django's form deep-copies the form fields those copies have
just built: 2,500 `deepcopy` calls, ~1.2 ms of a filtered API request (15.8 → 14.4 ms
in-process on the bench database). Neither copy is needed for what differs between two
requests:

- a filter's per-request state is its `model`, `parent`, built form field (`_field`), the
  `queryset` it resolves for the request into `extra` and, with `method=`, the
  FilterMethod that finds the method on its parent; so a shallow copy with its own
  `extra`, no cached field and its own FilterMethod is enough;
- the form fields are then built anew for each FilterSet, so the form may use them as
  they are.
"""

import copy

import django_filters
from django.db.models import QuerySet


class _FiltersCopiedShallow(dict):
    """`base_filters` whose deep copy (FilterSet.__init__) copies each filter shallowly."""

    def __deepcopy__(self, memo):
        copied = {}
        for name, filter_ in self.items():
            clone = copy.copy(filter_)
            clone.extra = dict(filter_.extra)
            clone.__dict__.pop("_field", None)
            if clone.method is not None:
                clone.method = clone.method  # its FilterMethod must call this copy's parent
            copied[name] = clone
        return copied


class _FreshFields(dict):
    """A form's `base_fields`: those of the `fresh` names were built for this FilterSet
    only and nothing else holds them, so the form's deep copy (BaseForm.__init__) keeps
    them as they are; any other (declared on a base form) is copied as usual."""

    def __init__(self, fields, fresh):
        super().__init__(fields)
        self.fresh = fresh

    def __deepcopy__(self, memo):
        return {
            name: field if name in self.fresh else copy.deepcopy(field, memo)
            for name, field in self.items()
        }


class FilterSet(django_filters.FilterSet):
    @classmethod
    def get_filters(cls):
        return _FiltersCopiedShallow(super().get_filters())

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.base_fields = _FreshFields(form_class.base_fields, fresh=set(self.filters))
        return form_class

    def filter_queryset(self, queryset):
        # A multiple-choice filter left empty cleans to an empty QuerySet (`none()`), which
        # django-filter hands to `method=` filters as their value: testing it (`if value`)
        # compiled a query each time, ~0.5 ms per such filter of every list and page.
        cleaned = self.form.cleaned_data
        for name, value in cleaned.items():
            if isinstance(value, QuerySet) and value.query.is_empty():
                cleaned[name] = []
        return super().filter_queryset(queryset)
