from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness of the database (more checks are added by the background-work module)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:  # any database failure is a health failure, reported not raised
        database = f"error: {exc.__class__.__name__}"
    ok = database == "ok"
    return JsonResponse({"database": database}, status=200 if ok else 503)
