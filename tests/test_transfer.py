"""Data in and out (DESIGN.md §5): export_data, import_data and the admin's import page.

The round trip is checked through the API: export, delete every content row, import, and
every list and detail of every resource reads the same (source ids aside: sources have no
slug and get new ids)."""

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient
from reversion.models import Version

from agreements import admin_import
from agreements.models import Agreement, AgreementRelation, Citation, Event, Sector, Source
from agreements.transfer import export_records, import_lines
from core.models import Publication
from parties.models import Party
from tests.factories import (
    make_agreement,
    make_citation,
    make_event,
    make_member,
    make_participation,
    make_party,
    make_relation,
    make_sector,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db

RESOURCES = ("agreement", "party", "event", "sector", "source")


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    cache.clear()
    yield
    cache.clear()


# --- Helpers -----------------------------------------------------------------------------


def export(**options):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_data", stdout=out, stderr=err, **options)
    return out.getvalue()


def records(dump):
    return [json.loads(line) for line in dump.splitlines() if line.strip()]


def jsonl(items):
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def run_import(tmp_path, dump, **options):
    path = tmp_path / "dump.jsonl"
    path.write_text(dump, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_data", str(path), stdout=out, stderr=err, **options)
    except CommandError as error:
        return False, out.getvalue(), err.getvalue() + str(error)
    return True, out.getvalue(), err.getvalue()


def import_text(dump, **options):
    return import_lines(io.StringIO(dump), **options)


def delete_register():
    """Every content row, children before parents (references are PROTECTed)."""
    Agreement.objects.all().delete()
    Source.objects.all().delete()
    for model in (Party, Event):
        while model.objects.exists():
            model.objects.filter(children__isnull=True).delete()
    Sector.objects.all().delete()


def fingerprint():
    """What an import that failed or was a dry run must leave exactly as it was."""
    return {
        "agreements": list(
            Agreement.objects.order_by("pk").values_list(
                "pk", "slug", "title", "publication", "updated_at", "value_amount"
            )
        ),
        "parties": list(
            Party.objects.order_by("pk").values_list(
                "pk", "slug", "name", "publication", "updated_at"
            )
        ),
        "events": list(Event.objects.order_by("pk").values_list("pk", "slug", "name", "parent")),
        "sectors": list(Sector.objects.order_by("pk").values_list("pk", "slug", "name")),
        "sources": list(Source.objects.order_by("pk").values_list("pk", "title", "url")),
        "relations": list(AgreementRelation.objects.order_by("pk").values_list()),
        "citations": list(Citation.objects.order_by("pk").values_list()),
        "versions": Version.objects.count(),
    }


def source_identity(source):
    return source["url"] or f"{source['title']}|{source['publisher']}"


def api_snapshot(client):
    """Every list and detail of every resource as `client` reads it. Sources have no slug
    and get new ids on import: their `id` and `api_url` are replaced by their identity."""
    snapshot = {}
    for resource in RESOURCES:
        response = client.get(reverse(f"api:{resource}-list"), {"page_size": 100})
        assert response.status_code == 200
        page = response.json()
        assert page["next"] is None
        for item in page["results"]:
            lookup = {"id": item["id"]} if resource == "source" else {"slug": item["slug"]}
            detail = client.get(reverse(f"api:{resource}-detail", kwargs=lookup))
            assert detail.status_code == 200
            detail = detail.json()
            if resource == "source":
                for data in (item, detail):
                    data["id"] = data["api_url"] = source_identity(data)
            snapshot[(resource, item.get("slug") or item["id"])] = detail
        snapshot[resource] = page["results"]
    return snapshot


def staff_api():
    client = APIClient()
    client.force_authenticate(make_user(username="api-reader", is_superuser=True))
    return client


# --- A register with everything an export must carry --------------------------------------


@pytest.fixture
def register(demo):
    """The demo, plus drafts and an entry in review, a published party under a draft one,
    a parent created after its child, an event created before its parent, a source with
    and one without a URL, one that nobody cites, and relations created in an order that
    an import agreement by agreement would not reproduce."""
    korea = Party.objects.get(slug="republic-of-korea")
    peru = Party.objects.get(slug="republic-of-peru")
    yoon = Party.objects.get(slug="yoon-suk-yeol")
    summit = Event.objects.get(slug="korea-peru-summit-2024")
    defense = Sector.objects.get(slug="defense")
    energy = make_sector(name="Energy", slug="energy", description="Power and fuels.")

    secret = make_party(
        name="Secret Shipyard",
        slug="secret-shipyard",
        publication=Publication.DRAFT,
        parent=korea,
        aliases=["비밀 조선소:ko", "SSY"],
        website="https://shipyard.example/",
        wikidata_id="Q42",
        description="A *draft* party.",
    )
    make_party(name="Secret Unit", slug="secret-unit", parent=secret)  # published, draft parent
    make_party(name="Under Review Ltd", slug="under-review-ltd", publication=Publication.REVIEW)
    child = make_party(name="Petroperu Trading", slug="petroperu-trading", country="PE")
    holding = make_party(name="Petroperu", slug="petroperu", kind="state_enterprise", country="PE")
    child.parent = holding
    child.save()

    round_two = make_event(name="Energy talks, round 2", slug="energy-talks-2", kind="other")
    talks = make_event(
        name="Energy talks",
        slug="energy-talks",
        kind="conference",
        starts_on="2025-03-01",
        ends_on="2025-03-03",
        place="Cusco, Peru",
        country="PE",
        parent=summit,
        description="Talks on **energy**.",
    )
    round_two.parent = talks
    round_two.save()

    wire = make_source(
        title="Peru and Korea talk energy",
        url="https://wire.example/energy",
        publisher="Wire",
        published_on="2025-03-04",
        language="es",
    )
    statement = make_source(title="Joint press statement", publisher="Ministry")
    make_source(title="Background note", publisher="Archive", published_on="2020-01-01")

    y2 = make_agreement(title="Grid study", slug="grid-study", kind="other", sectors=[energy])
    x = make_agreement(
        title="Energy framework",
        slug="energy-framework",
        kind="framework_agreement",
        status="in_force",
        legal_nature="binding",
        summary="A framework.",
        description="With *Markdown*.",
        announced_on="2025-02-01",
        signed_on="2025-03-01",
        signed_on_precision="month",
        effective_on="2025-04-01",
        expires_on="2030-03-01",
        value_amount="1500000.50",
        value_currency="EUR",
        value_note="Estimated.",
        place="Cusco, Peru",
        event=talks,
        sectors=[energy, defense],
    )
    make_participation(
        agreement=x, party=korea, representative=yoon, representative_title="President", order=0
    )
    make_participation(agreement=x, party=peru, role="beneficiary", order=1)
    y1 = make_agreement(title="Pipeline deal", slug="pipeline-deal", kind="contract")
    # x's two `related` relations: to y1 first, then to y2 (the file lists y2 before x).
    make_relation(from_agreement=x, to_agreement=y1, kind="related")
    make_relation(from_agreement=x, to_agreement=y2, kind="related")
    make_relation(from_agreement=y2, to_agreement=y1, kind="part_of")
    make_citation(agreement=x, source=wire, quote="The framework was signed.")
    make_citation(agreement=x, source=statement, quote="")
    make_citation(agreement=y1, source=wire, quote="A pipeline.")

    draft = make_agreement(
        title="Secret submarine deal",
        slug="secret-submarine-deal",
        publication=Publication.DRAFT,
        parties=[(secret, "contractor"), (peru, "client")],
        sectors=[defense],
        value_amount="5000000000.00",
        value_currency="USD",
    )
    make_relation(from_agreement=draft, to_agreement=x, kind="implements")
    make_citation(agreement=draft, source=make_source(title="Leaked memo"), quote="Secret.")
    make_agreement(
        title="Agreement in review",
        slug="agreement-in-review",
        publication=Publication.REVIEW,
        parties=[korea],
    )
    return {"secret": secret, "x": x, "draft": draft}


# --- Round trip ----------------------------------------------------------------------------


def test_export_then_import_into_an_empty_register_reproduces_the_api_output(register, tmp_path):
    staff, anonymous = staff_api(), APIClient()
    before = api_snapshot(staff), api_snapshot(anonymous)
    published_at = dict(Agreement.objects.values_list("slug", "published_at"))
    dump = export()

    delete_register()
    assert api_snapshot(staff)["agreement"] == []
    ok, out, err = run_import(tmp_path, dump)

    assert ok, err
    after = api_snapshot(staff), api_snapshot(anonymous)
    assert after[0] == before[0]
    assert after[1] == before[1]
    # Timestamps are carried over too, including the one the API does not show.
    assert dict(Agreement.objects.values_list("slug", "published_at")) == published_at
    assert export() == dump


def test_export_writes_each_record_in_the_api_write_shape_references_first(register):
    dump = records(export())

    order = [record["type"] for record in dump]
    assert order == sorted(order, key=["sector", "event", "party", "source", "agreement"].index)
    slugs = [record.get("slug") for record in dump]
    assert slugs.index("petroperu") < slugs.index("petroperu-trading")
    assert slugs.index("energy-talks") < slugs.index("energy-talks-2")
    assert slugs.index("korea-peru-summit-2024") < slugs.index("energy-talks")
    framework = next(record for record in dump if record.get("slug") == "energy-framework")
    assert list(framework) == [
        "type",
        "slug",
        "title",
        "kind",
        "status",
        "summary",
        "description",
        "announced_on",
        "signed_on",
        "signed_on_precision",
        "effective_on",
        "expires_on",
        "value",
        "place",
        "event",
        "sectors",
        "participants",
        "relations",
        "legal_nature",
        "sources",
        "publication",
        "created_at",
        "updated_at",
        "published_at",
    ]
    assert framework["event"] == "energy-talks"
    assert framework["value"] == {"amount": "1500000.50", "currency": "EUR", "note": "Estimated."}
    assert framework["participants"][0] == {
        "party": "republic-of-korea",
        "role": "party",
        "representative": "yoon-suk-yeol",
        "representative_title": "President",
    }
    assert framework["relations"] == [
        {"kind": "related", "direction": "outgoing", "agreement": "pipeline-deal"},
        {"kind": "related", "direction": "outgoing", "agreement": "grid-study"},
        {"kind": "implements", "direction": "incoming", "agreement": "secret-submarine-deal"},
    ]
    secret = next(record for record in dump if record.get("slug") == "secret-shipyard")
    assert set(secret) - {"type", "created_at", "updated_at", "published_at"} == {
        "slug",
        "name",
        "short_name",
        "kind",
        "country",
        "parent",
        "aliases",
        "description",
        "website",
        "wikidata_id",
        "publication",
    }
    assert secret["parent"] == "republic-of-korea"
    wire = next(record for record in dump if record.get("url") == "https://wire.example/energy")
    assert wire == {
        "type": "source",
        "title": "Peru and Korea talk energy",
        "url": "https://wire.example/energy",
        "publisher": "Wire",
        "published_on": "2025-03-04",
        "language": "es",
    }


def test_records_may_refer_to_rows_defined_later_in_the_file(tmp_path, db):
    dump = jsonl(
        [
            {
                "type": "agreement",
                "slug": "later-mou",
                "title": "Later MOU",
                "kind": "mou",
                "participants": [{"party": "child-co"}, {"party": "parent-state"}],
                "relations": [{"kind": "builds_on", "agreement": "earlier-contract"}],
                "sectors": ["energy"],
                "event": "inner",
                "sources": [{"title": "Note", "url": "https://n.example/1", "quote": "Yes."}],
                "publication": "published",
            },
            {"type": "party", "slug": "child-co", "name": "Child Co", "kind": "company",
             "parent": "parent-state", "publication": "published"},
            {"type": "event", "slug": "inner", "name": "Inner", "parent": "outer"},
            {"type": "agreement", "slug": "earlier-contract", "title": "Contract",
             "kind": "contract", "participants": [{"party": "child-co", "role": "contractor"}]},
            {"type": "party", "slug": "parent-state", "name": "Parent State", "kind": "state",
             "country": "PE", "publication": "published"},
            {"type": "event", "slug": "outer", "name": "Outer"},
            {"type": "source", "title": "Note", "url": "https://n.example/1", "language": "en"},
            {"type": "sector", "slug": "energy", "name": "Energy"},
        ]
    )  # fmt: skip

    ok, out, err = run_import(tmp_path, dump)

    assert ok, err
    mou = Agreement.objects.get(slug="later-mou")
    assert mou.publication == Publication.PUBLISHED
    assert mou.event.parent.slug == "outer"
    assert Party.objects.get(slug="child-co").parent.slug == "parent-state"
    assert AgreementRelation.objects.filter(
        from_agreement=mou, kind="builds_on", to_agreement__slug="earlier-contract"
    ).exists()
    assert "agreement: 2 created" in out


# --- Errors: nothing is written, the line and the field are named -------------------------


def demo_dump_with(change):
    """The demo's export, a sector renamed on its first line (so a partial import would
    show), and `change(records)` applied; returns the file and the changed record's line."""
    items = records(export())
    items[0]["name"] = "Renamed by a broken import"
    line = change(items)
    return jsonl(items), line


def find(items, slug):
    return next(n for n, item in enumerate(items) if item.get("slug") == slug)


def bad_reference(items):
    n = find(items, "hd-hhi-sima-submarine-mou-2024")
    items[n]["participants"][1]["party"] = "simaa"
    return n + 1


def negative_value(items):
    n = find(items, "hd-hhi-peruvian-navy-naval-vessels-contract")
    items[n]["value"]["amount"] = "-1.00"
    return n + 1


def missing_title(items):
    n = find(items, "korea-peru-joint-statement-2024")
    del items[n]["title"]
    return n + 1


def expires_before_signing(items):
    n = find(items, "korea-peru-critical-minerals-mou-2024")
    items[n]["expires_on"] = "2020-01-01"
    return n + 1


def unknown_relation(items):
    n = find(items, "hd-hhi-sima-submarine-mou-2024")
    items[n]["relations"] = [{"kind": "builds_on", "agreement": "no-such-contract"}]
    return n + 1


def state_without_country(items):
    n = find(items, "republic-of-peru")
    items[n]["country"] = ""
    return n + 1


def misspelt_field(items):
    n = find(items, "sima")
    items[n]["nmae"] = items[n].pop("name")
    return n + 1


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            bad_reference,
            "line {line} (agreement hd-hhi-sima-submarine-mou-2024): participants[1].party: "
            "no party with slug 'simaa'",
        ),
        (
            negative_value,
            "line {line} (agreement hd-hhi-peruvian-navy-naval-vessels-contract): value.amount: "
            "Ensure this value is greater than or equal to 0.",
        ),
        (
            missing_title,
            "line {line} (agreement korea-peru-joint-statement-2024): title: "
            "This field is required.",
        ),
        (
            expires_before_signing,
            "line {line} (agreement korea-peru-critical-minerals-mou-2024): expires_on: "
            "An agreement cannot expire before it is signed.",
        ),
        (
            unknown_relation,
            "line {line} (agreement hd-hhi-sima-submarine-mou-2024): relations[0].agreement: "
            "no agreement with slug 'no-such-contract'",
        ),
        (
            state_without_country,
            "line {line} (party republic-of-peru): country: A state needs its own country code.",
        ),
        (misspelt_field, "line {line} (party sima): nmae: unknown field"),
    ],
    ids=lambda value: getattr(value, "__name__", "message"),
)
def test_a_broken_record_leaves_the_database_untouched_and_names_line_and_field(
    demo, tmp_path, change, expected
):
    dump, line = demo_dump_with(change)
    untouched = fingerprint()

    ok, out, err = run_import(tmp_path, dump)

    assert not ok
    assert expected.format(line=line) in err
    assert "Nothing was imported" in err
    assert fingerprint() == untouched


