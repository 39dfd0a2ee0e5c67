"""`seed_synthetic` (DESIGN.md §5, issue #6): deterministic, bulk, realistic, all marked synthetic."""

import io
import statistics
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q

from agreements.models import Agreement, AgreementRelation, Event, Participation, Sector
from agreements.synthetic import SECTOR_SLUGS
from parties.models import Party, PartyAlias

pytestmark = pytest.mark.django_db

SMALL = {"agreements": 300, "parties": 80, "seed": 1}
CURRENCIES = {"USD", "EUR", "KRW", "JPY", "CNY", "GBP", "PEN", "BRL"}


def seed(**options):
    out = io.StringIO()
    call_command("seed_synthetic", **{**SMALL, **options}, stdout=out)
    return out.getvalue()


def synthetic_agreements():
    return Agreement.objects.filter(is_synthetic=True)


def agreement_rows():
    return set(
        synthetic_agreements().values_list(
            "slug", "title", "signed_on", "value_amount", "value_currency"
        )
    )


def participant_rows():
    return set(
        Participation.objects.filter(agreement__is_synthetic=True).values_list(
            "agreement__slug", "party__slug", "role", "representative__slug", "order"
        )
    )


def real_rows():
    """Every non-synthetic row of the project's models, with its `updated_at` when it has one."""
    rows = {}
    for app_label in ("core", "parties", "agreements"):
        for model in apps.get_app_config(app_label).get_models():
            queryset = model.objects.all()
            if any(f.name == "is_synthetic" for f in model._meta.fields):
                queryset = queryset.filter(is_synthetic=False)
            elif model is Event:
                queryset = queryset.exclude(slug__startswith="syn-")
            elif model is Participation:
                queryset = queryset.filter(agreement__is_synthetic=False)
            elif model is PartyAlias:
                queryset = queryset.filter(party__is_synthetic=False)
            elif model is AgreementRelation:
                queryset = queryset.filter(from_agreement__is_synthetic=False)
            fields = ["pk"] + [
                f.attname for f in model._meta.concrete_fields if f.name == "updated_at"
            ]
            rows[model._meta.label] = set(queryset.values_list(*fields))
    return rows


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    output = seed()
    assert "300 agreements" in output
    assert " s." in output.splitlines()[-1]  # the final line gives the elapsed seconds
    first, first_participants = agreement_rows(), participant_rows()
    assert len(first) == 300

    seed(clear=True, batch_size=37)  # the batch size does not change the rows
    assert agreement_rows() == first
    assert participant_rows() == first_participants

    seed(clear=True, seed=2)
    assert synthetic_agreements().count() == 300
    assert agreement_rows() != first


def test_every_row_is_marked_synthetic_and_slugs_start_with_syn():
    seed()
    assert Party.objects.filter(is_synthetic=False).count() == 0
    assert Agreement.objects.filter(is_synthetic=False).count() == 0
    assert Party.objects.count() == 80
    assert Agreement.objects.count() == 300
    assert not Party.objects.exclude(slug__startswith="syn-").exists()
    assert not Agreement.objects.exclude(slug__startswith="syn-").exists()
    assert Event.objects.exists()
    assert not Event.objects.exclude(slug__startswith="syn-").exists()
    assert synthetic_agreements().filter(event__isnull=False).exists()
    assert (
        not synthetic_agreements()
        .exclude(event=None)
        .exclude(event__slug__startswith="syn-")
        .exists()
    )


def test_a_published_agreement_never_names_an_unpublished_party_or_representative():
    seed()
    published = Participation.objects.filter(agreement__publication="published")
    assert published.exists()
    assert not published.exclude(party__publication="published").exists()
    assert (
        not published.filter(representative__isnull=False)
        .exclude(representative__publication="published")
        .exists()
    )
    # …and yet drafts and parties in draft exist, so leak tests have something to catch.
    publications = dict(synthetic_agreements().values_list("publication").annotate(n=Count("pk")))
    assert 0.8 * 300 <= publications["published"] <= 0.97 * 300
    assert publications.get("draft", 0) + publications.get("review", 0) >= 10


def test_participants_roles_representatives_and_sectors_are_sensible():
    seed()
    counts = synthetic_agreements().annotate(
        participants=Count("participations", distinct=True),
        n_sectors=Count("sectors", distinct=True),
    )
    assert {row.participants for row in counts} <= {2, 3, 4}
    assert {row.n_sectors for row in counts} <= {1, 2, 3}
    assert {row.participants for row in counts} == {2, 3, 4}
    assert Sector.objects.filter(slug__in=SECTOR_SLUGS).count() == len(SECTOR_SLUGS)

    for agreement in synthetic_agreements().prefetch_related("participations"):
        roles = [p.role for p in agreement.participations.all()]
        if agreement.kind == "contract":
            assert {"contractor", "client"} <= set(roles), agreement.title
        elif agreement.kind == "loan_agreement":
            assert {"financier", "beneficiary"} <= set(roles), agreement.title
        else:
            assert set(roles) == {"party"}, agreement.title

    represented = Participation.objects.filter(representative__isnull=False)
    assert represented.count() >= 30
    assert not represented.exclude(representative__kind="person").exists()
    assert not represented.filter(representative_title="").exists()
    assert not represented.exclude(representative__country=F("party__country")).exists()
    # Persons only represent; they are never parties themselves.
    assert not Participation.objects.filter(party__kind="person").exists()


