app_name = "scrutiny"

urlpatterns = []
