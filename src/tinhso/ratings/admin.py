from django.contrib import admin
from django.http import HttpRequest

from tinhso.ratings.models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """Evaluations are the applicants' statements: read here, never changed."""

    list_display = (
        "dossier",
        "level",
        "score",
        "method",
        "competent_agency",
        "procedure",
        "rated_at",
    )
    list_filter = ("level", "method", "competent_agency", "rated_at")
    search_fields = ("dossier__code", "comment")
    date_hierarchy = "rated_at"
    list_select_related = ("dossier", "competent_agency", "procedure")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
