"""The admin's "Import data" page: upload a dump, read what it would do, then apply it.

Step 1 (POST with a file): the whole import runs as a dry run and the page shows what
would be created and changed, or every error with its line. The uploaded file is kept
in the editor's session (compressed), under a random token that the confirmation form
carries, so the second step applies exactly the file that was previewed and nothing has
to be uploaded again. Step 2 (POST `action=apply`): the same import, for real — still
all or nothing, so a register that changed since the preview in a way the file no
longer fits is reported, not half-applied.

The page needs the permissions to add and change agreements; each record also needs
those of its own type, and publishing or unpublishing needs the Publisher's permission,
as in the API.
"""

import base64
import io
import secrets
import zlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.views import View

from .models import Agreement
from .transfer import TYPES, UNCHANGED, import_lines

#: The largest file the page accepts.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: How many created or changed entries the preview lists (all of them are counted).
PREVIEW_ROWS = 500
SESSION_KEY = "agreements_import"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="A .jsonl file written by “manage.py export_data”, or by hand in the API’s "
        f"write shape; at most {filesizeformat(MAX_UPLOAD_BYTES)}. Nothing is written until "
        "you confirm on the next page.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"This file is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(MAX_UPLOAD_BYTES)}. Split it into several files (a record "
                "may refer to entries imported before) or use “manage.py import_data”."
            )
        return upload


class ImportDataView(View):
    admin_site = None
    template_name = "admin/transfer/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not (
            request.user.has_perm("agreements.add_agreement")
            and request.user.has_perm("agreements.change_agreement")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._render(request, form=ImportUploadForm())

    def post(self, request):
        if request.POST.get("action") == "apply":
            return self._apply(request)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form=form)
        upload = form.cleaned_data["file"]
        content = upload.read()
        report = import_lines(
            io.BytesIO(content), user=request.user, dry_run=True, comment="Import preview"
        )
        token = None
        request.session.pop(SESSION_KEY, None)
        if report.ok and report.changes:
            token = secrets.token_urlsafe(24)
            request.session[SESSION_KEY] = {
                "token": token,
                "name": upload.name,
                "content": base64.b64encode(zlib.compress(content)).decode("ascii"),
            }
        return self._render(
            request, form=ImportUploadForm(), report=report, name=upload.name, token=token
        )

    def _apply(self, request):
        pending = request.session.get(SESSION_KEY)
        token = request.POST.get("token", "")
        if not pending or not constant_time_compare(pending["token"], token):
            messages.error(
                request,
                "This preview is no longer available: it was applied already, another file "
                "was uploaded since, or your session ended. Upload the file again.",
            )
            return redirect("admin:agreements_agreement_import")
        name = pending["name"]
        content = zlib.decompress(base64.b64decode(pending["content"]))
        report = import_lines(
            io.BytesIO(content),
            user=request.user,
            comment=f"Imported from {name} in the admin",
        )
        del request.session[SESSION_KEY]
        if not report.ok:
            return self._render(
                request, form=ImportUploadForm(), report=report, name=name, applying=True
            )
        changes = "; ".join(report.summary().splitlines())
        messages.success(request, f"Imported {name}: {changes}.")
        return redirect("admin:agreements_agreement_changelist")

    def _render(self, request, *, form, report=None, name="", token=None, applying=False):
        context = {
            **self.admin_site.each_context(request),
            "opts": Agreement._meta,
            "title": "Import data",
            "changelist_url": reverse("admin:agreements_agreement_changelist"),
            "form": form,
            "max_size": MAX_UPLOAD_BYTES,
            "report": report,
            "name": name,
            "token": token,
            "applying": applying,
        }
        if report is not None:
            counts = report.counts()
            context["counts"] = [
                {"type": record_type, **counts[record_type]}
                for record_type in TYPES
                if record_type in counts
            ]
            changes = [o for o in report.outcomes if o.status != UNCHANGED]
            context["changes"] = changes[:PREVIEW_ROWS]
            context["more_changes"] = max(0, len(changes) - PREVIEW_ROWS)
        return TemplateResponse(request, self.template_name, context)
