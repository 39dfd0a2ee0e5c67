"""The FilterSets copy their filters and form fields shallowly (core.filters, for speed):
two FilterSets built one after the other, or side by side, must still not share anything a
request changes — the reader's querysets, the form's fields and errors, the filter methods."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from agreements.filters import AgreementFilterSet
from agreements.models import Agreement
from core.models import Publication
from parties.filters import PartyFilterSet
from tests.factories import make_agreement, make_party, make_user

pytestmark = pytest.mark.django_db


def build(params, user=None, filterset_class=AgreementFilterSet):
    request = RequestFactory().get("/", params)
    request.user = user or AnonymousUser()
    queryset = filterset_class._meta.model.objects.visible_to(request.user)
    return filterset_class(request.GET, queryset=queryset, request=request)


def test_each_reader_gets_the_party_choices_they_may_see_side_by_side():
    draft = make_party(name="Draft Party", slug="draft-party", publication=Publication.DRAFT)
    make_agreement(title="With the draft", parties=[draft], publication=Publication.DRAFT)
    staff = make_user(username="editor", is_staff=True)

    for_staff = build({"party": "draft-party"}, user=staff)
    for_reader = build({"party": "draft-party"})
    assert for_staff.form.fields["party"] is not for_reader.form.fields["party"]
    assert not for_reader.is_valid()  # built second: must not widen the staff's choices
    assert for_staff.is_valid(), for_staff.errors
    assert [a.title for a in for_staff.qs] == ["With the draft"]
    assert "party" in for_reader.errors


def test_errors_and_values_stay_with_their_own_filterset():
    bad = build({"signed_after": "not a date", "kind": "nope"})
    good = build({"signed_after": "2024-01-01"})
    assert not bad.is_valid()
    assert good.is_valid(), good.errors
    assert set(bad.errors) == {"signed_after", "kind"}
    assert good.form.cleaned_data["signed_after"].isoformat() == "2024-01-01"


def test_filter_methods_run_on_their_own_filterset():
    korea = make_party(name="Korea", slug="korea")
    make_agreement(title="Korea's", parties=[korea])
    make_agreement(title="Other")
    first, second = build({"party": "korea"}), build({"q": "other"})
    assert [a.title for a in first.qs] == ["Korea's"]
    assert [a.title for a in second.qs] == ["Other"]
    for filterset in (first, second):
        for filter_ in filterset.filters.values():
            assert filter_.parent is filterset
            assert filter_ is not AgreementFilterSet.base_filters.get(filter_.field_name)


def test_the_class_filters_are_left_as_declared():
    staff = make_user(username="publisher", is_staff=True)
    build({"party": "x", "publication": "draft"}, user=staff).is_valid()
    build({"q": "y"}, filterset_class=PartyFilterSet).is_valid()
    for filterset_class in (AgreementFilterSet, PartyFilterSet):
        for filter_ in filterset_class.base_filters.values():
            assert not hasattr(filter_, "parent")
    assert "publication" in AgreementFilterSet.base_filters  # staff-only, deleted per reader
    assert Agreement.objects.count() == 0


def test_a_form_field_built_on_the_class_is_never_shared():
    # The schema generator builds fields on the class's filters; a request's must be its own.
    class_field = AgreementFilterSet.base_filters["kind"].field
    first, second = build({"kind": "mou"}), build({"kind": "treaty"})
    assert first.form.fields["kind"] is not class_field
    assert first.form.fields["kind"] is not second.form.fields["kind"]
    assert first.is_valid() and second.is_valid()
    assert first.form.cleaned_data["kind"] == ["mou"]
    assert second.form.cleaned_data["kind"] == ["treaty"]


def test_multiple_choice_filters_left_empty_do_not_call_their_methods(monkeypatch):
    old = make_agreement(title="Old", signed_on="1999-05-01")
    new = make_agreement(title="New", signed_on="2005-05-01")
    seen = {}

    def record(name, original):
        def method(self, queryset, filter_name, value):
            seen[name] = value
            return original(self, queryset, filter_name, value)

        return method

    monkeypatch.setattr(
        AgreementFilterSet, "filter_parties", record("party", AgreementFilterSet.filter_parties)
    )
    monkeypatch.setattr(
        AgreementFilterSet, "filter_sectors", record("sector", AgreementFilterSet.filter_sectors)
    )
    filterset = build({"signed_after": "2000-01-01"})

    assert [a.pk for a in filterset.qs] == [new.pk]
    # Left empty, they filter nothing; an empty QuerySet (`none()`) handed to the methods
    # was compiled again by each `if value`.
    assert seen == {}
    assert old.pk not in [a.pk for a in filterset.qs]
