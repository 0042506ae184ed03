from core.views import healthz


class HealthCheckMiddleware:
    """Answers /healthz before sessions, authentication or anything else touches the database,
    so a load balancer gets a plain 503 (not an error page) while the database is away."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return healthz(request)
        return self.get_response(request)
