"""Pages of in-service party members (双报到), service posts (认领), volunteer service and its figures."""

urlpatterns: list = []