@pytest.mark.parametrize(
    ("line_text", "expected"),
    [
        ('{"type": "sector", "slug": "x", "name": ', "line 3: not valid JSON: Expecting value"),
        ('{"type": "treaty", "slug": "x"}', 'line 3: type: unknown type "treaty"; one of sector'),
        ('{"slug": "x"}', "line 3: type: missing"),
        ('["sector", "x"]', "line 3: a record must be a JSON object"),
        ('{"type": "sector", "name": "No slug"}', "line 3 (sector): slug: This field is required."),
    ],
)
def test_a_line_that_is_not_a_record_is_named(demo, line_text, expected):
    lines = export().splitlines(keepends=True)
    lines.insert(2, line_text + "\n")
    untouched = fingerprint()

    report = import_text("".join(lines))

    assert not report.ok
    assert expected in [str(problem) for problem in report.errors][0]
    assert fingerprint() == untouched


def test_every_error_is_reported_in_line_order(demo):
    items = records(export())
    bad_reference(items)
    negative_value(items)
    text = jsonl(items) + "not json\n"

    report = import_text(text)

    lines = [problem.line for problem in report.errors]
    assert lines == sorted(lines)
    assert len(report.errors) == 3


def test_a_reference_to_a_broken_record_says_so(db):
    report = import_text(
        jsonl(
            [
                {"type": "party", "slug": "broken", "name": "Broken", "kind": "planet"},
                {
                    "type": "agreement",
                    "slug": "a",
                    "title": "A",
                    "kind": "mou",
                    "participants": [{"party": "broken"}],
                },
            ]
        )  # fmt: skip
    )

    assert [str(problem) for problem in report.errors] == [
        'line 1 (party broken): kind: "planet" is not a valid choice.',
        "line 2 (agreement a): participants[0].party: no party with slug 'broken' "
        "(line 1 defines it but has errors)",
    ]


