app_name = "cities"

urlpatterns = []
