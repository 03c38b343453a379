"""Pages of residents' problems (群众诉求): the queues, recording, the problem page and its steps."""

from django.urls import path

from . import views

urlpatterns = [
    path("problems/", views.ProblemListView.as_view(), name="problem_list"),
    path("problems/new/", views.ProblemCreateView.as_view(), name="problem_create"),
    path("problems/photos/<int:pk>/", views.ProblemPhotoView.as_view(), name="problem_photo"),
    path("problems/<int:pk>/", views.ProblemDetailView.as_view(), name="problem_detail"),
    path("problems/<int:pk>/<slug:step>/", views.ProblemStepView.as_view(), name="problem_step"),
]
