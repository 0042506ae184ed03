app_name = "improvement"

urlpatterns = []
