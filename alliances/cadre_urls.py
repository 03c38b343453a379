"""Pages of the cadres sunk to communities and checkpoints (机关党员干部下沉) and the report by employer unit."""

urlpatterns: list = []