def test_parents_that_loop_are_refused(db):
    report = import_text(
        jsonl(
            [
                {"type": "event", "slug": "a", "name": "A", "parent": "b"},
                {"type": "event", "slug": "b", "name": "B", "parent": "a"},
            ]
        )
    )

    assert "line 1 (event a): parent: the parents make a loop: a → b → a" in [
        str(problem) for problem in report.errors
    ]
    assert not Event.objects.exists()


def test_the_same_entry_twice_is_refused(db):
    sector = {"type": "sector", "slug": "energy", "name": "Energy"}

    report = import_text(jsonl([sector, {**sector, "name": "Power"}]))

    assert [str(problem) for problem in report.errors] == [
        "line 2 (sector energy): slug: the same sector as line 1; each entry may appear once"
    ]


def test_a_published_agreement_is_imported_published_only_if_its_parties_are(demo):
    items = records(export())
    items.append(
        {"type": "party", "slug": "hidden-co", "name": "Hidden Co", "kind": "company",
         "publication": "draft"}
    )  # fmt: skip
    n = find(items, "hd-hhi-sima-submarine-mou-2024")
    items[n]["participants"].append({"party": "hidden-co", "role": "witness"})
    untouched = fingerprint()

    report = import_text(jsonl(items))

    assert [str(problem) for problem in report.errors] == [
        f"line {n + 1} (agreement hd-hhi-sima-submarine-mou-2024): participants: A published "
        "agreement cannot name it: Hidden Co is not published yet (draft); publish it first."
    ]
    assert fingerprint() == untouched


