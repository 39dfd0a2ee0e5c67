"""What parties and agreements share: publication state and who touched a row when."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone


class Publication(models.TextChoices):
    """Where an entry stands editorially. Only `published` rows are public."""

    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


def sees_drafts(user) -> bool:
    """Whether `user` may see unpublished rows: active staff."""
    return bool(user is not None and user.is_active and user.is_staff)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication=Publication.PUBLISHED)

    def visible_to(self, user):
        """Everything for staff; published rows only for everyone else."""
        return self.all() if sees_drafts(user) else self.published()


class Publishable(models.Model):
    publication = models.CharField(
        max_length=16,
        choices=Publication,
        default=Publication.DRAFT,
        db_default=Publication.DRAFT,
        help_text="Only published entries are visible to the public.",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the entry was last published."
    )
    created_at = models.DateTimeField(default=timezone.now, db_default=Now(), editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.publication == Publication.PUBLISHED

    def is_visible_to(self, user):
        """PublishableQuerySet.visible_to() for one row in hand."""
        return self.is_published or sees_drafts(user)


class NestedModel(models.Model):
    """A row with an optional `parent` of its own kind (a party inside a state, an event
    inside a larger event); `clean()` refuses a parent chain that loops back."""

    class Meta:
        abstract = True

    def parent_chain_contains_self(self):
        seen = set()
        ancestor = self.parent
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == self.pk:
                return True
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        return False

    def clean(self):
        super().clean()
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError(
                {"parent": f"This {self._meta.verbose_name} cannot be its own parent."}
            )
        if self.parent_id and self.pk and self.parent_chain_contains_self():
            raise ValidationError(
                {
                    "parent": f"This parent would make a loop: the {self._meta.verbose_name} is already above it."
                }
            )


def publication_constraint(model_label):
    """The vocabulary of `publication`, checked by the database."""
    return models.CheckConstraint(
        condition=models.Q(publication__in=Publication.values),
        name=f"{model_label}_publication_valid",
    )
