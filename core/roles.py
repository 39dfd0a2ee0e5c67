"""The editorial roles. A data migration creates the groups; tests and docs read this too."""

CONTENT_MODELS = {
    "parties": ["party", "partyalias"],
    "agreements": [
        "agreement",
        "participation",
        "agreementrelation",
        "citation",
        "event",
        "sector",
        "source",
    ],
}

EDITOR = "Editor"
PUBLISHER = "Publisher"


def role_permissions():
    """{group name: [(app_label, codename), …]}.

    Editors create and edit drafts and send them for review; Publishers do that too,
    publish and unpublish, and may delete.
    """
    editing = [
        (app_label, f"{action}_{model}")
        for app_label, models in CONTENT_MODELS.items()
        for model in models
        for action in ("add", "change", "view")
    ]
    deleting = [
        (app_label, f"delete_{model}")
        for app_label, models in CONTENT_MODELS.items()
        for model in models
    ]
    publishing = [("parties", "publish_party"), ("agreements", "publish_agreement")]
    return {EDITOR: editing, PUBLISHER: editing + deleting + publishing}