def test_a_party_goes_back_to_draft_after_the_agreements_that_name_it(demo):
    items = records(export())
    for item in items:
        if item["type"] == "party" and item["slug"] == "sima":
            item["publication"] = "draft"
        if item["type"] == "agreement" and item["slug"] == "hd-hhi-sima-submarine-mou-2024":
            item["publication"] = "review"

    report = import_text(jsonl(items))

    assert report.ok, report.errors
    assert Party.objects.get(slug="sima").publication == Publication.DRAFT
    agreement = Agreement.objects.get(slug="hd-hhi-sima-submarine-mou-2024")
    assert agreement.publication == Publication.REVIEW
    assert report.counts()["party"] == {"created": 0, "changed": 1, "unchanged": 10}


# --- Dry run, upsert, idempotence ----------------------------------------------------------


def test_dry_run_changes_nothing_and_reports_counts(register, tmp_path):
    dump = export()
    delete_register()
    empty = fingerprint()

    ok, out, err = run_import(tmp_path, dump, dry_run=True)

    assert ok, err
    assert fingerprint() == empty
    assert "Dry run — nothing was written" in out
    assert "sector: 10 created" in out
    assert "event: 4 created" in out
    assert "party: 16 created" in out
    assert "source: 5 created" in out
    assert "agreement: 12 created" in out