def test_parties_are_structured_like_the_real_world():
    seed()
    bodies = Party.objects.filter(kind__in=["government_body", "state_enterprise"])
    assert bodies.exists()
    assert not bodies.exclude(parent__kind="state").exists()
    assert not bodies.exclude(country=F("parent__country")).exists()
    subsidiaries = Party.objects.filter(kind="company", parent__isnull=False)
    assert not subsidiaries.exclude(country=F("parent__country")).exists()
    assert Party.objects.filter(kind="person").count() >= 10
    assert not Party.objects.filter(kind="state", publication__in=["draft", "review"]).exists()


def test_a_few_states_take_part_in_most_agreements():
    seed()
    per_state = sorted(
        Party.objects.filter(kind="state")
        .annotate(n=Count("participations__agreement", distinct=True))
        .values_list("n", flat=True),
        reverse=True,
    )
    assert len(per_state) >= 15
    assert per_state[0] >= 5 * max(statistics.median(per_state), 1)
    assert per_state[0] >= 40


def test_dates_values_kinds_and_titles_look_real():
    seed()
    agreements = list(synthetic_agreements())
    dated = [a.signed_on or a.announced_on for a in agreements]
    assert all(date(1960, 1, 1) <= d <= date(2026, 12, 31) for d in dated)
    assert max(dated).year - min(dated).year >= 30
    precisions = {a.signed_on_precision for a in agreements if a.signed_on}
    assert "day" in precisions and precisions & {"month", "year"}
    assert all(a.signed_on.day == 1 for a in agreements if a.signed_on_precision == "month")
    with_value = [a for a in agreements if a.value_amount is not None]
    assert 0.25 * 300 <= len(with_value) <= 0.55 * 300
    assert {a.value_currency for a in with_value} <= CURRENCIES
    assert len({a.value_currency for a in with_value}) >= 4
    assert all(a.value_amount > 0 for a in with_value)
    assert len({a.kind for a in agreements}) >= 8
    assert len({a.status for a in agreements}) >= 5
    assert all(a.expires_on >= a.signed_on for a in agreements if a.expires_on and a.signed_on)
    contracts = [a for a in agreements if a.kind == "contract"]
    assert sum(a.legal_nature == "commercial" for a in contracts) >= 0.7 * len(contracts)

    sample = synthetic_agreements().prefetch_related("participations__party", "sectors")[:25]
    for agreement in sample:
        first, second = list(agreement.participations.all())[:2]
        year = (agreement.signed_on or agreement.announced_on).year
        assert agreement.title.startswith(
            f"{first.party.display_name}–{second.party.display_name} "
        )
        assert agreement.title.endswith(f" {year}")
        assert any(
            f" on {sector.name.lower()} " in agreement.title for sector in agreement.sectors.all()
        )


def test_a_second_run_without_clear_is_refused_and_changes_nothing():
    seed()
    before = agreement_rows()
    with pytest.raises(CommandError, match="--clear"):
        seed(seed=2)
    assert agreement_rows() == before
    assert Party.objects.count() == 80


def test_clear_removes_synthetic_rows_and_leaves_the_demo_untouched(demo):
    before = real_rows()
    sectors_before = set(Sector.objects.values_list("pk", "slug", "name", "description"))
    seed()
    assert synthetic_agreements().count() == 300
    # The demo's sectors are reused, not duplicated; only the missing standard ones are added.
    assert sectors_before <= set(Sector.objects.values_list("pk", "slug", "name", "description"))
    assert Sector.objects.count() == len(SECTOR_SLUGS)

    output = io.StringIO()
    call_command("seed_synthetic", clear=True, agreements=0, parties=0, stdout=output)
    assert "cleared" in output.getvalue()
    assert not Party.objects.filter(is_synthetic=True).exists()
    assert not synthetic_agreements().exists()
    assert not Event.objects.filter(slug__startswith="syn-").exists()
    assert not Participation.objects.filter(
        Q(party__is_synthetic=True) | Q(representative__is_synthetic=True)
    ).exists()
    after = real_rows()
    assert after.pop("agreements.Sector") >= before.pop("agreements.Sector")
    assert after == before


def test_clear_refuses_when_a_real_agreement_names_a_synthetic_party():
    seed(agreements=20, parties=20)
    real = Agreement.objects.create(title="Real", slug="real", kind="mou")
    Participation.objects.create(agreement=real, party=Party.objects.first(), role="party")
    with pytest.raises(CommandError, match="real rows still refer"):
        seed(clear=True)
    assert synthetic_agreements().count() == 20  # rolled back: nothing was deleted


def test_rows_respect_every_constraint_and_model_validation():
    seed()  # no IntegrityError on the way
    for agreement in synthetic_agreements().order_by("slug")[::15]:  # 20 agreements
        agreement.full_clean()
        for participation in agreement.participations.all():
            participation.full_clean()
    for party in Party.objects.order_by("slug")[::4]:
        party.full_clean()
    for event in Event.objects.all():
        event.full_clean()
