"""/api/v1/ — the REST API (see DESIGN.md §4)."""

app_name = "api"

urlpatterns = []