def test_dry_run_reports_what_would_change(demo):
    items = records(export())
    items[find(items, "sima")]["short_name"] = "SIMA Perú"
    items.append({"type": "sector", "slug": "energy", "name": "Energy"})
    untouched = fingerprint()

    report = import_text(jsonl(items), dry_run=True)

    assert report.ok and report.dry_run and not report.applied
    assert report.counts()["party"] == {"created": 0, "changed": 1, "unchanged": 10}
    assert report.counts()["sector"] == {"created": 1, "changed": 0, "unchanged": 9}
    assert [(o.label, o.status) for o in report.changes] == [  # in the order of the file
        ("party sima", "changed"),
        ("sector energy", "created"),
    ]
    assert fingerprint() == untouched


def test_import_updates_existing_rows_and_a_second_import_changes_nothing(demo, tmp_path):
    items = records(export())
    n = find(items, "sima")
    items[n]["name"] = "SIMA Perú"
    items[n]["aliases"] = [{"name": "SIMA-PERU", "language": ""}]
    n = find(items, "kai-seman-kf21-components-mou-2024")
    items[n]["value"] = {"amount": "12000000.00", "currency": "USD", "note": "Estimated."}
    items[n]["relations"] = [
        {"kind": "related", "direction": "outgoing", "agreement": "hd-hhi-sima-submarine-mou-2024"}
    ]
    src = next(i for i in items if i["type"] == "source")
    src["language"] = "ko"
    dump = jsonl(items)

    ok, out, err = run_import(tmp_path, dump)

    assert ok, err
    assert "party: 1 changed, 10 unchanged" in out
    assert "source: 1 changed" in out
    # The KF-21 MOU changed; the submarine MOU gained a relation (listed on one side only).
    assert "agreement: 2 changed, 5 unchanged" in out
    sima = Party.objects.get(slug="sima")
    assert sima.name == "SIMA Perú"
    assert list(sima.aliases.values_list("name", flat=True)) == ["SIMA-PERU"]
    kf21 = Agreement.objects.get(slug="kai-seman-kf21-components-mou-2024")
    assert str(kf21.value_amount) == "12000000.00"
    assert kf21.relations_out.get().to_agreement.slug == "hd-hhi-sima-submarine-mou-2024"
    assert Source.objects.get().language == "ko"
    # Existing rows stay the same rows.
    assert Party.objects.count() == 11 and Agreement.objects.count() == 7

    after_first = fingerprint()
    ok, out, err = run_import(tmp_path, dump)

    assert ok, err
    assert fingerprint() == after_first  # not even updated_at, no new version
    for record_type, count in [("sector", 9), ("party", 11), ("agreement", 7)]:
        assert f"{record_type}: {count} unchanged" in out


