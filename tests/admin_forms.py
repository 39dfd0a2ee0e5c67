"""Turn an admin change/add page into the POST data a browser would send back."""


def _put(data, bound):
    value = bound.value()
    if value is None:
        return
    if isinstance(value, bool):
        if value:
            data[bound.html_name] = "on"
    elif isinstance(value, (list, tuple)):
        data[bound.html_name] = [str(item) for item in value]
    else:
        data[bound.html_name] = str(value)


def admin_form_data(response, **changes):
    """The page's current values, with `changes` (by HTML field name) applied."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _put(data, form[name])
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            _put(data, management[name])
        for inline_form in formset.forms:
            if inline_form.instance.pk is None:
                continue  # leave the empty extra forms empty
            for name in inline_form.fields:
                _put(data, inline_form[name])
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
    data.update(changes)
    return data
