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
from django_filters.fields import ModelMultipleChoiceField

from .cache import cached_per_generation
from .models import sees_drafts


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


class KeptChoicesField(ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose chosen rows, once found, are kept per generation
    (core.cache) and per the reader's visibility (`sees_drafts`, set by KeptChoicesFilter),
    as plain values: a filtered list found its two parties and its sector by two ORM
    queries, ~1.6 ms of a 9 ms API request. An unknown value is looked up every time, so
    it is refused as before."""

    sees_drafts = None

    def _check_values(self, value):
        if self.sees_drafts is None:
            return super()._check_values(value)
        model = self.queryset.model
        chosen = tuple(sorted({str(item) for item in value}))
        key = ("choices", model._meta.label, self.to_field_name, self.sees_drafts, chosen)
        rows = cached_per_generation(key, lambda: self._rows(value))
        return [model.from_db(using, names, values) for using, names, values in rows]

    def _rows(self, value):
        """The rows found as `(database, loaded field names, their values)`."""
        rows = []
        for found in super()._check_values(value):
            names = [f.attname for f in found._meta.concrete_fields if f.attname in found.__dict__]
            rows.append((found._state.db, names, [found.__dict__[name] for name in names]))
        return rows


class KeptChoicesFilter(django_filters.ModelMultipleChoiceFilter):
    """A ModelMultipleChoiceFilter through KeptChoicesField: for a `queryset` that depends
    on nothing but whether the reader sees drafts."""

    field_class = KeptChoicesField

    @property
    def field(self):
        field = super().field
        field.sees_drafts = sees_drafts(getattr(self.get_request(), "user", None))
        return field