def test_relations_listed_by_either_agreement_are_kept_and_unlisted_ones_removed(register):
    items = records(export())
    # y2 no longer lists its relations: x still lists x → y2, and y2 → y1 is listed by y1.
    items[find(items, "grid-study")]["relations"] = []
    # The framework drops its incoming "implements" from the draft (which still lists it).
    framework = items[find(items, "energy-framework")]
    framework["relations"] = [r for r in framework["relations"] if r["kind"] != "implements"]
    # The pipeline deal drops everything: y2 → y1 is then listed by nobody, x → y1 still
    # by x.
    items[find(items, "pipeline-deal")]["relations"] = []

    report = import_text(jsonl(items))

    assert report.ok, report.errors
    relations = set(
        AgreementRelation.objects.values_list("from_agreement__slug", "kind", "to_agreement__slug")
    )
    assert relations == {
        ("hd-hhi-sima-submarine-mou-2024", "builds_on", "hd-hhi-peruvian-navy-naval-vessels-contract"),
        ("energy-framework", "related", "pipeline-deal"),
        ("energy-framework", "related", "grid-study"),
        ("secret-submarine-deal", "implements", "energy-framework"),
    }  # fmt: skip


def test_a_record_without_relations_keeps_those_in_the_database(demo):
    items = records(export())
    for item in items:
        item.pop("relations", None)

    report = import_text(jsonl(items))

    assert report.ok
    assert AgreementRelation.objects.count() == 1
    assert not report.changes


def test_sources_without_url_are_matched_by_title_and_publisher(db):
    make_source(title="Press release", publisher="KAI", published_on="2024-01-01")
    make_source(title="Press release", publisher="SEMAN")
    record = {"type": "source", "title": "Press release", "url": "", "publisher": "KAI",
              "published_on": "2024-02-02", "language": "ko"}  # fmt: skip

    report = import_text(jsonl([record, record]))  # the same source twice: one row

    assert report.ok, report.errors
    assert report.counts()["source"] == {"created": 0, "changed": 1, "unchanged": 0}
    kai = Source.objects.get(publisher="KAI")
    assert (str(kai.published_on), kai.language) == ("2024-02-02", "ko")
    assert Source.objects.count() == 2

    report = import_text(jsonl([record, {**record, "language": "en"}]))
    assert [str(problem) for problem in report.errors] == [
        "line 2 (source “Press release” (KAI)): title: the same source as line 1; "
        "each entry may appear once"
    ]


