app_name = "pathways"
urlpatterns: list = []
