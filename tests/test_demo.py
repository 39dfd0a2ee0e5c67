"""The Korea–Peru demo (DESIGN.md §7): what a newcomer sees first, loaded by `load_demo`."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from agreements.models import Agreement, Citation, Event, Participation
from parties.models import Party

pytestmark = pytest.mark.django_db

SEED_ARTICLE = settings.SEED_DIR / "korea-peru-summit-2024-11-18.txt"
SIMA_MOU = "hd-hhi-sima-submarine-mou-2024"
NAVY_CONTRACT = "hd-hhi-peruvian-navy-naval-vessels-contract"
JOINT_STATEMENT = "korea-peru-joint-statement-2024"
PLEDGE = "chinchero-airport-infrastructure-pledge-2024"


def _agreement(slug):
    return Agreement.objects.get(slug=slug)


def _snapshot():
    """Row counts of every model of the project, and every `updated_at`."""
    counts, stamps = {}, {}
    for app_label in ("core", "parties", "agreements"):
        for model in apps.get_app_config(app_label).get_models():
            label = model._meta.label
            counts[label] = model.objects.count()
            if any(field.name == "updated_at" for field in model._meta.concrete_fields):
                stamps[label] = dict(model.objects.values_list("pk", "updated_at"))
    return counts, stamps


def test_sima_mou_builds_on_the_463_million_contract_with_the_peruvian_navy(demo):
    mou = _agreement(SIMA_MOU)
    assert mou.kind == "mou"
    assert mou.legal_nature == "non_binding"
    assert mou.signed_on == date(2024, 11, 16)
    assert mou.signed_on_precision == "day"
    assert set(mou.participations.values_list("party__slug", "role")) == {
        ("hd-hyundai-heavy-industries", "party"),
        ("sima", "party"),
    }
    (relation,) = mou.relations_out.all()
    assert relation.kind == "builds_on"
    contract = relation.to_agreement
    assert contract.slug == NAVY_CONTRACT
    assert contract.kind == "contract"
    assert contract.legal_nature == "commercial"
    assert contract.value_amount == Decimal("463000000.00")
    assert contract.value_currency == "USD"
    client = contract.participations.get(role="client")
    assert client.party.name == "Peruvian Navy"
    assert contract.participations.get(role="contractor").party.short_name == "HD HHI"


def test_the_contract_has_no_signing_date_because_the_article_gives_none(demo):
    contract = _agreement(NAVY_CONTRACT)
    assert contract.signed_on is None
    assert contract.announced_on is None
    assert contract.event is None
    assert contract.signed_on_display == ""


def test_peru_takes_part_in_at_least_six_entries_counting_its_sub_entities(demo):
    peru = Party.objects.get(slug="republic-of-peru")
    family = peru.descendant_ids()
    assert set(Party.objects.filter(pk__in=family).values_list("slug", flat=True)) >= {
        "republic-of-peru",
        "sima",
        "peruvian-navy",
        "seman",
        "fame",
    }
    involving_peru = Agreement.objects.filter(participations__party__in=family).distinct()
    assert involving_peru.count() >= 6


def test_the_joint_statement_names_both_presidents_as_representatives(demo):
    statement = _agreement(JOINT_STATEMENT)
    assert statement.kind == "joint_statement"
    representatives = {
        (p.party.slug, p.representative.name, p.representative_title)
        for p in statement.participations.select_related("party", "representative")
    }
    assert representatives == {
        ("republic-of-korea", "Yoon Suk Yeol", "President"),
        ("republic-of-peru", "Dina Boluarte", "President"),
    }
    assert {p.representative.kind for p in statement.participations.all()} == {"person"}


def test_the_chinchero_airport_pledge_is_announced_not_signed(demo):
    pledge = _agreement(PLEDGE)
    assert pledge.kind == "pledge"
    assert pledge.status == "announced"
    assert pledge.announced_on == date(2024, 11, 16)
    assert pledge.signed_on is None


def test_every_agreement_quotes_the_article_verbatim(demo):
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    agreements = Agreement.objects.all()
    assert agreements.count() == 7
    for agreement in agreements:
        (citation,) = agreement.citations.select_related("source")
        assert citation.source.published_on == date(2024, 11, 18)
        assert citation.source.language == "en"
        assert citation.quote.strip(), agreement.slug
        assert citation.quote in article, agreement.slug
    assert Citation.objects.values("source").distinct().count() == 1


@pytest.mark.parametrize(
    ("alias", "language", "slug"),
    [
        ("KAI", "", "korea-aerospace-industries"),
        ("대한민국", "ko", "republic-of-korea"),
        ("Perú", "es", "republic-of-peru"),
        ("윤석열", "ko", "yoon-suk-yeol"),
        ("Servicios Industriales de la Marina", "es", "sima"),
        ("Marina de Guerra del Perú", "es", "peruvian-navy"),
        ("Fábrica de Armas y Municiones del Ejército", "es", "fame"),
    ],
)
def test_parties_carry_their_aliases(demo, alias, language, slug):
    assert Party.objects.get(aliases__name=alias, aliases__language=language).slug == slug


def test_peruvian_entities_belong_to_peru(demo):
    for slug in ("peruvian-navy", "sima", "seman", "fame"):
        assert Party.objects.get(slug=slug).parent.slug == "republic-of-peru", slug
    assert Party.objects.get(slug="republic-of-korea").parent is None


def test_the_summit_took_place_on_saturday_inside_apec_week(demo):
    summit = Event.objects.get(slug="korea-peru-summit-2024")
    apec = summit.parent
    assert apec.slug == "apec-economic-leaders-week-2024"
    assert summit.starts_on == summit.ends_on == date(2024, 11, 16)
    assert summit.starts_on.weekday() == 5  # Saturday
    assert apec.starts_on <= summit.starts_on <= summit.ends_on <= apec.ends_on
    assert (summit.country, apec.country) == ("PE", "PE")
    assert summit.agreements.count() == 6


def test_loading_twice_changes_nothing(demo):
    before = _snapshot()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert _snapshot() == before
    assert "already up to date" in out.getvalue()


def test_loading_again_restores_the_article_without_duplicates(demo):
    counts_before, _ = _snapshot()
    mou = _agreement(SIMA_MOU)
    mou.title = "Edited by mistake"
    mou.save()
    mou.sectors.clear()
    Party.objects.get(slug="korea-aerospace-industries").aliases.filter(name="KAI").delete()
    Participation.objects.filter(agreement__slug=JOINT_STATEMENT).update(representative=None)
    call_command("load_demo", verbosity=0)
    assert _snapshot()[0] == counts_before
    mou.refresh_from_db()
    assert mou.title.startswith("HD Hyundai Heavy Industries")
    assert set(mou.sectors.values_list("slug", flat=True)) == {"defense", "shipbuilding"}
    assert Party.objects.filter(aliases__name="KAI").exists()
    assert not Participation.objects.filter(
        agreement__slug=JOINT_STATEMENT, representative=None
    ).exists()


def test_the_command_says_what_it_loaded(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Loaded the Korea–Peru demo: 11 parties, 7 agreements" in out.getvalue()
    quiet = io.StringIO()
    call_command("load_demo", verbosity=0, stdout=quiet)
    assert quiet.getvalue() == ""


def test_everything_loaded_is_published(demo):
    assert Party.objects.count() == 11
    assert not Party.objects.exclude(publication="published").exists()
    assert not Agreement.objects.exclude(publication="published").exists()
    assert not Party.objects.filter(published_at=None).exists()
    assert not Agreement.objects.filter(published_at=None).exists()


def test_a_visitor_sees_the_mou_and_the_contract_it_builds_on(demo, client):
    response = client.get(f"/agreements/{SIMA_MOU}/")
    assert response.status_code == 200
    contract = _agreement(NAVY_CONTRACT)
    assert contract.title in response.text
    response = client.get(contract.get_absolute_url())
    assert response.status_code == 200
    assert "Peruvian Navy" in response.text