def test_export_warns_about_sources_an_import_cannot_tell_apart(db):
    make_source(title="Press release", publisher="KAI", published_on="2024-01-01")
    make_source(title="Press release", publisher="KAI", published_on="2024-02-01")
    err = io.StringIO()

    call_command("export_data", stdout=io.StringIO(), stderr=err)

    assert "source “Press release” (KAI): several sources have this title" in err.getvalue()


# --- Published only -------------------------------------------------------------------------


def test_published_only_exports_no_draft_or_review_row_and_names_none(register, tmp_path):
    unpublished = set(
        Party.objects.exclude(publication=Publication.PUBLISHED).values_list("slug", flat=True)
    ) | set(
        Agreement.objects.exclude(publication=Publication.PUBLISHED).values_list("slug", flat=True)
    )
    anonymous = APIClient()
    public = api_snapshot(anonymous)

    dump = export(published_only=True)

    items = records(dump)
    assert {item.get("publication", "published") for item in items} == {"published"}
    named = set()
    for item in items:
        named.add(item.get("slug"))
        named.add(item.get("parent"))
        for participant in item.get("participants", []):
            named |= {participant["party"], participant["representative"]}
        named |= {relation["agreement"] for relation in item.get("relations", [])}
    assert {"secret-shipyard", "under-review-ltd", "secret-submarine-deal"} <= unpublished
    assert not named & unpublished
    unit = next(item for item in items if item.get("slug") == "secret-unit")
    assert unit["parent"] is None  # its parent is a draft
    titles = {item["title"] for item in items if item["type"] == "source"}
    assert "Leaked memo" not in titles and "Background note" not in titles

    # Imported into an empty register, it is what anonymous readers saw.
    delete_register()
    ok, out, err = run_import(tmp_path, dump)
    assert ok, err
    assert api_snapshot(anonymous) == public


# --- Commands ---------------------------------------------------------------------------------


def test_import_data_reads_standard_input(demo, monkeypatch):
    dump = export()
    delete_register()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(dump.encode()), encoding="utf-8"))
    out = io.StringIO()

    call_command("import_data", "-", stdout=out)

    assert Agreement.objects.count() == 7
    assert "agreement: 7 created" in out.getvalue()


