"""Pages of incoming documents (văn bản đến)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
