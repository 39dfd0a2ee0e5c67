"""The admin's "New from article" page: paste a text, review the proposals, create drafts.

Step 1 (GET, then POST without `action`): the article form; the engine reads the text.
Step 2 (POST `action=create`): the proposals, ticked and edited by the editor, become a
Source, draft parties and draft agreements with participations and citations, through
`intake_create_drafts` in one transaction. Only users who may add agreements get here.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views import View

from parties.models import Party

from ..models import Agreement
from .engine import extract_article
from .forms import AgreementProposalFormSet, ArticleForm, PartyProposalFormSet, ReviewForm
from .services import intake_create_drafts

MAX_PROPOSALS = 200


class NewFromArticleView(View):
    admin_site = None
    article_template = "admin/intake/new_from_article.html"
    review_template = "admin/intake/review.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("agreements.add_agreement"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    # Rendering ----------------------------------------------------------------------

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": Agreement._meta,
            "title": "New agreements from an article",
            "changelist_url": reverse("admin:agreements_agreement_changelist"),
            **extra,
        }

    def _render_article(self, request, form):
        return TemplateResponse(request, self.article_template, self._context(request, form=form))

    def _render_review(self, request, review, party_forms, agreement_forms):
        slugs = [form["matched"].value() for form in party_forms.forms if form["matched"].value()]
        existing = dict(Party.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        rows = []
        for form in party_forms.forms:
            slug = form["matched"].value()
            url = (
                reverse("admin:parties_party_change", args=[existing[slug]])
                if slug in existing
                else ""
            )
            rows.append({"form": form, "matched_url": url, "matched_slug": slug})
        return TemplateResponse(
            request,
            self.review_template,
            self._context(
                request,
                review=review,
                party_forms=party_forms,
                party_rows=rows,
                agreement_forms=agreement_forms,
            ),
        )

    # Step 1 -------------------------------------------------------------------------

    def get(self, request):
        return self._render_article(request, ArticleForm())

    def post(self, request):
        if request.POST.get("action") == "create":
            return self._create(request)
        form = ArticleForm(request.POST)
        if not form.is_valid():
            return self._render_article(request, form)
        result = extract_article(
            form.cleaned_data["text"], published_on=form.cleaned_data["published_on"]
        )
        return self._render_review(request, *self._proposal_forms(form, result))

    def _proposal_forms(self, form, result):
        parties = result["parties"][:MAX_PROPOSALS]
        agreements = result["agreements"][:MAX_PROPOSALS]
        index = {party["name"]: str(number) for number, party in enumerate(parties)}
        party_initial = [
            {
                "keep": True,
                "name": party["name"],
                "kind": party["kind"],
                "country": party["country"],
                "matched": party["matched"] or "",
                "aliases": json.dumps(party["aliases"], ensure_ascii=False),
                "parent": index.get(party["parent"], "") if party["parent"] else "",
                "quote": party["quote"],
                "why": " · ".join(party["why"]),
            }
            for party in parties
        ]
        agreement_initial = []
        for agreement in agreements:
            value = agreement["value"] or {}
            participations = {
                index[entry["party"]]: {
                    "role": entry["role"],
                    "representative": index.get(entry["representative"]),
                    "representative_title": entry["representative_title"],
                }
                for entry in agreement["participations"]
                if entry["party"] in index
            }
            agreement_initial.append(
                {
                    "keep": True,
                    "title": agreement["title"],
                    "kind": agreement["kind"],
                    "status": agreement["status"],
                    "signed_on": agreement["signed_on"],
                    "signed_on_precision": agreement["signed_on_precision"] or "day",
                    "announced_on": agreement["announced_on"],
                    "value_amount": value.get("amount"),
                    "value_currency": value.get("currency", ""),
                    "participants": list(participations),
                    "participations": json.dumps(participations, ensure_ascii=False),
                    "quote": agreement["quote"],
                    "why": " · ".join(agreement["why"]),
                }
            )
        review = ReviewForm(
            initial={
                **{
                    name: form.cleaned_data[name]
                    for name in ReviewForm.base_fields
                    if name in form.cleaned_data
                },
                "relations": json.dumps(result["relations"]),
            }
        )
        party_forms = PartyProposalFormSet(initial=party_initial, prefix="party")
        agreement_forms = AgreementProposalFormSet(
            initial=agreement_initial,
            prefix="agreement",
            form_kwargs={"party_choices": [(str(i), p["name"]) for i, p in enumerate(parties)]},
        )
        return review, party_forms, agreement_forms

    # Step 2 -------------------------------------------------------------------------

    def _create(self, request):
        data = request.POST
        review = ReviewForm(data)
        party_forms = PartyProposalFormSet(data, prefix="party")
        try:
            total = min(int(data.get("party-TOTAL_FORMS", 0)), MAX_PROPOSALS)
        except ValueError:
            total = 0
        choices = [(str(i), data.get(f"party-{i}-name", "")) for i in range(total)]
        agreement_forms = AgreementProposalFormSet(
            data, prefix="agreement", form_kwargs={"party_choices": choices}
        )
        valid = review.is_valid() & party_forms.is_valid() & agreement_forms.is_valid()
        if valid:
            valid = self._check_choices(request, review, party_forms, agreement_forms)
        if valid:
            try:
                result = intake_create_drafts(
                    source_data=review.source_data(),
                    parties=self._parties(party_forms),
                    agreements=self._agreements(party_forms, agreement_forms),
                    relations=self._relations(review, agreement_forms),
                    by=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    review.add_error(None, message)
            else:
                self._report(request, result)
                return redirect(
                    f"{reverse('admin:agreements_agreement_changelist')}?publication__exact=draft"
                )
        return self._render_review(request, review, party_forms, agreement_forms)

    def _check_choices(self, request, review, party_forms, agreement_forms):
        available = {str(i) for i, form in enumerate(party_forms.forms) if form.available}
        names = {str(i): form.cleaned_data["name"] for i, form in enumerate(party_forms.forms)}
        valid = True
        kept = [form for form in agreement_forms.forms if form.cleaned_data.get("keep")]
        if not kept:
            review.add_error(None, "Tick at least one agreement to create.")
            valid = False
        for form in kept:
            missing = [
                names[key] for key in form.cleaned_data["participants"] if key not in available
            ]
            if missing:
                form.add_error(
                    "participants",
                    f"Tick {', '.join(missing)} above to create it, or untick it here.",
                )
                valid = False
        creates_parties = any(
            form.cleaned_data.get("keep") and not form.cleaned_data.get("matched")
            for form in party_forms.forms
        )
        if creates_parties and not request.user.has_perm("parties.add_party"):
            review.add_error(
                None, "You may not create parties: untick the new ones or ask a publisher."
            )
            valid = False
        return valid

    def _parties(self, party_forms):
        parties = []
        for number, form in enumerate(party_forms.forms):
            if not form.available:
                continue
            data = form.cleaned_data
            try:
                aliases = json.loads(data["aliases"] or "[]")
            except ValueError:
                aliases = []
            parties.append(
                {
                    "key": str(number),
                    "name": data["name"],
                    "kind": data["kind"],
                    "country": data["country"],
                    "matched": data["matched"],
                    "aliases": [str(alias) for alias in aliases if isinstance(alias, str)],
                    "parent": data["parent"] or None,
                }
            )
        return parties

    def _agreements(self, party_forms, agreement_forms):
        available = {str(i) for i, form in enumerate(party_forms.forms) if form.available}
        agreements = []
        for number, form in enumerate(agreement_forms.forms):
            data = form.cleaned_data
            if not data.get("keep"):
                continue
            roles = data["participations"]
            participations = []
            for key in data["participants"]:
                entry = roles.get(key) if isinstance(roles.get(key), dict) else {}
                representative = entry.get("representative")
                participations.append(
                    {
                        "party": key,
                        "role": entry.get("role") or "party",
                        "representative": representative if representative in available else None,
                        "representative_title": entry.get("representative_title") or "",
                    }
                )
            agreements.append(
                {
                    "key": str(number),
                    "title": data["title"],
                    "kind": data["kind"],
                    "status": data["status"],
                    "signed_on": data["signed_on"],
                    "signed_on_precision": data["signed_on_precision"],
                    "announced_on": data["announced_on"],
                    "value_amount": data["value_amount"],
                    "value_currency": data["value_currency"],
                    "quote": data["quote"],
                    "participations": participations,
                }
            )
        return agreements

    def _relations(self, review, agreement_forms):
        kept = {
            str(number)
            for number, form in enumerate(agreement_forms.forms)
            if form.cleaned_data.get("keep")
        }
        return [
            {"from": str(relation["from"]), "kind": relation["kind"], "to": str(relation["to"])}
            for relation in review.cleaned_data["relations"]
            if str(relation.get("from")) in kept and str(relation.get("to")) in kept
        ]

    def _report(self, request, result):
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:agreements_agreement_change", args=[a.pk]), a.title)
                for a in result.agreements_created
            ),
        )
        messages.success(
            request,
            format_html(
                "Created {} draft agreement(s) and {} draft part(ies), citing “{}”: {}.",
                len(result.agreements_created),
                len(result.parties_created),
                result.source.title,
                links,
            ),
        )
        if result.agreements_existing:
            messages.info(
                request,
                "Already there, citing the same source (not created again): "
                + ", ".join(a.title for a in result.agreements_existing)
                + ".",
            )