def test_import_data_says_when_the_file_cannot_be_read(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_data", str(tmp_path / "missing.jsonl"))


def test_import_data_reports_bytes_that_are_not_utf8(db, tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"type": "sector", "slug": "s", "name": "Énergie"}\n'.encode("latin-1"))
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_data", str(path), stderr=err)

    assert "line 1: not UTF-8 text" in err.getvalue()


def test_the_export_reads_what_the_api_reads(register):
    """The records come from the API's serializers: an agreement's record is its API
    representation with slugs for references."""
    client = staff_api()
    api = client.get(reverse("api:agreement-detail", kwargs={"slug": "energy-framework"})).json()
    record = next(r for r in export_records() if r.get("slug") == "energy-framework")

    assert record["sources"] == api["sources"]
    assert record["sectors"] == api["sectors"]
    assert record["updated_at"] == api["updated_at"]
    assert [p["party"] for p in record["participants"]] == [
        p["party"]["slug"] for p in api["participants"]
    ]


# --- The admin page ----------------------------------------------------------------------------


IMPORT_URL = "admin:agreements_agreement_import"


def upload(client, text, name="dump.jsonl"):
    file = io.BytesIO(text.encode("utf-8"))
    file.name = name
    return client.post(reverse(IMPORT_URL), {"file": file})


def test_the_import_page_needs_permission_to_add_and_change_agreements(client, db):
    viewer = make_user(username="viewer", is_staff=True, permissions=["agreements.view_agreement"])
    adder = make_user(username="adder", is_staff=True, permissions=["agreements.add_agreement"])
    for user in (viewer, adder):
        client.force_login(user)
        assert client.get(reverse(IMPORT_URL)).status_code == 403
        assert upload(client, "").status_code == 403
        assert client.post(reverse(IMPORT_URL), {"action": "apply"}).status_code == 403

    client.force_login(make_member(role="Editor", username="editor"))
    assert client.get(reverse(IMPORT_URL)).status_code == 200


def test_the_agreement_list_links_to_the_import_page(staff_client):
    response = staff_client.get(reverse("admin:agreements_agreement_changelist"))

    assert reverse(IMPORT_URL) in response.content.decode()


def test_the_import_page_previews_then_applies(register, staff_client):
    dump = export()
    delete_register()
    empty = fingerprint()

    preview = upload(staff_client, dump)

    assert preview.status_code == 200
    page = preview.content.decode()
    counts = {row["type"]: row for row in preview.context["counts"]}
    assert counts["agreement"]["created"] == 12
    assert counts["party"]["created"] == 16
    assert "agreement energy-framework" in page
    assert 'name="token"' in page
    assert fingerprint() == empty  # a preview writes nothing

    applied = staff_client.post(
        reverse(IMPORT_URL), {"action": "apply", "token": preview.context["token"]}, follow=True
    )

    assert applied.redirect_chain[-1][0] == reverse("admin:agreements_agreement_changelist")
    assert "Imported dump.jsonl: sector: 10 created;" in applied.content.decode()
    assert Agreement.objects.count() == 12
    assert records(export()) == records(dump)
    # The preview is used up.
    again = staff_client.post(
        reverse(IMPORT_URL), {"action": "apply", "token": preview.context["token"]}, follow=True
    )
    assert "This preview is no longer available" in again.content.decode()


def test_the_import_page_shows_the_errors_with_their_lines(demo, staff_client):
    dump, line = demo_dump_with(bad_reference)
    untouched = fingerprint()

    response = upload(staff_client, dump)

    page = response.content.decode()
    assert "Nothing can be imported from this file." in page
    assert (
        f"line {line} (agreement hd-hhi-sima-submarine-mou-2024): participants[1].party: "
        "no party with slug &#x27;simaa&#x27;" in page
    )
    assert 'name="token"' not in page
    assert fingerprint() == untouched


def test_the_import_page_says_when_nothing_would_change(demo, staff_client):
    response = upload(staff_client, export())

    assert "Nothing to import" in response.content.decode()
    assert response.context["token"] is None


def test_the_import_page_refuses_a_file_over_the_limit(db, staff_client, monkeypatch):
    monkeypatch.setattr(admin_import, "MAX_UPLOAD_BYTES", 100)

    response = upload(staff_client, jsonl([{"type": "sector", "slug": "s" * 200, "name": "S"}]))

    assert response.status_code == 200
    assert "the limit is 100" in response.content.decode()
    assert not Sector.objects.exists()


def test_applying_reports_a_register_that_changed_since_the_preview(demo, staff_client):
    items = records(export())
    outsider = make_party(name="Outside Co", slug="outside-co")  # not in the file
    items.append({"type": "agreement", "slug": "new-mou", "title": "New MOU", "kind": "mou",
                  "participants": [{"party": "outside-co"}]})  # fmt: skip
    preview = upload(staff_client, jsonl(items))
    assert preview.context["token"]
    outsider.delete()  # someone deletes the party the file refers to

    response = staff_client.post(
        reverse(IMPORT_URL), {"action": "apply", "token": preview.context["token"]}
    )

    page = response.content.decode()
    assert "Nothing was imported: the register has changed since the preview" in page
    assert not Agreement.objects.filter(slug="new-mou").exists()


def test_an_editor_cannot_publish_through_the_import(demo, client):
    editor = make_member(role="Editor", username="editor")
    client.force_login(editor)
    dump = jsonl(
        [
            {"type": "party", "slug": "new-co", "name": "New Co", "kind": "company",
             "publication": "published"},
            {"type": "party", "slug": "draft-co", "name": "Draft Co", "kind": "company"},
        ]
    )  # fmt: skip

    response = upload(client, dump)

    assert (
        "line 1 (party new-co): publication: publishing or unpublishing parties needs the "
        "permission to publish them (the Publisher role)"
    ) in response.content.decode()
    report = import_text(dump.splitlines()[1] + "\n", user=editor)
    assert report.ok and report.counts()["party"]["created"] == 1


#: Queries to compare the register's unchanged export with the database: a few per type for
#: every 200 records (and one per source, found by URL or by title and publisher), never a
#: write.
UNCHANGED_IMPORT_QUERIES = 40


def test_an_unchanged_file_is_compared_not_written(register, django_assert_max_num_queries):
    dump = export()

    with django_assert_max_num_queries(UNCHANGED_IMPORT_QUERIES) as captured:
        report = import_text(dump, dry_run=True)

    assert report.ok and not report.changes
    assert not [q for q in captured if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
