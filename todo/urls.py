from django.urls import path

from todo import views

app_name = "todo"

urlpatterns = [
    path("", views.TodoView.as_view(), name="todo"),
]
